import { Fragment, useEffect, useState } from 'react';
import { parseBarcode, type ParsedBarcode } from '../../../shared/barcode.ts';
import type { ScannerReading } from '../../../shared/domain.ts';
import { invoke, subscribe, toCounterError } from '../api.ts';
import { useStore } from '../store.ts';
import { BarcodeIcon } from '../ui/icons.tsx';
import { useWedgeScanner } from '../ui/useWedgeScanner.ts';
import { ActionMessage, Section, useAction } from './fields.tsx';
import { describeScan, splitAtSeparators } from './scan-meaning.ts';

/**
 * The live scanner test: while on, what any scanner reads shows here with what it means (GTIN, GS1
 * elements, an embedded price or weight, or why it was refused), and nothing goes into the sale. Hardware
 * scanners report through main ('scanner.test'); keyboard-mode scans are parsed here with the same parser.
 */
export function ScannerTest() {
  const store = useStore();
  const [active, setActive] = useState(false);
  const [reading, setReading] = useState<ScannerReading | null>(null);
  const action = useAction();

  useEffect(() => subscribe('scanner.test', setReading), []);

  // Leaving the screen ends the test, so scans go to the sale again.
  useEffect(() => {
    if (!active) return;
    return () => {
      invoke('devices.scannerTest', { active: false }).catch((error: unknown) => console.error(error));
    };
  }, [active]);

  useWedgeScanner((code) => {
    let parsed: ParsedBarcode | null = null;
    let outcome = 'Read correctly (keyboard-mode scanner).';
    try {
      parsed = parseBarcode(code, {
        ...store.info.settings.barcodes,
        currencyDigits: store.info.currencyDigits,
      });
    } catch (error) {
      outcome = toCounterError(error).message;
    }
    setReading({ scannerId: 'keyboard', code, aim: null, parsed, outcome, addedToSale: false });
  }, active);

  const toggle = () =>
    action.run(async () => {
      const next = await invoke('devices.scannerTest', { active: !active });
      setActive(next.active);
      if (next.active) setReading(null);
      return next.active
        ? 'Scan a code: it shows here and is not added to the sale.'
        : 'Scans go to the sale again.';
    });

  const rows = reading?.parsed
    ? describeScan(reading.parsed, {
        money: store.money,
        weight: (grams) => store.quantity(grams, 'kg'),
      })
    : [];

  return (
    <Section title="Scanner test" testId="scanner-test">
      <div className="device-actions">
        <button
          type="button"
          className={active ? 'primary' : undefined}
          aria-pressed={active}
          data-testid="scanner-test-toggle"
          disabled={action.busy}
          onClick={toggle}
        >
          <BarcodeIcon />
          {active ? 'Stop the scanner test' : 'Start the scanner test'}
        </button>
      </div>
      <ActionMessage action={action} testId="scanner-test-message" />
      {reading && (
        <div className="scan-reading" data-testid="scanner-reading">
          <p className="scan-code">
            <code data-testid="scanner-reading-code">
              {splitAtSeparators(withoutAim(reading)).map((part, index) => (
                <Fragment key={index}>
                  {index > 0 && (
                    <abbr className="scan-separator" title="Group separator (GS)">
                      GS
                    </abbr>
                  )}
                  {part}
                </Fragment>
              ))}
            </code>
            <small>
              {reading.scannerId === 'keyboard' ? 'Keyboard-mode scanner' : reading.scannerId}
              {reading.aim ? ` · AIM ${reading.aim}` : ''}
            </small>
          </p>
          {rows.length > 0 && (
            <dl className="scan-meaning" data-testid="scanner-reading-meaning">
              {rows.map((row) => (
                <div key={row.label}>
                  <dt>{row.label}</dt>
                  <dd>{row.value}</dd>
                </div>
              ))}
            </dl>
          )}
          <p
            className={`device-state device-state-${reading.parsed ? 'ok' : 'bad'}`}
            data-testid="scanner-reading-outcome"
          >
            {reading.outcome}
          </p>
        </div>
      )}
    </Section>
  );
}

/** The data as the scanner read it; the AIM identifier main puts in front is shown on its own. */
function withoutAim({ code, aim }: ScannerReading): string {
  return aim && code.startsWith(aim) ? code.slice(aim.length) : code;
}
