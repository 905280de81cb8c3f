import { z } from 'zod';
import { inputs, type Channel, type Handlers } from '../../shared/contract.ts';
import { CounterError, type Envelope } from '../../shared/errors.ts';

export type Dispatch = (channel: string, payload: unknown) => Promise<Envelope<unknown>>;

/**
 * Validates a payload against the contract, calls the one handler for the channel and wraps the outcome in an
 * envelope. Used by Electron's ipcMain (register.ts) and by the end-to-end test bridge alike.
 */
export function createDispatch(handlers: Handlers, log: (message: string, error: unknown) => void): Dispatch {
  return async (channel, payload) => {
    if (!Object.hasOwn(inputs, channel)) {
      return failure(new CounterError('INVALID_INPUT', `Unknown call "${channel}".`));
    }
    const parsed = inputs[channel as Channel].safeParse(payload);
    if (!parsed.success) {
      const details = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`,
      );
      return failure(
        new CounterError('INVALID_INPUT', `Rejected ${channel}: ${details.join('; ')}`, details),
      );
    }
    try {
      const handler = handlers[channel as Channel] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof CounterError) return failure(error);
      log(`Unexpected failure in ${channel}`, error);
      return failure(
        new CounterError(
          'INTERNAL',
          'Something went wrong inside the register. Nothing was saved; try again, and if it repeats, restart Counter.',
        ),
      );
    }
  };
}

function failure(error: CounterError): Envelope<never> {
  return { ok: false, error: error.toJSON() };
}

/** For tests and tools that want to check an output against a shape. */
export const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), details: z.array(z.string()).optional() }),
  }),
]);
