/**
 * The lines a form drafts (a purchase order's, a transfer's): each a SKU and a quantity typed, one more at a
 * time, with head office's word on each field (lines.<index>.sku, lines.<index>.quantity).
 */
import { useState } from 'react';
import { fieldError, TextField } from './Field.tsx';

export interface TypedLine {
  sku: string;
  quantity: string;
}

/** The lines typed so far, starting with one `blank`; `add` appends another blank one. */
export function useTypedLines<Line extends TypedLine>(blank: Line) {
  const [lines, setLines] = useState<Line[]>([blank]);
  const change = (index: number, patch: Partial<Line>) =>
    setLines(lines.map((old, at) => (at === index ? { ...old, ...patch } : old)));
  const add = () => setLines([...lines, blank]);
  return { lines, change, add };
}

/** One line's SKU and quantity fields; their test ids are `<testId>-sku` and `<testId>-quantity`. */
export function SkuQuantityFields({
  index,
  line,
  change,
  details,
  testId,
}: {
  index: number;
  line: TypedLine;
  change: (index: number, patch: Partial<TypedLine>) => void;
  details: string[] | undefined;
  testId: string;
}) {
  return (
    <>
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
    </>
  );
}
