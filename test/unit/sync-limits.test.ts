/**
 * The size limits of the sync protocol, which both ends take from src/shared/sync/protocol.ts: every event the
 * register commits fits one push, and a sale of the most lines it holds is such an event even in the worst case.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CompletedSale } from '../../src/shared/domain.ts';
import { saleCompleted } from '../../src/shared/documents/sale.ts';
import {
  MAX_BATCH_BYTES,
  MAX_EVENT_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_SALE_LINES,
  catalogItemSchema,
  eventBytes,
  pushBatchBytes,
  pushRequestSchema,
  takeBatch,
  type UpstreamEvent,
} from '../../src/shared/sync/protocol.ts';

function event(seq: number, payload: unknown): UpstreamEvent {
  const text = JSON.stringify(payload);
  return {
    seq,
    eventId: '01970000-0000-7000-8000-000000000000',
    type: saleCompleted.type,
    schemaVersion: saleCompleted.current,
    occurredAt: '2025-03-01T09:00:00.000Z',
    payload: text,
    payloadHash: createHash('sha256').update(text).digest('hex'),
  };
}

/** An event of exactly `bytes` bytes on the wire. */
function eventOfSize(seq: number, bytes: number): UpstreamEvent {
  const empty = eventBytes(event(seq, { note: '' }));
  return event(seq, { note: 'x'.repeat(bytes - empty) });
}

describe('one limit at both ends', () => {
  it('takes an event of MAX_EVENT_BYTES into a push on its own, and head office accepts that push', () => {
    const largest = eventOfSize(1, MAX_EVENT_BYTES);
    expect(eventBytes(largest)).toBe(MAX_EVENT_BYTES);
    expect(takeBatch([largest, eventOfSize(2, 1000)])).toEqual([largest]);
    expect(pushBatchBytes([largest])).toBe(MAX_BATCH_BYTES);
    expect(pushRequestSchema.safeParse({ events: [largest] }).success).toBe(true);
    expect(MAX_MESSAGE_BYTES).toBeGreaterThan(MAX_BATCH_BYTES);
  });

  it('cannot take one byte more into any push', () => {
    const tooLarge = eventOfSize(1, MAX_EVENT_BYTES + 1);
    expect(takeBatch([tooLarge])).toEqual([]);
    expect(pushRequestSchema.safeParse({ events: [tooLarge] }).success).toBe(false);
  });

  it(`fits a sale of ${MAX_SALE_LINES} lines with every text as long and as large on the wire as it can be`, () => {
    // A double quote is escaped twice on its way (in the payload, then in the push): 4 bytes for 1 character.
    const longest = (length: number | null | undefined): string => '"'.repeat(length!);
    const reason = longest(100);
    const line = {
      lineId: '01970000-0000-7000-8000-000000000000',
      productId: 2 ** 31 - 1,
      sku: longest(catalogItemSchema.shape.sku.maxLength),
      name: longest(catalogItemSchema.shape.name.maxLength),
      unit: 'kg' as const,
      quantity: 1_000_000,
      unitPriceMinor: 100_000_000,
      taxCode: 'ABCDEFGH',
      taxRateBasisPoints: 10_000,
      amountMinor: 100_000_000_000,
      taxMinor: 50_000_000_000,
      totalMinor: 100_000_000_000,
      discount: { discount: { kind: 'amount' as const, amountMinor: 100_000_000 }, reason, amountMinor: 1 },
      cartDiscountMinor: 100_000_000,
      priceOverride: { catalogPriceMinor: 100_000_000, reason },
    };
    const sale: Partial<CompletedSale> = {
      lines: Array.from({ length: MAX_SALE_LINES }, () => line),
      cartDiscount: line.discount,
    };
    const bytes = eventBytes(event(1, sale));
    expect(bytes).toBeLessThan(MAX_EVENT_BYTES * 0.75);
  });
});
