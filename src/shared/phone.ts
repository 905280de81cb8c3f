/**
 * A phone as a scanner for one register: what the phone page and the register's small HTTPS server say to each
 * other, and what the register's Phones dialog shows. The page and main both import these; the server
 * validates every request against the schemas here.
 *
 * Pairing: the register shows a QR code of `https://<lan address>:<port>/p#<one-time code>`. The page reads the
 * code from the fragment (never sent in a request line or a Referer), trades it at `POST /api/pair` for a phone
 * token bound to this register, one register user and an expiry, and from then on sends each scan to
 * `POST /api/scan` with `Authorization: Bearer <token>`.
 */
import { scanCodeSchema } from './barcode.ts';
import type { CounterErrorData } from './errors.ts';
import type { UserRef } from './domain.ts';
import { z } from 'zod';

export const phonePaths = {
  /** The page; the one-time code follows in the fragment. */
  page: '/p',
  pair: '/api/pair',
  status: '/api/status',
  scan: '/api/scan',
} as const;

/** The link a phone opens: the register's address and the one-time code. */
export function phonePairingLink(origin: string, code: string): string {
  return `${origin}${phonePaths.page}#${code}`;
}

/** 16 random bytes, base64url. */
export const pairingCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, 'That pairing code is not one the register makes: scan its QR code again.');

/** 32 random bytes, base64url. */
export const phoneTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const phonePairRequestSchema = z.object({ code: pairingCodeSchema }).strict();

/** What a phone page makes for each scan, so a scan sent again after a lost answer is not counted twice. */
export const scanClientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'A scan id is 8 to 64 letters, digits or dashes.');

export const phoneScanRequestSchema = z
  .object({ clientId: scanClientIdSchema, code: scanCodeSchema })
  .strict();
export type PhoneScanRequest = z.infer<typeof phoneScanRequestSchema>;

/** Who the phone scans for, where, and until when. */
export interface PhoneStatus {
  registerName: string;
  user: UserRef;
  expiresAt: string;
}

/** The answer to a pairing: the token the page keeps, and what it scans for. */
export interface PhoneSession extends PhoneStatus {
  token: string;
}

/** What the register made of one scan; `accepted` false says why in `message` (an unknown code, say). */
export interface PhoneScanAnswer {
  clientId: string;
  accepted: boolean;
  message: string;
}

/** Every refused request: 400 bad request, 401 not (or no longer) paired, 413 too large, 429 too many. */
export interface PhoneErrorAnswer {
  error: CounterErrorData;
}

// ---- The register's Phones dialog (IPC) ----

/** One paired phone. */
export interface PhonePairing {
  pairingId: string;
  user: UserRef;
  pairedAt: string;
  expiresAt: string;
  /** When it last sent anything since the register started; null if it has not. */
  lastSeenAt: string | null;
}

export interface PhoneServerState {
  /** The addresses phones reach the register at, e.g. https://192.168.1.20:8443; empty while it is off. */
  origins: string[];
  /** SHA-256 fingerprint of the register's certificate, for a person to compare on the phone; null while off. */
  fingerprint: string | null;
  /** Why phones cannot reach the register (no network, port taken); null when all is well. */
  problem: string | null;
}

export interface PhonesState {
  server: PhoneServerState;
  pairings: PhonePairing[];
}

/** A one-time pairing code, as the register shows it. */
export interface PhonePairingOffer {
  link: string;
  /** The link as a QR code, an SVG document. */
  qrSvg: string;
  fingerprint: string;
  /** The code works once, until then. */
  codeExpiresAt: string;
  user: UserRef;
  /** How long the pairing lasts once made. */
  hours: number;
}

/** Pairing lifetimes the Phones dialog offers, in hours. */
export const pairingHours = [4, 12, 168] as const;
export const maxPairingHours = 168;
