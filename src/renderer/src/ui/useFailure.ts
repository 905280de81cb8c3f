import { useCallback, useState } from 'react';
import { isApprovalCancelled, toCounterError } from '../api.ts';
import { beep } from './feedback.ts';

/**
 * A message shown inside a form or dialog (rather than in the checkout's banner): `fail` shows what went wrong
 * and beeps; a cancelled approval changed nothing and shows nothing.
 */
export function useFailure() {
  const [message, setMessage] = useState<string | null>(null);
  const fail = useCallback((error: unknown) => {
    if (isApprovalCancelled(error)) return;
    setMessage(toCounterError(error).message);
    beep();
  }, []);
  const clear = useCallback(() => setMessage(null), []);
  return { message, fail, clear };
}
