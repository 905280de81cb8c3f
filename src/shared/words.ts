/** Words for counts, the same on every screen, receipt and message. */
import type { Unit } from './domain.ts';
import { formatQuantity } from './quantity.ts';

/** "1 line", "3 lines"; `many` for the words that do not just take an s ("1 box", "2 boxes"). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/**
 * How much of the goods: "3 units", "1.250 kg", "2 units and 1.250 kg". Lines of goods sold by kg hold grams:
 * they add up as a weight, not as units.
 */
export function unitsAndWeight(lines: readonly { quantity: number; unit?: Unit | undefined }[]): string {
  const total = (unit: Unit) =>
    lines.filter((line) => (line.unit ?? 'each') === unit).reduce((sum, line) => sum + line.quantity, 0);
  const units = total('each');
  const grams = total('kg');
  const weight = formatQuantity(grams, 'kg', 'en');
  return grams === 0
    ? plural(units, 'unit')
    : units === 0
      ? weight
      : `${plural(units, 'unit')} and ${weight}`;
}

/** A list of goods in a few words: "3 units on 1 line", "2 units and 1.250 kg on 3 lines". */
export function unitsOnLines(lines: readonly { quantity: number; unit?: Unit }[]): string {
  return `${unitsAndWeight(lines)} on ${plural(lines.length, 'line')}`;
}
