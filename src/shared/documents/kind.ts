/**
 * What a document kind declares, once (docs/architecture.md, "Adding a document kind"). A document is one
 * business action at a register (a sale, a return, a Z report…) that travels to head office as one outbox event
 * of the kind's type, exactly once.
 *
 * Wire compatibility: registers in the field keep sending the versions they were built with, and head office is
 * updated first. So a kind's `current` version is what registers write now, and `older` lists every earlier
 * version head office still applies, each as a schema that reads such a payload as the current one (a zod
 * transform). An event of a version older than all of them gets 'upgrade_required' (nothing is lost: the
 * register keeps it); one newer than `current` is kept as 'unsupported_event' until head office is updated.
 */
import type { z } from 'zod';

/** Every payload names the store it happened in; head office checks it against the register's own. */
export interface StorePayload {
  storeId: string;
}

export interface DocumentKind<T extends string = string, P extends StorePayload = StorePayload> {
  /** The event type on the wire: never renamed once registers send it. */
  readonly type: T;
  /** What a person calls one ("Sale"), on the register's sync screen. */
  readonly label: string;
  /** The schema version registers write now. */
  readonly current: number;
  /** The payload schema of the current version. */
  readonly schema: z.ZodType<P>;
  /** Earlier versions head office still applies: per version, a schema that reads it as the current one. */
  readonly older: Readonly<Record<number, z.ZodType<P>>>;
}

/**
 * Declares a kind: a new one is at version 1 with no older versions. Keeps the type as a literal, so the
 * registry can type payloads by it.
 */
export function documentKind<const T extends string, P extends StorePayload>(
  kind: Omit<DocumentKind<T, P>, 'current' | 'older'> &
    Partial<Pick<DocumentKind<T, P>, 'current' | 'older'>>,
): DocumentKind<T, P> {
  return { current: 1, older: {}, ...kind };
}

/** The oldest version head office applies: anything older is refused with 'upgrade_required'. */
export function oldestVersion(kind: DocumentKind): number {
  return Math.min(kind.current, ...Object.keys(kind.older).map(Number));
}

/** The schema that reads a payload of `version` as the current one; undefined for a version not applied. */
export function schemaOf<P extends StorePayload>(
  kind: DocumentKind<string, P>,
  version: number,
): z.ZodType<P> | undefined {
  return version === kind.current ? kind.schema : kind.older[version];
}
