/**
 * A change a person asks for (a form sent, a button pressed): TanStack Query's mutation, with the failure kept
 * for the form to show (head office's message, and its details per field).
 */
import { useMutation } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';

export function useAction<Input, Result>(
  run: (input: Input) => Promise<Result>,
  done?: (result: Result) => unknown,
) {
  const mutation = useMutation({ mutationFn: run, onSuccess: done });
  return {
    /** Starts it; the outcome shows through `pending`, `error` and `done`. */
    start: (input: Input) => mutation.mutate(input),
    pending: mutation.isPending,
    error: mutation.error,
    /** Head office's words about each wrong field ("price: at most …"). */
    details: mutation.error instanceof ApiError ? mutation.error.details : undefined,
    reset: mutation.reset,
  };
}
