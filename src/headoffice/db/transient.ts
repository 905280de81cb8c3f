/**
 * Database failures that go away by themselves (the database restarting or unreachable, a busy SQLite file, a
 * PostgreSQL serialisation failure or deadlock). Registers are told to retry; anything else is a real error.
 */
const transientCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

const transientMessages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
];

export function isTransientDbError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (transientCodes.has(code) || code.startsWith('08') || /^SQLITE_(BUSY|LOCKED)/.test(code))
  ) {
    return true;
  }
  if (transientMessages.some((pattern) => pattern.test(error.message))) return true;
  if (error instanceof AggregateError) return error.errors.some(isTransientDbError);
  return isTransientDbError(error.cause);
}

/** How long a register should wait before resending after a transient failure. */
export const RETRY_AFTER_MS = 2_000;
