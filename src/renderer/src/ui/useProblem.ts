import { useCallback, useState } from 'react';
import { isCounterError } from '../../../shared/errors.ts';
import { isApprovalCancelled, toCounterError } from '../api.ts';
import { beep } from './feedback.ts';

/** What went wrong, as the banner shows it. The id changes with every report so the flash replays. */
export interface Problem {
  id: number;
  message: string;
  details: string[];
}

let lastProblemId = 0;

/**
 * One problem on screen at a time: reporting beeps and replaces it; it stays until dismissed. A cancelled
 * approval is not a problem and is not shown.
 */
export function useProblem() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const report = useCallback((error: unknown) => {
    // Cancelling an approval changed nothing: no message, no beep.
    if (isApprovalCancelled(error)) return;
    // Expected failures are CounterErrors; anything else is a bug worth seeing in the developer console.
    if (!isCounterError(error)) console.error(error);
    const { message, details } = toCounterError(error);
    lastProblemId += 1;
    setProblem({ id: lastProblemId, message, details: details ?? [] });
    beep();
  }, []);
  const dismiss = useCallback(() => setProblem(null), []);
  return { problem, report, dismiss };
}
