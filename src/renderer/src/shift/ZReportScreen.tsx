import type { ZReportView } from '../../../shared/shift-report.ts';
import { useStore } from '../store.ts';
import { CheckIcon } from '../ui/icons.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { OverShort } from './OverShort.tsx';
import { ReportPrintButton } from './ReportPrintButton.tsx';
import { ShiftReportPaper } from './ShiftReportPaper.tsx';

/** After the close: the over/short, head office's acknowledgement, and the Z report to print and keep. */
export function ZReportScreen({ view, onDone }: { view: ZReportView; onDone: () => void }) {
  const store = useStore();
  const { report, headOfficeNow } = view;
  return (
    <ScreenFrame testId="z-report-screen" userName={report.closedBy.name}>
      <div className="report-page">
        <section className="report-summary">
          <h1>Shift closed · Z report {report.number}</h1>
          <OverShort
            overShortMinor={report.overShortMinor}
            countedMinor={report.countedMinor}
            expectedMinor={report.totals.cash.expectedMinor}
          />
          {report.overShortReason !== undefined && (
            <p data-testid="z-over-short-reason">
              {report.firstCountedMinor !== undefined &&
                `First count ${store.money(report.firstCountedMinor)}, recount ${store.money(report.countedMinor)}. `}
              Reason: {report.overShortReason}
            </p>
          )}
          {report.approvedBy && (
            <p className="muted" data-testid="z-approved-by">
              Over/short approved by {report.approvedBy.name}.
            </p>
          )}
          <div className={`head-office head-office-${report.headOffice.state}`} data-testid="z-head-office">
            <h3>Head office</h3>
            <p>{report.headOffice.message}</p>
            {headOfficeNow.message !== report.headOffice.message && (
              <p className="muted">Now: {headOfficeNow.message}</p>
            )}
          </div>
          <p className="muted">
            Sales {report.totals.sales.count} · Returns {report.totals.returns.count} · Net{' '}
            {store.money(report.totals.netMinor)}
          </p>
          <div className="report-actions">
            <ReportPrintButton which={{ kind: 'z', number: report.number }} testId="z-print" />
            <button type="button" className="primary" data-testid="z-done" data-autofocus onClick={onDone}>
              <CheckIcon size={22} />
              Done
            </button>
          </div>
        </section>
        <ShiftReportPaper report={report} />
      </div>
    </ScreenFrame>
  );
}
