/**
 * Who may do what at head office: the roles of the people who use the back office, the permissions a route of
 * the admin API needs, and which role holds which. Head office checks every request against this one table
 * (src/headoffice/http/access.ts); the back office shows or hides its pages and buttons by it. An API token
 * holds a chosen list of these permissions instead of a role.
 *
 * A store manager is limited to their stores: the permissions below apply to those stores only (the catalog,
 * which belongs to no store, they read as everyone does).
 */
import { z } from 'zod';

export const permissions = [
  'stores.read',
  /** Create, change and delete stores, their tax settings and receipt texts. */
  'stores.write',
  'registers.read',
  /** Pairing and re-pair codes, revoke, release from quarantine. */
  'registers.write',
  'catalog.read',
  'catalog.write',
  'stock.read',
  /** Goods in, corrections and counts recorded at head office. */
  'stock.write',
  /** Stock counts: open, approve (issue 15). */
  'counts.write',
  'transfers.read',
  /** Plan a transfer between stores (issue 15). */
  'transfers.plan',
  /** Send and receive transfers (issue 15). */
  'transfers.ship',
  'purchasing.read',
  /** Suppliers, purchase orders, receipts against them (issue 17). */
  'purchasing.write',
  /** Sales and returns. */
  'sales.read',
  /** The company's customers: names, phones and emails (personal data). */
  'customers.read',
  /** Merge duplicate customers; export or erase a person's data on their request. */
  'customers.manage',
  'exceptions.read',
  'exceptions.resolve',
  /** Exports for the books (the daily journal, issue 17). */
  'exports.read',
  /** The account map the daily journal posts to. */
  'books.write',
  /** Users: invite, change role and stores, switch off, reset a password. */
  'users.manage',
  /** API tokens for scripts: create, list, revoke (the legacy admin token too). */
  'tokens.manage',
  'audit.read',
] as const;
export type Permission = (typeof permissions)[number];
export const permissionSchema = z.enum(permissions);

export const backOfficeRoles = ['owner', 'buyer', 'store_manager', 'accountant', 'viewer'] as const;
export type BackOfficeRole = (typeof backOfficeRoles)[number];
export const backOfficeRoleSchema = z.enum(backOfficeRoles);

const reading = permissions.filter((permission) => permission.endsWith('.read'));

/** The table: what each role may do. */
export const rolePermissions: Record<BackOfficeRole, readonly Permission[]> = {
  owner: permissions,
  buyer: [
    'stores.read',
    'catalog.read',
    'catalog.write',
    'purchasing.read',
    'purchasing.write',
    'stock.read',
    'transfers.read',
    'transfers.plan',
  ],
  store_manager: [
    'stores.read',
    'registers.read',
    'registers.write',
    'catalog.read',
    'purchasing.read',
    'stock.read',
    'stock.write',
    'counts.write',
    'transfers.read',
    'transfers.plan',
    'transfers.ship',
    'sales.read',
    'customers.read',
    'exceptions.read',
    'exceptions.resolve',
    'exports.read',
  ],
  accountant: reading,
  // Customers are personal data: a viewer reads the business, not who the customers are.
  viewer: reading.filter(
    (permission) => !['audit.read', 'exports.read', 'customers.read'].includes(permission),
  ),
};

/** Roles whose permissions hold for the stores given to the user only. */
export const storeScopedRoles: readonly BackOfficeRole[] = ['store_manager'];

/** What the Users page says a role is for. */
export const roleDescriptions: Record<BackOfficeRole, string> = {
  owner: 'Everything, including users, API tokens and the audit',
  buyer: 'The catalog and purchasing; reads stock and plans transfers',
  store_manager:
    'Their stores only: stock, counts, transfers, registers, sales and returns, the daily journal; reads the catalog, customers, suppliers and purchase orders',
  accountant: 'Reads everything and exports; changes nothing',
  viewer: 'Reads everything except users, API tokens, the audit and customers; changes nothing',
};
