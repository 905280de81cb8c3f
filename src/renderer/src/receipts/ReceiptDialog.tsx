import type { KeyboardEvent } from 'react';
import type { Receipt as ReceiptDocument } from '../../../shared/domain.ts';
import { ReceiptPrintActions } from '../devices/ReceiptPrintActions.tsx';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { CheckIcon } from '../ui/icons.tsx';
import { Receipt } from './Receipt.tsx';

interface ReceiptDialogProps {
  receipt: ReceiptDocument;
  onNewSale: () => void;
}

/** After completion: change to give, the receipt, Print or Reprint, and New sale (Enter or Esc). */
export function ReceiptDialog({ receipt, onNewSale }: ReceiptDialogProps) {
  const store = useStore();
  const { sale } = receipt;
  const cashTaken = sale.tenders.some((tender) => tender.kind === 'cash');

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    // Enter on the Print button prints; anywhere else it starts the next sale.
    if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      onNewSale();
    }
  }

  return (
    <Dialog title="Sale complete" className="receipt-dialog" onClose={onNewSale} onKeyDown={onKeyDown}>
      <div className="receipt-layout">
        <div className="receipt-summary">
          <p className="receipt-summary-total">
            Total <strong>{store.money(sale.totals.totalMinor)}</strong>
          </p>
          {cashTaken && (
            <p className="receipt-summary-change">
              Change <strong>{store.money(sale.changeMinor)}</strong>
            </p>
          )}
          <div className="receipt-actions">
            <ReceiptPrintActions saleId={sale.saleId} />
            <button
              type="button"
              className="primary"
              data-testid="new-sale"
              data-autofocus
              onClick={onNewSale}
            >
              <CheckIcon size={22} />
              New sale <kbd>Enter</kbd>
            </button>
          </div>
        </div>
        <Receipt receipt={receipt} />
      </div>
    </Dialog>
  );
}
