/** A route that lists across stores, a page at a time: counts, receipts, transfers, sales, orders and the like. */
import type { z } from 'zod';
import type { Permission } from '../../shared/backoffice/roles.ts';
import { pageSchema, type Page } from '../../shared/sync/admin-api.ts';
import { needs, visibleStores } from './access.ts';
import { okRoute } from './routes.ts';
import type { Api } from './types.ts';

export interface StoreListRoute<Query extends { storeId?: string }, Item extends z.ZodType> {
  permission: Permission;
  summary: string;
  description?: string;
  tags: string[];
  querystring: z.ZodType<Query>;
  item: Item;
  /** The page, given the query with `storeId` turned into the stores the caller may see. */
  list: (query: Omit<Query, 'storeId'> & { storeIds: string[] | null }) => Promise<Page<z.input<Item>>>;
}

/** GET `url`: the store asked for, or every store the caller may see (access.ts, visibleStores). */
export function storeListRoute<Query extends { storeId?: string }, Item extends z.ZodType>(
  api: Api,
  url: string,
  { permission, item, list, ...schema }: StoreListRoute<Query, Item>,
): void {
  okRoute(api, 'GET', url, {
    ...schema,
    config: needs(permission, 'list'),
    ok: pageSchema(item),
    answer: (request) => {
      // A generic schema's type does not reach the request: it is the querystring's, validated.
      const { storeId, ...query } = request.query as Query;
      return list({ ...query, storeIds: visibleStores(request, storeId) });
    },
  });
}
