import type { CashCountLine, Denomination } from '../../../shared/cash-count.ts';
import { useStore } from '../store.ts';
import { StepButton } from '../ui/StepButton.tsx';
import { onKeys } from '../ui/useHotkeys.ts';

/** What is typed per denomination (by value in minor units); a missing entry counts as none. */
export type CountTexts = Record<number, string>;

const countPattern = /^\d{1,6}$/;

/** The count as main takes it, or null while any field holds something that is not a whole number. */
export function countLines(denominations: Denomination[], texts: CountTexts): CashCountLine[] | null {
  const lines: CashCountLine[] = [];
  for (const { valueMinor } of denominations) {
    const text = (texts[valueMinor] ?? '').trim();
    if (text === '') continue;
    if (!countPattern.test(text)) return null;
    lines.push({ valueMinor, count: Number(text) });
  }
  return lines;
}

interface CashCountProps {
  denominations: Denomination[];
  texts: CountTexts;
  onTexts: (texts: CountTexts) => void;
}

/**
 * Counting the drawer: how many of each coin and note, typed (Tab or Enter to the next) or tapped with − and +.
 * Shows what each row and the whole count come to, never what the drawer should hold.
 */
export function CashCount({ denominations, texts, onTexts }: CashCountProps) {
  const store = useStore();
  const set = (valueMinor: number, text: string) => onTexts({ ...texts, [valueMinor]: text });
  const countOf = (valueMinor: number) => {
    const text = (texts[valueMinor] ?? '').trim();
    return countPattern.test(text) ? Number(text) : 0;
  };
  const lines = countLines(denominations, texts);
  const total = denominations.reduce((sum, { valueMinor }) => sum + valueMinor * countOf(valueMinor), 0);

  const group = (kind: Denomination['kind']) =>
    // Largest first: notes are counted before coins, and big before small.
    denominations
      .filter((denomination) => denomination.kind === kind)
      .toReversed()
      .map(({ valueMinor }) => {
        const text = texts[valueMinor] ?? '';
        const invalid = text.trim() !== '' && !countPattern.test(text.trim());
        const label = store.denomination(valueMinor);
        return (
          <li key={valueMinor} className="cash-count-row" data-testid="count-row" data-value={valueMinor}>
            <span className="count-label">{label}</span>
            <StepButton
              step="less"
              label={`One less ${label}`}
              untabbable
              disabled={countOf(valueMinor) === 0}
              onClick={() => set(valueMinor, String(countOf(valueMinor) - 1))}
            />
            <input
              className="qty-input"
              data-testid="count-input"
              aria-label={`Number of ${label}`}
              aria-invalid={invalid}
              inputMode="numeric"
              autoComplete="off"
              placeholder="0"
              value={text}
              onFocus={(event) => event.target.select()}
              onChange={(event) => set(valueMinor, event.target.value)}
              // Enter moves on to the next denomination, as Tab does, so a count is typed with one hand; on the
              // last one it sends the count (the screen's form).
              onKeyDown={onKeys<HTMLInputElement>({
                Enter: (event) => {
                  const inputs = [
                    ...document.querySelectorAll<HTMLInputElement>('[data-testid="count-input"]'),
                  ];
                  const next = inputs[inputs.indexOf(event.currentTarget) + 1];
                  if (!next) return false;
                  next.focus();
                },
              })}
            />
            <StepButton
              step="more"
              label={`One more ${label}`}
              untabbable
              onClick={() => set(valueMinor, String(countOf(valueMinor) + 1))}
            />
            <span className="count-amount">{store.money(valueMinor * countOf(valueMinor))}</span>
          </li>
        );
      });

  return (
    <div className="cash-count">
      <div className="count-groups">
        <section aria-label="Notes">
          <h3>Notes</h3>
          <ul className="count-list">{group('note')}</ul>
        </section>
        <section aria-label="Coins">
          <h3>Coins</h3>
          <ul className="count-list">{group('coin')}</ul>
        </section>
      </div>
      <p className="amount-bar">
        <span>{lines === null ? 'Fix the counts marked in red' : 'Counted'}</span>
        <strong data-testid="count-total">{store.money(total)}</strong>
      </p>
    </div>
  );
}
