/**
 * The renderer's only way to the register: `window.counter`, with envelopes unwrapped. A failed call throws a
 * CounterError whose message is written for the cashier, so screens can show it as it is.
 *
 * Manager approval lives here too, once for every call: when main refuses a call with APPROVAL_REQUIRED, the
 * approval dialog (registered with `setApprover`) asks for another person's PIN and the same call is repeated
 * with `approval: { pin }`. The caller just sees the call succeed, or fail with ApprovalCancelled.
 */
import type { Channel, EventName, Events, Input, Output } from '../../shared/contract.ts';
import { CounterError, type ErrorCode } from '../../shared/errors.ts';
import { permissionActions, type Approval, type PermissionAction } from '../../shared/permissions.ts';

type InputArgs<C extends Channel> = undefined extends Input<C> ? [input?: Input<C>] : [input: Input<C>];

function bridge() {
  if (!window.counter) {
    throw new CounterError('INTERNAL', 'The screen is not connected to the register. Restart Counter.');
  }
  return window.counter;
}

async function call<C extends Channel>(channel: C, input: Input<C> | undefined): Promise<Output<C>> {
  let envelope;
  try {
    envelope = await bridge().invoke(channel, ...([input] as InputArgs<C>));
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

export async function invoke<C extends Channel>(channel: C, ...input: InputArgs<C>): Promise<Output<C>> {
  const [given] = input;
  try {
    return await call(channel, given);
  } catch (error) {
    if (!(error instanceof CounterError) || error.code !== 'APPROVAL_REQUIRED' || !approver) throw error;
    // The same call again, now carrying the approver's PIN.
    return askForApproval(error, (approval) => call(channel, { ...given, approval } as Input<C>));
  }
}

/** Subscribe to an event from main; returns the unsubscribe function (handy as a useEffect cleanup). */
export function subscribe<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
  return bridge().on(name, listener);
}

/**
 * Hands a call's answer to `onValue`, or its failure to `onError`, unless the returned function was called
 * first. Returned from an effect (as `subscribe` is), it drops an answer that arrives after the screen moved on.
 */
export function whenAnswered<T>(
  call: Promise<T>,
  onValue: (value: T) => void,
  onError: (error: unknown) => void,
): () => void {
  let wanted = true;
  call.then(
    (value) => {
      if (wanted) onValue(value);
    },
    (error: unknown) => {
      if (wanted) onError(error);
    },
  );
  return () => {
    wanted = false;
  };
}

/** Any thrown value as a CounterError, so every failure reaches the screen with a readable message. */
export function toCounterError(error: unknown): CounterError {
  if (error instanceof CounterError) return error;
  return new CounterError(
    'INTERNAL',
    'Something went wrong on this screen. Try again; if it keeps failing, restart Counter.',
  );
}

// ---- Manager approval ----

/** The person at the register cancelled an approval: nothing happened, so there is nothing to report. */
export class ApprovalCancelled extends Error {
  constructor() {
    super('Approval cancelled');
    this.name = 'ApprovalCancelled';
  }
}

export const isApprovalCancelled = (error: unknown): error is ApprovalCancelled =>
  error instanceof ApprovalCancelled;

/** What the approval dialog shows and does for one refused call. */
export interface ApprovalRequest {
  /** The permission asked for; null if main named one this screen does not know. */
  action: PermissionAction | null;
  /** Main's own words for what needs approving. */
  message: string;
  /**
   * Repeats the call with this PIN. Resolves to null when the dialog is done (the call went through, or failed
   * for a reason the screen behind it reports), or to a message for the dialog to show and ask again
   * (a wrong PIN, a lockout, an approver without the permission).
   */
  approve: (pin: string) => Promise<string | null>;
  cancel: () => void;
}

/** Failures the approver can fix in the dialog, by typing another PIN (or waiting out a lockout). */
const askAgainOn = new Set<ErrorCode>(['WRONG_PIN', 'LOCKED_OUT', 'APPROVAL_REQUIRED', 'FORBIDDEN']);

let approver: ((request: ApprovalRequest) => void) | null = null;

/** The approval dialog registers itself; returns the function that unregisters it. */
export function setApprover(show: (request: ApprovalRequest) => void): () => void {
  approver = show;
  return () => {
    if (approver === show) approver = null;
  };
}

function askForApproval<T>(refusal: CounterError, retry: (approval: Approval) => Promise<T>): Promise<T> {
  const named = refusal.details?.[0];
  const action = permissionActions.find((known) => known === named) ?? null;
  return new Promise<T>((resolve, reject) => {
    approver?.({
      action,
      message: refusal.message,
      async approve(pin) {
        try {
          resolve(await retry({ pin }));
          return null;
        } catch (error) {
          if (error instanceof CounterError && askAgainOn.has(error.code)) return error.message;
          reject(error);
          return null;
        }
      },
      cancel: () => reject(new ApprovalCancelled()),
    });
  });
}
