import { useState } from 'react';
import type { ReturnableSale } from '../../../shared/domain.ts';
import { isCounterError, type ErrorCode } from '../../../shared/errors.ts';
import { invoke } from '../api.ts';
import { useFailure } from '../ui/useFailure.ts';

/** Finding a completed sale by its receipt number: this register's ledger first, then head office. */
export function useReceiptLookup() {
  const [code, setCode] = useState('');
  const [found, setFound] = useState<ReturnableSale | null>(null);
  const [busy, setBusy] = useState(false);
  const failure = useFailure();
  /** Set when the last lookup failed: the code that could not be found or verified, and why. */
  const [missed, setMissed] = useState<{ code: string; reason: ErrorCode } | null>(null);

  function lookUp(text: string) {
    setCode(text);
    setBusy(true);
    failure.clear();
    setMissed(null);
    invoke('return.lookup', { code: text })
      .then(setFound)
      .catch((error: unknown) => {
        setFound(null);
        failure.fail(error);
        setMissed({ code: text, reason: isCounterError(error) ? error.code : 'INTERNAL' });
      })
      .finally(() => setBusy(false));
  }

  return {
    code,
    setCode,
    found,
    setFound,
    busy,
    lookUp,
    message: failure.message,
    missed,
    reset() {
      setCode('');
      setFound(null);
      setMissed(null);
      failure.clear();
    },
  };
}
