/**
 * The account map of the journal: built-in defaults, the company's accounts and a store's own where it differs.
 * A line's account is found store first, then company, then the defaults; within each, the account for its
 * tender kind or tax code ("sales:STD") before the plain one ("sales").
 */
import type { AccountEntry, AccountKind, AccountMap, AccountMapUpdate, Account } from '../../shared/books.ts';
import { CounterError } from '../../shared/errors.ts';
import { nowIso, type Executor, type HeadOffice } from '../context.ts';
import { findStore } from '../find.ts';

const COMPANY = '*';
/** Xero names its no-tax rate "Tax Exempt" in most regions ("No VAT" in the UK): change it in the map. */
const NO_TAX = 'Tax Exempt';

const account = (key: string, [code, name]: [string, string]): AccountEntry => ({
  key,
  code,
  name,
  taxRate: NO_TAX,
});

/** A small chart of accounts a company can take as it is or rename: codes in the usual ranges. */
const plainDefaults: Record<AccountKind, [code: string, name: string]> = {
  takings: ['1090', 'Other takings clearing'],
  paidIn: ['1030', 'Cash paid in'],
  inventory: ['1200', 'Inventory'],
  transfersInTransit: ['1210', 'Stock in transit'],
  goodsReceivedNotInvoiced: ['2100', 'Goods received not invoiced'],
  tax: ['2200', 'Sales tax payable'],
  exchangeCredit: ['2300', 'Exchange credit clearing'],
  sales: ['4000', 'Sales'],
  discounts: ['4010', 'Discounts given'],
  refunds: ['4020', 'Sales returns'],
  rounding: ['4090', 'Cash rounding'],
  costOfGoods: ['5000', 'Cost of goods sold'],
  shrink: ['5100', 'Stock shrinkage'],
  paidOut: ['6900', 'Cash paid out'],
  overShort: ['6990', 'Cash over and short'],
  suspense: ['9999', 'Suspense'],
};

export const defaultAccounts: AccountEntry[] = [
  account('takings:cash', ['1010', 'Cash clearing']),
  account('takings:card', ['1020', 'Card clearing']),
  ...Object.entries(plainDefaults).map(([key, names]) => account(key, names)),
];

type Row = { scope: string; key: string; code: string; name: string; tax_rate: string };
const entry = (row: Row): AccountEntry => ({
  key: row.key,
  code: row.code,
  name: row.name,
  taxRate: row.tax_rate,
});

/** The map as the admin API shows it: the stores given (null: every store with accounts of its own). */
export async function readAccountMap(db: Executor, storeIds: readonly string[] | null): Promise<AccountMap> {
  let query = db
    .selectFrom('journal_accounts')
    .select(['scope', 'key', 'code', 'name', 'tax_rate'])
    .orderBy('scope')
    .orderBy('key');
  if (storeIds !== null) query = query.where('scope', 'in', [COMPANY, ...storeIds]);
  const stores: AccountMap['stores'] = {};
  const company: AccountEntry[] = [];
  for (const row of await query.execute()) {
    if (row.scope === COMPANY) company.push(entry(row));
    else (stores[row.scope] ??= []).push(entry(row));
  }
  return { defaults: defaultAccounts, company, stores };
}

/** Replaces the company's accounts, or one store's; answers the map as it is now for that scope. */
export async function replaceAccounts(ho: HeadOffice, update: AccountMapUpdate): Promise<AccountMap> {
  const keys = update.accounts.map((a) => a.key);
  const twice = keys.find((key, index) => keys.indexOf(key) !== index);
  if (twice !== undefined)
    throw new CounterError('INVALID_INPUT', `The account "${twice}" is given twice: keep one of them.`);
  if (update.storeId !== null) await findStore(ho.db, update.storeId);
  const scope = update.storeId ?? COMPANY;
  const at = nowIso(ho);
  await ho.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('journal_accounts').where('scope', '=', scope).execute();
    if (update.accounts.length === 0) return;
    await tx
      .insertInto('journal_accounts')
      .values(
        update.accounts.map((a) => ({
          scope,
          key: a.key,
          code: a.code,
          name: a.name,
          tax_rate: a.taxRate,
          updated_at: at,
        })),
      )
      .execute();
  });
  return readAccountMap(ho.db, update.storeId === null ? [] : [update.storeId]);
}

/** Finds the account of a line of `storeId`'s journal. */
export type AccountResolver = (kind: AccountKind, qualifier: string | null) => Account;

export async function accountResolver(db: Executor, storeId: string): Promise<AccountResolver> {
  const map = await readAccountMap(db, [storeId]);
  const scopes = [map.stores[storeId] ?? [], map.company, map.defaults].map(
    (entries) => new Map(entries.map(({ key, ...rest }) => [key, rest])),
  );
  return (kind, qualifier) => {
    for (const scope of scopes) {
      const found = (qualifier !== null ? scope.get(`${kind}:${qualifier}`) : undefined) ?? scope.get(kind);
      if (found) return found;
    }
    return account(kind, plainDefaults[kind]);
  };
}
