import { z } from 'zod';

/**
 * Actions that need a permission. When the logged-in user's role lacks one, main throws
 * CounterError('APPROVAL_REQUIRED', message, [action]) and the screen repeats the same call with `approval`.
 */
export const permissionActions = [
  'price.override',
  'discount.overLimit',
  'line.void',
  'sale.cancel',
  'sale.postVoid',
  'return.noReceipt',
  'return.cashOverPaid',
  'drawer.noSale',
  'cash.inOut',
  'shift.overShort',
  /** Never approved: without it the X report and the close are a blind count (what the drawer should hold is not shown). */
  'shift.seeExpected',
  'settings.edit',
  'devices.pairPhone',
  'stock.adjust',
  'stock.adjust.approve',
  'stock.count',
  'stock.count.approve',
  'stock.receive',
  /** Receiving more than an order's tolerance above what was ordered. */
  'receiving.overTolerance',
  /** Never approved: without it receiving against an order is blind (what was ordered is not shown). */
  'receiving.seeOrdered',
  /** Drafting a purchase order at the register; also who sees the low-stock list. */
  'purchase.draft',
  'transfer.send',
  'transfer.receive',
  'catalog.import',
] as const;
export type PermissionAction = (typeof permissionActions)[number];
export const permissionActionSchema = z.enum(permissionActions);

/** What the approval prompt says is being approved. */
export const permissionLabels: Record<PermissionAction, string> = {
  'price.override': 'change a price',
  'discount.overLimit': 'give a discount above your limit',
  'line.void': 'remove a scanned line',
  'sale.cancel': 'cancel the sale',
  'sale.postVoid': 'void a completed sale',
  'return.noReceipt': 'take a return without a receipt',
  'return.cashOverPaid': 'refund more cash than was paid in cash',
  'drawer.noSale': 'open the drawer without a sale',
  'cash.inOut': 'put cash into or take cash out of the drawer',
  'shift.overShort': "accept an over/short above the store's limit",
  'shift.seeExpected': 'see what the drawer should hold',
  'settings.edit': 'change settings and users',
  'devices.pairPhone': 'pair a phone as a scanner, or unpair one',
  'stock.adjust': 'adjust stock',
  'stock.adjust.approve': "adjust stock above the store's approval value",
  'stock.count': 'count stock',
  'stock.count.approve': 'approve a stock count',
  'stock.receive': 'receive goods',
  'receiving.overTolerance': 'receive more than was ordered or sent, beyond the tolerance',
  'receiving.seeOrdered': 'see what was ordered while receiving',
  'purchase.draft': 'draft a purchase order',
  'transfer.send': 'send a transfer',
  'transfer.receive': 'receive a transfer',
  'catalog.import': 'import the catalog (names, prices, barcodes)',
};

export const roles = ['cashier', 'supervisor', 'manager'] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

export interface RolePolicy {
  permissions: readonly PermissionAction[];
  /** The largest discount (line or cart, in percent of the price) this role may give without 'discount.overLimit'. */
  maxDiscountPercent: number;
}

export const defaultRolePolicies: Record<Role, RolePolicy> = {
  cashier: { permissions: [], maxDiscountPercent: 10 },
  supervisor: {
    // A price change at the register is a manager's (issue 14), as the catalog is.
    permissions: [
      'line.void',
      'sale.cancel',
      'return.noReceipt',
      'drawer.noSale',
      'cash.inOut',
      'shift.seeExpected',
      'stock.count',
      'stock.receive',
    ],
    maxDiscountPercent: 25,
  },
  manager: { permissions: permissionActions, maxDiscountPercent: 100 },
};

export function roleHasPermission(role: Role, action: PermissionAction): boolean {
  return defaultRolePolicies[role].permissions.includes(action);
}

export const pinSchema = z.string().regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits');

/** Another user's PIN, given inline when the current user lacks a permission. Works offline: users are local. */
export const approvalSchema = z.object({ pin: pinSchema });
export type Approval = z.infer<typeof approvalSchema>;
