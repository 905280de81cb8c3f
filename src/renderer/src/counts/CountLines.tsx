import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState } from 'react';
import type { CountLine } from '../../../shared/counts.ts';
import { parseLineQuantity, quantityText } from '../../../shared/quantity.ts';
import { useStore } from '../store.ts';

const ROW_HEIGHT = 52;

interface CountLinesProps {
  lines: CountLine[];
  blind: boolean;
  /** The line just counted: scrolled into view. */
  focusLine: number | null;
  onQuantity: (lineNo: number, quantity: number) => void;
  /** A line's field holds what is no quantity (with what is wrong, naming the line), or reads again (null). */
  onUnreadable: (lineNo: number, message: string | null) => void;
}

/**
 * The running list of a count, newest at the bottom. Only the rows in view are in the page (a count may hold
 * 10,000 lines), and a row re-renders only when its own line changed.
 */
export function CountLines({ lines, blind, focusLine, onQuantity, onUnreadable }: CountLinesProps) {
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
            onUnreadable={onUnreadable}
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
  onUnreadable: (lineNo: number, message: string | null) => void;
}

/** A line's typed quantity (as the store's `locale` writes numbers), or what is wrong with it, naming the line. */
const readTyped = (line: CountLine, typed: string, locale: string) =>
  parseLineQuantity(typed, line.unit, 0, `Line ${line.lineNo} (${line.name})`, locale);

/** What is wrong with a line's typed quantity; null when it reads. */
function problemOf(line: CountLine, typed: string, locale: string): string | null {
  const read = readTyped(line, typed, locale);
  return read.ok ? null : read.message;
}

const Row = memo(function Row({ line, blind, top, focused, onQuantity, onUnreadable }: RowProps) {
  const { quantity, info } = useStore();
  const { locale } = info.settings;
  // Weighed goods are counted in grams and shown and typed in kilograms, as at the sale.
  const [typed, setTyped] = useState<string | null>(null);
  const problem = typed === null ? null : problemOf(line, typed, locale);
  // A row scrolled out of view forgets what was typed in it, so the screen forgets its problem too.
  useEffect(() => () => onUnreadable(line.lineNo, null), [line.lineNo, onUnreadable]);
  const commit = () => {
    if (typed === null || problem !== null) return;
    const parsed = readTyped(line, typed, locale);
    setTyped(null);
    if (parsed.ok && parsed.quantity !== line.quantity) onQuantity(line.lineNo, parsed.quantity);
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
        <span role="cell" className="numeric" data-testid="count-expected">
          {line.expected === null ? null : quantity(line.expected, line.unit)}
        </span>
      )}
      <span role="cell" className="numeric">
        {line.submitted ? (
          quantity(line.quantity, line.unit)
        ) : (
          <input
            className="count-quantity"
            data-testid="count-quantity"
            inputMode={line.unit === 'kg' ? 'decimal' : 'numeric'}
            aria-label={`Counted ${line.unit === 'kg' ? 'kilograms' : 'quantity'} of ${line.name}, line ${line.lineNo}`}
            aria-invalid={problem !== null}
            title={problem ?? undefined}
            value={typed ?? quantityText(line.quantity, line.unit)}
            onChange={(event) => {
              setTyped(event.target.value);
              onUnreadable(line.lineNo, problemOf(line, event.target.value, locale));
            }}
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
