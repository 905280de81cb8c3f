import { useState } from 'react';
import type { Input } from '../../../shared/contract.ts';
import { isCounterError } from '../../../shared/errors.ts';
import { invoke, toCounterError } from '../api.ts';
import { FormNote } from '../ui/FormLines.tsx';
import { PrinterIcon } from '../ui/icons.tsx';

/**
 * Print for an X or Z report: on the receipt printer, where one is set up (main lays the report out for its
 * paper), and through the window's print dialog (the report paper on screen), for an office printer or a PDF.
 */
export function ReportPrintButton({ which, testId }: { which: Input<'shift.printReport'>; testId?: string }) {
  const [note, setNote] = useState<string | null>(null);

  function print() {
    setNote(null);
    // Sent before the print dialog opens: the receipt printer does not wait for it.
    invoke('shift.printReport', which).then(
      (job) =>
        setNote(
          job.status === 'failed'
            ? `The receipt printer did not print it: ${job.lastError ?? 'check the printer'}. It prints when the printer is back.`
            : 'Sent to the receipt printer.',
        ),
      (error: unknown) => {
        // Without a receipt printer the window's print is the only one: nothing to say.
        if (!isCounterError(error) || error.code !== 'DEVICE_UNAVAILABLE')
          setNote(toCounterError(error).message);
      },
    );
    window.print();
  }

  return (
    <>
      <button type="button" data-testid={testId} onClick={print}>
        <PrinterIcon size={22} />
        Print
      </button>
      <FormNote message={note} testId="report-print-note" />
    </>
  );
}
