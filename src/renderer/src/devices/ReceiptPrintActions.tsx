import { CounterError } from '../../../shared/errors.ts';
import { invoke } from '../api.ts';
import { PrinterIcon } from '../ui/icons.tsx';
import { ActionMessage, useAction } from './fields.tsx';
import { useDeviceStatus } from './useDeviceStatus.ts';
import './devices.css';

/**
 * Printing on the receipt dialog. With a receipt printer, the receipt prints by itself: this says whether it
 * did, and Reprint prints a copy marked DUPLICATE. Without one, Print uses the computer's own printing.
 */
export function ReceiptPrintActions({ saleId }: { saleId: string }) {
  const status = useDeviceStatus();
  const reprint = useAction();

  // Nothing until the state is known, so Print does not flash up before Reprint replaces it.
  if (!status) return null;
  if (status.printer.connection === 'not-configured') {
    return (
      <button type="button" onClick={() => window.print()}>
        <PrinterIcon size={22} />
        Print
      </button>
    );
  }

  const { queue } = status;
  const state =
    queue.failed > 0
      ? {
          tone: 'bad',
          text: `Not printed yet: ${queue.lastError ?? 'the printer did not take it.'} It prints when the printer is back.`,
        }
      : queue.queued > 0
        ? { tone: 'busy', text: 'Printing the receipt…' }
        : { tone: 'ok', text: 'Receipt printed.' };

  const printCopy = () =>
    reprint.run(async () => {
      const job = await invoke('receipt.reprint', { saleId });
      if (job.status === 'done') return 'Duplicate printed.';
      if (job.status === 'failed') {
        throw new CounterError(
          'DEVICE_UNAVAILABLE',
          `Not printed: ${job.lastError ?? 'the printer did not take it.'}`,
        );
      }
      return 'The duplicate waits for the printer: it prints when the printer is back.';
    });

  return (
    <>
      <p
        className={`device-state device-state-${state.tone}`}
        role="status"
        data-testid="receipt-print-state"
      >
        {state.text}
      </p>
      <button type="button" data-testid="reprint" disabled={reprint.busy} onClick={printCopy}>
        <PrinterIcon size={22} />
        {reprint.busy ? 'Printing…' : 'Reprint (duplicate)'}
      </button>
      <ActionMessage action={reprint} testId="reprint-message" />
    </>
  );
}
