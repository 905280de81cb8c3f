/**
 * Typed errors that cross every boundary (IPC, socket, HTTP). The message is written for the person at the
 * register: what went wrong and what to do about it.
 */
export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_BARCODE',
  'INVALID_BARCODE',
  'INACTIVE_PRODUCT',
  /** A product sold by kg was added without a weight: ask for the weight, then sale.addProduct with grams. */
  'WEIGHT_REQUIRED',
  'NOT_FOUND',
  'EMPTY_SALE',
  'UNDERPAID',
  'OVERPAID_CARD',
  'IMPORT_FAILED',
  'DATABASE_TOO_NEW',
  'FORBIDDEN',
  /** A printer, drawer or scanner could not be reached; the message names it and says what to check. */
  'DEVICE_UNAVAILABLE',
  /** Enrolment could not reach head office at the address given; the message names it and says what to check. */
  'HEAD_OFFICE_UNREACHABLE',
  /** Head office: the request clashes with what exists (a taken id, a used pairing code). */
  'CONFLICT',
  /** Head office: its database is unreachable for now; try again shortly. */
  'UNAVAILABLE',
  /** The current user lacks a permission: details[0] is the PermissionAction; repeat the call with `approval`. */
  'APPROVAL_REQUIRED',
  /** The shift's count is beyond the store's over/short limit: count the drawer again and close with the new count. */
  'RECOUNT_REQUIRED',
  /** The recount is still beyond the limit: close again with a reason (then a manager approves). */
  'REASON_REQUIRED',
  /** A login or approval PIN did not match. */
  'WRONG_PIN',
  /** Too many wrong PINs: the message says when to try again. */
  'LOCKED_OUT',
  /** Nobody is logged in at this register (or it is locked). */
  'NOT_LOGGED_IN',
  /** The action needs an open shift: open one with a counted float first. */
  'NO_OPEN_SHIFT',
  /** The action cannot happen in the current state (e.g. closing a shift with a parked sale). */
  'NOT_ALLOWED',
  /** Head office: the signed-in user's role or the API token's scopes do not allow this (or not for that store). */
  'PERMISSION_DENIED',
  /** Head office: a change from a signed-in session without its x-csrf-token (GET /api/session gives it). */
  'CSRF_MISMATCH',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface CounterErrorData {
  code: ErrorCode;
  message: string;
  /** Field-level problems, e.g. from schema validation or a CSV row. */
  details?: string[];
}

export class CounterError extends Error {
  readonly code: ErrorCode;
  readonly details: string[] | undefined;

  constructor(code: ErrorCode, message: string, details?: string[]) {
    super(message);
    this.name = 'CounterError';
    this.code = code;
    this.details = details;
  }

  toJSON(): CounterErrorData {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }

  static from(data: CounterErrorData): CounterError {
    return new CounterError(data.code, data.message, data.details);
  }
}

export function isCounterError(value: unknown): value is CounterError {
  return value instanceof CounterError;
}

/** What crosses IPC: never a thrown Error (Electron flattens those to a string), always an envelope. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: CounterErrorData };
