/**
 * Channels (issue 18): web shops' settings and mapping, their pushes and orders with their states, a person's
 * retry of a failed push and choice for an oversold order, the reconcile and the order poll on demand; and the
 * shops' webhooks, which sign in with nothing but their HMAC over the raw body.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  channelCreateSchema,
  channelItemViewSchema,
  channelOrderParamsSchema,
  channelOrdersQuerySchema,
  channelOrderViewSchema,
  channelParamsSchema,
  channelPushesQuerySchema,
  channelPushParamsSchema,
  channelPushViewSchema,
  channelUpdateSchema,
  channelViewSchema,
  mappingReportSchema,
  oversellChoiceSchema,
  pollReportSchema,
  reconcileReportSchema,
} from '../../shared/channels.ts';
import { CounterError } from '../../shared/errors.ts';
import { pageQuerySchema, pageSchema } from '../../shared/sync/admin-api.ts';
import { chooseForOversold, pollOrders, takeOrder } from '../channels/orders.ts';
import { retryPush } from '../channels/queue.ts';
import { reconcileChannel } from '../channels/reconcile.ts';
import { findChannel } from '../find.ts';
import {
  channelView,
  createChannel,
  listChannels,
  listItems,
  listOrders,
  listPushes,
  mapChannel,
  updateChannel,
} from '../channels/settings.ts';
import { needs, open } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, noContentRoute, okRoute } from './routes.ts';

const tags = ['Channels'];
const read = needs('channels.read', 'none');
const write = needs('channels.write', 'none');

export function channelRoutes(api: Api, { ho, channels }: ApiDeps): void {
  okRoute(api, 'GET', '/api/channels', {
    config: read,
    summary: 'List web-shop channels',
    tags,
    ok: z.array(channelViewSchema),
    answer: async () => listChannels(ho.db),
  });

  createdRoute(api, '/api/channels', {
    config: write,
    summary: 'Add a web-shop channel (Shopify or WooCommerce); its secrets are stored encrypted',
    tags,
    body: channelCreateSchema,
    created: channelViewSchema.describe('The new channel'),
    create: async (request) => {
      request.auditTarget = `channelId=${request.body.id}`;
      return createChannel(ho, channels.key, request.body);
    },
  });

  okRoute(api, 'GET', '/api/channels/:channelId', {
    config: read,
    summary: 'One channel',
    tags,
    params: channelParamsSchema,
    ok: channelViewSchema,
    answer: async (request) => channelView(ho.db, request.params.channelId),
  });

  okRoute(api, 'PATCH', '/api/channels/:channelId', {
    config: write,
    summary: "Change a channel's settings: stores, safety stock, secrets…; every mapped SKU is pushed again",
    tags,
    params: channelParamsSchema,
    body: channelUpdateSchema,
    ok: channelViewSchema,
    answer: async (request) => updateChannel(ho, channels.key, request.params.channelId, request.body),
  });

  okRoute(api, 'POST', '/api/channels/:channelId/mapping', {
    config: write,
    summary: "Map the shop's items to SKUs by SKU, then by barcode; reports what did not match",
    tags,
    params: channelParamsSchema,
    ok: mappingReportSchema,
    answer: async (request) => mapChannel(channels, request.params.channelId),
  });

  okRoute(api, 'GET', '/api/channels/:channelId/items', {
    config: read,
    summary: "Mapped SKUs, each with the figure it should show and the shop's as last read or set",
    tags,
    params: channelParamsSchema,
    querystring: pageQuerySchema,
    ok: pageSchema(channelItemViewSchema),
    answer: async (request) => listItems(ho.db, request.params.channelId, request.query),
  });

  okRoute(api, 'GET', '/api/channels/:channelId/pushes', {
    config: read,
    summary: 'Pushes to the shop with their state (pending, sent, failed with the reason), newest first',
    tags,
    params: channelParamsSchema,
    querystring: channelPushesQuerySchema,
    ok: pageSchema(channelPushViewSchema),
    answer: async (request) => listPushes(ho.db, request.params.channelId, request.query),
  });

  noContentRoute(api, 'POST', '/api/channels/:channelId/pushes/:pushId/retry', {
    config: write,
    summary: 'Retry a failed push now',
    tags,
    params: channelPushParamsSchema,
    done: 'Queued to go at once',
    act: (request) => retryPush(ho, request.params.channelId, request.params.pushId),
  });

  okRoute(api, 'GET', '/api/channels/:channelId/orders', {
    config: read,
    summary: "The shop's orders as head office took them in, with their state; latest change first",
    tags,
    params: channelParamsSchema,
    querystring: channelOrdersQuerySchema,
    ok: pageSchema(channelOrderViewSchema),
    answer: async (request) => listOrders(ho.db, request.params.channelId, request.query),
  });

  noContentRoute(api, 'POST', '/api/channels/:channelId/orders/:orderId/choice', {
    config: write,
    summary: 'Choose for an oversold order: fulfil from another store, cancel, or backorder',
    tags,
    params: channelOrderParamsSchema,
    body: oversellChoiceSchema,
    done: 'Done; its exception is resolved',
    act: ({ params, body, actor }) => chooseForOversold(ho, params.channelId, params.orderId, body, actor!),
  });

  okRoute(api, 'POST', '/api/channels/:channelId/reconcile', {
    config: write,
    summary: "Compare every mapped SKU's figure at the shop now, repair the differences and list them",
    tags,
    params: channelParamsSchema,
    ok: reconcileReportSchema,
    answer: async (request) => reconcileChannel(channels, request.params.channelId),
  });

  okRoute(api, 'POST', '/api/channels/:channelId/poll', {
    config: write,
    summary: 'Fetch the orders the shop changed since the last poll now',
    tags,
    params: channelParamsSchema,
    ok: pollReportSchema,
    answer: async (request) => ({ orders: await pollOrders(channels, request.params.channelId) }),
  });

  // The shop's signature is over the raw body: this route reads it as bytes, in a scope of its own.
  void api.register((plain, _options, done) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/channels/:channelId/webhooks',
      {
        config: open,
        schema: {
          summary:
            "The shop's order webhooks (Shopify X-Shopify-Hmac-Sha256, WooCommerce X-WC-Webhook-Signature)",
          description:
            'Refused (401) without a valid signature; a webhook id already taken is answered 200 and ignored.',
          tags,
          params: channelParamsSchema,
          response: {
            200: z.object({ outcome: z.enum(['taken', 'duplicate', 'ignored']) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { channelId } = request.params;
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        // The audit keeps no copy of the shop's body.
        request.body = undefined;
        const channel = await findChannel(ho.db, channelId);
        request.actor = { id: `channel:${channelId}`, name: channel.name };
        const delivery = (await channels.connect(channelId)).webhook(request.headers, raw);
        if (delivery === null)
          throw new CounterError(
            'FORBIDDEN',
            'The webhook signature is missing or wrong: nothing was taken.',
          );
        if (delivery.order === null) return { outcome: 'ignored' as const };
        return { outcome: await takeOrder(ho, channelId, delivery.order, delivery.webhookId) };
      },
    );
    done();
  });
}
