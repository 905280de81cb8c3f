/**
 * Phone pairings: one-time codes (in memory, a few minutes) and the pairings made with them (in the ledger's
 * settings table, so phones keep working after a restart). A pairing binds a phone token to this register, one
 * register user and an expiry. Only a SHA-256 of the token is kept: the ledger holds nothing a phone could be
 * impersonated with.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { newId } from '../../shared/ids.ts';
import type { Db } from '../ledger/database.ts';

export interface Pairing {
  pairingId: string;
  registerId: string;
  userId: string;
  tokenHash: string;
  pairedAt: string;
  expiresAt: string;
}

const storedSchema = z.array(
  z.object({
    pairingId: z.string(),
    registerId: z.string(),
    userId: z.string(),
    tokenHash: z.string(),
    pairedAt: z.string(),
    expiresAt: z.string(),
  }),
);

interface PendingCode {
  userId: string;
  hours: number;
  expiresAt: number;
}

const settingsKey = 'phones.pairings';
/** A QR code on the screen works this long, and once. */
export const codeLifetimeMs = 5 * 60_000;

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

export class PhonePairings {
  private readonly codes = new Map<string, PendingCode>();
  private readonly read;
  private readonly write;
  private readonly now: () => Date;

  constructor(db: Db, now: () => Date) {
    this.now = now;
    this.read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.write = db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  /** A new one-time code for a phone that will scan for `userId` during `hours` once paired. */
  offer(userId: string, hours: number): { code: string; expiresAt: Date } {
    const at = this.now().getTime();
    for (const [code, pending] of this.codes) if (pending.expiresAt <= at) this.codes.delete(code);
    const code = randomBytes(16).toString('base64url');
    const expiresAt = at + codeLifetimeMs;
    this.codes.set(code, { userId, hours, expiresAt });
    return { code, expiresAt: new Date(expiresAt) };
  }

  /** Trades a live code for a phone token bound to `registerId`; null for a used, expired or unknown code. */
  redeem(code: string, registerId: string): { token: string; pairing: Pairing } | null {
    const pending = this.codes.get(code);
    this.codes.delete(code);
    const at = this.now();
    if (!pending || pending.expiresAt <= at.getTime()) return null;
    const token = randomBytes(32).toString('base64url');
    const pairing: Pairing = {
      pairingId: newId(),
      registerId,
      userId: pending.userId,
      tokenHash: hash(token),
      pairedAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + pending.hours * 3_600_000).toISOString(),
    };
    this.save([...this.list(), pairing]);
    return { token, pairing };
  }

  /** The live pairing a token belongs to, if it was made for `registerId`. */
  verify(token: string, registerId: string): Pairing | null {
    const tokenHash = hash(token);
    return (
      this.list().find((pairing) => pairing.tokenHash === tokenHash && pairing.registerId === registerId) ??
      null
    );
  }

  /** Ends a pairing; false when there was no such live pairing. */
  revoke(pairingId: string): boolean {
    const pairings = this.list();
    const left = pairings.filter((pairing) => pairing.pairingId !== pairingId);
    if (left.length === pairings.length) return false;
    this.save(left);
    return true;
  }

  /** The pairings that have not expired, oldest first. */
  list(): Pairing[] {
    const row = this.read.get(settingsKey);
    if (!row) return [];
    const at = this.now().toISOString();
    return storedSchema.parse(JSON.parse(row.value)).filter((pairing) => pairing.expiresAt > at);
  }

  private save(pairings: Pairing[]): void {
    this.write.run(settingsKey, JSON.stringify(pairings));
  }
}
