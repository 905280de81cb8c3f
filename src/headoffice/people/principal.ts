/** Who is asking: a signed-in user or an API token, what they may do, and how the audit names them. */
import type { Permission } from '../../shared/backoffice/roles.ts';
import type { User } from '../db/schema.ts';

/** How the audit names whoever made a change. */
export interface Actor {
  /** user:<id>, token:<id>, register:<id> or system. */
  id: string;
  /** Who that is, in words, as of now: "Ana Byrne <ana@example.com>", 'API token "nightly export"'. */
  name: string;
}

/** A change made from head office's terminal (`npm run headoffice -- create-owner`). */
export const systemActor: Actor = { id: 'system', name: 'head office terminal' };

export interface Principal {
  actor: Actor;
  /** Said when a request is refused: 'your role "buyer"', 'the API token "nightly export"'. */
  holder: string;
  permissions: ReadonlySet<Permission>;
  /** The stores whose data it may see and change; null: every store. */
  storeIds: readonly string[] | null;
  /** The signed-in user; null for an API token. */
  user: User | null;
  /** Signed in through the back office (a cookie): a change needs the session's CSRF token. */
  session: { id: string; csrfToken: string } | null;
}
