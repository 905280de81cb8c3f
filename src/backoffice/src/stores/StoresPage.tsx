/**
 * Stores and their registers: create and change a store; pair a new register with a one-time code (shown as
 * text and as a QR code a register's scanner can read into its setup screen); revoke a register, give it a
 * re-pair code, or release it from quarantine.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import type { PairingCodeView, RegisterView, StoreView } from '../../../shared/sync/admin-api.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { Button } from '../ui/Button.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { ago, dateTime } from '../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SimpleTable } from '../ui/SimpleTable.tsx';
import { localeOfStore, useStores } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';
import { StoreForm } from './StoreForm.tsx';

export function StoresPage() {
  const mayWriteStores = useMay('stores.write');
  const mayReadRegisters = useMay('registers.read');
  const mayWriteRegisters = useMay('registers.write');
  const { stores, loading, error } = useStores();
  const registers = useQuery({ queryKey: ['registers'], queryFn: api.registers, enabled: mayReadRegisters });
  const [editing, setEditing] = useState<StoreView | 'new' | null>(null);
  const [code, setCode] = useState<{ code: PairingCodeView; what: string } | null>(null);

  return (
    <>
      <PageHeader
        title="Stores and registers"
        description="Each store's settings reach its registers within seconds. A register joins a store with a one-time pairing code."
        actions={
          mayWriteStores && (
            <Button look="primary" onClick={() => setEditing('new')} testId="store-new">
              New store
            </Button>
          )
        }
      />
      <ErrorNotice error={error ?? registers.error} />
      {loading ? (
        <Loading what="stores" />
      ) : stores.length === 0 ? (
        <EmptyState title="No stores yet">
          <p>
            {mayWriteStores
              ? 'Create your first store: its name, currency and tax rates. Then pair its registers.'
              : 'An owner creates the stores.'}
          </p>
        </EmptyState>
      ) : (
        stores.map((store) => (
          <StorePanel
            key={store.id}
            store={store}
            registers={(registers.data ?? []).filter((register) => register.storeId === store.id)}
            showRegisters={mayReadRegisters}
            mayEdit={mayWriteStores}
            mayPair={mayWriteRegisters}
            onEdit={() => setEditing(store)}
            onCode={(pairing, what) => setCode({ code: pairing, what })}
          />
        ))
      )}
      {editing && <StoreForm store={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {code && <PairingCodeDialog pairing={code.code} what={code.what} onClose={() => setCode(null)} />}
    </>
  );
}

type RegisterAction = 'revoke' | 'repair' | 'release';

/** What may be done to a register, in the order its buttons show, and when each shows. */
const registerActions: {
  action: RegisterAction;
  label: string;
  shown: (register: RegisterView) => boolean;
  confirm?: (register: RegisterView) => string;
}[] = [
  {
    action: 'revoke',
    label: 'Revoke',
    shown: (register) => !register.revokedAt,
    confirm: (register) => `Revoke ${register.name}? It stops syncing at once; it keeps selling.`,
  },
  { action: 'repair', label: 'Re-pair code', shown: () => true },
  { action: 'release', label: 'Release', shown: (register) => Boolean(register.quarantinedAt) },
];

function StorePanel({
  store,
  registers,
  showRegisters,
  mayEdit,
  mayPair,
  onEdit,
  onCode,
}: {
  store: StoreView;
  registers: RegisterView[];
  showRegisters: boolean;
  mayEdit: boolean;
  mayPair: boolean;
  onEdit: () => void;
  onCode: (code: PairingCodeView, what: string) => void;
}) {
  const client = useQueryClient();
  const pair = useAction(
    () => api.pairingCode(store.id),
    (pairing) => onCode(pairing, `a new register in ${store.name}`),
  );
  /** One register action at a time: revoke, re-pair or release. */
  const act = useAction(async ({ register, action }: { register: RegisterView; action: RegisterAction }) => {
    if (action === 'repair') onCode(await api.rePairCode(register.id), `register ${register.name} again`);
    else if (action === 'revoke') await api.revokeRegister(register.id);
    else await api.releaseRegister(register.id);
    await client.invalidateQueries({ queryKey: ['registers'] });
  });
  const rates = store.taxRates.map((rate) => `${rate.name} ${rate.rateBasisPoints / 100} %`).join(', ');
  const where = localeOfStore(store);
  return (
    <section
      className="panel"
      aria-labelledby={`store-${store.id}`}
      data-testid="store-panel"
      data-store={store.id}
    >
      <header className="panel-header">
        <div>
          <h2 id={`store-${store.id}`}>{store.name}</h2>
          <p className="secondary">
            {store.id} · {store.kind === 'warehouse' ? 'warehouse' : 'store'} · {store.currency} ·{' '}
            {store.locale} · {store.timeZone} · prices {store.pricesIncludeTax ? 'include' : 'exclude'} tax (
            {rates})
          </p>
        </div>
        <div className="panel-actions">
          {mayEdit && (
            <Button look="secondary" onClick={onEdit} testId="store-edit">
              Change
            </Button>
          )}
          {mayPair && (
            <Button
              look="primary"
              onClick={() => pair.start(undefined)}
              disabled={pair.pending}
              testId="pair-register"
            >
              Pair a register
            </Button>
          )}
        </div>
      </header>
      <ErrorNotice error={pair.error ?? act.error} />
      {showRegisters &&
        (registers.length === 0 ? (
          <p className="secondary">No register is paired with this store yet.</p>
        ) : (
          <SimpleTable
            testId="store-registers"
            columns={['Register', 'State', 'Last contact', 'Paired', ...(mayPair ? ['Actions'] : [])]}
          >
            {registers.map((register) => (
              <tr key={register.id} data-testid="register-row" data-register={register.id}>
                <th scope="row">{register.name}</th>
                <td className={register.revokedAt || register.quarantinedAt ? 'attention' : undefined}>
                  {register.revokedAt
                    ? `Revoked ${dateTime(register.revokedAt, where)}`
                    : register.quarantinedAt
                      ? `Quarantined: ${register.quarantineReason ?? ''}`
                      : 'Syncing'}
                </td>
                <td>{register.lastSeenAt ? ago(register.lastSeenAt) : 'Never'}</td>
                <td>{dateTime(register.createdAt, where)}</td>
                {mayPair && (
                  <td className="row-actions">
                    {registerActions
                      .filter(({ shown }) => shown(register))
                      .map(({ action, label, confirm }) => (
                        <Button
                          key={action}
                          look="quiet"
                          disabled={act.pending}
                          confirm={confirm?.(register)}
                          onClick={() => act.start({ register, action })}
                          testId={`register-${action}`}
                        >
                          {label}
                        </Button>
                      ))}
                  </td>
                )}
              </tr>
            ))}
          </SimpleTable>
        ))}
    </section>
  );
}

function PairingCodeDialog({
  pairing,
  what,
  onClose,
}: {
  pairing: PairingCodeView;
  what: string;
  onClose: () => void;
}) {
  return (
    <Dialog title="Pairing code" onClose={onClose} testId="pairing-dialog">
      <p>
        This code pairs {what}. It works once, until{' '}
        {dateTime(pairing.expiresAt, { locale: navigator.language })}.
      </p>
      <div className="pairing">
        <p className="pairing-code" data-testid="pairing-code">
          {pairing.code}
        </p>
        <QRCodeSVG value={pairing.code} size={176} marginSize={2} title={`Pairing code ${pairing.code}`} />
      </div>
      <ol className="steps">
        <li>At the register, click the head-office item in the status bar, then Set up head office….</li>
        <li>Enter this head office&apos;s address: {window.location.origin}</li>
        <li>
          Type the code, or scan the QR code with the register&apos;s scanner into the pairing-code field.
        </li>
        <li>A manager approves with their PIN.</li>
      </ol>
    </Dialog>
  );
}
