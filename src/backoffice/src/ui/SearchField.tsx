/**
 * A search box that keeps its text in the address under `param` (so the page's list reads it there), and puts it
 * there once the person stops typing (a quarter of a second): head office is asked then, not at every key.
 */
import { useEffect, useState } from 'react';
import { TextField } from './Field.tsx';
import { useUrlState } from './useUrlState.ts';

const PAUSE_MS = 250;

export function SearchField({
  param,
  label,
  placeholder,
  testId,
}: {
  param: string;
  label: string;
  placeholder?: string;
  testId?: string;
}) {
  const [url, setUrl] = useUrlState([param]);
  const value = url[param] ?? '';
  const [text, setText] = useState(value);
  // The address changed under us (Back, a link): show what it says.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => setUrl({ [param]: text }), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, value, setUrl, param]);
  return (
    <TextField
      label={label}
      type="search"
      value={text}
      placeholder={placeholder}
      onChange={(event) => setText(event.target.value)}
      data-testid={testId}
    />
  );
}
