/**
 * Shopify through its Admin GraphQL API (version 2024-10): figures are set with `inventorySetQuantities` (name
 * "available") and each one's `compareQuantity`, so a figure that moved since we read it is never overwritten
 * (COMPARE_QUANTITY_STALE: we read it again and the queue retries). Rate limits are the cost extension's
 * throttle status: a THROTTLED answer waits until enough points are restored. Webhooks are verified by
 * X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body) and deduped by X-Shopify-Webhook-Id.
 */
import {
  ChannelRefused,
  ChannelThrottled,
  requestJson,
  signedDelivery,
  type ChannelCatalogItem,
  type ChannelConfig,
  type ChannelConnection,
  type Fetch,
  type FigureToSet,
  type RemoteOrder,
  type RemoteOrderStatus,
  type SetOutcome,
} from './channel.ts';

export const SHOPIFY_API_VERSION = '2024-10';

interface GraphQlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: {
    cost?: {
      requestedQueryCost: number;
      throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
    };
  };
}

interface OrderNode {
  id: string;
  name: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  lineItems: {
    nodes: { sku: string | null; quantity: number; variant: { inventoryItem: { id: string } } | null }[];
  };
}

const CATALOG = `query Catalog($after: String) {
  productVariants(first: 250, after: $after) {
    nodes { sku barcode displayName inventoryItem { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const LEVELS = `query Levels($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) {
    ... on InventoryItem { id inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } }
  }
}`;

const SET = `mutation SetAvailable($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

const ORDERS = `query Orders($after: String, $query: String) {
  orders(first: 50, after: $after, sortKey: UPDATED_AT, query: $query) {
    nodes {
      id name updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus
      lineItems(first: 100) { nodes { sku quantity variant { inventoryItem { id } } } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export function shopify(config: ChannelConfig, fetcher: Fetch): ChannelConnection {
  const endpoint = new URL(`/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, config.baseUrl).toString();
  const locationId = config.remoteLocationId;

  async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const answer = await requestJson(fetcher, endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': config.secrets.apiKey },
      body: JSON.stringify({ query, variables }),
    });
    if (answer.status === 429) throw new ChannelThrottled(retryAfterMs(answer.headers.get('retry-after')));
    if (answer.status === 401 || answer.status === 403)
      throw new ChannelRefused(
        `Shopify refused the access token (HTTP ${answer.status}): enter the channel's API key again.`,
      );
    if (answer.status !== 200) throw new ChannelRefused(`Shopify answered HTTP ${answer.status}.`);
    const body = answer.body as GraphQlAnswer<T>;
    const throttled = body.errors?.some((error) => error.extensions?.code === 'THROTTLED');
    if (throttled) {
      const cost = body.extensions?.cost;
      const missing = cost ? cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable : 0;
      const rate = cost?.throttleStatus.restoreRate ?? 50;
      throw new ChannelThrottled(Math.max(1000, Math.ceil((missing / rate) * 1000)));
    }
    if (body.errors?.length || body.data === undefined)
      throw new ChannelRefused(
        `Shopify: ${body.errors?.map((error) => error.message).join('; ') ?? 'no data'}`,
      );
    return body.data;
  }

  function needLocation(): string {
    if (locationId === null)
      throw new ChannelRefused("The channel has no Shopify location: set it in the channel's settings.");
    return locationId;
  }

  async function read(itemIds: string[]): Promise<Map<string, number>> {
    const figures = new Map<string, number>();
    for (let i = 0; i < itemIds.length; i += 250) {
      const data = await graphql<{
        nodes: ({ id: string; inventoryLevel: { quantities: { quantity: number }[] } | null } | null)[];
      }>(LEVELS, { ids: itemIds.slice(i, i + 250), locationId: needLocation() });
      for (const node of data.nodes) {
        const quantity = node?.inventoryLevel?.quantities[0]?.quantity;
        if (node && quantity !== undefined) figures.set(node.id, quantity);
      }
    }
    return figures;
  }

  return {
    async *catalog() {
      let after: string | null = null;
      do {
        const data: {
          productVariants: {
            nodes: {
              sku: string | null;
              barcode: string | null;
              displayName: string;
              inventoryItem: { id: string };
            }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        } = await graphql(CATALOG, { after });
        yield data.productVariants.nodes.map((node): ChannelCatalogItem => ({
          itemId: node.inventoryItem.id,
          sku: node.sku || null,
          barcode: node.barcode || null,
          title: node.displayName,
        }));
        after = data.productVariants.pageInfo.hasNextPage ? data.productVariants.pageInfo.endCursor : null;
      } while (after !== null);
    },

    read,

    async set(figures: FigureToSet[]) {
      const outcomes = new Map<string, SetOutcome>();
      // Never read: read first, so even the first push compares.
      const unread = figures.filter((figure) => figure.compare === null).map((figure) => figure.itemId);
      const current = unread.length > 0 ? await read(unread) : new Map<string, number>();
      const toSet = figures.map((figure) => ({
        ...figure,
        compare: figure.compare ?? current.get(figure.itemId) ?? 0,
      }));
      for (let i = 0; i < toSet.length; i += 250) {
        const batch = toSet.slice(i, i + 250);
        const data = await graphql<{
          inventorySetQuantities: {
            userErrors: { field: string[] | null; message: string; code: string | null }[];
          };
        }>(SET, {
          input: {
            name: 'available',
            reason: 'correction',
            referenceDocumentUri: 'counter://head-office/channel-push',
            quantities: batch.map((figure) => ({
              inventoryItemId: figure.itemId,
              locationId: needLocation(),
              quantity: figure.quantity,
              compareQuantity: figure.compare,
            })),
          },
        });
        const errors = data.inventorySetQuantities.userErrors;
        if (errors.length === 0) {
          for (const figure of batch) outcomes.set(figure.itemId, { outcome: 'set' });
          continue;
        }
        // The mutation is all or nothing: items named by an error other than a stale compare are refused, the
        // rest go again with what the shop shows now.
        const refused = new Map<number, string>();
        for (const error of errors) {
          const index = Number(error.field?.[2]);
          if (error.code !== 'COMPARE_QUANTITY_STALE' && Number.isInteger(index))
            refused.set(index, error.message);
        }
        const actual = await read(batch.map((figure) => figure.itemId));
        batch.forEach((figure, index) => {
          const reason = refused.get(index);
          outcomes.set(
            figure.itemId,
            reason !== undefined
              ? { outcome: 'refused', reason: `Shopify: ${reason}` }
              : { outcome: 'stale', actual: actual.get(figure.itemId) ?? 0 },
          );
        });
      }
      return outcomes;
    },

    async ordersSince(cursor) {
      const orders: RemoteOrder[] = [];
      let after: string | null = null;
      do {
        const data: {
          orders: { nodes: OrderNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
        } = await graphql(ORDERS, { after, query: cursor === null ? null : `updated_at:>='${cursor}'` });
        orders.push(...data.orders.nodes.map(orderOfNode));
        after = data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null;
      } while (after !== null && orders.length < 1000);
      return { orders, cursor: orders.at(-1)?.updatedAt ?? cursor };
    },

    webhook: (headers, rawBody) =>
      signedDelivery('shopify', headers, rawBody, config.secrets.webhookSecret, orderOfWebhook),
  };
}

/** The order an `orders/…` webhook tells of. */
const orderOfWebhook = (topic: string, body: unknown): RemoteOrder | null =>
  topic.startsWith('orders/') ? orderOfRest(body) : null;

function orderOfNode(node: OrderNode): RemoteOrder {
  return {
    orderId: node.id,
    number: node.name,
    status: statusOf(node.cancelledAt, node.displayFinancialStatus, node.displayFulfillmentStatus),
    lines: node.lineItems.nodes.map((line) => ({
      itemId: line.variant?.inventoryItem.id ?? null,
      sku: line.sku,
      quantity: line.quantity,
    })),
    updatedAt: node.updatedAt,
  };
}

/** A webhook's order, in the REST shape Shopify sends them in. */
function orderOfRest(body: unknown): RemoteOrder | null {
  const order = body as {
    id?: number;
    admin_graphql_api_id?: string;
    name?: string;
    updated_at?: string;
    cancelled_at?: string | null;
    financial_status?: string | null;
    fulfillment_status?: string | null;
    line_items?: { sku?: string | null; quantity?: number }[];
  } | null;
  if (!order || typeof order.id !== 'number' || !Array.isArray(order.line_items)) return null;
  return {
    orderId: order.admin_graphql_api_id ?? `gid://shopify/Order/${order.id}`,
    number: order.name ?? String(order.id),
    status: statusOf(
      order.cancelled_at ?? null,
      order.financial_status ?? null,
      order.fulfillment_status ?? null,
    ),
    lines: order.line_items.map((line) => ({
      itemId: null,
      sku: line.sku ?? null,
      quantity: line.quantity ?? 0,
    })),
    updatedAt: order.updated_at ?? new Date(0).toISOString(),
  };
}

function statusOf(
  cancelledAt: string | null,
  financial: string | null,
  fulfilment: string | null,
): RemoteOrderStatus {
  if (cancelledAt) return 'cancelled';
  if (financial?.toLowerCase() === 'refunded') return 'refunded';
  if (fulfilment?.toLowerCase() === 'fulfilled') return 'fulfilled';
  return 'open';
}

/** Retry-After in seconds (or an HTTP date) as milliseconds; a second when it says nothing usable. */
export function retryAfterMs(header: string | null): number {
  if (header === null) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1000, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(1000, at - Date.now());
}
