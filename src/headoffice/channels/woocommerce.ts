/**
 * WooCommerce through its REST API (wc/v3), authenticated with the consumer key and secret (HTTP Basic, which
 * WooCommerce accepts over HTTPS). WooCommerce has no compare-and-set: each push reads the products' current
 * `stock_quantity` first and sets with `products/batch` only those still at the figure we last read or set; one
 * that moved is stale (an order we have not taken in yet, or a person's edit) and the queue goes again after
 * fetching orders. A 429 waits for Retry-After. Webhooks are verified by X-WC-Webhook-Signature (base64
 * HMAC-SHA256 of the raw body) and deduped by X-WC-Webhook-Delivery-ID.
 */
import {
  ChannelRefused,
  ChannelThrottled,
  requestJson,
  signedDelivery,
  type ChannelConfig,
  type ChannelConnection,
  type Fetch,
  type RemoteOrder,
  type RemoteOrderStatus,
  type SetOutcome,
} from './channel.ts';
import { retryAfterMs } from './shopify.ts';

interface WooProduct {
  id: number;
  name: string;
  sku: string;
  global_unique_id?: string;
  stock_quantity: number | null;
}

interface WooOrder {
  id: number;
  number: string;
  status: string;
  date_modified_gmt: string;
  line_items: { product_id: number; sku: string | null; quantity: number }[];
}

const PAGE = 100;

export function woocommerce(config: ChannelConfig, fetcher: Fetch): ChannelConnection {
  const authorization = `Basic ${Buffer.from(config.secrets.apiKey).toString('base64')}`;

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ body: T; headers: Headers }> {
    const answer = await requestJson(fetcher, new URL(`/wp-json/wc/v3/${path}`, config.baseUrl).toString(), {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (answer.status === 429) throw new ChannelThrottled(retryAfterMs(answer.headers.get('retry-after')));
    if (answer.status === 401 || answer.status === 403)
      throw new ChannelRefused(
        `WooCommerce refused the key (HTTP ${answer.status}): enter the channel's API key again.`,
      );
    if (answer.status < 200 || answer.status > 299) {
      const message = (answer.body as { message?: string } | null)?.message;
      throw new ChannelRefused(`WooCommerce answered HTTP ${answer.status}${message ? `: ${message}` : ''}.`);
    }
    return { body: answer.body as T, headers: answer.headers };
  }

  async function read(itemIds: string[]): Promise<Map<string, number>> {
    const figures = new Map<string, number>();
    for (let i = 0; i < itemIds.length; i += PAGE) {
      const ids = itemIds.slice(i, i + PAGE).join(',');
      const { body } = await call<WooProduct[]>('GET', `products?include=${ids}&per_page=${PAGE}`);
      for (const product of body) figures.set(String(product.id), product.stock_quantity ?? 0);
    }
    return figures;
  }

  return {
    async *catalog() {
      for (let page = 1; ; page += 1) {
        const { body, headers } = await call<WooProduct[]>('GET', `products?per_page=${PAGE}&page=${page}`);
        yield body.map((product) => ({
          itemId: String(product.id),
          sku: product.sku || null,
          barcode: product.global_unique_id || null,
          title: product.name,
        }));
        if (page >= Number(headers.get('x-wp-totalpages') ?? 1)) return;
      }
    },

    read,

    async set(figures) {
      const outcomes = new Map<string, SetOutcome>();
      const current = await read(figures.map((figure) => figure.itemId));
      const unmoved = figures.filter((figure) => {
        const actual = current.get(figure.itemId);
        if (actual === undefined) {
          outcomes.set(figure.itemId, { outcome: 'refused', reason: 'WooCommerce has no such product.' });
          return false;
        }
        if (figure.compare !== null && actual !== figure.compare) {
          outcomes.set(figure.itemId, { outcome: 'stale', actual });
          return false;
        }
        return true;
      });
      for (let i = 0; i < unmoved.length; i += PAGE) {
        const batch = unmoved.slice(i, i + PAGE);
        const { body } = await call<{ update?: (WooProduct | { id: number; error: { message: string } })[] }>(
          'POST',
          'products/batch',
          {
            update: batch.map((figure) => ({
              id: Number(figure.itemId),
              manage_stock: true,
              stock_quantity: figure.quantity,
            })),
          },
        );
        const answered = new Map((body.update ?? []).map((item) => [String(item.id), item]));
        for (const figure of batch) {
          const item = answered.get(figure.itemId);
          outcomes.set(
            figure.itemId,
            item === undefined
              ? { outcome: 'refused', reason: 'WooCommerce did not answer for this product.' }
              : 'error' in item
                ? { outcome: 'refused', reason: `WooCommerce: ${item.error.message}` }
                : { outcome: 'set' },
          );
        }
      }
      return outcomes;
    },

    async ordersSince(cursor) {
      const orders: RemoteOrder[] = [];
      for (let page = 1; page <= 10; page += 1) {
        // modified_after is exclusive and to the second: go back one, taking an order twice changes nothing.
        const from = cursor === null ? null : new Date(Date.parse(cursor) - 1000).toISOString();
        const after = from === null ? '' : `&modified_after=${encodeURIComponent(from)}`;
        const { body, headers } = await call<WooOrder[]>(
          'GET',
          `orders?orderby=modified&order=asc&dates_are_gmt=true&per_page=${PAGE}&page=${page}${after}`,
        );
        orders.push(...body.map(orderOf));
        if (page >= Number(headers.get('x-wp-totalpages') ?? 1)) break;
      }
      return { orders, cursor: orders.at(-1)?.updatedAt ?? cursor };
    },

    webhook: (headers, rawBody) =>
      signedDelivery('woocommerce', headers, rawBody, config.secrets.webhookSecret, orderOfWebhook),
  };
}

/** The order an `order.…` webhook carries (its body is the order). */
function orderOfWebhook(topic: string, delivered: unknown): RemoteOrder | null {
  const body = delivered as WooOrder | null;
  const isOrder =
    topic.startsWith('order.') &&
    body !== null &&
    typeof body.id === 'number' &&
    Array.isArray(body.line_items);
  return isOrder ? orderOf(body) : null;
}

function orderOf(order: WooOrder): RemoteOrder {
  return {
    orderId: String(order.id),
    number: order.number,
    status: statusOf(order.status),
    lines: order.line_items.map((line) => ({
      itemId: String(line.product_id),
      sku: line.sku || null,
      quantity: line.quantity,
    })),
    // WooCommerce writes GMT without a zone.
    updatedAt: order.date_modified_gmt.endsWith('Z')
      ? order.date_modified_gmt
      : `${order.date_modified_gmt}Z`,
  };
}

function statusOf(status: string): RemoteOrderStatus {
  if (status === 'completed') return 'fulfilled';
  if (status === 'cancelled' || status === 'failed') return 'cancelled';
  if (status === 'refunded') return 'refunded';
  return 'open';
}
