/**
 * Layer 3: a style's variants on the sale screen, in Chromium against the real register. A search lists the
 * style once; picking it opens the grid (colours down, sizes across) with each variant's stock here; a tap adds
 * that variant. A scanned variant barcode goes straight on the sale, no grid. The grid is saved as
 * test-results/screenshots/variants-grid.png.
 */
import { describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '../../src/shared/gtin.ts';
import { catalogItemSchema } from '../../src/shared/sync/protocol.ts';
import { saveScreenshot } from '../harness/browser.ts';
import { registerInBrowser } from '../harness/register-in-browser.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';

const axes = [
  { name: 'Colour', values: ['Red', 'Blue', 'Green'] },
  { name: 'Size', values: ['S', 'M', 'L', 'XL'] },
];
const redM = `590300000001${gtinCheckDigit('590300000001')}`;

const register = registerInBrowser(({ app }) => {
  // The Tee as head office's catalog stream sends it: each variant its own product, carrying its style.
  const now = new Date().toISOString();
  app.db.transaction(() => {
    for (const colour of axes[0]!.values)
      for (const size of axes[1]!.values) {
        if (colour === 'Green' && size === 'XL') continue; // not made
        const sku = `TEE-${colour.toUpperCase()}-${size}`;
        app.services.catalog.upsert(
          catalogItemSchema.parse({
            sku,
            name: `Harbour Tee ${colour} / ${size}`,
            priceMinor: size === 'XL' ? 1700 : 1500,
            taxCode: 'STD',
            category: 'Clothing',
            unit: 'each',
            active: true,
            barcodes: sku === 'TEE-RED-M' ? [redM] : [],
            style: { id: 'TEE', name: 'Harbour Tee', axes, options: [colour, size] },
          }),
          now,
        );
      }
  })();
});

describe('a style on the sale screen', () => {
  it('lists the style once, shows its grid, and adds the variant tapped', async () => {
    const { page, session } = register;
    await openSaleScreen(session, demoUsers.cashier);
    await page.getByTestId('search-input').fill('harbour tee');
    const results = page.getByTestId('search-result');
    await expect.poll(() => results.count()).toBe(1);
    expect(await results.first().getAttribute('data-style')).toBe('TEE');
    await results.first().click();

    const grid = page.getByTestId('variant-grid');
    await grid.waitFor();
    expect(await grid.getByTestId('variant-cell').count()).toBe(11);
    expect(await grid.locator('thead th').allInnerTexts()).toEqual(['Colour', 'S', 'M', 'L', 'XL']);
    await page.setViewportSize({ width: 1024, height: 768 });
    await saveScreenshot(page, 'variants-grid');
    await grid.locator('[data-sku="TEE-BLUE-L"]').click();
    await grid.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    expect(await page.getByTestId('cart-line').first().innerText()).toContain('Harbour Tee Blue / L');
  });

  it('adds a scanned variant barcode as that variant, with no grid', async () => {
    const { page, session } = register;
    await session.scan(redM);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    expect(await page.getByTestId('cart-line').nth(1).innerText()).toContain('Harbour Tee Red / M');
    expect(await page.getByTestId('variant-grid').count()).toBe(0);
  });
});
