/**
 * The company's customers (issue 19): list and search, one with the records merged into them, their purchases
 * across stores, duplicates, a merge a person decides, and a person's data exported or erased on request. A
 * customer belongs to no store; their purchases are narrowed to the stores the caller may see.
 */
import {
  customerDetailSchema,
  customerExportSchema,
  customerParamsSchema,
  customerPurchasesQuerySchema,
  customerPurchasesSchema,
  customersPageSchema,
  customersQuerySchema,
  duplicatesSchema,
  mergeRequestSchema,
} from '../../shared/backoffice/customers-api.ts';
import {
  customerDetail,
  customerPurchases,
  eraseCustomer,
  exportCustomer,
  findDuplicates,
  listCustomers,
  mergeCustomers,
} from '../customers.ts';
import { needs, visibleStores } from './access.ts';
import type { Api, ApiDeps } from './types.ts';
import { okRoute } from './routes.ts';

const tags = ['Customers'];

export function customerRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/customers', {
    config: needs('customers.read', 'none'),
    summary: 'Customers by name; q finds words of the name, a phone or an email',
    tags,
    querystring: customersQuerySchema,
    ok: customersPageSchema,
    answer: async (request) => listCustomers(ho, request.query),
  });

  okRoute(api, 'GET', '/api/customers/duplicates', {
    config: needs('customers.read', 'none'),
    summary: 'Customers that share an email or a phone, for a person to merge',
    tags,
    ok: duplicatesSchema,
    answer: async () => findDuplicates(ho),
  });

  okRoute(api, 'GET', '/api/customers/:customerId', {
    config: needs('customers.read', 'none'),
    summary: 'A customer (a merged record answers with its survivor) and the records merged into them',
    tags,
    params: customerParamsSchema,
    ok: customerDetailSchema,
    answer: async (request) => customerDetail(ho, request.params.customerId),
  });

  okRoute(api, 'GET', '/api/customers/:customerId/purchases', {
    config: needs('customers.read', 'list'),
    summary: 'A customer’s sales and returns in every store the caller may see, newest first',
    tags,
    params: customerParamsSchema,
    querystring: customerPurchasesQuerySchema,
    ok: customerPurchasesSchema,
    answer: async (request) => ({
      items: await customerPurchases(
        ho,
        request.params.customerId,
        visibleStores(request, request.query.storeId),
      ),
    }),
  });

  okRoute(api, 'POST', '/api/customers/:customerId/merge', {
    config: needs('customers.manage', 'none'),
    summary: 'Merges the records in mergedIds into this customer: their sales count as this customer’s',
    tags,
    params: customerParamsSchema,
    body: mergeRequestSchema,
    ok: customerDetailSchema,
    answer: async (request) => mergeCustomers(ho, request.params.customerId, request.body.mergedIds),
  });

  okRoute(api, 'POST', '/api/customers/:customerId/export', {
    config: needs('customers.manage', 'none'),
    summary: 'Everything head office holds about the person (a request for their data), as JSON',
    tags,
    params: customerParamsSchema,
    ok: customerExportSchema,
    answer: async (request) => exportCustomer(ho, request.params.customerId),
  });

  okRoute(api, 'POST', '/api/customers/:customerId/erase', {
    config: needs('customers.manage', 'none'),
    summary: 'Erases the person’s name, phone and email on request; their sales stay, anonymised',
    tags,
    params: customerParamsSchema,
    ok: customerDetailSchema,
    answer: async (request) => eraseCustomer(ho, request.params.customerId),
  });
}
