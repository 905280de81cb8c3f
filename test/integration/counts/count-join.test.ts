/**
 * Several registers of one store count one count (issue 15), at the register on a real SQLite ledger: a count
 * opened here is announced (count.opened); a count head office announced is listed and joined, its lines go up
 * under its id; review needs head office; approval is a count.approved document, once, after this register's
 * own lines are in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import type { StoreCount } from '../../../src/shared/counts.ts';
import {
  countApproved,
  countOpened,
  countPayloadSchema,
  countSubmitted,
} from '../../../src/shared/documents/count.ts';
import {
  codes,
  errorOf,
  freshApp,
  managerApproval,
  outboxEvents,
  supervisorApproval,
} from '../returns/returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

/** A count head office opened for this store (the 'counts' stream), as the downstream saves it. */
function announce(change: Partial<StoreCount> = {}): StoreCount {
  const count: StoreCount = {
    countId: 'ho-count-1',
    storeId: 'DEMO-01',
    scope: { kind: 'categories', categories: ['Dairy'] },
    blind: true,
    openedAt: '2026-12-07T09:00:00.000Z',
    openedBy: 'user:owner',
    openedAtRegister: null,
    status: 'open',
    approvedAt: null,
    approvedBy: null,
    ...change,
  };
  app.db.transaction(() => app.services.counts.saveFromHeadOffice(count, new Date().toISOString()))();
  return count;
}

describe('counting one count at several registers', () => {
  it('announces a count opened here, so the store’s other registers can join it', () => {
    app = freshApp();
    const { counts } = app.services;
    const opened = counts.open({ scope: { kind: 'store' }, blind: false, approval: managerApproval });
    const [event] = outboxEvents(app, countOpened.type);
    expect(event!.payload).toMatchObject({
      countId: opened.countId,
      storeId: 'DEMO-01',
      scope: { kind: 'store' },
      blind: false,
    });
    expect(counts.storeCounts()).toEqual([
      expect.objectContaining({ countId: opened.countId, status: 'open', here: 'counting' }),
    ]);
  });

  it('lists a count head office opened and counts into it under its id, blind as it was opened', () => {
    app = freshApp();
    const { counts } = app.services;
    announce();
    expect(counts.storeCounts()).toEqual([
      expect.objectContaining({ countId: 'ho-count-1', here: null, approvalSent: false }),
    ]);
    expect(errorOf(() => counts.join('ho-count-1')).details).toEqual(['stock.count']);

    const joined = counts.join('ho-count-1', supervisorApproval);
    expect(joined).toMatchObject({ countId: 'ho-count-1', blind: true, status: 'open', lines: [] });
    expect(counts.scan(codes.milk)).toMatchObject({ line: { sku: 'T-MILK', quantity: 1, expected: null } });
    // The scope is head office's: cola is not dairy.
    expect(errorOf(() => counts.scan(codes.cola)).message).toMatch(/not in this count \(Categories: Dairy\)/);
    counts.submit(supervisorApproval);

    const [submitted] = outboxEvents(app, countSubmitted.type);
    expect(countPayloadSchema.parse(submitted!.payload)).toMatchObject({
      countId: 'ho-count-1',
      scope: { kind: 'categories', categories: ['Dairy'] },
      blind: true,
      lines: [expect.objectContaining({ sku: 'T-MILK', quantity: 1 })],
    });
    // Joining again after submitting: the sent line stays final, a new one goes up next time.
    counts.join('ho-count-1', supervisorApproval);
    counts.scan(codes.milk);
    expect(counts.current()!.lines.map((line) => [line.quantity, line.submitted])).toEqual([
      [1, true],
      [1, false],
    ]);
    expect(outboxEvents(app, countOpened.type)).toEqual([]);
  });

  it('refuses to join while another count is open here, or a count already approved', () => {
    app = freshApp();
    const { counts } = app.services;
    announce();
    announce({ countId: 'ho-count-2', status: 'approved', approvedAt: '2026-12-07T10:00:00.000Z' });
    counts.open({ scope: { kind: 'store' }, blind: false, approval: managerApproval });
    expect(errorOf(() => counts.join('ho-count-1', managerApproval)).message).toMatch(
      /open at this register already: submit it before joining another/,
    );
    counts.submit(managerApproval);
    expect(errorOf(() => counts.join('ho-count-2', managerApproval)).message).toMatch(/approved already/);
    expect(errorOf(() => counts.join('nope', managerApproval)).code).toBe('NOT_FOUND');
  });

  it('asks head office for the merged review, and says so when it cannot be reached', async () => {
    app = freshApp();
    announce();
    const { counts } = app.services;
    await expect(counts.review('ho-count-1', supervisorApproval)).rejects.toMatchObject({
      details: ['stock.count.approve'],
    });
    await expect(counts.review('ho-count-1', managerApproval)).rejects.toMatchObject({
      code: 'HEAD_OFFICE_UNREACHABLE',
    });
  });

  it('approves once, as a document to head office, after this register’s own lines are in', () => {
    app = freshApp();
    const { counts } = app.services;
    announce();
    counts.join('ho-count-1', managerApproval);
    counts.scan(codes.milk);
    expect(
      errorOf(() => counts.approve({ countId: 'ho-count-1', uncounted: 'zero', approval: managerApproval }))
        .message,
    ).toMatch(/still counting into this count: submit its lines first/);
    counts.submit(managerApproval);
    expect(
      errorOf(() =>
        counts.approve({ countId: 'ho-count-1', uncounted: 'zero', approval: supervisorApproval }),
      ).details,
    ).toEqual(['stock.count.approve']);

    const approved = counts.approve({ countId: 'ho-count-1', uncounted: 'zero', approval: managerApproval });
    expect(approved).toMatchObject({ status: 'open', approvalSent: true });
    const [event] = outboxEvents(app, countApproved.type);
    // The approver is the manager who typed their PIN, not the cashier logged in.
    expect(event!.payload).toMatchObject({
      countId: 'ho-count-1',
      storeId: 'DEMO-01',
      uncounted: 'zero',
      approvedBy: { name: 'Morgan' },
    });
    expect(
      errorOf(() => counts.approve({ countId: 'ho-count-1', uncounted: 'leave', approval: managerApproval }))
        .message,
    ).toMatch(/approved already/);

    // Head office's word that it is approved replaces what this register knew.
    announce({ status: 'approved', approvedAt: '2026-12-07T10:00:00.000Z', approvedBy: 'Morgan' });
    expect(counts.storeCounts()[0]).toMatchObject({ status: 'approved', approvedBy: 'Morgan' });
  });
});
