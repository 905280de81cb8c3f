import type { ParkedSaleSummary } from '../../../shared/domain.ts';
import { useStore } from '../store.ts';

interface ParkedSalesProps {
  parked: ParkedSaleSummary[];
  onResume: (saleId: string) => void;
}

/** Sales put aside, oldest first, each with what is in it: tap Resume to bring one back. */
export function ParkedSales({ parked, onResume }: ParkedSalesProps) {
  const store = useStore();
  if (parked.length === 0) return null;
  return (
    <section className="parked" aria-label="Parked sales" data-testid="parked-sales">
      <h3>Parked sales</h3>
      <ul>
        {parked.map((sale) => (
          <li key={sale.saleId} className="parked-sale" data-testid="parked-sale">
            <div className="parked-what">
              <strong>{sale.preview.join(', ')}</strong>
              <small>
                {sale.itemCount} {sale.itemCount === 1 ? 'item' : 'items'} · parked{' '}
                {store.dateTime(sale.parkedAt)}
                {sale.parkedBy && ` by ${sale.parkedBy.name}`}
              </small>
            </div>
            <span className="parked-total">{store.money(sale.totalMinor)}</span>
            <button
              type="button"
              className="primary"
              data-testid="resume-sale"
              onClick={() => onResume(sale.saleId)}
            >
              Resume
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
