/**
 * Copies head office's SQLite WAL into the database file on a thread of its own (connect.ts starts it). A
 * passive checkpoint never blocks the writer: it copies the frames committed so far while new ones are added.
 * When there was nothing left to copy it waits a moment before looking again. Any message stops it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, idleMs } = workerData as { file: string; idleMs: number };
const db = new Database(file);
db.pragma('busy_timeout = 5000');

/** SQLite's wal_checkpoint result: busy, frames in the WAL, frames copied into the database. */
type CheckpointResult = { busy: number; log: number; checkpointed: number };

let next = setTimeout(checkpoint, 0);

parentPort!.once('message', () => {
  clearTimeout(next);
  db.close();
  parentPort!.close();
});

function checkpoint(): void {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
  const caughtUp = !result || result.busy !== 0 || result.checkpointed >= result.log;
  next = setTimeout(checkpoint, caughtUp ? idleMs : 0);
}
