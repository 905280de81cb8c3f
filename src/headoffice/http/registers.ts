/** Registers and their pairing codes: list, revoke, re-pair, release from quarantine. */
import { z } from 'zod';
import {
  pairingCodeRequestSchema,
  pairingCodeViewSchema,
  registerParamsSchema,
  registersQuerySchema,
  registerViewSchema,
  storeParamsSchema,
} from '../../shared/sync/admin-api.ts';
import { createPairingCode, listRegisters, releaseRegister, revokeRegister } from '../registers.ts';
import { findRegister } from '../find.ts';
import { needs, visibleStores, type StoreScope } from './access.ts';
import { errorResponses } from './errors.ts';
import type { Api, ApiDeps } from './types.ts';

const tags = ['Registers'];

/** A register belongs to the store it was enrolled in. */
const registerStore: StoreScope = async (ho, params) =>
  (await findRegister(ho.db, params.registerId as string)).store_id;

export function registerRoutes(api: Api, { ho, disconnectRegister }: ApiDeps): void {
  api.post(
    '/api/stores/:storeId/pairing-codes',
    {
      config: needs('registers.write', 'path'),
      schema: {
        summary: 'Create a one-time pairing code for enrolling a register in this store',
        tags,
        params: storeParamsSchema,
        body: pairingCodeRequestSchema,
        response: {
          201: pairingCodeViewSchema.describe("The code, to type into the register's setup screen"),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createPairingCode(ho, { storeId: request.params.storeId }, request.body.ttlMinutes)),
  );

  api.get(
    '/api/registers',
    {
      config: needs('registers.read', 'list'),
      schema: {
        summary: 'List registers, by store',
        tags,
        querystring: registersQuerySchema,
        response: { 200: z.array(registerViewSchema).describe('Registers, by store'), ...errorResponses },
      },
    },
    async (request) => listRegisters(ho, visibleStores(request, request.query.storeId)),
  );

  api.post(
    '/api/registers/:registerId/revoke',
    {
      config: needs('registers.write', registerStore),
      schema: {
        summary: "Revoke a register's token; its connections drop at once",
        tags,
        params: registerParamsSchema,
        response: { 200: registerViewSchema.describe('The register, revoked'), ...errorResponses },
      },
    },
    async (request) => {
      const register = await revokeRegister(ho, request.params.registerId);
      disconnectRegister(register.id);
      return register;
    },
  );

  api.post(
    '/api/registers/:registerId/pairing-codes',
    {
      config: needs('registers.write', registerStore),
      schema: {
        summary:
          'Create a one-time re-pair code that gives this register a new token (after a revoke or a lost token)',
        tags,
        params: registerParamsSchema,
        body: pairingCodeRequestSchema,
        response: {
          201: pairingCodeViewSchema.describe("The code, to type into that register's setup screen"),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createPairingCode(ho, { registerId: request.params.registerId }, request.body.ttlMinutes),
        ),
  );

  api.post(
    '/api/registers/:registerId/release',
    {
      config: needs('registers.write', registerStore),
      schema: {
        summary: 'Lift a quarantine once only one install uses the token',
        tags,
        params: registerParamsSchema,
        response: { 200: registerViewSchema.describe('The register, released'), ...errorResponses },
      },
    },
    async (request) => releaseRegister(ho, request.params.registerId),
  );
}
