import { useCallback, useMemo, useState } from 'react';

/**
 * The quantity fields of a list holding text that is no quantity (emptied, or a typo), each with what is wrong:
 * they keep the text as typed, and sending the list is refused with the first one's message instead of sending
 * an old figure.
 */
export function useUnreadable() {
  const [fields, setFields] = useState<ReadonlyMap<string, string>>(new Map());
  /** `message` null: the field reads fine (or is gone). */
  const flag = useCallback((field: string, message: string | null) => {
    setFields((current) => {
      if (current.get(field) === (message ?? undefined)) return current;
      const next = new Map(current);
      if (message === null) next.delete(field);
      else next.set(field, message);
      return next;
    });
  }, []);
  const first = useMemo(() => fields.values().next().value ?? null, [fields]);
  return { flag, first };
}
