import type { Db } from './database.ts';

export interface Checkpointer {
  /** Call after a write: the WAL is copied into the database once the register has been idle a moment. */
  afterWrite(): void;
  stop(): void;
}

/**
 * SQLite's automatic checkpoint runs inside whichever commit crosses the WAL threshold, so every ~30th sale
 * paid 5-10 ms for copying pages and an extra fsync. openLedger turns it off; this runs a passive checkpoint
 * when the register is idle instead (and at least every `maxIntervalMs` on a busy one). Durability is
 * unchanged: every commit still fsyncs the WAL.
 */
export function startCheckpoints(db: Db, idleMs = 2_000, maxIntervalMs = 60_000): Checkpointer {
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const checkpoint = (): void => {
    clearTimeout(idleTimer);
    idleTimer = undefined;
    if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
  };
  const busyTimer = setInterval(checkpoint, maxIntervalMs);
  busyTimer.unref();
  return {
    afterWrite() {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(checkpoint, idleMs);
      idleTimer.unref();
    },
    stop() {
      clearTimeout(idleTimer);
      clearInterval(busyTimer);
    },
  };
}
