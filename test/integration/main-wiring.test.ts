/**
 * Layer 2: the real src/main/index.ts, imported against a recording fake `electron`. Checks what only the
 * wiring decides: the window's security settings, the IPC channel table, the sender check, validation at the
 * boundary, and the lock-down of navigation, new windows, <webview> and permissions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channels, eventChannel, ipcChannel, type Channel } from '../../src/shared/contract.ts';
import type { OpenSale } from '../../src/shared/domain.ts';
import type { Envelope } from '../../src/shared/errors.ts';
import { ledgerFileName } from '../../src/main/app.ts';
import { FakeEvent, fakeElectron as fake, type FakeWebContents } from '../harness/fake-electron.ts';
import { createStore, startTestHeadOffice } from './headoffice/helpers.ts';

vi.mock('electron', async () => (await import('../harness/fake-electron.ts')).fakeElectron.module);

let dataDir: string;
let ledger: Database.Database;
let ourRendererUrl: string;
let barcode: string;
let productId: number;
let window: (typeof fake.windows)[number];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'counter-wiring-'));
  vi.stubEnv('COUNTER_DATA_DIR', dataDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
  // index.ts starts itself on import; if startup fails it shows an error box instead of a window.
  await import('../../src/main/index.ts');
  window = await Promise.race([
    fake.firstWindow,
    fake.firstErrorBox.then(({ content }) => Promise.reject(new Error(`main did not start: ${content}`))),
  ]);
  ourRendererUrl = pathToFileURL(window.loaded.file ?? '').href;
  ledger = new Database(join(dataDir, ledgerFileName), { readonly: true, fileMustExist: true });
  const row = ledger
    .prepare(
      `SELECT b.code, p.id FROM barcodes b JOIN products p ON p.id = b.product_id
       WHERE p.active = 1 AND p.unit = 'each' ORDER BY p.id LIMIT 1`,
    )
    .get() as { code: string; id: number } | undefined;
  if (!row) throw new Error('The demo catalog was not seeded: no active product with a barcode.');
  barcode = row.code;
  productId = row.id;
  // Selling needs someone logged in and an open shift, as at the start of a cashier's day.
  for (const [channel, payload] of [
    ['auth.login', { pin: '1111' }],
    ['shift.open', { count: [] }],
  ] as const) {
    const envelope = await call(channel, payload);
    if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.message}`);
  }
});

afterAll(() => {
  ledger?.close();
  fake.emitAppEvent('will-quit', new FakeEvent()); // main closes its ledger here
  vi.unstubAllEnvs();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Everything a business call could write, so "nothing was written" is one comparison. */
function ledgerSnapshot() {
  const count = (table: string) =>
    (ledger.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    openSales: ledger.prepare('SELECT * FROM open_sales ORDER BY sale_id').all(),
    sales: count('sales'),
    saleLines: count('sale_lines'),
    tenders: count('sale_tenders'),
    movements: count('stock_movements'),
    outbox: count('outbox'),
  };
}

function call(channel: Channel, payload: unknown, senderUrl: string | null = ourRendererUrl) {
  return fake.invoke(ipcChannel(channel), payload, senderUrl) as Promise<Envelope<unknown>>;
}

async function scanOurBarcode(): Promise<OpenSale> {
  const envelope = await call('sale.scan', { code: barcode });
  if (!envelope.ok) throw new Error(`Scanning ${barcode} failed: ${envelope.error.message}`);
  return envelope.value as OpenSale;
}

describe('main process wiring', () => {
  it('opens one locked-down window that loads our own renderer file', () => {
    expect(fake.windows).toHaveLength(1);
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(window.options.webPreferences?.preload?.replaceAll('\\', '/')).toMatch(/\/preload\/index\.cjs$/);
    expect(window.loaded.url).toBeUndefined();
    expect(window.loaded.file?.replaceAll('\\', '/')).toMatch(/\/renderer\/index\.html$/);
  });

  it('quits when the last window closes', () => {
    fake.emitAppEvent('window-all-closed');
    expect(fake.quitCalls).toBe(1);
  });

  it('registers exactly one ipcMain handler per contract channel and nothing else', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(channels.map(ipcChannel).sort());
  });

  it('answers a valid call from our renderer and tells the window the sale changed', async () => {
    const before = window.webContents.sent.length;
    const sale = await scanOurBarcode();
    expect(sale.lines.map((line) => line.productId)).toContain(productId);
    const events = window.webContents.sent.slice(before);
    expect(events).toContainEqual({
      channel: eventChannel,
      args: [{ name: 'sale.changed', payload: expect.objectContaining({ saleId: sale.saleId }) }],
    });
  });

  it.each([
    ['a web page', 'https://evil.example/'],
    ['another local file', 'file:///tmp/evil/index.html'],
    ['a sibling of our renderer file', 'OUR_DIR/other.html'],
    ['no frame at all (a frame that navigated away or was destroyed)', null],
  ])('refuses a call from %s with FORBIDDEN and writes nothing', async (_name, url) => {
    const senderUrl = url?.replace('OUR_DIR/', new URL('.', ourRendererUrl).href) ?? null;
    const before = ledgerSnapshot();
    const refused = await call('sale.scan', { code: barcode }, senderUrl);
    expect(refused).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/not allowed/) },
    });
    expect(ledgerSnapshot()).toEqual(before);
    // The same call from our own page does write: the refusal above is what kept the ledger unchanged.
    await scanOurBarcode();
    expect(ledgerSnapshot()).not.toEqual(before);
  });

  it.each([
    [
      'sale.setQuantity',
      'a negative quantity',
      (lineId: string) => ({ lineId, quantity: -3 }),
      /Quantity must be at least 1/,
    ],
    [
      'sale.setQuantity',
      'a quantity that is not a number',
      (lineId: string) => ({ lineId, quantity: 'abc' }),
      /quantity/i,
    ],
    [
      'sale.setQuantity',
      'a fractional quantity',
      (lineId: string) => ({ lineId, quantity: 1.5 }),
      /whole number/,
    ],
    ['sale.scan', 'an empty scan', () => ({ code: '' }), /Empty scan/],
    ['sale.scan', 'an unexpected field', () => ({ code: '4000000000000', price: 0 }), /price/],
  ] as const)(
    'refuses %s with %s as INVALID_INPUT and writes nothing',
    async (channel, _what, payload, message) => {
      const sale = await scanOurBarcode();
      const line = sale.lines[0]!;
      const before = ledgerSnapshot();
      const refused = await call(channel, payload(line.lineId));
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message } });
      expect(ledgerSnapshot()).toEqual(before);
      const current = await call('sale.current', undefined);
      expect(current.ok && (current.value as OpenSale).lines[0]).toEqual(line);
    },
  );

  it('denies every permission request and permission check', () => {
    const { requestHandler, checkHandler } = fake.permissions;
    expect(requestHandler).toBeTypeOf('function');
    expect(checkHandler).toBeTypeOf('function');
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'midi',
    ]) {
      const answers: boolean[] = [];
      requestHandler!(window.webContents, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      expect(checkHandler!(window.webContents, permission), permission).toBe(false);
    }
  });

  it.each([
    ['the window', () => window.webContents],
    ['any web contents created later', () => fake.createWebContents()],
  ])('blocks navigation and <webview> in %s', (_name, contents: () => FakeWebContents) => {
    const target = contents();
    for (const eventName of ['will-navigate', 'will-attach-webview']) {
      const event = new FakeEvent();
      target.emit(eventName, event, 'https://evil.example/');
      expect(event.defaultPrevented, eventName).toBe(true);
    }
  });

  it('denies window.open and opens only allow-listed https help pages in the browser', () => {
    const open = window.webContents.windowOpenHandler;
    expect(open).toBeTypeOf('function');
    for (const url of [
      'https://evil.example/',
      'http://counter.example/help',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(open!({ url }), url).toEqual({ action: 'deny' });
    }
    expect(fake.openedExternally).toEqual([]);
    expect(open!({ url: 'https://counter.example/help/tender' })).toEqual({ action: 'deny' });
    expect(fake.openedExternally).toEqual(['https://counter.example/help/tender']);
  });

  it('keeps the device token sealed by the OS keychain (safeStorage) in the ledger, and connects with it', async () => {
    const ho = await startTestHeadOffice('sqlite');
    try {
      await createStore(ho.admin, 'W1', 'Wiring Street');
      const code = await ho.admin<{ code: string }>('POST', '/api/stores/W1/pairing-codes', {});
      const enrolled = await call('sync.enroll', {
        headOfficeUrl: ho.url,
        pairingCode: code.body.code,
        registerName: 'Till W',
        approval: { pin: '9999' },
      });
      expect(enrolled).toMatchObject({ ok: true, value: { enrolled: true } });

      const stored = (ledger.prepare('SELECT device_token FROM sync_state').get() as { device_token: string })
        .device_token;
      expect(stored).toMatch(/^sealed:v1:/);
      const token = fake.safeStorage.decryptString(Buffer.from(stored.slice('sealed:v1:'.length), 'base64'));
      expect(stored).not.toContain(token);
      await vi.waitFor(
        async () =>
          expect(await call('sync.status', undefined)).toMatchObject({ value: { connected: true } }),
        {
          timeout: 10_000,
        },
      );
    } finally {
      await ho.close();
      await ho.database.cleanup();
    }
  });
});
