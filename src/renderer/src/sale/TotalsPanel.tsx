import { describeDiscount, type AppliedDiscount } from '../../../shared/discount.ts';
import type { SaleTotals } from '../../../shared/domain.ts';
import { useStore } from '../store.ts';

interface TotalsPanelProps {
  totals: SaleTotals;
  /** The discount on the whole sale, named under the discounts. */
  cartDiscount?: AppliedDiscount | null;
  /** What rounding the cash part to the smallest coin added (negative: took off); 0 when none. */
  roundingMinor?: number;
}

/**
 * Subtotal, discounts, tax by rate and total exactly as main computed them (the receipt shows the same
 * figures), and the cash rounding once cash is taken.
 */
export function TotalsPanel({ totals, cartDiscount = null, roundingMinor = 0 }: TotalsPanelProps) {
  const store = useStore();
  const inclusive = totals.pricesIncludeTax;
  const rateLabel = (name: string, basisPoints: number) =>
    `${inclusive ? 'incl.' : '+'} ${store.taxLabel(name, basisPoints)}`;
  const [onlyRate] = totals.taxes.length === 1 ? totals.taxes : [];
  return (
    <section className="totals" aria-label="Totals">
      <div className="totals-row">
        <span>{inclusive ? 'Subtotal (incl. tax)' : 'Subtotal'}</span>
        <span data-testid="subtotal">{store.money(totals.subtotalMinor)}</span>
      </div>
      {totals.discountMinor > 0 && (
        <div className="totals-row totals-discount">
          <span>Discounts</span>
          <span data-testid="discount-total">−{store.money(totals.discountMinor)}</span>
        </div>
      )}
      {cartDiscount && (
        <div className="totals-row totals-rate" data-testid="cart-discount-line">
          <span>
            {describeDiscount(cartDiscount.discount, store.money)} off the sale: {cartDiscount.reason}
          </span>
          <span>−{store.money(cartDiscount.amountMinor)}</span>
        </div>
      )}
      {onlyRate ? (
        <div className="totals-row totals-tax">
          <span>{rateLabel(onlyRate.name, onlyRate.rateBasisPoints)}</span>
          <span data-testid="tax-total">{store.money(totals.taxMinor)}</span>
        </div>
      ) : (
        <>
          {totals.taxes.map((tax) => (
            <div className="totals-row totals-rate" key={tax.code} data-testid="tax-rate">
              <span>{rateLabel(tax.name, tax.rateBasisPoints)}</span>
              <span>{store.money(tax.taxMinor)}</span>
            </div>
          ))}
          <div className="totals-row totals-tax">
            <span>{inclusive ? 'Tax included' : '+ Tax'}</span>
            <span data-testid="tax-total">{store.money(totals.taxMinor)}</span>
          </div>
        </>
      )}
      <div className="totals-row totals-total">
        <span>Total</span>
        <span data-testid="total">{store.money(totals.totalMinor)}</span>
      </div>
      {roundingMinor !== 0 && (
        <div className="totals-row totals-tax">
          <span>Cash rounding</span>
          <span data-testid="rounding">{store.money(roundingMinor)}</span>
        </div>
      )}
    </section>
  );
}
