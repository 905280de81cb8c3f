import { shiftReportText, type XReport, type ZReport } from '../../../shared/shift-report.ts';
import { useStore } from '../store.ts';

/** The columns of an 80 mm receipt printer, so the screen shows the report as it prints. */
const PAPER_COLUMNS = 42;

/**
 * An X or Z report laid out by the same code as the printed one (src/shared/shift-report.ts), on a paper slip
 * that the print stylesheet prints on its own.
 */
export function ShiftReportPaper({ report }: { report: XReport | ZReport }) {
  const { info } = useStore();
  const lines = shiftReportText(report, info.settings.locale, PAPER_COLUMNS, info.register);
  return (
    <article
      className="receipt-paper report-paper"
      data-testid={report.kind === 'Z' ? 'z-report' : 'x-report'}
      aria-label={report.kind === 'Z' ? `Z report ${report.number}` : 'X report'}
    >
      <pre>{lines.join('\n')}</pre>
    </article>
  );
}
