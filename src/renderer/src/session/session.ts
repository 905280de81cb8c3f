/**
 * Who is at the register and what the register shows, for every screen behind the login: the header shows the
 * user, and any screen can lock, switch user, switch between sale and returns, or open a register panel.
 */
import { createContext, useContext } from 'react';
import type { Customer } from '../../../shared/customers.ts';
import type { UserSummary } from '../../../shared/domain.ts';

export type Mode = 'sale' | 'returns';

/** The register panels above the sale or returns screen. */
export type Panel =
  | 'none'
  | 'shift'
  | 'receipts'
  | 'devices'
  | 'sync'
  | 'stock'
  | 'counts'
  | 'receiving'
  | 'transfers'
  | 'lowStock'
  | 'purchaseOrder';

export interface Session {
  user: UserSummary;
  mode: Mode;
  setMode: (mode: Mode) => void;
  openPanel: (panel: Panel) => void;
  /** Switches to Returns with this receipt looked up (for this customer, when one brought it back). */
  startReturn: (receiptNumber: string, customer?: Customer) => void;
  /** The receipt handed to Returns by startReturn; a new object each time, so the same one can be handed twice. */
  pendingReturn: { receiptNumber: string; customer: Customer | null } | null;
  lock: () => void;
  switchUser: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside <SessionContext>');
  return session;
}
