/**
 * Channels at a running head office: connections to the shops (secrets opened with the key from the
 * environment), and the background work every node runs — the push queue every `pushIntervalMs`, the order poll
 * of every channel every `pollIntervalMs`, the reconcile every `reconcileIntervalMs` (nightly by default). Each
 * claims its work in the database, so nodes sharing one never push the same row twice.
 */
import { CounterError } from '../../shared/errors.ts';
import type { HeadOffice } from '../context.ts';
import { findChannel } from '../find.ts';
import type { ChannelConnection, Fetch } from './channel.ts';
import type { ChannelDeps } from './deps.ts';
import { pollOrders } from './orders.ts';
import { pushDue } from './queue.ts';
import { reconcileChannel } from './reconcile.ts';
import { openSecrets } from './secrets.ts';
import { shopify } from './shopify.ts';
import { woocommerce } from './woocommerce.ts';

export interface ChannelOptions {
  /** 32 bytes: the key channel secrets are sealed with (COUNTER_SECRETS_KEY); null: channels cannot be made. */
  secretsKey?: Buffer | null;
  /** How head office reaches the shops. Default: the global fetch. */
  fetch?: Fetch;
  /** 0 runs no background work (tests drive it). Default 200 ms. */
  pushIntervalMs?: number;
  /** Default 60 s. */
  pollIntervalMs?: number;
  /** Default 24 h. */
  reconcileIntervalMs?: number;
}

export interface ChannelService extends ChannelDeps {
  key: Buffer | null;
  /** Pushes everything due now, until nothing is; returns how many pushes went. */
  drain(): Promise<number>;
  stop(): void;
}

const kinds = { shopify, woocommerce } as const;

export function channelService(
  ho: HeadOffice,
  options: ChannelOptions,
  log: (line: string) => void,
): ChannelService {
  const key = options.secretsKey ?? null;
  const fetcher = options.fetch ?? fetch;
  const deps: ChannelDeps = {
    ho,
    log,
    async connect(channelId): Promise<ChannelConnection> {
      const row = await findChannel(ho.db, channelId);
      if (key === null)
        throw new CounterError(
          'INVALID_INPUT',
          'Head office has no COUNTER_SECRETS_KEY: it cannot open the channel secrets. Set it and restart.',
        );
      const secrets = openSecrets(key, row.secrets);
      return kinds[row.kind](
        { kind: row.kind, baseUrl: row.base_url, remoteLocationId: row.remote_location_id, secrets },
        fetcher,
      );
    },
  };

  let pushing: Promise<number> | null = null;
  /** One drain at a time per node; a second caller waits for the running one and goes again. */
  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      while (pushing) await pushing.catch(() => 0);
      pushing = pushDue(deps);
      try {
        const pushed = await pushing;
        total += pushed;
        if (pushed === 0) return total;
      } finally {
        pushing = null;
      }
    }
  }

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number | undefined, fallback: number, what: string, work: () => Promise<unknown>) => {
    const interval = ms ?? fallback;
    if (interval <= 0) return;
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      work()
        .catch((error: unknown) => log(`channels: ${what} failed: ${(error as Error).message}`))
        .finally(() => (running = false));
    }, interval);
    timer.unref();
    timers.push(timer);
  };
  const eachChannel = async (work: (channelId: string) => Promise<unknown>) => {
    for (const { id } of await ho.db.selectFrom('channels').select('id').execute()) {
      await work(id).catch((error: unknown) => log(`channel ${id}: ${(error as Error).message}`));
    }
  };
  if (options.pushIntervalMs !== 0) {
    every(options.pushIntervalMs, 200, 'pushing', drain);
    every(options.pollIntervalMs, 60_000, 'the order poll', () => eachChannel((id) => pollOrders(deps, id)));
    every(options.reconcileIntervalMs, 24 * 60 * 60_000, 'the reconcile', () =>
      eachChannel(async (id) => {
        const report = await reconcileChannel(deps, id);
        log(`channel ${id}: reconciled ${report.checked} SKUs, repaired ${report.repairedCount}`);
      }),
    );
  }

  return {
    ...deps,
    key,
    drain,
    stop: () => timers.forEach(clearInterval),
  };
}
