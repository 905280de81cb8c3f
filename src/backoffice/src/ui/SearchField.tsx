/**
 * A search box that asks head office once the person stops typing (a quarter of a second), not at every key.
 */
import { useEffect, useState } from 'react';
import { TextField } from './Field.tsx';

const PAUSE_MS = 250;

export function SearchField({
  label,
  value,
  onSearch,
  placeholder,
  testId,
}: {
  label: string;
  value: string;
  onSearch: (text: string) => void;
  placeholder?: string;
  testId?: string;
}) {
  const [text, setText] = useState(value);
  // The address changed under us (Back, a link): show what it says.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onSearch(text), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);
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
