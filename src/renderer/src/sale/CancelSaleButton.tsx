import { useEffect, useState } from 'react';
import { CloseIcon } from '../ui/icons.tsx';

const CONFIRM_WINDOW_MS = 4000;

/** Cancelling a whole sale takes two taps, so a stray one never empties a full basket. */
export function CancelSaleButton({ onCancel }: { onCancel: () => void }) {
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setConfirming(false), CONFIRM_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [confirming]);

  return (
    <button
      type="button"
      className={`cancel-sale ${confirming ? 'cancel-sale-confirm' : ''}`}
      data-testid="cancel-sale"
      onClick={() => {
        if (!confirming) return setConfirming(true);
        setConfirming(false);
        onCancel();
      }}
    >
      <CloseIcon size={18} />
      {confirming ? 'Tap again to cancel the sale' : 'Cancel sale'}
    </button>
  );
}
