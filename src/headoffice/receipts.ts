/**
 * Receipt lookup for returns (protocol 'lookupReceipt'): a register finds a sale rung up on another register,
 * with what the other registers have already returned, refunded and credited of it, and whether it was voided.
 * Another store's sale is shown with what a return of it needs and no more (protocol.ts says what).
 */
import { saleCompleted, type SalePayload } from '../shared/documents/sale.ts';
import type { CompletedSale, Refund } from '../shared/domain.ts';
import type { LookupReceiptReply, LookupReceiptRequest } from '../shared/sync/protocol.ts';
import type { HeadOffice } from './context.ts';
import { returnedByLine, returnsOfSales, salesWithEvents, storedPayload } from './received.ts';

export async function lookupReceipt(
  ho: HeadOffice,
  asker: { registerId: string; storeId: string; protocolVersion: number },
  { receiptNumber }: LookupReceiptRequest,
): Promise<LookupReceiptReply> {
  const matches = await salesWithEvents(ho.db)
    .select([
      'sales.sale_id',
      'sales.store_id',
      'sales.seq',
      'received_events.schema_version',
      'received_events.payload',
    ])
    .where('sales.receipt_number', '=', receiptNumber)
    .execute();
  if (matches.length === 0) return { status: 'not_found' };
  // The asking register's own store first: receipt numbers are unique per register, not across the chain.
  const ownStore = matches.filter((match) => match.store_id === asker.storeId);
  const candidates = ownStore.length > 0 ? ownStore : matches;
  if (candidates.length > 1) {
    return {
      status: 'ambiguous',
      reason: `Receipt ${receiptNumber} was issued by ${candidates.length} registers${ownStore.length > 0 ? ' of this store' : ''}, so it cannot be told apart: take the return without receipt.`,
    };
  }
  const found = candidates[0]!;
  const sale = storedPayload(saleCompleted, found.schema_version, found.payload);
  if (!sale) {
    return {
      status: 'invalid',
      reason: `head office cannot read the sale of receipt ${receiptNumber} as its register sent it`,
    };
  }

  const returns = (await returnsOfSales(ho.db, [found.sale_id])).filter(
    (received) => received.registerId !== asker.registerId,
  );
  const returnedByOthers = [...returnedByLine(returns)].map(([lineId, quantity]) => ({ lineId, quantity }));
  const voided =
    (await ho.db
      .selectFrom('sale_voids')
      .select('void_id')
      .where('sale_id', '=', found.sale_id)
      .executeTakeFirst()) !== undefined;
  // The seq head office received it under: registers before the document registry require it on the sale.
  const outboxSeq = found.seq;
  const refunded = new Map<Refund['kind'], number>();
  let creditedByOthersMinor = 0;
  for (const { ret } of returns) {
    for (const refund of ret.refunds)
      refunded.set(refund.kind, (refunded.get(refund.kind) ?? 0) + refund.amountMinor);
    creditedByOthersMinor += ret.exchange?.creditMinor ?? 0;
  }
  if (found.store_id !== asker.storeId) {
    if (asker.protocolVersion < 2) {
      const paidBack = { refunded, creditedMinor: creditedByOthersMinor };
      return forOldRegister(sale, outboxSeq, returnedByOthers, paidBack, voided);
    }
    return {
      status: 'found',
      sale: forAnotherStore(sale, outboxSeq),
      returnedByOthers,
      refundedByOthers: [],
      creditedByOthersMinor: 0,
      voided,
    };
  }

  return {
    status: 'found',
    sale: { ...sale, outboxSeq },
    returnedByOthers,
    refundedByOthers: [...refunded].map(([kind, amountMinor]) => ({ kind, amountMinor })),
    creditedByOthersMinor,
    voided,
  };
}

/**
 * Another store's sale as a return at the asking store needs it: its lines and totals. How it was paid (tenders,
 * change, cash rounding, exchange credit) and who sold it in which shift stay with its store.
 */
function forAnotherStore(sale: SalePayload, outboxSeq: number): CompletedSale {
  const { roundingMinor: _rounding, exchange: _exchange, ...shown } = sale;
  return { ...shown, tenders: [], changeMinor: 0, userId: null, shiftId: null, outboxSeq };
}

/**
 * Another store's sale for a register of protocol 1, which plans a refund from the sale's payments and knows no
 * sale without them: shown as paid in cash (its total), with what others refunded as one cash sum and what they
 * credited.
 * That is all a cash refund of the returned goods needs, and it still says nothing of how the other store was
 * paid or who sold it.
 */
function forOldRegister(
  sale: SalePayload,
  outboxSeq: number,
  returnedByOthers: { lineId: string; quantity: number }[],
  paidBack: { refunded: ReadonlyMap<Refund['kind'], number>; creditedMinor: number },
  voided: boolean,
): LookupReceiptReply {
  const refundedMinor = [...paidBack.refunded.values()].reduce((sum, amount) => sum + amount, 0);
  const totalMinor = sale.totals.totalMinor;
  return {
    status: 'found',
    sale: {
      ...forAnotherStore(sale, outboxSeq),
      tenders: [{ tenderId: 'paid-at-another-store', kind: 'cash', amountMinor: totalMinor }],
    },
    returnedByOthers,
    refundedByOthers: refundedMinor > 0 ? [{ kind: 'cash', amountMinor: refundedMinor }] : [],
    creditedByOthersMinor: paidBack.creditedMinor,
    voided,
  };
}
