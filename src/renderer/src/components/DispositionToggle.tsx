import type { ReturnDisposition } from '../../../shared/domain.ts';

interface DispositionToggleProps {
  name: string;
  disposition: ReturnDisposition;
  onDisposition(disposition: ReturnDisposition): void;
}

/** Where a returned item goes: back on the shelf, or set aside as damaged (not sellable). */
export function DispositionToggle({ name, disposition, onDisposition }: DispositionToggleProps) {
  return (
    <div className="segmented segmented-small" role="radiogroup" aria-label={`Where ${name} goes`}>
      <button
        type="button"
        role="radio"
        aria-checked={disposition === 'sellable'}
        data-testid="disposition-sellable"
        onClick={() => onDisposition('sellable')}
      >
        To stock
      </button>
      <button
        type="button"
        role="radio"
        aria-checked={disposition === 'damaged'}
        data-testid="disposition-damaged"
        onClick={() => onDisposition('damaged')}
      >
        Damaged
      </button>
    </div>
  );
}
