/**
 * Slowing down an address that keeps getting a credential wrong (pairing codes, passwords): after `perMinute`
 * refusals within a minute, the rest of that minute answers 429 with Retry-After, before the credential is even
 * tried. Only failures count, so a shop setting up thirty tills or a team signing in at nine is never held up.
 * Kept per head-office node, in memory.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CounterError } from '../../shared/errors.ts';
import type { Api } from './types.ts';

export interface FailureLimit {
  /** Refuses with LOCKED_OUT (429) while the address has used up its failures. */
  refuseIfTooMany(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts one failure of the address. */
  count(request: FastifyRequest): Promise<void>;
}

export function failureLimit(api: Api, perMinute: number, tooMany: string): FailureLimit {
  const failures = api.createRateLimit({ max: perMinute, timeWindow: 60_000 });
  return {
    async refuseIfTooMany(request, reply) {
      const failed = await failures(request, { increment: false });
      if (!failed.isAllowed && failed.remaining === 0) {
        reply.header('Retry-After', String(failed.ttlInSeconds));
        throw new CounterError('LOCKED_OUT', `${tooMany}: try again in ${failed.ttlInSeconds} seconds.`);
      }
    },
    async count(request) {
      await failures(request);
    },
  };
}
