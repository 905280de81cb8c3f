import { useEffect, useEffectEvent, useState } from 'react';
import { shortOf } from '../../../shared/documents/transfer.ts';
import type { ProductHit, Unit } from '../../../shared/domain.ts';
import {
  transferStatusLabels,
  unitOfLine,
  type TransferStore,
  type TransferView,
} from '../../../shared/transfers.ts';
import { invoke, isApprovalCancelled, subscribe, whenAnswered } from '../api.ts';
import { useHardwareScans } from '../devices/useHardwareScans.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { Segmented } from '../ui/Segmented.tsx';
import { SelectField } from '../ui/SelectField.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { useProblem } from '../ui/useProblem.ts';
import { useUnreadable } from '../ui/useUnreadable.ts';
import { CounterError } from '../../../shared/errors.ts';
import { unitsAndWeight } from '../../../shared/words.ts';
import { CountField, ProductCell, ScanField } from './ScanField.tsx';
import './goods.css';

type Tab = 'inbound' | 'outbound' | 'new';

/** What the new-transfer form starts from: nothing, or a transfer another store asked for or head office planned. */
interface Draft {
  toStoreId: string;
  fromStoreId: string;
  transferId?: string;
  lines: { product: ProductHit; quantity: number }[];
}

/**
 * Transfers of this store: inbound (open one by scanning its packing list, scan the goods in, Receive), outbound
 * (requests and plans to send, what was sent and whether it arrived), and a new transfer: pick a store, scan
 * the goods, Send (the packing list prints) or ask that store for them.
 */
export function TransfersScreen({ onClose }: { onClose: () => void }) {
  const { info } = useStore();
  const here = info.register.storeId;
  const { problem, report, dismiss } = useProblem();
  const unreadable = useUnreadable();
  /** The line whose weight to type next: a product sold by kg scanned from its plain code. */
  const [weighNext, setWeighNext] = useState<number | null>(null);
  /** Whether every quantity typed reads, and none is left at nothing; if not, says which. */
  const readable = (): boolean => {
    const nothing = draft.lines.find((line) => line.quantity === 0);
    const wrong =
      unreadable.first ?? (nothing ? `Quantity of ${nothing.product.name}: type how much to move.` : null);
    if (wrong === null) return true;
    report(new CounterError('INVALID_INPUT', wrong));
    return false;
  };
  const reportError = useEffectEvent(report);
  const [tab, setTab] = useState<Tab>('inbound');
  const [transfers, setTransfers] = useState<TransferView[]>([]);
  const [stores, setStores] = useState<TransferStore[]>([]);
  const [open, setOpen] = useState<TransferView | null>(null);
  const [version, setVersion] = useState(0);
  const [draft, setDraft] = useState<Draft>({ toStoreId: '', fromStoreId: '', lines: [] });

  useEffect(() => subscribe('transfers.changed', () => setVersion((n) => n + 1)), []);
  useEffect(
    () => whenAnswered(invoke('transfers.list'), setTransfers, (error) => reportError(error)),
    [version],
  );
  useEffect(() => whenAnswered(invoke('transfers.stores'), setStores, (error) => reportError(error)), []);

  const openCode = (code: string): void => {
    invoke('transfers.open', { code }).then(setOpen, report);
  };
  const onScan = (code: string) => {
    if (open && open.toStoreId === here && open.status === 'sent') return; // the receive form takes it
    if (tab === 'new') addToDraft(code);
    else openCode(code);
  };
  useHardwareScans('screen', onScan, !open);

  function addToDraft(code: string) {
    invoke('receiving.lookup', { code }).then((scanned) => {
      if (!scanned) {
        report(
          new Error(`${code} is not a product of the catalog: scan another code, or search the product.`),
        );
        return;
      }
      // One piece, or the grams a scale label carries (none from a weighed product's plain code: type them).
      const { product, units } = scanned;
      setWeighNext(product.unit === 'kg' && units === 0 ? product.id : null);
      setDraft((current) => ({
        ...current,
        lines: current.lines.some((line) => line.product.id === product.id)
          ? current.lines.map((line) =>
              line.product.id === product.id ? { ...line, quantity: line.quantity + units } : line,
            )
          : [...current.lines, { product, quantity: units }],
      }));
    }, report);
  }

  const shown = transfers.filter((transfer) =>
    tab === 'inbound' ? transfer.toStoreId === here : transfer.fromStoreId === here,
  );
  const storeOptions = stores
    .filter((store) => store.storeId !== here)
    .map((store) => ({ value: store.storeId, label: store.name }));

  /** The actions' calls: what they return shows, a refusal shows as the problem (not a cancelled approval). */
  const act = (call: Promise<TransferView>): void => {
    call.then(finish, failed);
  };
  const finish = (view: TransferView) => {
    setOpen(view);
    setDraft({ toStoreId: '', fromStoreId: '', lines: [] });
    setVersion((n) => n + 1);
  };
  const failed = (failure: unknown) => {
    if (!isApprovalCancelled(failure)) report(failure);
  };
  const pickedLines = draft.lines.map((line) => ({ productId: line.product.id, quantity: line.quantity }));

  return (
    <Dialog title="Transfers" className="goods-screen" onClose={onClose}>
      <ErrorBanner problem={problem} onDismiss={dismiss} />
      <Segmented
        label="Which transfers"
        testId="transfers"
        value={tab}
        onChange={(next) => {
          setTab(next);
          setOpen(null);
        }}
        options={[
          { value: 'inbound', label: 'Inbound' },
          { value: 'outbound', label: 'Outbound' },
          { value: 'new', label: 'New transfer' },
        ]}
      />
      {open ? (
        <TransferDetail
          transfer={open}
          here={here}
          onBack={() => setOpen(null)}
          onReceived={finish}
          onSendRequested={(transfer) => {
            setOpen(null);
            setTab('new');
            setDraft({
              toStoreId: transfer.toStoreId,
              fromStoreId: '',
              transferId: transfer.transferId,
              lines: [],
            });
            for (const line of transfer.lines)
              for (let i = 0; i < line.requested; i += 1) addToDraft(line.sku);
          }}
          onError={report}
        />
      ) : tab === 'new' ? (
        <section className="goods-new">
          <div className="goods-head">
            <SelectField
              label="Send to"
              testId="transfer-to"
              none="Choose a store"
              options={storeOptions}
              value={draft.toStoreId}
              onChange={(toStoreId) => setDraft({ ...draft, toStoreId, fromStoreId: '' })}
            />
            <SelectField
              label="or ask for goods from"
              testId="transfer-from"
              none="Choose a store"
              options={storeOptions}
              value={draft.fromStoreId}
              disabled={draft.transferId !== undefined}
              onChange={(fromStoreId) => setDraft({ ...draft, fromStoreId, toStoreId: '' })}
            />
          </div>
          <ScanField label="Scan or type each item" testId="transfer-scan" onCode={addToDraft} />
          <table className="goods-lines" data-testid="transfer-lines">
            <tbody>
              {draft.lines.map((line) => (
                <tr key={line.product.id}>
                  <ProductCell name={line.product.name} sku={line.product.sku} />
                  <td>
                    <CountField
                      value={line.quantity}
                      unit={line.product.unit}
                      autoFocus={weighNext === line.product.id}
                      min={1}
                      label={`Quantity of ${line.product.name}`}
                      testId={`transfer-qty-${line.product.sku}`}
                      onUnreadable={unreadable.flag}
                      onChange={(quantity) =>
                        setDraft({
                          ...draft,
                          lines: draft.lines.map((each) =>
                            each.product.id === line.product.id ? { ...each, quantity } : each,
                          ),
                        })
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <footer className="goods-actions">
            <button
              type="button"
              data-testid="transfer-request"
              disabled={draft.fromStoreId === '' || draft.lines.length === 0}
              onClick={() => {
                if (readable())
                  act(invoke('transfers.request', { fromStoreId: draft.fromStoreId, lines: pickedLines }));
              }}
            >
              Ask for these
            </button>
            <button
              type="button"
              className="primary"
              data-testid="transfer-send"
              disabled={draft.toStoreId === '' || draft.lines.length === 0}
              onClick={() => {
                if (!readable()) return;
                act(
                  invoke('transfers.send', {
                    toStoreId: draft.toStoreId,
                    ...(draft.transferId ? { transferId: draft.transferId } : {}),
                    lines: pickedLines,
                  }),
                );
              }}
            >
              Send and print packing list
            </button>
          </footer>
        </section>
      ) : (
        <>
          <ScanField
            label="Scan the packing list, or type a transfer number"
            testId="transfer-open"
            onCode={(code) => openCode(code)}
          />
          <table className="goods-lines" data-testid="transfers-list">
            <TableHead columns={['Transfer', tab === 'inbound' ? 'From' : 'To', 'Goods', 'State']} />
            <tbody>
              {shown.map((transfer) => (
                <tr
                  key={transfer.transferId}
                  className="goods-row"
                  data-testid={`transfer-${transfer.number ?? transfer.transferId}`}
                  onClick={() => setOpen(transfer)}
                >
                  <td>{transfer.number ?? 'Not sent yet'}</td>
                  <td>{tab === 'inbound' ? transfer.fromStoreName : transfer.toStoreName}</td>
                  <td>
                    {unitsAndWeight(
                      transfer.lines.map((line) => ({
                        quantity: Math.max(line.sent, line.requested),
                        unit: line.unit,
                      })),
                    )}
                  </td>
                  <td>{transferStatusLabels[transfer.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <p className="muted goods-empty">No {tab} transfers.</p>}
        </>
      )}
    </Dialog>
  );
}

/** One transfer: its lines as sent and received; Receive for one on its way here, Send for one asked of this store. */
interface LineCount {
  received: number;
  damaged: number;
}
const noCount: LineCount = { received: 0, damaged: 0 };

function TransferDetail({
  transfer,
  here,
  onBack,
  onReceived,
  onSendRequested,
  onError,
}: {
  transfer: TransferView;
  here: string;
  onBack: () => void;
  onReceived: (view: TransferView) => void;
  onSendRequested: (view: TransferView) => void;
  onError: (error: unknown) => void;
}) {
  const receiving = transfer.toStoreId === here && transfer.status === 'sent';
  const { quantity } = useStore();
  const unreadable = useUnreadable();
  const [counts, setCounts] = useState<Record<string, LineCount>>({});
  /** The units of SKUs scanned that are not on the transfer (its lines carry their own). */
  const [scannedUnits, setScannedUnits] = useState<Record<string, Unit>>({});
  /** The line whose weight to type next: a product sold by kg scanned from its plain code. */
  const [weighNext, setWeighNext] = useState<string | null>(null);
  const countOf = (sku: string) => counts[sku] ?? noCount;
  // From the latest counts, not this render's: two scans of one SKU can both answer before the screen redraws.
  const update = (sku: string, change: (count: LineCount) => LineCount) =>
    setCounts((current) => ({ ...current, [sku]: change(current[sku] ?? noCount) }));
  const set = (sku: string, part: Partial<LineCount>) => update(sku, (count) => ({ ...count, ...part }));
  const scanIn = (code: string): void => {
    invoke('receiving.lookup', { code }).then((scanned) => {
      if (!scanned) {
        update(code, (count) => ({ ...count, received: count.received + 1 }));
        return;
      }
      // One piece, or the grams a scale label carries (none from a weighed product's plain code: type them).
      const { product, units } = scanned;
      setScannedUnits((current) => ({ ...current, [product.sku]: product.unit }));
      setWeighNext(product.unit === 'kg' && units === 0 ? product.sku : null);
      update(product.sku, (count) => ({ ...count, received: count.received + units }));
    }, onError);
  };
  useHardwareScans('screen', (code) => scanIn(code), receiving);
  const skus = [...new Set([...transfer.lines.map((line) => line.sku), ...Object.keys(counts)])];
  // A transfer head office planned, or one a store sent unasked, has no asked figures: no column of zeros.
  const asked = transfer.lines.some((line) => line.requested > 0);
  const figure = { className: 'amount' } as const;

  return (
    <section className="goods-detail" data-testid="transfer-detail">
      <header className="goods-detail-head">
        <div>
          <h3>Transfer {transfer.number ?? ''}</h3>
          <p className="muted">
            {transfer.fromStoreName} → {transfer.toStoreName} · {transferStatusLabels[transfer.status]}
          </p>
        </div>
        <button type="button" onClick={onBack}>
          Back to the list
        </button>
      </header>
      {receiving && (
        <ScanField
          label="Scan each item as you unpack it"
          testId="transfer-receive-scan"
          onCode={(code) => scanIn(code)}
        />
      )}
      <table className="goods-lines">
        <TableHead
          columns={[
            'Product',
            asked && { label: 'Asked', ...figure },
            { label: 'Sent', ...figure },
            // Typed into fields while receiving; figures once received.
            receiving ? 'Received' : { label: 'Received', ...figure },
            receiving ? 'Damaged' : { label: 'Damaged', ...figure },
          ]}
        />
        <tbody>
          {skus.map((sku) => {
            const line = transfer.lines.find((each) => each.sku === sku);
            const count = countOf(sku);
            const unit = line ? unitOfLine(line) : (scannedUnits[sku] ?? 'each');
            const short = receiving && line ? shortOf({ sent: line.sent, ...count }) : 0;
            return (
              <tr
                key={sku}
                data-testid={`transfer-line-${sku}`}
                className={short > 0 ? 'goods-short' : undefined}
              >
                <ProductCell name={line?.name ?? sku} sku={sku} />
                {asked && <td className="amount">{quantity(line?.requested ?? 0, unit)}</td>}
                <td className="amount">{quantity(line?.sent ?? 0, unit)}</td>
                {(['received', 'damaged'] as const).map((field) => (
                  <td key={field} className={receiving ? undefined : 'amount'}>
                    {receiving ? (
                      <CountField
                        value={count[field]}
                        unit={unit}
                        autoFocus={field === 'received' && weighNext === sku}
                        label={`${field === 'received' ? 'Received' : 'Damaged'} of ${sku}`}
                        testId={`transfer-${field}-${sku}`}
                        onUnreadable={unreadable.flag}
                        onChange={(value) => set(sku, { [field]: value })}
                      />
                    ) : (
                      quantity(line?.[field] ?? 0, unit)
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <footer className="goods-actions">
        {receiving && (
          <button
            type="button"
            className="primary"
            data-testid="transfer-receive"
            onClick={() => {
              if (unreadable.first !== null) {
                onError(new CounterError('INVALID_INPUT', unreadable.first));
                return;
              }
              invoke('transfers.receive', {
                transferId: transfer.transferId,
                lines: skus.map((sku) => ({ sku, ...countOf(sku) })),
              }).then(onReceived, (failure: unknown) => {
                if (!isApprovalCancelled(failure)) onError(failure);
              });
            }}
          >
            Receive
          </button>
        )}
        {transfer.fromStoreId === here &&
          (transfer.status === 'requested' || transfer.status === 'planned') && (
            <button
              type="button"
              className="primary"
              data-testid="transfer-send-requested"
              onClick={() => onSendRequested(transfer)}
            >
              Pick and send
            </button>
          )}
      </footer>
    </section>
  );
}
