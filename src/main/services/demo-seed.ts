/**
 * First run: a register whose ledger has no settings opens as a demo store with the demo catalog
 * (resources/demo-catalog.csv), so Counter works out of the box.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultBarcodeSettings } from '../../shared/barcode.ts';
import type { Role } from '../../shared/permissions.ts';
import type { RegisterIdentity, StoreSettings } from '../../shared/settings.ts';
import { importFailure } from './catalog-import.ts';
import type { Services } from './index.ts';

export const demoCatalogFile = 'demo-catalog.csv';

export const demoStore: StoreSettings = {
  storeName: 'Corner Shop Demo',
  addressLines: ['12 Harbour Road', 'Howth, Co. Dublin', 'D13 X2Y4'],
  currency: 'EUR',
  locale: 'en-IE',
  pricesIncludeTax: true,
  taxRates: [
    { code: 'STD', name: 'VAT standard', rateBasisPoints: 2300 },
    { code: 'RED', name: 'VAT reduced', rateBasisPoints: 1350 },
    { code: 'ZERO', name: 'VAT zero', rateBasisPoints: 0 },
  ],
  receiptHeader: 'Thank you for shopping local!',
  receiptFooter: 'Keep your receipt for returns within 30 days.',
  /** Deli labels carry the price (prefix 21), produce-scale labels the weight (28): see docs/catalog-csv.md. */
  barcodes: defaultBarcodeSettings,
};

export const demoRegister: RegisterIdentity = { storeId: 'DEMO-01', registerId: 'R1', receiptPrefix: 'R1-' };

export const demoUsers: { name: string; role: Role; pin: string }[] = [
  { name: 'Alex', role: 'cashier', pin: '1111' },
  { name: 'Sam', role: 'supervisor', pin: '2222' },
  { name: 'Morgan', role: 'manager', pin: '9999' },
];

/**
 * A ledger without users (the first start, or one from before users existed) gets the demo users, so someone
 * can log in at all; a manager then changes their PINs under Users. Returns whether it created them.
 */
export function seedDemoUsersIfNone({ people }: Services): boolean {
  if (people.list().length > 0) return false;
  for (const user of demoUsers) people.createUser(user);
  return true;
}

/**
 * Seeds the demo store when the ledger is not set up yet; returns whether it did. Safe to run again after a
 * crash half-way: the register identity is saved last, and importing the same catalog again changes nothing
 * (opening stock is only booked for SKUs new to the ledger).
 */
export function seedDemoStoreIfEmpty(services: Services, resourcesDir: string): boolean {
  const { settings, catalog } = services;
  if (settings.isConfigured()) return false;
  settings.saveStore(demoStore);
  const report = catalog.importCsv(readFileSync(join(resourcesDir, demoCatalogFile), 'utf8'));
  if (report.errors.length > 0) throw importFailure(report, 'The demo catalog');
  settings.saveRegister(demoRegister);
  return true;
}
