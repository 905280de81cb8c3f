/**
 * Head office's name searches find a name whatever its accents and letter case, typed with or without them, on
 * SQLite and on PostgreSQL: the catalog, a store's stock and suppliers (customers: customers.test.ts). A renamed
 * product or supplier is found by its new name only. On PostgreSQL the catalog and customer searches stay on their
 * word indexes.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasWords } from '../../../src/headoffice/db/search.ts';
import { createStore, dialects, startTestHeadOffice, type TestHeadOffice } from './helpers.ts';

const product = (sku: string, name: string) => ({
  sku,
  name,
  priceMinor: 300,
  taxCode: 'STD',
  category: null,
  unit: 'each',
  active: true,
  barcodes: [],
});

describe.each(dialects)('searching names whatever their accents on %s', (dialect) => {
  let ho: TestHeadOffice;
  const supplierIds = new Map<string, string>();

  async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const reply = await ho.admin<T>(method, path, body);
    if (reply.status >= 300)
      throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }
  /** The names a list of the back office finds for `typed`. */
  const found = async (path: string, typed: string) =>
    (await ok<{ items: { name: string | null }[] }>('GET', `${path}?q=${encodeURIComponent(typed)}`)).items
      .map((item) => item.name)
      .sort();

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A');
    await ok('PUT', '/api/products', {
      products: [
        product('DRINK-1', 'Café au lait'),
        product('DRINK-2', 'Cafe crème'),
        product('PEN-1', 'Ballpoint'),
        product('BAKE-1', 'SÍLE’S SCONE'),
      ],
    });
    for (const sku of ['DRINK-1', 'PEN-1'])
      await ok('POST', '/api/stores/A/stock-movements', { sku, kind: 'receive', quantity: 3 });

    for (const name of ['Müller Dairy', 'Muller Foods', 'Ölmühle Nord', 'Oatly']) {
      const supplier = await ok<{ id: string }>('POST', '/api/suppliers', { name, currency: 'EUR' });
      supplierIds.set(name, supplier.id);
    }
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  it('finds products by the words of their name, typed with or without accents, in any case', async () => {
    for (const typed of ['cafe', 'CAFÉ', 'café', 'cafe\u0301']) {
      expect(await found('/api/products', typed)).toEqual(['Cafe crème', 'Café au lait']);
    }
    expect(await found('/api/products', 'creme')).toEqual(['Cafe crème']);
    expect(await found('/api/products', 'au LAÎT')).toEqual(['Café au lait']);
    expect(await found('/api/products', 'sile')).toEqual(['SÍLE’S SCONE']);
    expect(await found('/api/products', 'síle scone')).toEqual(['SÍLE’S SCONE']);
  });

  it("finds a store's stock by the product's name whatever its accents", async () => {
    expect(await found('/api/stores/A/stock', 'cafe')).toEqual(['Café au lait']);
    expect(await found('/api/stores/A/stock', 'LAÎT')).toEqual(['Café au lait']);
  });

  it('finds suppliers by the start of their name whatever its accents', async () => {
    for (const typed of ['muller', 'Müller', 'MULL']) {
      expect(await found('/api/suppliers', typed)).toEqual(['Muller Foods', 'Müller Dairy']);
    }
    expect(await found('/api/suppliers', 'olm')).toEqual(['Ölmühle Nord']);
    expect(await found('/api/suppliers', 'ÖLMÜHLE N')).toEqual(['Ölmühle Nord']);
    // The start of the name, not of any word.
    expect(await found('/api/suppliers', 'dairy')).toEqual([]);
  });

  it('finds a renamed product or supplier by its new name, and no longer by the old one', async () => {
    await ok('PATCH', '/api/products/PEN-1', { name: 'Stylo bleu foncé' });
    expect(await found('/api/products', 'fonce')).toEqual(['Stylo bleu foncé']);
    expect(await found('/api/products', 'ballpoint')).toEqual([]);
    expect(await found('/api/stores/A/stock', 'stylo')).toEqual(['Stylo bleu foncé']);

    await ok('PUT', `/api/suppliers/${supplierIds.get('Oatly')}`, { name: 'Éclair Bakery', currency: 'EUR' });
    expect(await found('/api/suppliers', 'eclair')).toEqual(['Éclair Bakery']);
    expect(await found('/api/suppliers', 'oat')).toEqual([]);
  });

  // Only PostgreSQL has the word indexes; SQLite serves smaller catalogs by comparing the words.
  if (dialect === 'postgres')
    it('searches products and customers on their word indexes', async () => {
      const plan = async (table: 'products' | 'customers') =>
        ho.db.transaction().execute(async (tx) => {
          // With sequential scans priced out, the plan names the index if one serves the search's expression.
          await sql`set local enable_seqscan = off`.execute(tx);
          const rows = await tx
            .selectFrom(table)
            .select('name')
            .where(hasWords('postgres', 'search_name', 'cafe'))
            .explain();
          return JSON.stringify(rows);
        });
      expect(await plan('products')).toContain('products_by_words');
      expect(await plan('customers')).toContain('customers_by_words');
    });
});
