/**
 * A receipt as the customer got it: the sale or return as its register sent it, laid out by the register's own
 * receipt code (src/shared/receipt.ts) with the store's name, address, texts, locale and time zone, and the
 * register's name. What head office cannot know is left out: the cashier's name (registers send their id only).
 */
import { useQuery } from '@tanstack/react-query';
import { defaultBarcodeSettings } from '../../../shared/barcode.ts';
import { buildReceipt, buildReturnReceipt, receiptText } from '../../../shared/receipt.ts';
import type { StoreSettings } from '../../../shared/settings.ts';
import type { StoreView } from '../../../shared/sync/admin-api.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorNotice, Loading } from '../ui/Notice.tsx';
import { useStores } from '../ui/stores.ts';

/** Characters per line of an 80 mm receipt printer. */
const RECEIPT_COLUMNS = 42;

export interface ReceiptRef {
  kind: 'sale' | 'return';
  id: string;
}

function settingsOf(store: StoreView): StoreSettings {
  return {
    storeName: store.name,
    addressLines: store.addressLines,
    currency: store.currency,
    locale: store.locale,
    pricesIncludeTax: store.pricesIncludeTax,
    taxRates: store.taxRates,
    receiptHeader: store.receiptHeader,
    receiptFooter: store.receiptFooter,
    barcodes: defaultBarcodeSettings,
  };
}

export function ReceiptDialog({ receipt, onClose }: { receipt: ReceiptRef; onClose: () => void }) {
  const mayReadRegisters = useMay('registers.read');
  const { byId } = useStores();
  const document = useQuery({
    queryKey: [receipt.kind, receipt.id],
    queryFn: async () =>
      receipt.kind === 'sale'
        ? { kind: 'sale' as const, sale: await api.saleDocument(receipt.id) }
        : { kind: 'return' as const, ret: await api.returnDocument(receipt.id) },
  });
  const registers = useQuery({ queryKey: ['registers'], queryFn: api.registers, enabled: mayReadRegisters });
  const sent = document.data?.kind === 'sale' ? document.data.sale : document.data?.ret;
  const store = sent && byId.get(sent.storeId);

  let lines: string[] | null = null;
  if (document.data && sent && store) {
    const registerName = registers.data?.find((register) => register.id === sent.registerId)?.name;
    const options = { timeZone: store.timeZone, register: { registerId: sent.registerId, registerName } };
    const built =
      document.data.kind === 'sale'
        ? buildReceipt(document.data.sale, settingsOf(store), options)
        : buildReturnReceipt(document.data.ret, settingsOf(store), options);
    lines = receiptText(built, RECEIPT_COLUMNS);
  }
  return (
    <Dialog
      title={`${receipt.kind === 'sale' ? 'Receipt' : 'Return receipt'}${sent ? ` ${sent.receiptNumber}` : ''}`}
      onClose={onClose}
      testId="receipt-dialog"
    >
      <ErrorNotice error={document.error} />
      {lines ? (
        <pre className="receipt" data-testid="receipt" aria-label="The receipt as printed">
          {lines.join('\n')}
        </pre>
      ) : (
        !document.error && <Loading what="the receipt" />
      )}
    </Dialog>
  );
}
