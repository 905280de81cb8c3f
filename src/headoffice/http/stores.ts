/** Stores: name, currency, tax settings and receipt texts; a change reaches the store's registers. */
import { z } from 'zod';
import {
  storeCreateSchema,
  storeParamsSchema,
  storeUpdateSchema,
  storeViewSchema,
  taxSettingsSchema,
} from '../../shared/sync/admin-api.ts';
import { findStore } from '../find.ts';
import { createStore, deleteStore, listStores, storeView, updateStore } from '../stores.ts';
import { needs, visibleStores } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, noContentRoute } from './write-routes.ts';

const tags = ['Stores'];

export function storeRoutes(api: Api, { ho }: ApiDeps): void {
  api.get(
    '/api/stores',
    {
      config: needs('stores.read', 'list'),
      schema: {
        summary: 'List stores',
        tags,
        response: { 200: z.array(storeViewSchema).describe('Every store, by id'), ...errorResponses },
      },
    },
    async (request) => listStores(ho, visibleStores(request, undefined)),
  );

  createdRoute(api, '/api/stores', {
    config: needs('stores.write', 'none'),
    summary: 'Create a store',
    tags,
    body: storeCreateSchema,
    created: storeViewSchema.describe('The new store'),
    create: async (request) => {
      request.auditTarget = `storeId=${request.body.id}`;
      return createStore(ho, request.body);
    },
  });

  api.get(
    '/api/stores/:storeId',
    {
      config: needs('stores.read', 'path'),
      schema: {
        summary: 'One store',
        tags,
        params: storeParamsSchema,
        response: { 200: storeViewSchema.describe('The store'), ...errorResponses },
      },
    },
    async (request) => storeView(await findStore(ho.db, request.params.storeId)),
  );

  api.patch(
    '/api/stores/:storeId',
    {
      config: needs('stores.write', 'path'),
      schema: {
        summary: "Change a store's name, currency, tax settings or receipt texts (sent to its registers)",
        tags,
        params: storeParamsSchema,
        body: storeUpdateSchema,
        response: { 200: storeViewSchema.describe('The store after the change'), ...errorResponses },
      },
    },
    async (request) => updateStore(ho, request.params.storeId, request.body),
  );

  noContentRoute(api, 'DELETE', '/api/stores/:storeId', {
    config: needs('stores.write', 'path'),
    summary: 'Delete a store nothing refers to yet (409 once it has registers or stock history)',
    tags,
    params: storeParamsSchema,
    done: 'Deleted',
    act: (request) => deleteStore(ho, request.params.storeId),
  });

  api.put(
    '/api/stores/:storeId/tax',
    {
      config: needs('stores.write', 'path'),
      schema: {
        summary: "Set a store's tax settings (sent to its registers)",
        tags,
        params: storeParamsSchema,
        body: taxSettingsSchema,
        response: { 200: storeViewSchema.describe('The store after the change'), ...errorResponses },
      },
    },
    async (request) => updateStore(ho, request.params.storeId, request.body),
  );
}
