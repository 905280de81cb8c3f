/** Styles and their variants (src/headoffice/styles.ts): each variant is a product of the catalog. */
import { CounterError } from '../../shared/errors.ts';
import { styleInputSchema, styleParamsSchema, styleViewSchema } from '../../shared/sync/styles-api.ts';
import { loadStyle, saveStyle } from '../styles.ts';
import { needs } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';

const tags = ['Products'];

export function styleRoutes(api: Api, { ho }: ApiDeps): void {
  api.get(
    '/api/styles/:id',
    {
      config: needs('catalog.read', 'none'),
      schema: {
        summary: 'A style, its options and its variants',
        tags,
        params: styleParamsSchema,
        response: { 200: styleViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const style = await loadStyle(ho.db, request.params.id);
      if (!style) throw new CounterError('NOT_FOUND', `There is no style with id "${request.params.id}".`);
      return style;
    },
  );

  api.put(
    '/api/styles/:id',
    {
      config: needs('catalog.write', 'none'),
      schema: {
        summary: 'Create or change a style: one variant (its own product) per combination of its options',
        description:
          'Each variant gets a SKU made of the style id and its values (TEE-RED-M) unless one is given, and the ' +
          "style's price unless it has its own. A variant whose values are no longer among the options stays, " +
          'inactive. All or nothing; audited; the variants reach every register like any catalog change.',
        tags,
        params: styleParamsSchema,
        body: styleInputSchema,
        response: { 200: styleViewSchema.describe('The style as it is now'), ...errorResponses },
      },
    },
    async (request) => saveStyle(ho, request.params.id, request.body),
  );
}
