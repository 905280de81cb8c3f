/** The daily journal of a store and the account map it posts to (docs/books.md). */
import { z } from 'zod';
import {
  accountMapQuerySchema,
  accountMapSchema,
  accountMapUpdateSchema,
  dayJournalsSchema,
  exportFormatLabels,
  journalExportQuerySchema,
  journalQuerySchema,
} from '../../shared/books.ts';
import { storeParamsSchema } from '../../shared/sync/admin-api.ts';
import { readAccountMap, replaceAccounts } from '../books/accounts.ts';
import { exportDay } from '../books/exports.ts';
import { dayJournals } from '../books/journal.ts';
import { needs, visibleStores } from './access.ts';
import { errorResponses } from './errors.ts';
import { okRoute } from './routes.ts';
import type { Api, ApiDeps } from './types.ts';

const tags = ['Books'];

export function bookRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/books/accounts', {
    config: needs('exports.read', 'list'),
    summary: 'The account map: built-in defaults, the company’s accounts, each store’s own',
    tags,
    querystring: accountMapQuerySchema,
    ok: accountMapSchema,
    answer: async (request) => readAccountMap(ho.db, visibleStores(request, request.query.storeId)),
  });

  okRoute(api, 'PUT', '/api/books/accounts', {
    config: needs('books.write', 'none'),
    summary: 'Replace the company’s accounts, or one store’s',
    description:
      'A line posts to the store’s account for its key if the store has one, else the company’s, else the ' +
      'default; within each, "sales:STD" (a tax code) or "takings:card" (a tender kind) before "sales".',
    tags,
    body: accountMapUpdateSchema,
    ok: accountMapSchema.describe('The map of that scope as it is now'),
    answer: async (request) => {
      request.auditTarget =
        request.body.storeId === null ? 'accounts=company' : `storeId=${request.body.storeId}`;
      return replaceAccounts(ho, request.body);
    },
  });

  okRoute(api, 'GET', '/api/stores/:storeId/journal', {
    config: needs('exports.read', 'path'),
    summary: 'A store’s journal of a business day, and corrections of earlier days that arrived on it',
    tags,
    params: storeParamsSchema,
    querystring: journalQuerySchema,
    ok: dayJournalsSchema,
    answer: async (request) => dayJournals(ho, request.params.storeId, request.query.date),
  });

  api.get(
    '/api/stores/:storeId/journal/export',
    {
      config: needs('exports.read', 'path'),
      schema: {
        summary: 'Download a day’s journals as a file for the books; the day must be over',
        description:
          `Formats: ${Object.entries(exportFormatLabels)
            .map(([format, label]) => `${format}: ${label}`)
            .join('; ')}. ` +
          'The first export of a day fixes what its journal holds: exporting it again gives the same file, and ' +
          'documents of that day arriving later go into a correction journal on the day they arrived.',
        tags,
        params: storeParamsSchema,
        querystring: journalExportQuerySchema,
        response: { 200: z.string().describe('The file'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { date, format } = request.query;
      const file = await exportDay(ho, request.params.storeId, date, format, request.principal!.actor.id);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .serializer((body: string) => body)
        .send(file.body);
    },
  );
}
