/**
 * The catalog CSV import (docs/catalog-csv.md, without stock): head office first checks the whole file and says
 * what it would change (new, changed, unchanged, which fields) or lists every bad row by its line; the person
 * then imports it, all rows or none.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeFieldChanges, productCount } from '../../../shared/catalog-changes.ts';
import type { ImportReport } from '../../../shared/domain.ts';
import { api } from '../api/api.ts';
import { Button } from '../ui/Button.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorNotice } from '../ui/Notice.tsx';
import { useAction } from '../ui/useAction.ts';

interface Checked {
  fileName: string;
  csv: string;
  report: ImportReport;
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const client = useQueryClient();
  const [checked, setChecked] = useState<Checked | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const check = useAction(
    async (file: File) => {
      const csv = await file.text();
      return { fileName: file.name, csv, report: await api.importProducts(csv, true) };
    },
    (result: Checked) => setChecked(result),
  );
  const apply = useAction(
    ({ csv }: Checked) => api.importProducts(csv, false),
    async (report: ImportReport) => {
      setDone(report);
      await client.invalidateQueries({ queryKey: ['products'] });
      await client.invalidateQueries({ queryKey: ['categories'] });
    },
  );
  const busy = check.pending || apply.pending;
  const report = done ?? checked?.report ?? null;

  return (
    <Dialog title="Import products from CSV" onClose={onClose} wide testId="import-dialog">
      <p>
        The columns are <code>sku, name, price, tax_code</code> and, if you like,{' '}
        <code>category, unit, barcodes, active</code>: a column you leave out changes nothing, an empty cell
        clears it. You see what the file would change before anything is imported.
      </p>
      <div className="field">
        <label htmlFor="import-file">CSV file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          data-testid="import-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            setChecked(null);
            setDone(null);
            apply.reset();
            check.start(file);
          }}
        />
      </div>
      {busy && (
        <label className="import-progress" data-testid="import-progress">
          {check.pending
            ? 'Checking every row…'
            : `Importing ${productCount(checked?.report.imported ?? 0)}…`}
          {/* Head office checks and writes the file in one go: the bar says it is working, not how far. */}
          <progress />
        </label>
      )}
      <ErrorNotice error={check.error ?? apply.error} />
      {report && checked && <ImportSummary fileName={checked.fileName} report={report} />}
      <div className="form-actions import-actions">
        <Button look="secondary" onClick={onClose}>
          {done ? 'Close' : 'Cancel'}
        </Button>
        {checked && !done && checked.report.errors.length === 0 && (
          <Button look="primary" disabled={busy} onClick={() => apply.start(checked)} testId="import-apply">
            Import {productCount(checked.report.imported)}
          </Button>
        )}
      </div>
    </Dialog>
  );
}

function ImportSummary({ fileName, report }: { fileName: string; report: ImportReport }) {
  if (report.errors.length > 0) {
    return (
      <div className="notice notice-error" role="alert" data-testid="import-errors">
        <p>
          Nothing was imported: {fileName} has {report.errors.length}{' '}
          {report.errors.length === 1 ? 'problem' : 'problems'}. Fix{' '}
          {report.errors.length === 1 ? 'it' : 'them'} and choose the file again.
        </p>
        <ul className="import-errors">
          {report.errors.map((error, index) => (
            <li key={index}>
              Line {error.row}: {error.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const counts = `${report.created} new, ${report.updated} changed, ${report.unchanged} unchanged`;
  const fields = describeFieldChanges(report.fieldChanges);
  return (
    <div className="notice" role="status" data-testid="import-report">
      <p>
        {report.applied
          ? `Imported ${productCount(report.imported)} from ${fileName}: ${counts}.`
          : `${fileName} has ${productCount(report.imported)}: ${counts}. Nothing is imported until you confirm.`}
      </p>
      {fields && <p>Changes: {fields}.</p>}
    </div>
  );
}
