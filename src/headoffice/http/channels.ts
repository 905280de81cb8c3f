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
import {
  channelView,
  createChannel,
  findChannel,
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
import { createdRoute, noContentRoute } from './write-routes.ts';

const tags = ['Channels'];
const read = needs('channels.read', 'none');
const write = needs('channels.write', 'none');

export function channelRoutes(api: Api, { ho, channels }: ApiDeps): void {
  api.get(
    '/api/channels',
    {
      config: read,
      schema: {
        summary: 'List web-shop channels',
        tags,
        response: { 200: z.array(channelViewSchema), ...errorResponses },
      },
    },
    async () => listChannels(ho.db),
  );

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

  api.get(
    '/api/channels/:channelId',
    {
      config: read,
      schema: {
        summary: 'One channel',
        tags,
        params: channelParamsSchema,
        response: { 200: channelViewSchema, ...errorResponses },
      },
    },
    async (request) => channelView(ho.db, request.params.channelId),
  );

  api.patch(
    '/api/channels/:channelId',
    {
      config: write,
      schema: {
        summary:
          "Change a channel's settings: stores, safety stock, secrets…; every mapped SKU is pushed again",
        tags,
        params: channelParamsSchema,
        body: channelUpdateSchema,
        response: { 200: channelViewSchema, ...errorResponses },
      },
    },
    async (request) => updateChannel(ho, channels.key, request.params.channelId, request.body),
  );

  api.post(
    '/api/channels/:channelId/mapping',
    {
      config: write,
      schema: {
        summary: "Map the shop's items to SKUs by SKU, then by barcode; reports what did not match",
        tags,
        params: channelParamsSchema,
        response: { 200: mappingReportSchema, ...errorResponses },
      },
    },
    async (request) => mapChannel(channels, request.params.channelId),
  );

  api.get(
    '/api/channels/:channelId/items',
    {
      config: read,
      schema: {
        summary: "Mapped SKUs, each with the figure it should show and the shop's as last read or set",
        tags,
        params: channelParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(channelItemViewSchema), ...errorResponses },
      },
    },
    async (request) => listItems(ho.db, request.params.channelId, request.query),
  );

  api.get(
    '/api/channels/:channelId/pushes',
    {
      config: read,
      schema: {
        summary: 'Pushes to the shop with their state (pending, sent, failed with the reason), newest first',
        tags,
        params: channelParamsSchema,
        querystring: channelPushesQuerySchema,
        response: { 200: pageSchema(channelPushViewSchema), ...errorResponses },
      },
    },
    async (request) => listPushes(ho.db, request.params.channelId, request.query),
  );

  noContentRoute(api, 'POST', '/api/channels/:channelId/pushes/:pushId/retry', {
    config: write,
    summary: 'Retry a failed push now',
    tags,
    params: channelPushParamsSchema,
    done: 'Queued to go at once',
    act: (request) => retryPush(ho, request.params.channelId, request.params.pushId),
  });

  api.get(
    '/api/channels/:channelId/orders',
    {
      config: read,
      schema: {
        summary: "The shop's orders as head office took them in, with their state; latest change first",
        tags,
        params: channelParamsSchema,
        querystring: channelOrdersQuerySchema,
        response: { 200: pageSchema(channelOrderViewSchema), ...errorResponses },
      },
    },
    async (request) => listOrders(ho.db, request.params.channelId, request.query),
  );

  noContentRoute(api, 'POST', '/api/channels/:channelId/orders/:orderId/choice', {
    config: write,
    summary: 'Choose for an oversold order: fulfil from another store, cancel, or backorder',
    tags,
    params: channelOrderParamsSchema,
    body: oversellChoiceSchema,
    done: 'Done; its exception is resolved',
    act: ({ params, body, actor }) => chooseForOversold(ho, params.channelId, params.orderId, body, actor!),
  });

  api.post(
    '/api/channels/:channelId/reconcile',
    {
      config: write,
      schema: {
        summary: "Compare every mapped SKU's figure at the shop now, repair the differences and list them",
        tags,
        params: channelParamsSchema,
        response: { 200: reconcileReportSchema, ...errorResponses },
      },
    },
    async (request) => reconcileChannel(channels, request.params.channelId),
  );

  api.post(
    '/api/channels/:channelId/poll',
    {
      config: write,
      schema: {
        summary: 'Fetch the orders the shop changed since the last poll now',
        tags,
        params: channelParamsSchema,
        response: { 200: pollReportSchema, ...errorResponses },
      },
    },
    async (request) => ({ orders: await pollOrders(channels, request.params.channelId) }),
  );

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
