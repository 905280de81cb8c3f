import { useState, type FormEvent, type ReactNode } from 'react';
import type { CashCountLine, Denomination } from '../../../shared/cash-count.ts';
import type { UserSummary } from '../../../shared/domain.ts';
import { FormError } from '../ui/FormLines.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { CashCount, countLines, type CountTexts } from './CashCount.tsx';

interface CountScreenProps {
  testId: string;
  user: UserSummary;
  title: string;
  /** What to count and why, under the title. */
  intro: ReactNode;
  denominations: Denomination[];
  /** What went wrong, above the buttons; the count stays as typed, to check and send again. */
  message: string | null;
  errorTestId?: string;
  /** The count is on its way. */
  busy: boolean;
  /** The button that sends the count. */
  submit: { testId: string; label: string; busyLabel: string };
  onCount: (count: CashCountLine[]) => void;
  /** The buttons before it. */
  actions: ReactNode;
  /** Above the count (the shift-end check). */
  children?: ReactNode;
  /** Under the count, before what went wrong (the reason for an over/short). */
  afterCount?: ReactNode;
}

/**
 * The screens that open and close a shift: count the drawer note by note and coin by coin, then send it with
 * the button or Enter on the last count.
 */
export function CountScreen(props: CountScreenProps) {
  const { user, denominations, busy, submit } = props;
  const [texts, setTexts] = useState<CountTexts>({});
  const count = countLines(denominations, texts);
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (count && !busy) props.onCount(count);
  };
  return (
    <ScreenFrame testId={props.testId} userName={`${user.name} · ${user.role}`}>
      <form className="shift-page" onSubmit={send}>
        <div className="shift-page-head">
          <h1>{props.title}</h1>
          <p className="muted">{props.intro}</p>
        </div>
        {props.children}
        <CashCount denominations={denominations} texts={texts} onTexts={setTexts} />
        {props.afterCount}
        <FormError message={props.message} testId={props.errorTestId} />
        <div className="shift-page-actions">
          {props.actions}
          <button type="submit" className="primary" data-testid={submit.testId} disabled={!count || busy}>
            {busy ? submit.busyLabel : submit.label}
          </button>
        </div>
      </form>
    </ScreenFrame>
  );
}
