import { useState } from 'react';

/**
 * A form's text fields as typed: `field(key)` gives an input its value and change handler, `reset` empties the
 * form to where it began.
 */
export function useFields<Fields extends Record<string, string>>(initial: Fields) {
  const [fields, setFields] = useState(initial);
  return {
    fields,
    field: (key: keyof Fields) => ({
      value: fields[key],
      onChange: (event: { target: { value: string } }) =>
        setFields((before) => ({ ...before, [key]: event.target.value })),
    }),
    reset: () => setFields(initial),
  };
}
