/**
 * Who is signed in: GET /api/session, kept by TanStack Query under one key. null: nobody (head office answered
 * 401). Signing in and out, and any answer that says the session has ended, set it here, so every page follows.
 */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { SessionView } from '../../../shared/backoffice/people-api.ts';
import type { Permission } from '../../../shared/backoffice/roles.ts';
import { api } from '../api/api.ts';
import { ApiError, setCsrfToken } from '../api/client.ts';

export const sessionKey = ['session'] as const;

async function currentSession(): Promise<SessionView | null> {
  try {
    const session = await api.session();
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The session, undefined while it is being asked for. */
export function useSessionQuery() {
  return useQuery({ queryKey: sessionKey, queryFn: currentSession, staleTime: 60_000 });
}

/** Whether the person signed in may do `permission`; only on pages shown once someone is signed in. */
export function useMay(permission: Permission): boolean {
  return useSessionQuery().data!.user.permissions.includes(permission);
}

/** Signed in (or out): every page's data is from before, so it all goes. */
export function sessionChanged(client: QueryClient, session: SessionView | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
  client.setQueryData(sessionKey, session);
}
