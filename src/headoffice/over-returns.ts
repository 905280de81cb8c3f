/**
 * A sale line returned more often than it was sold. Each register refuses that for the returns it knows of, but
 * two registers that could not reach head office (or each other's returns) can each take back what was left:
 * head office, which sees both, records an 'over_return' exception when the later one arrives. The return is
 * still applied: like a sale, it is a fact that already happened at the till (SYNC.md).
 */
import type { ReturnPayload } from '../shared/documents/return.ts';
import type { Executor } from './context.ts';
import type { Register } from './db/schema.ts';
import { foundAt, type RegisterFinding } from './handlers/handler.ts';
import { returnedByLine, returnsOfSales, salesById } from './received.ts';

/** Findings for `applied` returns (already stored) that take a line of their sale beyond what it sold. */
export async function checkOverReturns(
  db: Executor,
  applied: { register: Register; seq: number; payload: ReturnPayload }[],
): Promise<RegisterFinding[]> {
  const withReceipt = applied.filter(({ payload }) => payload.original !== null);
  if (withReceipt.length === 0) return [];
  const saleIds = withReceipt.map(({ payload }) => payload.original!.saleId);
  const [sales, returns] = await Promise.all([salesById(db, saleIds), returnsOfSales(db, saleIds)]);

  const findings: RegisterFinding[] = [];
  for (const { register, seq, payload: ret } of withReceipt) {
    // A sale head office does not hold (yet) cannot be checked.
    const sale = sales.get(ret.original!.saleId);
    if (!sale) continue;
    const ofSale = returns.filter((received) => received.ret.original?.saleId === sale.saleId);
    const returned = returnedByLine(ofSale);
    for (const line of sale.lines) {
      const total = returned.get(line.lineId) ?? 0;
      if (total <= line.quantity || !ret.lines.some((taken) => taken.originalLineId === line.lineId))
        continue;
      const receipts = ofSale
        .filter((received) => received.ret.lines.some((taken) => taken.originalLineId === line.lineId))
        .map((received) => `${received.ret.receiptNumber} (register ${received.registerId})`);
      findings.push(
        foundAt(register)({
          seq,
          kind: 'over_return',
          sku: line.sku,
          details:
            `Sale ${sale.receiptNumber} sold ${line.quantity} of ${line.name} (SKU ${line.sku}), but returns ` +
            `${receipts.join(', ')} took back ${total}: ${total - line.quantity} more than was sold. ` +
            `Return ${ret.receiptNumber} was kept; check the refunds it paid.`,
        }),
      );
    }
  }
  return findings;
}
