import { CounterError } from '../../src/shared/errors.ts';

/** The CounterError a call throws, for asserting its code and message. */
export function errorOf(call: () => unknown): CounterError {
  try {
    call();
  } catch (error) {
    if (error instanceof CounterError) return error;
    throw error;
  }
  throw new Error('Expected the call to throw a CounterError');
}
