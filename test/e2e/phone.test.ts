/**
 * Layer 3: a phone as a scanner, end to end. The register runs in Chromium behind the bridge with its phone
 * server on 127.0.0.1; a manager pairs a phone for Alex on the Devices screen. A second Chromium plays the
 * phone: its camera is Chromium's fake camera fed a video of real barcodes (EAN-13 and Code 128, drawn from
 * bwip-js's encoding into frames), its page the built out/phone, reached over HTTPS as a phone would after
 * accepting the register's certificate (--ignore-certificate-errors stands in for that one tap). Headless
 * Chromium has no BarcodeDetector, so this proves the ZXing WebAssembly path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePaths } from '../../src/shared/phone.ts';
import { writeBarcodeVideo } from '../harness/barcode-video.ts';
import { openBrowser, saveScreenshot, type BrowserSession } from '../harness/browser.ts';
import { builtPhonePageDir } from '../harness/built-app.ts';
import { registerInBrowser } from '../harness/register-in-browser.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';

/** From the demo catalog: one scanned by its EAN-13, one by its SKU printed as Code 128. */
const spaghetti = { sku: 'PAN-000001', ean13: '8001014000002' };
const loaf = { sku: 'BAK-000002' };

const register = registerInBrowser(undefined, {
  phone: { hosts: ['127.0.0.1'], port: 0, pageDir: builtPhonePageDir },
});
const videoDir = mkdtempSync(join(tmpdir(), 'counter-phone-video-'));
const video = join(videoDir, 'barcodes.y4m');
let phone: BrowserSession | undefined;
let link = '';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });
const textOf = (page: Page, testId: string) => async () =>
  (await page.getByTestId(testId).textContent()) ?? '';
const saleSkus = async () => (await register.call('sale.current')).lines.map((line) => line.sku);

beforeAll(async () => {
  writeBarcodeVideo(video, [
    { symbology: 'ean13', text: spaghetti.ean13, seconds: 1.5 },
    { symbology: null, seconds: 1 },
    { symbology: 'code128', text: loaf.sku, seconds: 1.5 },
    { symbology: null, seconds: 1 },
  ]);
  await openSaleScreen(register.session, demoUsers.manager);
});

afterAll(async () => {
  await phone?.close();
  rmSync(videoDir, { recursive: true, force: true });
});

/** The phone's browser: a fake camera playing `video`, camera use allowed, the register's certificate taken. */
async function openPhone(url: string): Promise<BrowserSession> {
  return openBrowser(url, [
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
    '--use-fake-ui-for-media-stream',
    '--ignore-certificate-errors',
  ]);
}

describe('a phone as a scanner', () => {
  it('is paired for a cashier from the Devices screen with a QR code', async () => {
    const { page } = register;
    await page.getByTestId('devices-open').click();
    await page.getByTestId('phones-open').click();
    await page.getByTestId('phone-user').selectOption({ label: 'Alex' });
    await page.getByTestId('phone-pair').click();
    await page.getByTestId('phone-qr').waitFor();
    link = ((await page.getByTestId('phone-link').textContent()) ?? '').trim();
    expect(link).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/p#[\w-]{22}$/);
    const { server } = await register.call('phones.state');
    expect(await page.getByTestId('phone-fingerprint').textContent()).toBe(server.fingerprint);
    await saveScreenshot(page, 'phones-pairing-code');
  });

  it('reads EAN-13 and Code 128 with the camera, and the lines appear on the register', async () => {
    const { page } = register;
    phone = await openPhone(link);
    await eventually(textOf(phone.page, 'phone-status')).toMatch(/^Scanning for Alex at /);
    // The code left the address bar once used.
    expect(phone.page.url()).toMatch(/\/p$/);
    await eventually(textOf(page, 'phone-paired')).toBe('A phone is paired and scans for Alex.');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await phone.page.getByTestId('phone-start').click();
    await eventually(textOf(phone.page, 'phone-reader')).toBe('Reading with ZXing.');
    await page.locator(`[data-testid="cart-line"][data-sku="${spaghetti.sku}"]`).waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="cart-line"][data-sku="${loaf.sku}"]`).waitFor({ timeout: 30_000 });
    await eventually(async () =>
      phone!.page.locator('[data-testid="phone-scan"][data-state="added"]').count(),
    ).toBeGreaterThanOrEqual(2);
    await saveScreenshot(phone.page, 'phone-scanning');
    await saveScreenshot(page, 'phone-scans-in-sale');
  });

  it('sends a typed code when the camera cannot read it', async () => {
    await phone!.page.getByTestId('phone-typed').fill('SNK-000003');
    await phone!.page.getByTestId('phone-send').click();
    await register.page.locator('[data-testid="cart-line"][data-sku="SNK-000003"]').waitFor();
  });

  it('gives a revoked phone nothing more, and tells it so', async () => {
    const { page } = register;
    await page.getByTestId('devices-open').click();
    await page.getByTestId('phones-open').click();
    await page.getByTestId('phone-revoke').click();
    await page.getByTestId('phones-message').waitFor();
    const before = await register.call('sale.current');
    // The video goes on, so the phone sends its next scan and is refused.
    await eventually(textOf(phone!.page, 'phone-status')).toMatch(/not paired/);
    expect(await register.call('sale.current')).toEqual(before);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    // The refused requests are what this test expects of the phone's page, and nothing else.
    expect(phone!.problems.filter((problem) => !/\b401\b/.test(problem))).toEqual([]);
  });

  it('gives a forged pairing code or token nothing', async () => {
    const origin = new URL(link).origin;
    const before = await saleSkus();
    const forgedCode = await phone!.browser.newPage();
    await forgedCode.goto(`${origin}${phonePaths.page}#${'A'.repeat(22)}`);
    await eventually(textOf(forgedCode, 'phone-status')).toMatch(/used or has expired/);
    expect(await forgedCode.getByTestId('phone-start').isHidden()).toBe(true);

    const forgedToken = await phone!.browser.newPage();
    const stored = { token: 'B'.repeat(43), registerName: 'R1', user: { userId: 'x', name: 'X' } };
    await forgedToken.addInitScript(
      `localStorage.setItem('counter.phone.session', ${JSON.stringify(JSON.stringify({ ...stored, expiresAt: '2099-01-01' }))});`,
    );
    await forgedToken.goto(`${origin}${phonePaths.page}`);
    await eventually(textOf(forgedToken, 'phone-status')).toMatch(/not paired/);
    expect(await saleSkus()).toEqual(before);
    phone!.problems.splice(0);
  });
});
