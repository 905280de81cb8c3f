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
import { needs, storeOfRow, visibleStores } from './access.ts';
import type { Api, ApiDeps } from './types.ts';
import { createdRoute, okRoute } from './routes.ts';

const tags = ['Registers'];

/** A register belongs to the store it was enrolled in. */
const registerStore = storeOfRow('registers', 'registerId');

export function registerRoutes(api: Api, { ho, disconnectRegister }: ApiDeps): void {
  createdRoute(api, '/api/stores/:storeId/pairing-codes', {
    config: needs('registers.write', 'path'),
    summary: 'Create a one-time pairing code for enrolling a register in this store',
    tags,
    params: storeParamsSchema,
    body: pairingCodeRequestSchema,
    created: pairingCodeViewSchema.describe("The code, to type into the register's setup screen"),
    create: (request) => createPairingCode(ho, { storeId: request.params.storeId }, request.body.ttlMinutes),
  });

  okRoute(api, 'GET', '/api/registers', {
    config: needs('registers.read', 'list'),
    summary: 'List registers, by store',
    tags,
    querystring: registersQuerySchema,
    ok: z.array(registerViewSchema).describe('Registers, by store'),
    answer: async (request) => listRegisters(ho, visibleStores(request, request.query.storeId)),
  });

  okRoute(api, 'POST', '/api/registers/:registerId/revoke', {
    config: needs('registers.write', registerStore),
    summary: "Revoke a register's token; its connections drop at once",
    tags,
    params: registerParamsSchema,
    ok: registerViewSchema.describe('The register, revoked'),
    answer: async (request) => {
      const register = await revokeRegister(ho, request.params.registerId);
      disconnectRegister(register.id);
      return register;
    },
  });

  createdRoute(api, '/api/registers/:registerId/pairing-codes', {
    config: needs('registers.write', registerStore),
    summary:
      'Create a one-time re-pair code that gives this register a new token (after a revoke or a lost token)',
    tags,
    params: registerParamsSchema,
    body: pairingCodeRequestSchema,
    created: pairingCodeViewSchema.describe("The code, to type into that register's setup screen"),
    create: (request) =>
      createPairingCode(ho, { registerId: request.params.registerId }, request.body.ttlMinutes),
  });

  okRoute(api, 'POST', '/api/registers/:registerId/release', {
    config: needs('registers.write', registerStore),
    summary: 'Lift a quarantine once only one install uses the token',
    tags,
    params: registerParamsSchema,
    ok: registerViewSchema.describe('The register, released'),
    answer: async (request) => releaseRegister(ho, request.params.registerId),
  });
}
