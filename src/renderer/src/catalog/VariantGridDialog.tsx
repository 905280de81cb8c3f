import { useEffect, useEffectEvent, useState } from 'react';
import type { ProductHit } from '../../../shared/domain.ts';
import { combinations, optionsKey, type StyleGrid } from '../../../shared/styles.ts';
import { invoke, whenAnswered } from '../api.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { useStockVersion } from './useStockVersion.ts';

interface VariantGridDialogProps {
  styleId: string;
  /** Resolve to true when the variant went on the sale, so the grid can close. */
  onPick: (variant: ProductHit) => Promise<boolean>;
  onClose: () => void;
  onError: (error: unknown) => void;
}

/**
 * A style's variants as a grid: its last option across (sizes, say), the others down (colours), each cell the
 * variant's stock here and its price; a tap adds that variant. A combination the store does not sell is blank.
 */
export function VariantGridDialog({ styleId, onPick, onClose, onError }: VariantGridDialogProps) {
  const store = useStore();
  const stockVersion = useStockVersion();
  const [grid, setGrid] = useState<StyleGrid | null>(null);
  const reportError = useEffectEvent(onError);

  useEffect(
    () => whenAnswered(invoke('catalog.styleGrid', { styleId }), setGrid, (error) => reportError(error)),
    [styleId, stockVersion],
  );

  if (grid === null) return null;
  const across = grid.axes.at(-1)!;
  const down = combinations(grid.axes.slice(0, -1));
  const byOptions = new Map(
    grid.variants.flatMap((variant) =>
      variant.style ? [[optionsKey(variant.style.options), variant] as const] : [],
    ),
  );

  return (
    <Dialog title={grid.name} className="variant-dialog" onClose={onClose}>
      <table className="variant-grid" data-testid="variant-grid">
        <thead>
          <tr>
            <th scope="col">
              {grid.axes
                .slice(0, -1)
                .map((axis) => axis.name)
                .join(' / ')}
            </th>
            {across.values.map((value) => (
              <th key={value} scope="col">
                {value}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {down.map((row, index) => (
            <tr key={row.join('/') || 'all'}>
              <th scope="row">{row.join(' / ') || across.name}</th>
              {across.values.map((value) => {
                const variant = byOptions.get(optionsKey([...row, value]));
                if (!variant?.active)
                  return (
                    <td key={value} className="variant-none">
                      —
                    </td>
                  );
                return (
                  <td key={value}>
                    <button
                      type="button"
                      className={`variant-cell ${variant.onHand <= 0 ? 'variant-out' : ''}`}
                      data-testid="variant-cell"
                      data-sku={variant.sku}
                      data-autofocus={index === 0 && value === across.values[0] ? true : undefined}
                      aria-label={`${variant.name}: ${store.quantity(variant.onHand, variant.unit)} on hand, ${store.money(variant.priceMinor)}`}
                      onClick={() => {
                        onPick(variant).then((added) => added && onClose(), onError);
                      }}
                    >
                      <span className="variant-stock">{store.quantity(variant.onHand, variant.unit)}</span>
                      <span className="variant-price">{store.money(variant.priceMinor)}</span>
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Tap a variant to add it; the figures are on hand in this store.</p>
    </Dialog>
  );
}
