/**
 * The HTTP admin API (docs/headoffice-api.md, docs/openapi.yaml): JSON in and out, every body and query checked
 * against the schemas in src/shared/sync/admin-api.ts, errors as `{ error: { code, message, details? } }`.
 * Everything except enrolment and the health check needs `Authorization: Bearer <admin token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  exceptionsQuerySchema,
  pageQuerySchema,
  pairingCodeRequestSchema,
  productsUpsertSchema,
  registersQuerySchema,
  salesQuerySchema,
  stockMovementRequestSchema,
  stockQuerySchema,
  storeCreateSchema,
  storeUpdateSchema,
  taxSettingsSchema,
} from '../shared/sync/admin-api.ts';
import { enrollRequestSchema } from '../shared/sync/protocol.ts';
import { CounterError, type ErrorCode } from '../shared/errors.ts';
import { deleteProduct, loadProducts, upsertProducts } from './catalog.ts';
import type { HeadOffice } from './context.ts';
import { isTransientDbError, RETRY_AFTER_MS } from './db/transient.ts';
import { findStore } from './find.ts';
import { createPairingCode, enroll, listRegisters, releaseRegister, revokeRegister } from './registers.ts';
import { listExceptions, listSales, resolveException } from './reports.ts';
import { addStockMovement, listStock } from './stock.ts';
import { createStore, deleteStore, listStores, storeView, updateStore } from './stores.ts';
import { parseInput } from './validation.ts';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface Request {
  params: Record<string, string>;
  query: Record<string, string>;
  body: () => Promise<unknown>;
}

interface Reply {
  status: number;
  body?: unknown;
}

type Route = {
  method: string;
  pattern: RegExp;
  /** Enrolment and the health check: no admin token. */
  open?: boolean;
  handle: (request: Request) => Promise<Reply>;
};

export interface AdminApiDeps {
  ho: HeadOffice;
  adminToken: string;
  disconnectRegister: (registerId: string) => void;
  log: (line: string) => void;
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const created = (body: unknown): Reply => ({ status: 201, body });
const noContent: Reply = { status: 204 };

/** `/api/stores/:storeId` → a regex with named groups. */
function path(template: string): RegExp {
  return new RegExp(`^${template.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
}

function routes({ ho, disconnectRegister }: AdminApiDeps): Route[] {
  const route = (method: string, template: string, handle: Route['handle'], open = false): Route => ({
    method,
    pattern: path(template),
    handle,
    open,
  });
  return [
    route('GET', '/healthz', () => Promise.resolve(ok({ ok: true })), true),
    route(
      'POST',
      '/api/enroll',
      async (r) => {
        const enrolled = await enroll(ho, parseInput(enrollRequestSchema, await r.body(), 'enrolment'));
        // After a re-pair, connections still using the register's old token go (a no-op for a new register).
        disconnectRegister(enrolled.registerId);
        return created(enrolled);
      },
      true,
    ),

    route('GET', '/api/stores', async () => ok(await listStores(ho))),
    route('POST', '/api/stores', async (r) =>
      created(await createStore(ho, parseInput(storeCreateSchema, await r.body(), 'store'))),
    ),
    route('GET', '/api/stores/:storeId', async (r) =>
      ok(storeView(await findStore(ho.db, r.params.storeId!))),
    ),
    route('PATCH', '/api/stores/:storeId', async (r) =>
      ok(
        await updateStore(
          ho,
          r.params.storeId!,
          parseInput(storeUpdateSchema, await r.body(), 'store update'),
        ),
      ),
    ),
    route('DELETE', '/api/stores/:storeId', async (r) => {
      await deleteStore(ho, r.params.storeId!);
      return noContent;
    }),
    route('PUT', '/api/stores/:storeId/tax', async (r) =>
      ok(
        await updateStore(
          ho,
          r.params.storeId!,
          parseInput(taxSettingsSchema, await r.body(), 'tax settings'),
        ),
      ),
    ),
    route('POST', '/api/stores/:storeId/pairing-codes', async (r) => {
      const { ttlMinutes } = parseInput(
        pairingCodeRequestSchema,
        (await r.body()) ?? {},
        'pairing code request',
      );
      return created(await createPairingCode(ho, { storeId: r.params.storeId! }, ttlMinutes));
    }),
    route('GET', '/api/stores/:storeId/stock', async (r) => {
      const query = parseInput(stockQuerySchema, r.query, 'query');
      const store = await findStore(ho.db, r.params.storeId!);
      const items = await listStock(ho.db, store.id, { ...query, limit: query.limit + 1 });
      const page = items.slice(0, query.limit);
      return ok({ items: page, next: items.length > query.limit ? page.at(-1)!.sku : null });
    }),
    route('POST', '/api/stores/:storeId/stock-movements', async (r) =>
      created(
        await addStockMovement(
          ho,
          r.params.storeId!,
          parseInput(stockMovementRequestSchema, await r.body(), 'stock movement'),
        ),
      ),
    ),

    route('GET', '/api/registers', async (r) =>
      ok(await listRegisters(ho, parseInput(registersQuerySchema, r.query, 'query').storeId)),
    ),
    route('POST', '/api/registers/:registerId/revoke', async (r) => {
      const register = await revokeRegister(ho, r.params.registerId!);
      disconnectRegister(register.id);
      return ok(register);
    }),
    route('POST', '/api/registers/:registerId/pairing-codes', async (r) => {
      const { ttlMinutes } = parseInput(
        pairingCodeRequestSchema,
        (await r.body()) ?? {},
        'pairing code request',
      );
      return created(await createPairingCode(ho, { registerId: r.params.registerId! }, ttlMinutes));
    }),
    route('POST', '/api/registers/:registerId/release', async (r) =>
      ok(await releaseRegister(ho, r.params.registerId!)),
    ),

    route('GET', '/api/products', async (r) => {
      const query = parseInput(pageQuerySchema, r.query, 'query');
      const items = await loadProducts(ho.db, { after: query.after ?? null, limit: query.limit + 1 });
      const page = items.slice(0, query.limit);
      return ok({ items: page, next: items.length > query.limit ? page.at(-1)!.sku : null });
    }),
    route('PUT', '/api/products', async (r) =>
      ok(await upsertProducts(ho, parseInput(productsUpsertSchema, await r.body(), 'product list').products)),
    ),
    route('GET', '/api/products/:sku', async (r) => {
      const [product] = await loadProducts(ho.db, { skus: [r.params.sku!] });
      if (!product) throw new CounterError('NOT_FOUND', `There is no product with SKU "${r.params.sku}".`);
      return ok(product);
    }),
    route('DELETE', '/api/products/:sku', async (r) => {
      await deleteProduct(ho, r.params.sku!);
      return noContent;
    }),

    route('GET', '/api/sales', async (r) =>
      ok(await listSales(ho, parseInput(salesQuerySchema, r.query, 'query'))),
    ),
    route('GET', '/api/exceptions', async (r) =>
      ok(await listExceptions(ho, parseInput(exceptionsQuerySchema, r.query, 'query'))),
    ),
    route('POST', '/api/exceptions/:id/resolve', async (r) => {
      const id = Number(r.params.id);
      if (!Number.isInteger(id))
        throw new CounterError('NOT_FOUND', `There is no exception "${r.params.id}".`);
      await resolveException(ho, id);
      return noContent;
    }),
  ];
}

const statusOf: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  FORBIDDEN: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
};

/** The request listener for node:http. socket.io handles its own path before this sees anything. */
export function adminApi(deps: AdminApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const table = routes(deps);
  const expected = createHash('sha256').update(deps.adminToken).digest();
  const authorised = (header: string | undefined): boolean => {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    return token !== undefined && timingSafeEqual(createHash('sha256').update(token).digest(), expected);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://head-office');
    let reply: Reply;
    try {
      reply = await dispatch(table, req, url, authorised);
    } catch (error) {
      reply = errorReply(error, deps.log);
    }
    send(res, reply);
  };
  return (req, res) => {
    // Only writing the reply can still fail here (the client went away): logged, never a crash of the server.
    answer(req, res).catch((error: unknown) => deps.log(`admin API could not reply: ${String(error)}`));
  };
}

async function dispatch(
  table: Route[],
  req: IncomingMessage,
  url: URL,
  authorised: (header: string | undefined) => boolean,
): Promise<Reply> {
  const onPath = table
    .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
    .filter(({ match }) => match !== null);
  const found = onPath.find(({ route }) => route.method === req.method);
  if (!found) {
    if (onPath.length > 0) {
      const allowed = onPath.map(({ route }) => route.method).join(', ');
      return {
        status: 405,
        body: errorBody(
          'INVALID_INPUT',
          `${req.method} is not supported on ${url.pathname}: use ${allowed}.`,
        ),
      };
    }
    return {
      status: 404,
      body: errorBody('NOT_FOUND', `There is no ${url.pathname}: see docs/headoffice-api.md for the routes.`),
    };
  }
  if (!found.route.open && !authorised(req.headers.authorization)) {
    throw new CounterError(
      'FORBIDDEN',
      'Send the admin token as "Authorization: Bearer <token>" (HEADOFFICE_ADMIN_TOKEN).',
    );
  }
  const params = Object.fromEntries(
    Object.entries(found.match!.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]),
  );
  return found.route.handle({
    params,
    query: Object.fromEntries(url.searchParams),
    body: () => readJson(req),
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new CounterError('INVALID_INPUT', 'The request body is larger than 10 MB: send it in parts.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new CounterError(
      'INVALID_INPUT',
      'The request body is not JSON: send Content-Type application/json with a JSON object.',
    );
  }
}

function errorBody(code: ErrorCode, message: string, details?: string[]) {
  return { error: details ? { code, message, details } : { code, message } };
}

function errorReply(error: unknown, log: (line: string) => void): Reply {
  if (error instanceof CounterError)
    return { status: statusOf[error.code] ?? 500, body: { error: error.toJSON() } };
  if (isTransientDbError(error)) {
    return {
      status: 503,
      body: errorBody(
        'UNAVAILABLE',
        'Head office cannot reach its database right now: try again in a moment.',
      ),
    };
  }
  log(`admin API error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return {
    status: 500,
    body: errorBody(
      'INTERNAL',
      'Head office hit an unexpected error; it has been logged. Try again, or report it.',
    ),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.status === 503) res.setHeader('Retry-After', String(Math.ceil(RETRY_AFTER_MS / 1000)));
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  const body = JSON.stringify(reply.body);
  res
    .writeHead(reply.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    })
    .end(body);
}
