/**
 * Who may call which route. Every route declares its access in its config, and head office refuses to start
 * with a route that does not:
 * - `open`: no credential (health, enrolment, signing in, the one-time password links);
 * - `signedIn`: any signed-in person, whatever their role (their own session and password);
 * - `needs(permission, store)`: a permission of the roles table (src/shared/backoffice/roles.ts), held by the
 *   signed-in user's role or the API token's scopes, and how the route's data belongs to a store, for callers
 *   limited to some stores (store managers, tokens with a store limit):
 *   - 'none': the data belongs to no store (the catalog, users): the permission is enough;
 *   - 'path': the store in the path (`:storeId`);
 *   - 'list': a list across stores; the handler narrows it with visibleStores() in the query;
 *   - a lookup: the store of the thing the path names (a register, an exception).
 *
 * The one preHandler, authorize(), checks the permission and the store, after the request was validated
 * (so a lookup only ever sees a well-formed id); auth.ts has already said who is asking.
 */
import type { FastifyRequest, onRouteHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import type { Permission } from '../../shared/backoffice/roles.ts';
import { CounterError } from '../../shared/errors.ts';
import type { HeadOffice } from '../context.ts';
import { storeIdOf, type StoreRowTable } from '../find.ts';
import type { Actor, Principal } from '../people/principal.ts';

export type StoreScope =
  | 'none'
  | 'path'
  | 'list'
  /** The store of what the (validated) path names. */
  | ((ho: HeadOffice, params: Record<string, unknown>) => Promise<string>);

/** A lookup: the store of the row of `table` whose id is the path's `param`. */
export const storeOfRow =
  (table: StoreRowTable, param: string): StoreScope =>
  (ho, params) =>
    storeIdOf(ho.db, table, params[param] as string | number);

export type RouteAccess = 'public' | 'session' | { permission: Permission; store: StoreScope };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who is asking (auth.ts); null on an open route. */
    principal: Principal | null;
    /** Who the audit names for a change: the principal, or who an open route acted for (a new register). */
    actor: Actor | null;
    /** What a change was made on, when the path does not say (a new user's id, say): "userId=…". */
    auditTarget: string | null;
  }
}

export const open = { access: 'public' } as const;
export const signedIn = { access: 'session' } as const;

export function needs(permission: Permission, store: StoreScope): { access: RouteAccess } {
  return { access: { permission, store } };
}

/** An onRoute hook: a route without a declared access stops head office at start. */
export const requireDeclaredAccess: onRouteHookHandler = (route) => {
  if (route.config?.access === undefined) {
    throw new Error(
      `${String(route.method)} ${route.url} declares no access: give it config: open, signedIn or needs(permission, store) (http/access.ts).`,
    );
  }
};

/** The preHandler: the caller's permissions and stores against the route's declaration. */
export function authorize(ho: HeadOffice): preHandlerAsyncHookHandler {
  return async (request) => {
    const access = request.routeOptions.config.access;
    const principal = request.principal;
    if (access === undefined || access === 'public' || principal === null) return;
    if (access === 'session') {
      if (principal.session === null)
        throw new CounterError(
          'FORBIDDEN',
          'This is for a person signed in to the back office, not an API token.',
        );
      return;
    }
    if (!principal.permissions.has(access.permission)) {
      throw new CounterError(
        'PERMISSION_DENIED',
        `This needs the permission "${access.permission}", which ${principal.holder} does not have: ask an owner if you need it.`,
      );
    }
    if (principal.storeIds === null || access.store === 'none' || access.store === 'list') return;
    const params = request.params as Record<string, unknown>;
    const storeId = access.store === 'path' ? String(params.storeId) : await access.store(ho, params);
    if (!principal.storeIds.includes(storeId)) throw storeRefused(principal, storeId);
  };
}

/**
 * The stores a list across stores may show: the one asked for, or every store the caller may see (null: every
 * store there is). Asking for a store the caller may not see is refused, not answered with an empty list.
 */
export function visibleStores(request: FastifyRequest, asked: string | undefined): string[] | null {
  const allowed = request.principal?.storeIds ?? null;
  if (asked !== undefined && allowed !== null && !allowed.includes(asked))
    throw storeRefused(request.principal!, asked);
  if (asked !== undefined) return [asked];
  return allowed === null ? null : [...allowed];
}

function storeRefused(principal: Principal, storeId: string): CounterError {
  const stores = principal.storeIds!.map((id) => `"${id}"`).join(', ');
  const who = principal.user ? 'you' : principal.holder;
  return new CounterError(
    'PERMISSION_DENIED',
    `Store "${storeId}" is not one of the stores ${who} may see or change (${stores}): ask an owner if you need it.`,
  );
}
