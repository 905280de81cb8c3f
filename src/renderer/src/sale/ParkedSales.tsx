import { useState, type FormEvent } from 'react';
import type { ParkedSaleSummary } from '../../../shared/domain.ts';
import { useStore } from '../store.ts';
import { FormError } from '../ui/FormLines.tsx';
import { useFailure } from '../ui/useFailure.ts';

interface ParkedSalesProps {
  parked: ParkedSaleSummary[];
  onResume: (saleId: string) => void;
  /** Names a parked sale (an empty name takes it away); rejects with why it could not. */
  onName: (saleId: string, name: string) => Promise<void>;
}

/**
 * Sales put aside, oldest first, each with its name (or what is in it): tap Resume to bring one back, or Name
 * to say whose it is ("Blue coat, back in 5 min").
 */
export function ParkedSales({ parked, onResume, onName }: ParkedSalesProps) {
  const store = useStore();
  const [naming, setNaming] = useState<string | null>(null);
  if (parked.length === 0) return null;
  return (
    <section className="parked" aria-label="Parked sales" data-testid="parked-sales">
      <h3>Parked sales</h3>
      <ul>
        {parked.map((sale) => (
          <li key={sale.saleId} className="parked-sale" data-testid="parked-sale">
            {naming === sale.saleId ? (
              <ParkedName
                name={sale.name ?? ''}
                onName={(name) => onName(sale.saleId, name).then(() => setNaming(null))}
                onCancel={() => setNaming(null)}
              />
            ) : (
              <>
                <div className="parked-what">
                  <strong data-testid="parked-sale-name">{sale.name ?? sale.preview.join(', ')}</strong>
                  <small>
                    {sale.name && `${sale.preview.join(', ')} · `}
                    {sale.itemCount} {sale.itemCount === 1 ? 'item' : 'items'} · parked{' '}
                    {store.dateTime(sale.parkedAt)}
                    {sale.parkedBy && ` by ${sale.parkedBy.name}`}
                  </small>
                </div>
                <span className="parked-total">{store.money(sale.totalMinor)}</span>
                <div className="parked-actions">
                  <button type="button" data-testid="name-parked" onClick={() => setNaming(sale.saleId)}>
                    Name
                  </button>
                  <button
                    type="button"
                    className="primary"
                    data-testid="resume-sale"
                    onClick={() => onResume(sale.saleId)}
                  >
                    Resume
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The name typed in place of the parked sale's line; Enter saves, Escape goes back. */
function ParkedName({
  name,
  onName,
  onCancel,
}: {
  name: string;
  onName: (name: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [text, setText] = useState(name);
  const { message, busy, attempt, clearing } = useFailure();
  const type = clearing(setText);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    attempt(() => onName(text));
  };
  return (
    <form className="parked-name" onSubmit={submit}>
      <input
        data-testid="parked-name-input"
        aria-label="Name for this parked sale"
        placeholder="e.g. Blue coat, back in 5 min"
        autoComplete="off"
        maxLength={40}
        autoFocus
        value={text}
        onChange={(event) => type(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.preventDefault();
          event.stopPropagation();
          onCancel();
        }}
      />
      <button type="submit" className="primary" data-testid="parked-name-save" disabled={busy}>
        Save
      </button>
      <FormError message={message} />
    </form>
  );
}
