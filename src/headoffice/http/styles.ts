/** Styles and their variants (src/headoffice/styles.ts): each variant is a product of the catalog. */
import { CounterError } from '../../shared/errors.ts';
import { styleInputSchema, styleParamsSchema, styleViewSchema } from '../../shared/sync/styles-api.ts';
import { loadStyle, saveStyle } from '../styles.ts';
import { needs } from './access.ts';
import type { Api, ApiDeps } from './types.ts';
import { okRoute } from './routes.ts';

const tags = ['Products'];

export function styleRoutes(api: Api, { ho }: ApiDeps): void {
  okRoute(api, 'GET', '/api/styles/:id', {
    config: needs('catalog.read', 'none'),
    summary: 'A style, its options and its variants',
    tags,
    params: styleParamsSchema,
    ok: styleViewSchema,
    answer: async (request) => {
      const style = await loadStyle(ho.db, request.params.id);
      if (!style) throw new CounterError('NOT_FOUND', `There is no style with id "${request.params.id}".`);
      return style;
    },
  });

  okRoute(api, 'PUT', '/api/styles/:id', {
    config: needs('catalog.write', 'none'),
    summary: 'Create or change a style: one variant (its own product) per combination of its options',
    description:
      'Each variant gets a SKU made of the style id and its values (TEE-RED-M) unless one is given, and the ' +
      "style's price unless it has its own. A variant whose values are no longer among the options stays, " +
      'inactive. All or nothing; audited; the variants reach every register like any catalog change.',
    tags,
    params: styleParamsSchema,
    body: styleInputSchema,
    ok: styleViewSchema.describe('The style as it is now'),
    answer: async (request) => saveStyle(ho, request.params.id, request.body),
  });
}
