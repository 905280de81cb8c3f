/**
 * POST /api/enroll, the route a register calls: open (no token, nobody signed in), as a pairing code is the
 * credential. The audit names the register it made or re-paired. An address that sends wrong codes is slowed down: after ENROLMENT_FAILURES_PER_MINUTE
 * refused codes it gets 429 until the minute is over. Successful enrolments never count, so a shop setting up
 * thirty tills at once is not held up.
 */
import { CounterError } from '../../shared/errors.ts';
import { enrollBodySchema } from '../../shared/sync/admin-api.ts';
import { enrollResponseSchema } from '../../shared/sync/protocol.ts';
import { enroll } from '../registers.ts';
import { open } from './access.ts';
import { errorResponses } from './errors.ts';
import { failureLimit } from './failures.ts';
import type { Api, ApiDeps } from './types.ts';

export const ENROLMENT_FAILURES_PER_MINUTE = 10;

export function enrolmentRoutes(api: Api, { ho, disconnectRegister }: ApiDeps): void {
  const failures = failureLimit(
    api,
    ENROLMENT_FAILURES_PER_MINUTE,
    'Too many wrong pairing codes from this address',
  );
  api.post(
    '/api/enroll',
    {
      config: open,
      // A pairing code and a name: anyone may send this route a body, so it is kept small.
      bodyLimit: 16 * 1024,
      schema: {
        summary: 'Enrol a register with a one-time pairing code, or re-pair an enrolled one',
        description:
          "A register's numbering is for life, so an enrolled register never enrols as a new one: it sends its " +
          "own registerId with a re-pair code for that register and keeps its id, store and head office's " +
          'cursor, with a new token. A code for a new register sent with a registerId, or a re-pair code without ' +
          `the id it names, is refused (409) and stays unused. After ${ENROLMENT_FAILURES_PER_MINUTE} refused ` +
          'codes in a minute from one address, the rest of that minute answers 429 (Retry-After).',
        tags: ['Registers'],
        body: enrollBodySchema,
        response: {
          201: enrollResponseSchema.describe(
            "The register's device token, bound to the code's store; shown once",
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      await failures.refuseIfTooMany(request, reply);
      let enrolled;
      try {
        enrolled = await enroll(ho, request.body);
      } catch (error) {
        if (error instanceof CounterError && (error.code === 'NOT_FOUND' || error.code === 'CONFLICT'))
          await failures.count(request);
        throw error;
      }
      // After a re-pair, connections still using the register's old token go (a no-op for a new register).
      disconnectRegister(enrolled.registerId);
      request.actor = {
        id: `register:${enrolled.registerId}`,
        name: `register "${request.body.registerName}"`,
      };
      request.auditTarget = `registerId=${enrolled.registerId}`;
      return reply.code(201).send(enrolled);
    },
  );
}
