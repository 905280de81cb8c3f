import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { EventName, Events } from '../../../shared/contract.ts';
import { subscribe, toCounterError, whenAnswered } from '../api.ts';

export interface Loaded<T> {
  value: T | null;
  /** Why loading failed, in words; null while loading or once loaded. */
  failure: string | null;
  /** Loads again, e.g. after a failure. */
  reload: () => void;
  /** Takes a fresh value from a call's answer. */
  set: (value: T) => void;
}

/**
 * State that lives in main and that main announces whenever it changes (auth, shift): loaded once, then
 * replaced by every `event` and by the answers to the screen's own calls.
 */
export function useLoaded<E extends EventName>(load: () => Promise<Events[E]>, event: E): Loaded<Events[E]> {
  const [value, setValue] = useState<Events[E] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const loadNow = useEffectEvent(load);

  useEffect(
    () =>
      whenAnswered(
        loadNow(),
        (loaded) => {
          setValue(loaded);
          setFailure(null);
        },
        (error) => setFailure(toCounterError(error).message),
      ),
    [attempt],
  );

  useEffect(() => subscribe(event, setValue), [event]);

  const reload = useCallback(() => setAttempt((count) => count + 1), []);
  return { value, failure, reload, set: setValue };
}
