import { useState } from 'react';
import type { ImportReport } from '../../../shared/domain.ts';
import { invoke, toCounterError } from '../api.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { Details } from '../ui/ErrorBanner.tsx';
import { beep } from '../ui/feedback.ts';
import { UploadIcon } from '../ui/icons.tsx';

type ImportState =
  | { status: 'idle' }
  | { status: 'importing'; fileName: string }
  | { status: 'done'; fileName: string; report: ImportReport }
  | { status: 'failed'; fileName: string; message: string; details: string[] };

/** Catalog import from a CSV file: all rows or none; every bad row is listed so the file can be fixed. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [state, setState] = useState<ImportState>({ status: 'idle' });

  function importFile(file: File) {
    setState({ status: 'importing', fileName: file.name });
    file
      .text()
      .then((csv) => invoke('catalog.importCsv', { csv }))
      .then((report) => {
        setState({ status: 'done', fileName: file.name, report });
        if (report.errors.length > 0) beep();
      })
      .catch((error: unknown) => {
        const { message, details } = toCounterError(error);
        setState({ status: 'failed', fileName: file.name, message, details: details ?? [] });
        beep();
      });
  }

  return (
    <Dialog title="Import catalog" className="import-dialog" onClose={onClose}>
      <p>
        Choose a CSV file in the catalog format (the same as the demo catalog in <code>resources/</code>). A
        file with any bad row imports nothing: fix the rows listed and import it again.
      </p>
      <label className="file-picker">
        <UploadIcon size={22} />
        <span>{state.status === 'importing' ? 'Importing…' : 'Choose a CSV file…'}</span>
        <input
          className="visually-hidden"
          type="file"
          accept=".csv,text/csv"
          data-testid="import-file"
          data-autofocus
          disabled={state.status === 'importing'}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) importFile(file);
          }}
        />
      </label>
      <ImportResult state={state} />
    </Dialog>
  );
}

function ImportResult({ state }: { state: ImportState }) {
  if (state.status === 'idle') return null;
  if (state.status === 'importing') {
    return (
      <p className="import-report" aria-live="polite">
        Importing {state.fileName}…
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
      {state.status === 'done' && !failed ? (
        <p>
          Imported {state.report.imported} products from {state.fileName}: {state.report.created} new,{' '}
          {state.report.updated} updated.
        </p>
      ) : (
        <p>
          Nothing was imported from {state.fileName}.{' '}
          {state.status === 'failed' ? state.message : 'Fix these rows and import the file again:'}
        </p>
      )}
      <Details details={problems} className="import-errors" />
    </div>
  );
}
