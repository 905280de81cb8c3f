/**
 * The real head office (src/headoffice) set up for a register: a store with the demo store's tax rates and the
 * register's own demo catalog, a pairing code, and a TCP proxy in front so tests can break the link.
 */
import { demoStore } from '../../src/main/services/demo-seed.ts';
import type { CatalogItem } from '../../src/shared/sync/protocol.ts';
import type { HeadOfficeOptions } from '../../src/headoffice/app.ts';
import {
  startTestHeadOffice,
  type AdminClient,
  type DialectName,
  type TestHeadOffice,
} from '../integration/headoffice/helpers.ts';
import { SyncInvariants } from './sync-invariants.ts';
import { drained, openRegister, waitForStatus, type TestRegister } from './sync-register.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

export interface HeadOfficeForRegisters {
  ho: TestHeadOffice;
  proxy: TcpProxy;
  storeId: string;
  invariants: SyncInvariants;
  /** A one-time pairing code for the store. */
  pairingCode(storeId?: string): Promise<string>;
  /** Enrols the register through the proxy; returns its register id at head office. */
  enrol(register: TestRegister, name?: string): Promise<string>;
  close(): Promise<void>;
}

export const homeStore = 'DUBLIN-1';
/** What the home store's receipts print under its name. */
export const homeStoreAddress = ['1 Custom House Quay', 'Dublin 1'];

/** What the demo register sells, as head office's catalog: every product, price and barcode the same. */
export function catalogOf(register: TestRegister): CatalogItem[] {
  const rows = register.app.db
    .prepare(
      `SELECT p.sku, p.name, p.price_minor AS priceMinor, p.tax_code AS taxCode, c.name AS category, p.unit,
         p.active, (SELECT json_group_array(code) FROM barcodes WHERE product_id = p.id) AS barcodes
       FROM products p LEFT JOIN categories c ON c.id = p.category_id ORDER BY p.sku`,
    )
    .all() as (Omit<CatalogItem, 'active' | 'barcodes'> & { active: number; barcodes: string })[];
  return rows.map((row) => ({
    ...row,
    active: row.active === 1,
    barcodes: JSON.parse(row.barcodes) as string[],
  }));
}

/** Creates a store with the demo store's currency and tax rates at the head office `admin` talks to. */
export async function createDemoStore(
  admin: AdminClient,
  store: { id: string; name: string; addressLines: string[] },
): Promise<void> {
  const { taxRates, pricesIncludeTax, currency } = demoStore;
  expectOk(
    await admin('POST', '/api/stores', { ...store, currency, pricesIncludeTax, taxRates }),
    'create store',
  );
}

/** Creates the demo store and loads the template register's catalog at the head office `admin` talks to. */
export async function seedHeadOffice(admin: AdminClient, template: TestRegister): Promise<void> {
  await createDemoStore(admin, { id: homeStore, name: 'Dublin Harbour', addressLines: homeStoreAddress });
  expectOk(await admin('PUT', '/api/products', { products: catalogOf(template) }), 'load catalog');
}

/** A one-time pairing code for a new register in the store. */
export async function pairingCode(admin: AdminClient, storeId = homeStore): Promise<string> {
  const reply = await admin<{ code: string }>('POST', `/api/stores/${storeId}/pairing-codes`, {});
  expectOk(reply, 'pairing code');
  return reply.body.code;
}

/** Enrols the register with head office at `url` (as a person would at the set-up screen); returns its id. */
export async function enrolAt(
  register: TestRegister,
  url: string,
  code: string,
  name = 'Till 1',
): Promise<string> {
  await register.app.sync.enrollUnattended({ headOfficeUrl: url, pairingCode: code, registerName: name });
  return register.app.services.settings.register().registerId;
}

function expectOk(reply: { status: number; body: unknown }, what: string): void {
  if (reply.status >= 300) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
}

/** `options` go to head office as given (e.g. a databaseUrl that runs through a TCP proxy). */
export async function startHeadOfficeFor(
  template: TestRegister,
  dialect: DialectName = 'sqlite',
  options: Partial<HeadOfficeOptions> = {},
): Promise<HeadOfficeForRegisters> {
  // HO_LOG=1 shows head office's log while a fault test runs.
  const ho = await startTestHeadOffice(dialect, {
    ...(process.env.HO_LOG ? { log: (line: string) => console.log(`[HO] ${line}`) } : {}),
    ...options,
  });
  const proxy = await startTcpProxy(ho.port);
  await seedHeadOffice(ho.admin, template);
  return {
    ho,
    proxy,
    storeId: homeStore,
    invariants: new SyncInvariants(ho.db),
    pairingCode: (storeId) => pairingCode(ho.admin, storeId),
    enrol: async (register, name) => enrolAt(register, proxy.url, await pairingCode(ho.admin), name),
    close: async () => {
      await proxy.close();
      await ho.close();
      await ho.database.cleanup();
    },
  };
}

/**
 * A register enrolled with its own fresh head office (SQLite) and caught up with it. Both are closed after the
 * test through `afterTest` (see after-test.ts).
 */
export async function enrolledRegister(
  afterTest: (cleanup: () => unknown) => void,
  options: Parameters<typeof openRegister>[0] = {},
): Promise<{ reg: TestRegister; hq: HeadOfficeForRegisters; registerId: string }> {
  const reg = openRegister(options);
  afterTest(() => reg.destroy());
  const hq = await startHeadOfficeFor(reg);
  afterTest(() => hq.close());
  const registerId = await hq.enrol(reg);
  await waitForStatus(reg.app, drained);
  return { reg, hq, registerId };
}
