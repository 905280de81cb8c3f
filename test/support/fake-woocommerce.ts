/**
 * A local WooCommerce that follows the published REST API v3 shapes for what head office uses: GET products
 * (per_page, page, include; X-WP-Total and X-WP-TotalPages), POST products/batch with `update` (an unknown id
 * answers its own error), GET orders (modified_after, orderby=modified), HTTP Basic with the consumer key and
 * secret, 429 with Retry-After beyond `requestsPerSecond`, and webhooks signed with X-WC-Webhook-Signature.
 * Placing an order lowers stock_quantity as WooCommerce does for a processing order.
 */
import type { IncomingMessage } from 'node:http';
import { deliver, FakeShop, sign, type Answer } from './fake-shop.ts';

interface Product {
  id: number;
  name: string;
  sku: string;
  global_unique_id: string;
  manage_stock: boolean;
  stock_quantity: number;
}

interface WooOrder {
  id: number;
  number: string;
  status: string;
  date_modified_gmt: string;
  line_items: { product_id: number; sku: string; quantity: number }[];
}

export class FakeWooCommerce extends FakeShop {
  readonly products = new Map<number, Product>();
  readonly orders: WooOrder[] = [];
  readonly batches: { id: number; stock_quantity: number }[][] = [];
  /** Beyond this many requests in a second: 429. */
  requestsPerSecond = Infinity;
  #window = { second: 0, count: 0 };
  #nextId = 101;
  #nextOrder = 5001;

  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly webhookSecret: string;
  readonly #clock: () => Date;

  constructor(
    consumerKey: string,
    consumerSecret: string,
    webhookSecret: string,
    clock: () => Date = () => new Date(),
  ) {
    super();
    this.consumerKey = consumerKey;
    this.consumerSecret = consumerSecret;
    this.webhookSecret = webhookSecret;
    this.#clock = clock;
  }

  addProduct(sku: string, stock: number, gtin = ''): number {
    const id = this.#nextId++;
    this.products.set(id, {
      id,
      name: `Product ${sku}`,
      sku,
      global_unique_id: gtin,
      manage_stock: true,
      stock_quantity: stock,
    });
    return id;
  }

  productOf(sku: string): Product {
    return [...this.products.values()].find((product) => product.sku === sku)!;
  }

  stockOf(sku: string): number {
    return this.productOf(sku).stock_quantity;
  }

  placeOrder(lines: { sku: string; quantity: number }[]): WooOrder {
    const order: WooOrder = {
      id: this.#nextOrder++,
      number: String(this.#nextOrder - 1),
      status: 'processing',
      date_modified_gmt: this.#clock().toISOString().slice(0, 19),
      line_items: lines.map((line) => ({
        product_id: this.productOf(line.sku).id,
        sku: line.sku,
        quantity: line.quantity,
      })),
    };
    for (const line of lines) this.productOf(line.sku).stock_quantity -= line.quantity;
    this.orders.push(order);
    return order;
  }

  setStatus(order: WooOrder, status: string): void {
    order.status = status;
    order.date_modified_gmt = this.#clock().toISOString().slice(0, 19);
  }

  async sendWebhook(
    target: string,
    order: WooOrder,
    options: { deliveryId?: string; secret?: string; topic?: string } = {},
  ) {
    const raw = JSON.stringify(order);
    return deliver(target, raw, {
      'x-wc-webhook-source': 'https://shop.example.com/',
      'x-wc-webhook-topic': options.topic ?? 'order.updated',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'updated',
      'x-wc-webhook-signature': sign(options.secret ?? this.webhookSecret, raw),
      'x-wc-webhook-id': '7',
      'x-wc-webhook-delivery-id': options.deliveryId ?? crypto.randomUUID(),
    });
  }

  protected answer(method: string, url: URL, headers: IncomingMessage['headers'], body: unknown): Answer {
    const second = Math.floor(Date.now() / 1000);
    if (this.#window.second !== second) this.#window = { second, count: 0 };
    this.#window.count += 1;
    if (this.#window.count > this.requestsPerSecond)
      return {
        status: 429,
        headers: { 'retry-after': '1' },
        body: {
          code: 'woocommerce_rest_too_many_requests',
          message: 'Too many requests.',
          data: { status: 429 },
        },
      };
    const expected = `Basic ${Buffer.from(`${this.consumerKey}:${this.consumerSecret}`).toString('base64')}`;
    if (headers.authorization !== expected)
      return {
        status: 401,
        body: {
          code: 'woocommerce_rest_cannot_view',
          message: 'Sorry, you cannot list resources.',
          data: { status: 401 },
        },
      };
    const path = url.pathname.replace('/wp-json/wc/v3/', '');
    const perPage = Number(url.searchParams.get('per_page') ?? 10);
    const page = Number(url.searchParams.get('page') ?? 1);
    const paged = <T>(items: T[]): Answer => ({
      status: 200,
      headers: {
        'x-wp-total': String(items.length),
        'x-wp-totalpages': String(Math.max(1, Math.ceil(items.length / perPage))),
      },
      body: items.slice((page - 1) * perPage, page * perPage),
    });
    if (method === 'GET' && path === 'products') {
      const include = url.searchParams.get('include');
      const ids = include ? new Set(include.split(',').map(Number)) : null;
      return paged([...this.products.values()].filter((product) => ids === null || ids.has(product.id)));
    }
    if (method === 'POST' && path === 'products/batch') {
      const updates = (body as { update?: { id: number; stock_quantity: number }[] }).update ?? [];
      this.batches.push(updates);
      return {
        status: 200,
        body: {
          update: updates.map((update) => {
            const product = this.products.get(update.id);
            if (!product)
              return {
                id: update.id,
                error: {
                  code: 'woocommerce_rest_product_invalid_id',
                  message: 'Invalid ID.',
                  data: { status: 400 },
                },
              };
            product.stock_quantity = update.stock_quantity;
            return product;
          }),
        },
      };
    }
    if (method === 'GET' && path === 'orders') {
      const after = url.searchParams.get('modified_after');
      return paged(
        this.orders
          .filter((order) => after === null || `${order.date_modified_gmt}Z` > after)
          .sort((a, b) => (a.date_modified_gmt < b.date_modified_gmt ? -1 : 1)),
      );
    }
    return {
      status: 404,
      body: {
        code: 'rest_no_route',
        message: 'No route was found matching the URL and request method.',
        data: { status: 404 },
      },
    };
  }
}
