/**
 * Phones as scanners for this register. A manager pairs a phone from the Phones dialog: the register starts its
 * HTTPS server (off until then), and shows a one-time code as a QR code; the phone page trades the code for a
 * token bound to this register, the user the manager chose and an expiry. Each scan the phone sends enters the
 * register's one scan path (DeviceManager.receiveScan), like a hardware scanner's, with the paired user as who
 * scanned, so it goes wherever the open screen takes scans.
 *
 * A phone can do nothing else: no other call exists for it. A revoked or expired pairing, a token of another
 * register, or a paired user made inactive gets 401 and reaches nothing.
 */
import { networkInterfaces } from 'node:os';
import { toSVG } from 'bwip-js/node';
import type { ScanOrigin, UserRef, UserSummary } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import type { ParsedInput } from '../../shared/contract.ts';
import {
  phonePairingLink,
  type PhonePairingOffer,
  type PhonesState,
  type PhoneScanAnswer,
  type PhoneScanRequest,
  type PhoneSession,
  type PhoneStatus,
} from '../../shared/phone.ts';
import { registerLabel, type NamedRegister } from '../../shared/settings.ts';
import type { Authorize } from '../devices/authorize.ts';
import type { ScanOutcome } from '../devices/manager.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import { loadOrCreateCertificate } from './certificate.ts';
import { PhonePairings, type Pairing } from './pairings.ts';
import { PhoneServer, type PhoneApi } from './server.ts';

export interface PhoneServiceDeps {
  db: Db;
  events: EventBus;
  now: () => Date;
  /** Where the register's certificate is kept (its data folder). */
  dataDir: string;
  /** The built phone page (out/phone). */
  pageDir: string;
  register: () => NamedRegister;
  /** A register user, active or not; undefined when there is none with that id. */
  user: (userId: string) => UserSummary | undefined;
  authorize: Authorize;
  /** The register's scan path: DeviceManager.receiveScan. */
  scan: (code: string, by: ScanOrigin) => ScanOutcome;
  /** The addresses to listen on; the register's LAN addresses when left out (tests pass 127.0.0.1). */
  hosts?: string[];
  /** 0 picks a free port (tests). */
  port?: number;
  log: (message: string, error: unknown) => void;
}

export const defaultPhonePort = 8443;
/** How many scan answers are kept to answer a resent scan with the first answer. */
const rememberedAnswers = 2000;

/** A phone that must be paired again: why, and what to do about it. */
function pairAgain(why: string): CounterError {
  return new CounterError('FORBIDDEN', `${why}: ask for a new QR code at the register.`);
}

/** The port from COUNTER_PHONE_PORT, or 8443; anything but a port number is refused, so the mistake shows. */
export function phonePortSetting(setting: string | undefined): number {
  if (setting === undefined || setting === '') return defaultPhonePort;
  const port = Number(setting);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new CounterError(
      'INVALID_INPUT',
      `COUNTER_PHONE_PORT is "${setting}": set it to a port number from 1 to 65535, or leave it out for ${defaultPhonePort}.`,
    );
  }
  return port;
}

/**
 * The register's IPv4 addresses on its networks (not loopback): where a phone on the same network reaches it.
 * The QR code names the first, so the usual shop networks (192.168.x, 10.x) come before 172.16-31.x, which is
 * also where container and VPN software put their own networks.
 */
export function lanAddresses(): string[] {
  const rank = (address: string): number =>
    address.startsWith('192.168.')
      ? 0
      : address.startsWith('10.')
        ? 1
        : /^172\.(1[6-9]|2\d|3[01])\./.test(address)
          ? 2
          : 3;
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((entry) => (entry && entry.family === 'IPv4' && !entry.internal ? [entry.address] : []))
    .sort((a, b) => rank(a) - rank(b));
}

const userRef = ({ userId, name }: UserRef): UserRef => ({ userId, name });

export class PhoneService {
  private readonly deps: PhoneServiceDeps;
  private readonly pairings: PhonePairings;
  private server: PhoneServer | null = null;
  private starting: Promise<PhoneServer> | null = null;
  private fingerprint: string | null = null;
  private problem: string | null = null;
  private readonly lastSeen = new Map<string, string>();
  private readonly answers = new Map<string, PhoneScanAnswer>();
  private closed = false;

  constructor(deps: PhoneServiceDeps) {
    this.deps = deps;
    this.pairings = new PhonePairings(deps.db, deps.now);
  }

  /** Starts the server when phones are paired from before; otherwise it stays off until a phone is paired. */
  async start(): Promise<void> {
    if (this.pairings.list().length === 0) return;
    await this.listening().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const server = this.server ?? (await this.starting?.catch(() => null));
    this.server = null;
    await server?.close();
  }

  state(): PhonesState {
    return {
      server: {
        origins: this.server?.origins() ?? [],
        fingerprint: this.server ? this.fingerprint : null,
        problem: this.problem,
      },
      pairings: this.pairings.list().map((pairing) => ({
        pairingId: pairing.pairingId,
        user: userRef(this.deps.user(pairing.userId) ?? { userId: pairing.userId, name: pairing.userId }),
        pairedAt: pairing.pairedAt,
        expiresAt: pairing.expiresAt,
        lastSeenAt: this.lastSeen.get(pairing.pairingId) ?? null,
      })),
    };
  }

  /** A one-time code for a phone that scans for `userId` during `hours`. Needs 'devices.pairPhone'. */
  async pair({ userId, hours, approval }: ParsedInput<'phones.pair'>): Promise<PhonePairingOffer> {
    const found = this.deps.user(userId);
    if (!found?.active) {
      throw new CounterError(
        'NOT_FOUND',
        'That user is not active any more: choose who the phone scans for.',
      );
    }
    const user = userRef(found);
    this.deps.authorize('devices.pairPhone', approval, {
      change: 'phone.pairingCode',
      user: user.name,
      hours,
    });
    const server = await this.listening();
    const offer = this.pairings.offer(userId, hours);
    const link = phonePairingLink(server.origins()[0]!, offer.code);
    return {
      link,
      qrSvg: toSVG({ bcid: 'qrcode', text: link, scale: 4, paddingwidth: 4, paddingheight: 4 }),
      fingerprint: this.fingerprint!,
      codeExpiresAt: offer.expiresAt.toISOString(),
      user,
      hours,
    };
  }

  /** Ends a pairing at once. Needs 'devices.pairPhone'. */
  revoke({ pairingId, approval }: ParsedInput<'phones.revoke'>): PhonesState {
    const pairing = this.pairings.list().find((each) => each.pairingId === pairingId);
    if (!pairing) throw new CounterError('NOT_FOUND', 'That phone is not paired any more.');
    const user = this.deps.user(pairing.userId)?.name ?? pairing.userId;
    this.deps.authorize('devices.pairPhone', approval, { change: 'phone.revoked', pairingId, user });
    this.pairings.revoke(pairingId);
    this.lastSeen.delete(pairingId);
    // The server stays up until the register closes, so the phone is told it is unpaired, not "unreachable".
    return this.announce();
  }

  /** What the phone server asks of the register. */
  readonly api: PhoneApi = {
    pair: (code) => this.redeem(code),
    status: (token) => this.status(this.verify(token)),
    scan: (token, request) => this.scan(this.verify(token), request),
  };

  private redeem(code: string): PhoneSession {
    const redeemed = this.pairings.redeem(code, this.deps.register().registerId);
    if (!redeemed) throw pairAgain('That pairing code has been used or has expired');
    const pairing = this.verify(redeemed.token);
    this.announce();
    return { token: redeemed.token, ...this.status(pairing) };
  }

  private status({ pairing, user }: Verified): PhoneStatus {
    return { registerName: this.registerName(), user, expiresAt: pairing.expiresAt };
  }

  private scan({ pairing, user }: Verified, { clientId, code }: PhoneScanRequest): PhoneScanAnswer {
    // A scan sent again (its answer was lost on the way) gets the first answer and is not counted again.
    const key = `${pairing.pairingId}:${clientId}`;
    const earlier = this.answers.get(key);
    if (earlier) return earlier;
    const outcome = this.deps.scan(code, { scannerId: `phone:${pairing.pairingId}`, user });
    const answer = { clientId, accepted: outcome.delivered, message: outcome.message };
    this.answers.set(key, answer);
    if (this.answers.size > rememberedAnswers) this.answers.delete(this.answers.keys().next().value!);
    return answer;
  }

  /** The live pairing of a token for this register, and its user, who must still be active. */
  private verify(token: string): Verified {
    const pairing = this.pairings.verify(token, this.deps.register().registerId);
    if (!pairing) throw pairAgain('This phone is not paired with the register any more');
    const user = this.deps.user(pairing.userId);
    if (!user?.active) {
      throw new CounterError(
        'FORBIDDEN',
        'The person this phone scans for is no longer a user of the register: ask for a new QR code.',
      );
    }
    const first = !this.lastSeen.has(pairing.pairingId);
    this.lastSeen.set(pairing.pairingId, this.deps.now().toISOString());
    if (first) this.announce();
    return { pairing, user: userRef(user) };
  }

  private registerName(): string {
    const register = this.deps.register();
    return registerLabel(register.registerId, register);
  }

  /** The running server, started first if need be. */
  private listening(): Promise<PhoneServer> {
    if (this.server) return Promise.resolve(this.server);
    this.starting ??= this.startServer().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startServer(): Promise<PhoneServer> {
    const hosts = this.deps.hosts ?? lanAddresses();
    const port = this.deps.port ?? defaultPhonePort;
    try {
      if (hosts.length === 0) {
        throw new CounterError(
          'DEVICE_UNAVAILABLE',
          'This register is on no network a phone could reach: connect it to the store network and try again.',
        );
      }
      const certificate = await loadOrCreateCertificate(this.deps.dataDir, hosts, this.deps.now());
      const server = await PhoneServer.listen({
        hosts,
        port,
        tls: certificate,
        pageDir: this.deps.pageDir,
        api: this.api,
        now: () => this.deps.now().getTime(),
        log: this.deps.log,
      });
      if (this.closed) {
        await server.close();
        throw new CounterError('DEVICE_UNAVAILABLE', 'The register is closing.');
      }
      this.server = server;
      this.fingerprint = certificate.fingerprint;
      this.problem = null;
      return server;
    } catch (error) {
      this.problem =
        error instanceof CounterError
          ? error.message
          : (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
            ? `Port ${port} is used by another program, so phones cannot reach the register: set COUNTER_PHONE_PORT to a free port and restart Counter.`
            : `Phones cannot reach the register (${error instanceof Error ? error.message : String(error)}).`;
      this.deps.log('The phone server could not start', error);
      throw new CounterError('DEVICE_UNAVAILABLE', this.problem);
    } finally {
      this.announce();
    }
  }

  private announce(): PhonesState {
    const state = this.state();
    if (!this.closed) this.deps.events.emit('phones.changed', state);
    return state;
  }
}

interface Verified {
  pairing: Pairing;
  user: UserRef;
}
