import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState } from 'react';
import type { CountLine } from '../../../shared/counts.ts';

const ROW_HEIGHT = 52;

interface CountLinesProps {
  lines: CountLine[];
  blind: boolean;
  /** The line just counted: scrolled into view. */
  focusLine: number | null;
  onQuantity: (lineNo: number, quantity: number) => void;
}

/**
 * The running list of a count, newest at the bottom. Only the rows in view are in the page (a count may hold
 * 10,000 lines), and a row re-renders only when its own line changed.
 */
export function CountLines({ lines, blind, focusLine, onQuantity }: CountLinesProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The compiler leaves this component as written: it only lays out the rows in view, and each Row is memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  useEffect(() => {
    if (focusLine !== null) virtualizer.scrollToIndex(focusLine - 1, { align: 'auto' });
  }, [focusLine, virtualizer]);

  if (lines.length === 0) {
    return <p className="count-empty">Scan the first item, or type its barcode or SKU.</p>;
  }
  return (
    <div
      className="count-lines"
      ref={scrollRef}
      role="table"
      aria-label="Counted lines"
      aria-rowcount={lines.length}
    >
      <div className="count-row count-row-head" role="row">
        <span role="columnheader">#</span>
        <span role="columnheader">SKU</span>
        <span role="columnheader">Product</span>
        {!blind && <span role="columnheader">Expected</span>}
        <span role="columnheader">Counted</span>
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => (
          <Row
            key={item.index}
            line={lines[item.index]!}
            blind={blind}
            top={item.start}
            focused={focusLine === item.index + 1}
            onQuantity={onQuantity}
          />
        ))}
      </div>
    </div>
  );
}

interface RowProps {
  line: CountLine;
  blind: boolean;
  top: number;
  focused: boolean;
  onQuantity: (lineNo: number, quantity: number) => void;
}

const Row = memo(function Row({ line, blind, top, focused, onQuantity }: RowProps) {
  const [typed, setTyped] = useState<string | null>(null);
  const commit = () => {
    if (typed === null) return;
    const quantity = Number(typed);
    setTyped(null);
    if (typed.trim() !== '' && Number.isInteger(quantity) && quantity !== line.quantity)
      onQuantity(line.lineNo, quantity);
  };
  return (
    <div
      className={`count-row${focused ? ' focused' : ''}${line.submitted ? ' sent' : ''}`}
      role="row"
      data-testid="count-line"
      data-sku={line.sku}
      style={{ transform: `translateY(${top}px)` }}
    >
      <span role="cell">{line.lineNo}</span>
      <span role="cell">{line.sku}</span>
      <span role="cell" className="count-name">
        {line.name}
      </span>
      {!blind && (
        <span role="cell" className="numeric">
          {line.expected}
        </span>
      )}
      <span role="cell" className="numeric">
        {line.submitted ? (
          line.quantity
        ) : (
          <input
            className="count-quantity"
            data-testid="count-quantity"
            inputMode="numeric"
            aria-label={`Counted quantity of ${line.name}, line ${line.lineNo}`}
            value={typed ?? String(line.quantity)}
            onChange={(event) => setTyped(event.target.value)}
            onBlur={commit}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                commit();
              }
            }}
          />
        )}
      </span>
    </div>
  );
});
