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
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, noContentRoute, okRoute } from './routes.ts';

const tags = ['Stores'];

export function storeRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/stores', {
    config: needs('stores.read', 'list'),
    summary: 'List stores',
    tags,
    ok: z.array(storeViewSchema).describe('Every store, by id'),
    answer: async (request) => listStores(ho, visibleStores(request, undefined)),
  });

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

  okRoute(api, 'GET', '/api/stores/:storeId', {
    config: needs('stores.read', 'path'),
    summary: 'One store',
    tags,
    params: storeParamsSchema,
    ok: storeViewSchema.describe('The store'),
    answer: async (request) => storeView(await findStore(ho.db, request.params.storeId)),
  });

  okRoute(api, 'PATCH', '/api/stores/:storeId', {
    config: needs('stores.write', 'path'),
    summary: "Change a store's name, currency, tax settings or receipt texts (sent to its registers)",
    tags,
    params: storeParamsSchema,
    body: storeUpdateSchema,
    ok: storeViewSchema.describe('The store after the change'),
    answer: async (request) => updateStore(ho, request.params.storeId, request.body),
  });

  noContentRoute(api, 'DELETE', '/api/stores/:storeId', {
    config: needs('stores.write', 'path'),
    summary: 'Delete a store nothing refers to yet (409 once it has registers or stock history)',
    tags,
    params: storeParamsSchema,
    done: 'Deleted',
    act: (request) => deleteStore(ho, request.params.storeId),
  });

  okRoute(api, 'PUT', '/api/stores/:storeId/tax', {
    config: needs('stores.write', 'path'),
    summary: "Set a store's tax settings (sent to its registers)",
    tags,
    params: storeParamsSchema,
    body: taxSettingsSchema,
    ok: storeViewSchema.describe('The store after the change'),
    answer: async (request) => updateStore(ho, request.params.storeId, request.body),
  });
}
