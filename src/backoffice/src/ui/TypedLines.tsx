/**
 * The lines a form drafts (a purchase order's, a transfer's): each a SKU and a quantity typed, one more at a
 * time, with head office's word on each field (lines.<index>.sku, lines.<index>.quantity).
 */
import { useState, type ReactNode } from 'react';
import { Button } from './Button.tsx';
import { fieldError, TextField } from './Field.tsx';

export interface TypedLine {
  sku: string;
  quantity: string;
}

export interface TypedLines<Line extends TypedLine> {
  lines: Line[];
  /** A change to a line: to its SKU or quantity, or to a field of its own. */
  change: (index: number, patch: Partial<TypedLine> | Partial<Line>) => void;
  add: () => void;
}

/** The lines typed so far, starting with one `blank`; `add` appends another blank one. */
export function useTypedLines<Line extends TypedLine>(blank: Line): TypedLines<Line> {
  const [lines, setLines] = useState<Line[]>([blank]);
  const change = (index: number, patch: Partial<TypedLine> | Partial<Line>) =>
    setLines(lines.map((old, at) => (at === index ? { ...old, ...patch } : old)));
  const add = () => setLines([...lines, blank]);
  return { lines, change, add };
}

/**
 * Every line's SKU and quantity, a row a line, and the button that adds a line. Test ids: `<testId>-sku` and
 * `<testId>-quantity`. `more` gives a line's own fields after its quantity (a purchase order's unit cost).
 */
export function TypedLinesFields<Line extends TypedLine>({
  typed: { lines, change, add },
  details,
  testId,
  more,
}: {
  typed: TypedLines<Line>;
  details: string[] | undefined;
  testId: string;
  more?: (line: Line, index: number) => ReactNode;
}) {
  return (
    <>
      {lines.map((line, index) => (
        <div className="typed-line" key={index}>
          <TextField
            label={`SKU, line ${index + 1}`}
            value={line.sku}
            onChange={(event) => change(index, { sku: event.target.value })}
            error={fieldError(details, `lines.${index}.sku`)}
            data-testid={`${testId}-sku`}
          />
          <TextField
            label="Quantity"
            inputMode="numeric"
            value={line.quantity}
            onChange={(event) => change(index, { quantity: event.target.value })}
            error={fieldError(details, `lines.${index}.quantity`)}
            data-testid={`${testId}-quantity`}
          />
          {more?.(line, index)}
        </div>
      ))}
      <Button onClick={add}>Add a line</Button>
    </>
  );
}
