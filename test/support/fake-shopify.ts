/**
 * A local Shopify that follows the published Admin GraphQL shapes (version 2024-10) for what head office uses:
 * productVariants (catalog), nodes → InventoryItem.inventoryLevel.quantities (read), inventorySetQuantities with
 * compareQuantity (COMPARE_QUANTITY_STALE when it moved; nothing applied), orders (by updated_at), the cost
 * extension with a leaky bucket (THROTTLED when empty), and webhooks signed with X-Shopify-Hmac-Sha256 in the
 * REST order shape. It tells operations apart by their names (Catalog, Levels, SetAvailable, Orders) instead of
 * parsing GraphQL. Placing an order lowers "available" as Shopify does.
 */
import type { IncomingMessage } from 'node:http';
import { deliver, FakeShop, sign, type Answer } from './fake-shop.ts';

export const SHOPIFY_LOCATION = 'gid://shopify/Location/1';

interface Variant {
  inventoryItemId: string;
  sku: string;
  barcode: string | null;
  title: string;
  available: number;
}

interface ShopifyOrder {
  id: number;
  name: string;
  updatedAt: string;
  cancelledAt: string | null;
  financial: string;
  fulfilment: string | null;
  lines: { sku: string; quantity: number; inventoryItemId: string }[];
}

export class FakeShopify extends FakeShop {
  readonly variants = new Map<string, Variant>();
  readonly orders: ShopifyOrder[] = [];
  readonly sets: { inventoryItemId: string; quantity: number; compareQuantity: number }[] = [];
  /** The cost bucket: a query costs 1 + 1 per node, a set 10. */
  bucket = { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 };
  #restoredAt = Date.now();
  #nextItem = 1;
  #nextOrder = 1001;

  readonly accessToken: string;
  readonly webhookSecret: string;
  readonly #clock: () => Date;

  constructor(accessToken: string, webhookSecret: string, clock: () => Date = () => new Date()) {
    super();
    this.accessToken = accessToken;
    this.webhookSecret = webhookSecret;
    this.#clock = clock;
  }

  addVariant(sku: string, available: number, barcode: string | null = null): string {
    const inventoryItemId = `gid://shopify/InventoryItem/${this.#nextItem++}`;
    this.variants.set(inventoryItemId, {
      inventoryItemId,
      sku,
      barcode,
      title: `${sku} - Default Title`,
      available,
    });
    return inventoryItemId;
  }

  variantOf(sku: string): Variant {
    return [...this.variants.values()].find((variant) => variant.sku === sku)!;
  }

  availableOf(sku: string): number {
    return this.variantOf(sku).available;
  }

  /** A customer buys: available drops at once, the order is open (unfulfilled). */
  placeOrder(lines: { sku: string; quantity: number }[]): ShopifyOrder {
    const order: ShopifyOrder = {
      id: this.#nextOrder,
      name: `#${this.#nextOrder++}`,
      updatedAt: this.#clock().toISOString(),
      cancelledAt: null,
      financial: 'paid',
      fulfilment: null,
      lines: lines.map((line) => ({ ...line, inventoryItemId: this.variantOf(line.sku).inventoryItemId })),
    };
    for (const line of lines) this.variantOf(line.sku).available -= line.quantity;
    this.orders.push(order);
    return order;
  }

  update(
    order: ShopifyOrder,
    change: Partial<Pick<ShopifyOrder, 'cancelledAt' | 'financial' | 'fulfilment'>>,
  ): void {
    Object.assign(order, change, { updatedAt: this.#clock().toISOString() });
  }

  /** The webhook as Shopify sends it: REST order JSON, signed (or forged with another secret). */
  async sendWebhook(
    target: string,
    order: ShopifyOrder,
    options: { topic?: string; webhookId?: string; secret?: string } = {},
  ) {
    const raw = JSON.stringify({
      id: order.id,
      admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
      name: order.name,
      updated_at: order.updatedAt,
      cancelled_at: order.cancelledAt,
      financial_status: order.financial,
      fulfillment_status: order.fulfilment,
      line_items: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, variant_id: 1 })),
    });
    return deliver(target, raw, {
      'x-shopify-topic': options.topic ?? 'orders/updated',
      'x-shopify-hmac-sha256': sign(options.secret ?? this.webhookSecret, raw),
      'x-shopify-webhook-id': options.webhookId ?? crypto.randomUUID(),
      'x-shopify-shop-domain': 'counter-test.myshopify.com',
      'x-shopify-api-version': '2024-10',
    });
  }

  #restore(): void {
    const now = Date.now();
    const restored = ((now - this.#restoredAt) / 1000) * this.bucket.restoreRate;
    this.bucket.currentlyAvailable = Math.min(
      this.bucket.maximumAvailable,
      this.bucket.currentlyAvailable + restored,
    );
    this.#restoredAt = now;
  }

  protected answer(method: string, url: URL, headers: IncomingMessage['headers'], body: unknown): Answer {
    if (method !== 'POST' || url.pathname !== '/admin/api/2024-10/graphql.json')
      return { status: 404, body: { errors: 'Not Found' } };
    if (headers['x-shopify-access-token'] !== this.accessToken)
      return {
        status: 401,
        body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
      };
    const { query, variables } = body as { query: string; variables: Record<string, unknown> };
    const cost = query.includes('mutation SetAvailable')
      ? 10
      : 1 + ((variables.ids as unknown[] | undefined)?.length ?? 50);
    this.#restore();
    const throttleStatus = () => ({
      maximumAvailable: this.bucket.maximumAvailable,
      currentlyAvailable: Math.floor(this.bucket.currentlyAvailable),
      restoreRate: this.bucket.restoreRate,
    });
    if (this.bucket.currentlyAvailable < cost) {
      return {
        status: 200,
        body: {
          errors: [
            {
              message: 'Throttled',
              extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
            },
          ],
          extensions: {
            cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() },
          },
        },
      };
    }
    this.bucket.currentlyAvailable -= cost;
    const data = this.#run(query, variables);
    return {
      status: 200,
      body: {
        data,
        extensions: {
          cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: throttleStatus() },
        },
      },
    };
  }

  #run(query: string, variables: Record<string, unknown>): unknown {
    if (query.includes('query Catalog')) {
      const all = [...this.variants.values()];
      const start = variables.after ? Number(variables.after) : 0;
      const page = all.slice(start, start + 250);
      return {
        productVariants: {
          nodes: page.map((v) => ({
            sku: v.sku,
            barcode: v.barcode,
            displayName: v.title,
            inventoryItem: { id: v.inventoryItemId },
          })),
          pageInfo: { hasNextPage: start + 250 < all.length, endCursor: String(start + 250) },
        },
      };
    }
    if (query.includes('query Levels')) {
      return {
        nodes: (variables.ids as string[]).map((id) => {
          const variant = this.variants.get(id);
          return variant && variables.locationId === SHOPIFY_LOCATION
            ? { id, inventoryLevel: { quantities: [{ name: 'available', quantity: variant.available }] } }
            : null;
        }),
      };
    }
    if (query.includes('mutation SetAvailable')) {
      const input = variables.input as {
        name: string;
        quantities: {
          inventoryItemId: string;
          locationId: string;
          quantity: number;
          compareQuantity?: number;
        }[];
      };
      const userErrors: { field: string[]; message: string; code: string }[] = [];
      input.quantities.forEach((q, i) => {
        const variant = this.variants.get(q.inventoryItemId);
        if (!variant || q.locationId !== SHOPIFY_LOCATION)
          userErrors.push({
            field: ['input', 'quantities', String(i), 'inventoryItemId'],
            message: 'The specified inventory item could not be found.',
            code: 'INVALID_INVENTORY_ITEM',
          });
        else if (q.compareQuantity === undefined)
          userErrors.push({
            field: ['input', 'quantities', String(i), 'compareQuantity'],
            message:
              'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.',
            code: 'COMPARE_QUANTITY_REQUIRED',
          });
        else if (variant.available !== q.compareQuantity)
          userErrors.push({
            field: ['input', 'quantities', String(i), 'compareQuantity'],
            message: 'The compareQuantity value does not match persisted value.',
            code: 'COMPARE_QUANTITY_STALE',
          });
      });
      if (input.name !== 'available')
        userErrors.push({
          field: ['input', 'name'],
          message: 'The quantity name must be either available or on_hand.',
          code: 'INVALID_NAME',
        });
      if (userErrors.length === 0) {
        for (const q of input.quantities) {
          this.variants.get(q.inventoryItemId)!.available = q.quantity;
          this.sets.push({
            inventoryItemId: q.inventoryItemId,
            quantity: q.quantity,
            compareQuantity: q.compareQuantity!,
          });
        }
      }
      return {
        inventorySetQuantities: {
          inventoryAdjustmentGroup:
            userErrors.length === 0
              ? { id: `gid://shopify/InventoryAdjustmentGroup/${this.sets.length}` }
              : null,
          userErrors,
        },
      };
    }
    if (query.includes('query Orders')) {
      const since = /updated_at:>='([^']+)'/.exec(String(variables.query ?? ''))?.[1];
      const orders = this.orders
        .filter((order) => since === undefined || order.updatedAt >= since)
        .sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1));
      return {
        orders: {
          nodes: orders.map((order) => ({
            id: `gid://shopify/Order/${order.id}`,
            name: order.name,
            updatedAt: order.updatedAt,
            cancelledAt: order.cancelledAt,
            displayFinancialStatus: order.financial.toUpperCase(),
            displayFulfillmentStatus: order.fulfilment === 'fulfilled' ? 'FULFILLED' : 'UNFULFILLED',
            lineItems: {
              nodes: order.lines.map((line) => ({
                sku: line.sku,
                quantity: line.quantity,
                variant: { inventoryItem: { id: line.inventoryItemId } },
              })),
            },
          })),
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      };
    }
    return { errors: [{ message: 'Unknown operation' }] };
  }
}
