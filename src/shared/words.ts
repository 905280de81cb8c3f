/** Words for counts, the same on every screen, receipt and message. */

/** "1 line", "3 lines"; `many` for the words that do not just take an s ("1 box", "2 boxes"). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** A list of goods in a few words: "3 units on 1 line". */
export function unitsOnLines(lines: readonly { quantity: number }[]): string {
  const units = lines.reduce((sum, line) => sum + line.quantity, 0);
  return `${plural(units, 'unit')} on ${plural(lines.length, 'line')}`;
}
