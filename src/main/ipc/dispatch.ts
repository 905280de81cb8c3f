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
    // A schema's own message ("Quantity must be at least 1") wins; zod's words are replaced by shopWords.
    const parsed = inputs[channel as Channel].safeParse(payload, { error: shopWords });
    if (!parsed.success) {
      const problems = [...new Set(parsed.error.issues.map((issue) => sentence(issue.message)))];
      const [only] = problems;
      return failure(
        problems.length === 1 && only
          ? new CounterError('INVALID_INPUT', only)
          : new CounterError('INVALID_INPUT', 'Some of what was entered is not right:', problems),
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

/**
 * What is wrong with a field, for the person at the register, in place of zod's words ("Invalid input:
 * expected number, received NaN"). Refusals that no screen of Counter can cause (an unknown field, a wrong kind
 * of value where the screen always sends the right one) say to restart Counter.
 */
function shopWords(issue: z.core.$ZodRawIssue): string {
  const words = fieldWords(issue.path ?? []);
  const field = `The ${words}`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${field} is missing`;
      if (issue.expected === 'number' || issue.expected === 'int') return `${field} is not a number`;
      break;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return `${field} is empty`;
      if (issue.origin === 'number') {
        return `${field} must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
      }
      break;
    case 'too_big':
      if (issue.origin === 'string')
        return `${field} is too long: at most ${String(issue.maximum)} characters`;
      if (issue.origin === 'number') {
        return `${field} must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
      }
      break;
    case 'invalid_value':
      if (issue.values.length > 1) return `${field} must be one of: ${issue.values.map(String).join(', ')}`;
      break;
    case 'invalid_format':
      return `${field} is not written the way it should be`;
  }
  const what = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : words;
  return `The screen sent something the register does not take (${what}): restart Counter, and if it happens again, call support`;
}

/** "amount" for ["amountMinor"], "unit price" for ["lines", 0, "unitPriceMinor"]. */
function fieldWords(path: readonly PropertyKey[]): string {
  const name = path.filter((key): key is string => typeof key === 'string').at(-1);
  if (!name) return 'input';
  return name
    .replace(/(Minor|Id)$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

const sentence = (text: string): string => (/[.!?:]$/.test(text) ? text : `${text}.`);

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
