import { useCallback, useState } from 'react';
import { isApprovalCancelled, toCounterError } from '../api.ts';
import { beep } from './feedback.ts';

/**
 * A message shown inside a form or dialog (rather than in the checkout's banner): `fail` shows what went wrong
 * and beeps; a cancelled approval changed nothing and shows nothing. `attempt` starts the form's action (from a
 * click or key; nobody waits for it), `busy` meanwhile, and shows its failure; `clearing(set)` is a field's
 * setter that takes the last failure away as the person types again.
 */
export function useFailure() {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = useCallback((error: unknown) => {
    if (isApprovalCancelled(error)) return;
    setMessage(toCounterError(error).message);
    beep();
  }, []);
  const clear = useCallback(() => setMessage(null), []);

  function attempt(action: () => Promise<void>) {
    setBusy(true);
    clear();
    // Called inside the promise, so what the action throws before it waits (a typed amount that is not one)
    // shows like any other failure.
    new Promise<void>((resolve) => resolve(action())).catch(fail).finally(() => setBusy(false));
  }

  const clearing =
    <T>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      clear();
    };

  return { message, busy, fail, clear, attempt, clearing };
}
