/**
 * The permission hook for actions that need one. The app passes people.authorize (the check against the
 * logged-in user, with the audit entry); it throws a CounterError to refuse, e.g. APPROVAL_REQUIRED until a
 * manager's PIN comes with the call.
 */
import type { Approval } from '../../shared/permissions.ts';

export type Permission = 'drawer.noSale' | 'settings.edit' | 'devices.pairPhone';

/** `details` goes into the audit entry: what was done. */
export type Authorize = (
  permission: Permission,
  approval: Approval | undefined,
  details: Record<string, unknown>,
) => void;

export const allowEverything: Authorize = () => undefined;
