/**
 * Register identity: one-time pairing codes, enrolment (code → device token bound to one store), re-pairing, the
 * token check at every socket connect, revocation and quarantine. Only hashes of codes and tokens are stored.
 *
 * A register's numbering (its outbox seqs) is for life: head office's cursor for it lives with its id. So a
 * register that is already enrolled never enrols as a new register (that would expect seq 1 again); after a
 * revoke or a lost token it is re-paired instead: a re-pair code for its id gives it a new token and it carries
 * on where head office's cursor stands.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { PairingCodeView, RegisterView } from '../shared/sync/admin-api.ts';
import type { ConnectRefusal, EnrollRequest, EnrollResponse } from '../shared/sync/protocol.ts';
import { CounterError } from '../shared/errors.ts';
import { forUpdate, nowIso, type HeadOffice } from './context.ts';
import type { Register } from './db/schema.ts';
import { findRegister, findStore } from './find.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** No 0/O or 1/I: the code is read off one screen and typed into another. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

/** "abcd efgh", "ABCD-EFGH" and "abcdefgh" are the same code. */
const normaliseCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** A one-time code for a new register in a store, or a re-pair code for an enrolled register. */
export async function createPairingCode(
  ho: HeadOffice,
  target: { storeId: string } | { registerId: string },
  ttlMinutes: number,
): Promise<PairingCodeView> {
  const { storeId, registerId } =
    'registerId' in target
      ? { storeId: (await findRegister(ho.db, target.registerId)).store_id, registerId: target.registerId }
      : { storeId: (await findStore(ho.db, target.storeId)).id, registerId: null };
  const raw = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(
    '',
  );
  const now = ho.now();
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000).toISOString();
  await ho.db
    .insertInto('pairing_codes')
    .values({
      code_hash: sha256(raw),
      store_id: storeId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
      register_id: registerId,
    })
    .execute();
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, storeId, expiresAt, registerId };
}

/**
 * Uses up a pairing code: creates the register, or for a re-pair code gives the register it names a new token
 * (its id, store, numbering and cursor stay; a revoke is lifted, a quarantine is not). The token is shown this
 * once and stored as a hash. A code that does not fit the register asking is refused and stays unused.
 */
export async function enroll(ho: HeadOffice, request: EnrollRequest): Promise<EnrollResponse> {
  const codeHash = sha256(normaliseCode(request.pairingCode));
  return ho.db.transaction().execute(async (tx) => {
    const code = await forUpdate(
      ho,
      tx.selectFrom('pairing_codes').selectAll().where('code_hash', '=', codeHash),
    ).executeTakeFirst();
    const now = nowIso(ho);
    if (!code) {
      throw new CounterError(
        'NOT_FOUND',
        'That pairing code is not known: check it, or ask head office for a new one.',
      );
    }
    if (code.used_at !== null) {
      throw new CounterError(
        'CONFLICT',
        'That pairing code has already been used: ask head office for a new one.',
      );
    }
    if (code.expires_at <= now) {
      throw new CounterError('CONFLICT', 'That pairing code has expired: ask head office for a new one.');
    }
    const store = await tx
      .selectFrom('stores')
      .select('name')
      .where('id', '=', code.store_id)
      .executeTakeFirstOrThrow();
    const token = randomBytes(32).toString('base64url');
    const registerId = code.register_id ?? randomUUID();
    if (code.register_id === null) {
      if (request.registerId !== undefined) {
        throw new CounterError(
          'CONFLICT',
          `This register is already enrolled (register ${request.registerId}); a code for a new register would start its numbering again. Ask head office for a re-pair code for this register.`,
        );
      }
      await tx
        .insertInto('registers')
        .values({
          id: registerId,
          store_id: code.store_id,
          name: request.registerName,
          token_hash: sha256(token),
          created_at: now,
          revoked_at: null,
          quarantined_at: null,
          quarantine_reason: null,
          last_applied_seq: 0,
          last_seen_at: null,
        })
        .execute();
    } else {
      if (request.registerId !== code.register_id) {
        const { name } = await findRegister(tx, code.register_id);
        throw new CounterError(
          'CONFLICT',
          request.registerId === undefined
            ? `That code re-pairs the register "${name}", and this register is not enrolled yet. Ask head office for a pairing code for a new register.`
            : `That code re-pairs another register ("${name}"), not this one. Ask head office for a re-pair code for this register.`,
        );
      }
      await tx
        .updateTable('registers')
        .set({ token_hash: sha256(token), name: request.registerName, revoked_at: null })
        .where('id', '=', registerId)
        .execute();
    }
    await tx
      .updateTable('pairing_codes')
      .set({ used_at: now, register_id: registerId })
      .where('code_hash', '=', codeHash)
      .execute();
    return { token, storeId: code.store_id, registerId, storeName: store.name };
  });
}

export type Authentication =
  { ok: true; register: Register } | { ok: false; refusal: ConnectRefusal; reason: string };

/** The check at every connect: the store a register may write to comes from its token, never from its messages. */
export async function authenticate(ho: HeadOffice, token: string): Promise<Authentication> {
  const register = await ho.db
    .selectFrom('registers')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!register) {
    return {
      ok: false,
      refusal: 'unknown_token',
      reason:
        'Head office does not know this register’s device token: ask head office to check its enrolment (a re-pair code for this register restores it).',
    };
  }
  const blocked = blockedReason(register);
  if (blocked) return { ok: false, ...blocked };
  await ho.db
    .updateTable('registers')
    .set({ last_seen_at: nowIso(ho) })
    .where('id', '=', register.id)
    .execute();
  return { ok: true, register };
}

/** Why a register may not sync right now, if it may not. */
export function blockedReason(
  register: Register,
): { refusal: 'revoked' | 'quarantined'; reason: string } | null {
  if (register.revoked_at !== null) {
    return {
      refusal: 'revoked',
      // The fact only: the register says in its own words what to do (a re-pair code).
      reason: `revoked on ${register.revoked_at.slice(0, 16).replace('T', ' ')} UTC`,
    };
  }
  if (register.quarantined_at !== null) {
    return {
      refusal: 'quarantined',
      reason: `Head office stopped sync for this register: ${register.quarantine_reason ?? 'see head office'}. Sales stay on this register.`,
    };
  }
  return null;
}

/** Registers with when their last applied event happened (the event at their cursor). */
function registersWithLastEvent(ho: HeadOffice) {
  return ho.db
    .selectFrom('registers')
    .leftJoin('received_events', (join) =>
      join
        .onRef('received_events.register_id', '=', 'registers.id')
        .onRef('received_events.seq', '=', 'registers.last_applied_seq'),
    )
    .selectAll('registers')
    .select('received_events.occurred_at as last_event_at');
}

function registerView(row: Register & { last_event_at: string | null }): RegisterView {
  return {
    id: row.id,
    storeId: row.store_id,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    quarantinedAt: row.quarantined_at,
    quarantineReason: row.quarantine_reason,
    lastAppliedSeq: row.last_applied_seq,
    lastSeenAt: row.last_seen_at,
    lastEventAt: row.last_event_at,
  };
}

/** A register known to exist. */
async function loadRegisterView(ho: HeadOffice, registerId: string): Promise<RegisterView> {
  return registerView(
    await registersWithLastEvent(ho).where('registers.id', '=', registerId).executeTakeFirstOrThrow(),
  );
}

/** The registers of `storeIds` (null: of every store). */
export async function listRegisters(
  ho: HeadOffice,
  storeIds: readonly string[] | null,
): Promise<RegisterView[]> {
  let query = registersWithLastEvent(ho).orderBy('registers.store_id').orderBy('registers.created_at');
  if (storeIds !== null) query = query.where('registers.store_id', 'in', storeIds);
  return (await query.execute()).map(registerView);
}

export async function revokeRegister(ho: HeadOffice, registerId: string): Promise<RegisterView> {
  const register = await findRegister(ho.db, registerId);
  if (register.revoked_at === null) {
    await ho.db
      .updateTable('registers')
      .set({ revoked_at: nowIso(ho) })
      .where('id', '=', registerId)
      .execute();
  }
  return loadRegisterView(ho, registerId);
}

/**
 * Lets a quarantined register sync again, once a person has made sure only one install uses its token (a clone
 * was wiped, or a restored backup replaced by the live database).
 */
export async function releaseRegister(ho: HeadOffice, registerId: string): Promise<RegisterView> {
  await findRegister(ho.db, registerId);
  await ho.db
    .updateTable('registers')
    .set({ quarantined_at: null, quarantine_reason: null })
    .where('id', '=', registerId)
    .execute();
  return loadRegisterView(ho, registerId);
}
