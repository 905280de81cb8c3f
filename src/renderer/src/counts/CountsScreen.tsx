import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  CountLineChange,
  CountScan,
  JoinableCount,
  OpenCount,
  UncountedChoice,
} from '../../../shared/counts.ts';
import type { ProductHit } from '../../../shared/domain.ts';
import { parseQuantity } from '../../../shared/quantity.ts';
import { describeScope } from '../../../shared/counts.ts';
import { CounterError } from '../../../shared/errors.ts';
import type { CountDetail } from '../../../shared/sync/counts-api.ts';
import { invoke, subscribe, whenAnswered } from '../api.ts';
import { plural } from '../../../shared/words.ts';
import { useHardwareScans } from '../devices/useHardwareScans.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { PrinterIcon } from '../ui/icons.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { useStore } from '../store.ts';
import { useProblem } from '../ui/useProblem.ts';
import { useUnreadable } from '../ui/useUnreadable.ts';
import { useWedgeScanner } from '../ui/useWedgeScanner.ts';
import { CountLines } from './CountLines.tsx';
import { CountReview } from './CountReview.tsx';
import { OpenCountForm } from './OpenCountForm.tsx';
import { StoreCounts } from './StoreCounts.tsx';
import './counts.css';

/** The count as the screen holds it: one line changes per scan, the rest of the list is kept as it was. */
function withLine(count: OpenCount, { line, lineCount }: CountLineChange): OpenCount {
  const lines = count.lines.slice();
  lines[line.lineNo - 1] = line;
  return { ...count, lines, lineCount, unsubmittedLines: lines.filter((l) => !l.submitted).length };
}

/**
 * The Counts screen: open a count (whole store, categories or SKUs; blind or showing expected) or join one of
 * the store's counts (opened at head office or another register), count into it by scanning (wedge, hardware
 * scanner or phone) or typing, then submit this register's lines. A manager reviews every register's lines,
 * merged at head office, by SKU or by value, and approves the count here.
 */
export function CountsScreen({ onClose }: { onClose: () => void }) {
  const [count, setCount] = useState<OpenCount | null | undefined>(undefined);
  const [categories, setCategories] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [focusLine, setFocusLine] = useState<number | null>(null);
  const [storeCounts, setStoreCounts] = useState<JoinableCount[]>([]);
  const [reviewing, setReviewing] = useState<CountDetail | null>(null);
  const { problem, report, dismiss } = useProblem();
  const { locale } = useStore().info.settings;
  /** A product sold by kg scanned without a weight on its code: counted once its kilograms are typed. */
  const [weighing, setWeighing] = useState<ProductHit | null>(null);
  const [weight, setWeight] = useState('');
  const codeField = useRef<HTMLInputElement>(null);
  const unreadable = useUnreadable();

  const reloadStoreCounts = useCallback(() => {
    invoke('count.storeCounts').then(setStoreCounts, report);
  }, [report]);
  useEffect(() => {
    reloadStoreCounts();
    return subscribe('counts.changed', reloadStoreCounts);
  }, [reloadStoreCounts]);

  useEffect(
    () =>
      whenAnswered(
        Promise.all([invoke('count.current'), invoke('count.categories')]),
        ([current, names]) => {
          setCount(current);
          setCategories(names);
        },
        report,
      ),
    [report],
  );

  const counting = count !== undefined && count !== null;
  const { flag } = unreadable;
  const flagLine = useCallback(
    (lineNo: number, message: string | null) => flag(`line-${lineNo}`, message),
    [flag],
  );
  const changeLine = async (change: Promise<CountScan>) => {
    dismiss();
    const answer = await change;
    if ('weigh' in answer) {
      setWeighing(answer.weigh);
      setWeight('');
      return;
    }
    if (weighing) {
      // Weighed and counted: back to the code field for the next item.
      setWeighing(null);
      codeField.current?.focus();
    }
    setCount((current) => (current ? withLine(current, answer) : current));
    setFocusLine(answer.line.lineNo);
  };
  const scan = (scanned: string) => {
    changeLine(invoke('count.scan', { code: scanned })).catch(report);
  };
  const countWeighed = (product: ProductHit) => {
    const parsed = parseQuantity(weight, 'kg', locale, 0);
    if (!parsed.ok) {
      report(new CounterError('INVALID_INPUT', `${product.name}: ${parsed.message}`));
      return;
    }
    changeLine(invoke('count.addProduct', { productId: product.id, quantity: parsed.quantity })).catch(
      report,
    );
  };
  useWedgeScanner(scan, counting);
  useHardwareScans('screen', scan, counting);

  const submit = async () => {
    dismiss();
    if (unreadable.first !== null) throw new CounterError('INVALID_INPUT', unreadable.first);
    const sent = await invoke('count.submit');
    setSubmitted(
      `Sent ${plural(sent.lines, 'line')} to head office: once every register's lines are in, a manager reviews the variance and approves the count.`,
    );
    setCount(null);
    reloadStoreCounts();
  };
  const join = (countId: string) => {
    dismiss();
    setSubmitted(null);
    invoke('count.join', { countId }).then(setCount, report);
  };
  const review = (countId: string) => {
    dismiss();
    setSubmitted(null);
    invoke('count.review', { countId }).then(setReviewing, report);
  };
  const approve = async (countId: string, uncounted: UncountedChoice) => {
    dismiss();
    await invoke('count.approve', { countId, uncounted });
    setReviewing(null);
    setSubmitted(
      'Approved: head office sets on hand to what was counted, and every register of the store gets the new figures.',
    );
    reloadStoreCounts();
  };

  return (
    <Dialog
      title="Stock count"
      // Counting and reviewing fill the window with their lists; choosing what to count takes what it needs.
      className={counting || reviewing ? 'counts-dialog counts-dialog-lists' : 'counts-dialog'}
      onClose={onClose}
    >
      <ErrorBanner problem={problem} onDismiss={dismiss} />
      {submitted && (
        <p className="count-sent" role="status" data-testid="count-sent">
          {submitted}
        </p>
      )}
      {reviewing && (
        <CountReview
          count={reviewing}
          onBack={() => setReviewing(null)}
          onApprove={(uncounted) => {
            approve(reviewing.countId, uncounted).catch(report);
          }}
        />
      )}
      {count === null && !reviewing && <StoreCounts counts={storeCounts} onJoin={join} onReview={review} />}
      {count === null && !reviewing && storeCounts.length > 0 && <h3>Or open a new count</h3>}
      {count === null && !reviewing && (
        <OpenCountForm
          categories={categories}
          onOpen={(input) => {
            dismiss();
            setSubmitted(null);
            invoke('count.open', input).then((opened) => {
              setCount(opened);
              reloadStoreCounts();
            }, report);
          }}
        />
      )}
      {counting && (
        <section className="count-open" data-testid="count-open">
          <header className="count-head">
            <p>
              <strong data-testid="count-scope">{describeScope(count.scope)}</strong>
              {count.blind ? ' · blind count' : ' · showing expected'}
            </p>
            <p data-testid="count-line-count">{plural(count.lineCount, 'line')}</p>
          </header>
          <form
            className="count-entry"
            onSubmit={(event) => {
              event.preventDefault();
              const typed = code.trim();
              if (typed === '') return;
              setCode('');
              scan(typed);
            }}
          >
            <input
              ref={codeField}
              data-testid="count-code"
              // Also when a count opens or is joined with the screen already up: the button pressed is gone.
              autoFocus
              data-autofocus
              aria-label="Scan or type a barcode or SKU"
              placeholder="Scan, or type a barcode or SKU and press Enter"
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
            <button type="submit">Count one</button>
          </form>
          {weighing && (
            <form
              className="count-entry"
              data-testid="count-weigh"
              onSubmit={(event) => {
                event.preventDefault();
                countWeighed(weighing);
              }}
            >
              <label className="count-weigh-label" htmlFor="count-weight">
                {weighing.name} is sold by weight: type its kilograms
              </label>
              <input
                id="count-weight"
                data-testid="count-weight"
                autoFocus
                inputMode="decimal"
                placeholder="0.000"
                value={weight}
                onChange={(event) => setWeight(event.target.value)}
              />
              <button type="submit">Count</button>
              <button type="button" onClick={() => setWeighing(null)}>
                Cancel
              </button>
            </form>
          )}
          <CountLines
            lines={count.lines}
            blind={count.blind}
            focusLine={focusLine}
            onQuantity={(lineNo, quantity) => {
              changeLine(invoke('count.setQuantity', { lineNo, quantity })).catch(report);
            }}
            onUnreadable={flagLine}
          />
          {unreadable.first && (
            <p className="count-unreadable" role="status" data-testid="count-unreadable">
              {unreadable.first}
            </p>
          )}
          <footer className="count-actions">
            <button
              type="button"
              data-testid="count-print"
              onClick={() => {
                dismiss();
                invoke('count.printSheet').then((job) => {
                  if (job.status === 'failed')
                    report(
                      new CounterError(
                        'DEVICE_UNAVAILABLE',
                        `The receipt printer did not print the count sheet: ${job.lastError ?? 'check the printer'}. It prints when the printer is back.`,
                      ),
                    );
                }, report);
              }}
            >
              <PrinterIcon size={22} />
              Print count sheet
            </button>
            <button
              type="button"
              className="primary"
              data-testid="count-submit"
              onClick={() => {
                submit().catch(report);
              }}
            >
              Submit {plural(count.unsubmittedLines, 'line')}
            </button>
          </footer>
        </section>
      )}
    </Dialog>
  );
}
