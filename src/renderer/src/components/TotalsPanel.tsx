import type { SaleTotals } from '../../../shared/domain.ts';
import { useStore } from '../store.ts';

/** Subtotal, tax by rate and total exactly as main computed them (the receipt shows the same figures). */
export function TotalsPanel({ totals }: { totals: SaleTotals }) {
  const store = useStore();
  const inclusive = totals.pricesIncludeTax;
  // A name such as "VAT 23%" already says its rate.
  const rateLabel = (name: string, basisPoints: number) =>
    `${inclusive ? 'incl.' : '+'} ${name.includes('%') ? name : `${name} ${store.rate(basisPoints)}`}`;
  const [onlyRate] = totals.taxes.length === 1 ? totals.taxes : [];
  return (
    <section className="totals" aria-label="Totals">
      <div className="totals-row">
        <span>{inclusive ? 'Subtotal (incl. tax)' : 'Subtotal'}</span>
        <span data-testid="subtotal">{store.money(totals.subtotalMinor)}</span>
      </div>
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
    </section>
  );
}
