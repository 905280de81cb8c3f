/**
 * The phone page's rules for camera reads (src/shared/phone-reads.ts) and its queue of scans (src/shared/phone-queue.ts): what
 * counts as a scan, and that scans survive a register out of reach, in order and without being counted twice.
 */
import { describe, expect, it } from 'vitest';
import { ScanQueue, type KeptText, type QueuedScan, type Sent } from '../../src/shared/phone-queue.ts';
import { ReadFilter, hasValidCheckDigit, registerCode, type Read } from '../../src/shared/phone-reads.ts';

const ean = (text: string): Read => ({ format: 'ean13', text, aim: ']E0' });
const spaghetti = ean('8001014000002');
const loaf = ean('5391005000009');

/** Feeds one read per 100 ms frame; returns the frames (by index) whose read counted. */
function taken(frames: (Read | null)[]): number[] {
  const filter = new ReadFilter();
  return frames.flatMap((read, index) => (filter.next(read, index * 100) ? [index] : []));
}

describe('which camera reads count as a scan', () => {
  it('takes a code on the second equal read in a row, and not before', () => {
    expect(taken([spaghetti])).toEqual([]);
    expect(taken([spaghetti, spaghetti])).toEqual([1]);
    expect(taken([spaghetti, loaf, spaghetti, loaf])).toEqual([]);
    expect(taken([spaghetti, null, spaghetti])).toEqual([]);
  });

  it('refuses an EAN or UPC whose check digit is wrong, however often it is read', () => {
    const damaged = ean('8001014000003');
    expect(taken([damaged, damaged, damaged])).toEqual([]);
    expect(hasValidCheckDigit({ format: 'upce', text: '01234565', aim: ']E0' })).toBe(true);
    expect(hasValidCheckDigit({ format: 'upce', text: '01234566', aim: ']E0' })).toBe(false);
    expect(hasValidCheckDigit({ format: 'upca', text: '036000291452', aim: ']E0' })).toBe(true);
    expect(hasValidCheckDigit({ format: 'ean8', text: '96385074', aim: ']E4' })).toBe(true);
    expect(hasValidCheckDigit({ format: 'code128', text: 'BAK-000002', aim: ']C0' })).toBe(true);
  });

  it('scans an item held in view once, and the next one of the same kind once it came into view', () => {
    const held = Array<Read>(20).fill(spaghetti);
    expect(taken(held)).toEqual([1]);
    // Moved away for a second, then over the next packet of spaghetti.
    expect(taken([...held, ...Array<null>(10).fill(null), spaghetti, spaghetti])).toEqual([1, 31]);
    // A glance away shorter than that is the same item.
    expect(taken([spaghetti, spaghetti, null, null, spaghetti, spaghetti])).toEqual([1]);
  });

  it('sends the register the AIM identifier with the code, as a hardware scanner does', () => {
    expect(registerCode(spaghetti)).toBe(']E08001014000002');
  });
});

function memoryStorage(): KeptText {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('the queue of scans on the phone', () => {
  let id = 0;
  const makeId = () => `scan-000${++id}`;
  const at = new Date('2026-03-14T09:00:00Z');

  it('keeps scans while the register cannot be reached and sends them in order once it can', async () => {
    const storage = memoryStorage();
    const queue = new ScanQueue(storage, makeId);
    queue.add('A', at);
    queue.add('B', at);
    const unreachable = async (): Promise<Sent> => ({ kind: 'unreachable', retryAfterMs: 3000 });
    expect(await queue.flush(unreachable, () => undefined)).toEqual({
      kind: 'unreachable',
      retryAfterMs: 3000,
    });
    // The page was reloaded meanwhile: what was scanned is still there.
    const reloaded = new ScanQueue(storage, makeId);
    expect(reloaded.pending().map((scan) => scan.code)).toEqual(['A', 'B']);

    const sent: string[] = [];
    const answering = async (scan: QueuedScan): Promise<Sent> => {
      sent.push(scan.code);
      return { kind: 'answered', answer: { clientId: scan.clientId, accepted: true, message: 'Added' } };
    };
    expect(await reloaded.flush(answering, () => undefined)).toBeNull();
    expect(sent).toEqual(['A', 'B']);
    expect(reloaded.pending()).toEqual([]);
  });

  it('sends a scan again with the same id when its answer was lost', async () => {
    const queue = new ScanQueue(memoryStorage(), makeId);
    const scan = queue.add('A', at);
    const ids: string[] = [];
    let answers = 0;
    const flaky = async (sent: QueuedScan): Promise<Sent> => {
      ids.push(sent.clientId);
      return answers++ === 0
        ? { kind: 'unreachable', retryAfterMs: 0 }
        : { kind: 'answered', answer: { clientId: sent.clientId, accepted: true, message: 'Added' } };
    };
    await queue.flush(flaky, () => undefined);
    await queue.flush(flaky, () => undefined);
    expect(ids).toEqual([scan.clientId, scan.clientId]);
  });

  it('stops at a lost pairing and keeps the scans, and drops one the register refused as a request', async () => {
    const queue = new ScanQueue(memoryStorage(), makeId);
    queue.add('bad', at);
    queue.add('A', at);
    const outcomes: Sent[] = [
      { kind: 'refused', message: 'The scan contains a control character' },
      { kind: 'unpaired', message: 'Not paired' },
    ];
    const told: string[] = [];
    const stopped = await queue.flush(
      async () => outcomes.shift()!,
      (scan, sent) => told.push(`${scan.code}: ${sent.kind}`),
    );
    expect(stopped).toEqual({ kind: 'unpaired', message: 'Not paired' });
    expect(told).toEqual(['bad: refused', 'A: unpaired']);
    expect(queue.pending().map((scan) => scan.code)).toEqual(['A']);
  });
});
