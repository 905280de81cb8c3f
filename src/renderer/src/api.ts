/**
 * The renderer's only way to the register: `window.counter`, with envelopes unwrapped. A failed call throws a
 * CounterError whose message is written for the cashier, so screens can show it as it is.
 */
import type { Channel, EventName, Events, Input, Output } from '../../shared/contract.ts';
import { CounterError } from '../../shared/errors.ts';

type InputArgs<C extends Channel> = undefined extends Input<C> ? [input?: Input<C>] : [input: Input<C>];

function bridge() {
  if (!window.counter) {
    throw new CounterError('INTERNAL', 'The screen is not connected to the register. Restart Counter.');
  }
  return window.counter;
}

export async function invoke<C extends Channel>(channel: C, ...input: InputArgs<C>): Promise<Output<C>> {
  let envelope;
  try {
    envelope = await bridge().invoke(channel, ...input);
  } catch (error) {
    if (error instanceof CounterError) throw error;
    throw new CounterError(
      'INTERNAL',
      'The register did not answer. Try again; if it keeps failing, restart Counter.',
    );
  }
  if (envelope.ok) return envelope.value;
  throw CounterError.from(envelope.error);
}

/** Subscribe to an event from main; returns the unsubscribe function (handy as a useEffect cleanup). */
export function subscribe<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
  return bridge().on(name, listener);
}

/** Any thrown value as a CounterError, so every failure reaches the screen with a readable message. */
export function toCounterError(error: unknown): CounterError {
  if (error instanceof CounterError) return error;
  return new CounterError(
    'INTERNAL',
    'Something went wrong on this screen. Try again; if it keeps failing, restart Counter.',
  );
}
