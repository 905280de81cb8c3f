import { useEffect, useState } from 'react';
import { describeFieldChanges, productCount } from '../../../shared/catalog-changes.ts';
import type { ImportProgress, ImportReport } from '../../../shared/domain.ts';
import { invoke, isApprovalCancelled, subscribe, toCounterError } from '../api.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { Details } from '../ui/ErrorBanner.tsx';
import { beep } from '../ui/feedback.ts';
import { UploadIcon } from '../ui/icons.tsx';

type ImportState =
  | { status: 'idle' }
  | { status: 'checking'; fileName: string }
  | { status: 'checked'; fileName: string; csv: string; report: ImportReport }
  | { status: 'importing'; fileName: string; csv: string; report: ImportReport }
  | { status: 'done'; fileName: string; report: ImportReport }
  | { status: 'failed'; fileName: string; message: string; details: string[] };

/**
 * Catalog import from a CSV file: first a dry run that says what the file would change (and lists every bad
 * row), then, when the person confirms (a manager, or with a manager's approval), the import with its progress.
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [state, setState] = useState<ImportState>({ status: 'idle' });
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useEffect(() => subscribe('catalog.importProgress', setProgress), []);

  function fail(fileName: string, error: unknown) {
    const { message, details } = toCounterError(error);
    setState({ status: 'failed', fileName, message, details: details ?? [] });
    beep();
  }

  function check(file: File) {
    setState({ status: 'checking', fileName: file.name });
    setProgress(null);
    file
      .text()
      .then(async (csv) => {
        const report = await invoke('catalog.importCsv', { csv, dryRun: true });
        setState({ status: 'checked', fileName: file.name, csv, report });
        if (report.errors.length > 0) beep();
      })
      .catch((error: unknown) => fail(file.name, error));
  }

  function apply(fileName: string, csv: string, report: ImportReport) {
    setState({ status: 'importing', fileName, csv, report });
    setProgress(null);
    invoke('catalog.importCsv', { csv, dryRun: false })
      .then((done) => setState({ status: 'done', fileName, report: done }))
      .catch((error: unknown) => {
        // A cancelled approval imported nothing: back to the dry run, to confirm again or close.
        if (isApprovalCancelled(error)) setState({ status: 'checked', fileName, csv, report });
        else fail(fileName, error);
      });
  }

  const busy = state.status === 'checking' || state.status === 'importing';
  return (
    <Dialog title="Import catalog" className="import-dialog" onClose={onClose}>
      <p>
        Choose a CSV file in the catalog format (the same as the demo catalog in <code>resources/</code>). You
        see what it would change before anything is imported; a file with any bad row imports nothing.
      </p>
      <label className="file-picker">
        <UploadIcon size={22} />
        <span>{busy ? 'Working…' : 'Choose a CSV file…'}</span>
        <input
          className="visually-hidden"
          type="file"
          accept=".csv,text/csv"
          data-testid="import-file"
          data-autofocus
          disabled={busy}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) check(file);
          }}
        />
      </label>
      {busy && progress && <ImportProgressBar progress={progress} />}
      <ImportResult state={state} />
      {state.status === 'checked' && state.report.errors.length === 0 && (
        <div className="form-actions import-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            data-testid="import-confirm"
            onClick={() => apply(state.fileName, state.csv, state.report)}
          >
            Import {productCount(state.report.imported)}
          </button>
        </div>
      )}
    </Dialog>
  );
}

function ImportProgressBar({ progress }: { progress: ImportProgress }) {
  const what =
    progress.phase === 'checking'
      ? `Checking the file: ${Math.floor((100 * progress.done) / Math.max(1, progress.total))} %`
      : `Writing products: ${progress.done} of ${progress.total}`;
  return (
    <label className="import-progress">
      {what}
      <progress data-testid="import-progress" max={progress.total} value={progress.done} />
    </label>
  );
}

function ImportResult({ state }: { state: ImportState }) {
  if (state.status === 'idle') return null;
  if (state.status === 'checking' || state.status === 'importing') {
    return (
      <p className="import-report" aria-live="polite">
        {state.status === 'checking' ? 'Checking' : 'Importing'} {state.fileName}…
      </p>
    );
  }
  const failed = state.status === 'failed' || state.report.errors.length > 0;
  const problems =
    state.status === 'failed'
      ? state.details
      : state.report.errors.map((error) => `Row ${error.row}: ${error.message}`);
  return (
    <div
      className={`import-report ${failed ? 'import-failed' : 'import-ok'}`}
      data-testid="import-report"
      role="status"
    >
      {failed ? (
        <p>
          Nothing was imported from {state.fileName}.{' '}
          {state.status === 'failed' ? state.message : 'Fix these rows and import the file again:'}
        </p>
      ) : (
        <ImportSummary fileName={state.fileName} report={state.report} />
      )}
      <Details details={problems} className="import-errors" />
    </div>
  );
}

function ImportSummary({ fileName, report }: { fileName: string; report: ImportReport }) {
  const counts = `${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged`;
  const fields = describeFieldChanges(report.fieldChanges);
  return (
    <>
      <p>
        {report.applied
          ? `Imported ${productCount(report.imported)} from ${fileName}: ${counts}.`
          : `${fileName} has ${productCount(report.imported)}: ${counts}. Nothing is imported until you confirm.`}
      </p>
      {fields && <p data-testid="import-fields">Changes: {fields}.</p>}
    </>
  );
}
