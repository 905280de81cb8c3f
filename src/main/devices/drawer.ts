/**
 * The cash drawer: kicked with ESC p through the receipt printer's drawer port, or through a serial port for
 * drawers that open on any byte sent to them. Every kick is written to drawer_events, whether it worked or not.
 * A kick is never queued for later: a drawer springing open minutes after the sale is worse than not at all.
 */
import type { DrawerEvent } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import type { DrawerConfig, RegisterIdentity } from '../../shared/settings.ts';
import type { Db } from '../ledger/database.ts';
import { renderDrawerPulse } from './escpos.ts';

export interface DrawerDeps {
  db: Db;
  now: () => Date;
  register: () => Pick<RegisterIdentity, 'registerId'>;
}

/** Sends bytes to wherever the drawer hangs off, or throws why it could not. */
export type DrawerLine = (bytes: Uint8Array) => Promise<void>;

export class CashDrawer {
  private readonly config: DrawerConfig;
  private readonly line: DrawerLine;
  private readonly deps: DrawerDeps;
  private readonly insert;

  constructor(config: DrawerConfig, line: DrawerLine, deps: DrawerDeps) {
    this.config = config;
    this.line = line;
    this.deps = deps;
    this.insert = deps.db.prepare<[string, string, string, string | null, number, string | null]>(
      `INSERT INTO drawer_events (occurred_at, register_id, reason, sale_id, opened, error) VALUES (?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Kicks the drawer and records it. Throws DEVICE_UNAVAILABLE (after recording) when it did not open. */
  async open(reason: DrawerEvent['reason'], saleId: string | null): Promise<DrawerEvent> {
    let failure: string | null = null;
    try {
      await this.line(
        renderDrawerPulse({
          pin: this.config.pin,
          onMs: this.config.pulseOnMs,
          offMs: this.config.pulseOffMs,
        }),
      );
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const event: DrawerEvent = {
      occurredAt: this.deps.now().toISOString(),
      registerId: this.deps.register().registerId,
      reason,
      saleId,
      opened: failure === null,
    };
    this.insert.run(event.occurredAt, event.registerId, reason, saleId, failure === null ? 1 : 0, failure);
    if (failure !== null) {
      throw new CounterError(
        'DEVICE_UNAVAILABLE',
        `The cash drawer did not open. ${failure} Open it with the key.`,
      );
    }
    return event;
  }
}
