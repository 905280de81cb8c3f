/** What every route module of the HTTP side is given: the Fastify instance (zod schemas) and head office. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ChannelService } from '../channels/service.ts';
import type { HeadOffice } from '../context.ts';

/** Fastify with request and answer types taken from the zod schemas of src/shared/sync/admin-api.ts. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ApiDeps {
  ho: HeadOffice;
  /** The legacy admin token's secret (HEADOFFICE_ADMIN_TOKEN): owner rights until an owner revokes it. */
  adminToken: string;
  /** scrypt's cost for passwords (people/secrets.ts). */
  passwordHashCost: number;
  /** Take the client's address and protocol from X-Forwarded-For and X-Forwarded-Proto (behind a proxy). */
  trustProxy: boolean;
  /** The built back office (out/backoffice) to serve at `/`; null when it is not built. */
  backOfficeDir: string | null;
  /** Drops a register's open connections (after a revoke or re-pair). */
  disconnectRegister: (registerId: string) => void;
  log: (line: string) => void;
  /** Web-shop channels: connections to the shops and their secrets' key. */
  channels: ChannelService;
}
