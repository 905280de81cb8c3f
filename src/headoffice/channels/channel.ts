/**
 * What head office needs of a web shop, whatever its kind: shopify.ts and woocommerce.ts implement it, and a
 * third kind implements the same and is named in connect(). Every call goes over the network and may fail;
 * a rate limit is a ChannelThrottled with how long to wait, and the queue (queue.ts) holds every push of that
 * channel back that long.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelKind, ChannelSecrets } from '../../shared/channels.ts';
import { CounterError } from '../../shared/errors.ts';

/** An item of the shop's catalog, for mapping by SKU or barcode. */
export interface ChannelCatalogItem {
  itemId: string;
  sku: string | null;
  barcode: string | null;
  title: string;
}

/** One figure to set: `compare` is what we believe the shop shows now (null: never read). */
export interface FigureToSet {
  itemId: string;
  quantity: number;
  compare: number | null;
}

/**
 * Per item: set; stale (the shop's figure was not `compare`: here is what it is, nothing was set); or refused
 * with the shop's reason.
 */
export type SetOutcome =
  { outcome: 'set' } | { outcome: 'stale'; actual: number } | { outcome: 'refused'; reason: string };

export type RemoteOrderStatus = 'open' | 'fulfilled' | 'cancelled' | 'refunded';

export interface RemoteOrder {
  orderId: string;
  number: string;
  status: RemoteOrderStatus;
  /** Each line by the shop's item id, with the SKU the shop has for it. */
  lines: { itemId: string | null; sku: string | null; quantity: number }[];
  /** The shop's time of its last change (the poll's cursor). */
  updatedAt: string;
}

export interface WebhookDelivery {
  /** What dedupes it: the same id twice is taken once. */
  webhookId: string;
  /** The order it tells of; null for a topic that carries none (a ping). */
  order: RemoteOrder | null;
}

export interface ChannelConnection {
  /** Every item of the shop, page by page. */
  catalog(): AsyncIterable<ChannelCatalogItem[]>;
  /** What the shop shows now for these items (an item it does not know is left out). */
  read(itemIds: string[]): Promise<Map<string, number>>;
  /** Sets the figures, never over one that moved since `compare`. */
  set(figures: FigureToSet[]): Promise<Map<string, SetOutcome>>;
  /** Orders changed after `cursor` (null: from the start), oldest first, and the cursor to go on from. */
  ordersSince(cursor: string | null): Promise<{ orders: RemoteOrder[]; cursor: string | null }>;
  /** The delivery if its signature over the raw body is the shop's; null for a forged or broken one. */
  webhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): WebhookDelivery | null;
}

export interface ChannelConfig {
  kind: ChannelKind;
  baseUrl: string;
  remoteLocationId: string | null;
  secrets: ChannelSecrets;
}

/** The shop asked us to wait (Shopify THROTTLED, WooCommerce 429); an admin call that meets it answers 503. */
export class ChannelThrottled extends CounterError {
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number) {
    super(
      'UNAVAILABLE',
      `The shop asked us to wait ${Math.ceil(retryAfterMs / 1000)} s (rate limit): try again then.`,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/** The shop did not answer, or not as it documents: a message for the push's row (503 to an admin call). */
export class ChannelRefused extends CounterError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}

export type Fetch = typeof fetch;

/** A header's one value. */
export function headerOf(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | null {
  const value = headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Whether `signature` is base64 HMAC-SHA256 of the raw body with `secret` (Shopify's and WooCommerce's way). */
export function signedBy(secret: string, rawBody: Buffer, signature: string | null): boolean {
  if (signature === null) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The headers each kind of shop sends a webhook's signature, delivery id and topic in. */
const webhookHeaders: Record<ChannelKind, { signature: string; id: string; topic: string }> = {
  shopify: { signature: 'x-shopify-hmac-sha256', id: 'x-shopify-webhook-id', topic: 'x-shopify-topic' },
  woocommerce: {
    signature: 'x-wc-webhook-signature',
    id: 'x-wc-webhook-delivery-id',
    topic: 'x-wc-webhook-topic',
  },
};

/**
 * A webhook delivery as both shops send one: null unless its signature is the HMAC of the raw body with the
 * channel's secret and a delivery id is given; else that id and the order `orderOf` finds in its topic and JSON
 * body (null when it is about something else).
 */
export function signedDelivery(
  kind: ChannelKind,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  secret: string,
  orderOf: (topic: string, body: unknown) => RemoteOrder | null,
): WebhookDelivery | null {
  const names = webhookHeaders[kind];
  if (!signedBy(secret, rawBody, headerOf(headers, names.signature))) return null;
  const webhookId = headerOf(headers, names.id);
  if (webhookId === null) return null;
  return { webhookId, order: orderOf(headerOf(headers, names.topic) ?? '', jsonOf(rawBody)) };
}

/** Parses the raw body as JSON; null when it is not. */
export function jsonOf(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
}

/** Fetch, turning a network failure or a non-JSON answer into a message a person can act on. */
export async function requestJson(
  fetcher: Fetch,
  url: string,
  init: RequestInit,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  let response: Response;
  try {
    response = await fetcher(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new ChannelRefused(
      `The shop did not answer (${(error as Error).message}): is ${new URL(url).origin} up?`,
    );
  }
  const text = await response.text();
  const body = text === '' ? null : (jsonOf(Buffer.from(text)) ?? text.slice(0, 200));
  return { status: response.status, headers: response.headers, body };
}
