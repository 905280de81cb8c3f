/** The admin bearer token: every admin route needs `Authorization: Bearer <HEADOFFICE_ADMIN_TOKEN>`. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';
import { CounterError } from '../../shared/errors.ts';

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** An onRequest hook: runs before the body is read, so a request without the token gets 401 and nothing else. */
export function requireAdminToken(adminToken: string): onRequestHookHandler {
  const expected = sha256(adminToken);
  return (request, _reply, done) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    // Hashes of equal length, so the comparison takes as long whatever was sent.
    if (token === undefined || !timingSafeEqual(sha256(token), expected)) {
      done(
        new CounterError(
          'FORBIDDEN',
          'Send the admin token as "Authorization: Bearer <token>" (HEADOFFICE_ADMIN_TOKEN).',
        ),
      );
      return;
    }
    done();
  };
}
