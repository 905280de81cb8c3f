import { useEffect, useRef, useState } from 'react';
import type { UserSummary } from '../../../shared/domain.ts';
import { pairingHours, type PhonePairingOffer, type PhonesState } from '../../../shared/phone.ts';
import { invoke, subscribe, toCounterError, whenAnswered } from '../api.ts';
import { useSession } from '../session/session.ts';
import { useStore } from '../store.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { SelectField } from '../ui/SelectField.tsx';
import { plural } from '../../../shared/words.ts';
import { ActionMessage, Choice, Section, useAction } from './fields.tsx';

const hoursLabels: Record<(typeof pairingHours)[number], string> = {
  4: '4 hours',
  12: '12 hours',
  168: '7 days',
};

/** On the Devices screen: how many phones scan for this register, and the way to pair one. */
export function PhonesSection() {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<PhonesState | null>(null);
  useEffect(() => {
    const unsubscribe = subscribe('phones.changed', setState);
    const drop = whenAnswered(invoke('phones.state'), setState, (error: unknown) => console.error(error));
    return () => {
      unsubscribe();
      drop();
    };
  }, []);
  const count = state?.pairings.length ?? 0;
  return (
    <Section title="Phones as scanners" testId="phones-section">
      <p className="device-hint">
        {count === 0
          ? 'A phone on the store’s Wi-Fi can scan for this register, with its camera.'
          : `${plural(count, 'phone')} paired.`}
      </p>
      <div className="device-actions">
        <button type="button" data-testid="phones-open" onClick={() => setOpen(true)}>
          Phones…
        </button>
      </div>
      {open && <PhonesDialog onClose={() => setOpen(false)} />}
    </Section>
  );
}

/**
 * Pairing phones as scanners (a manager's permission): a one-time QR code a phone opens to scan for a chosen
 * person for a while, and the phones paired now, each of which can be unpaired at once. The register starts
 * serving phones with the first pairing.
 */
export function PhonesDialog({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const store = useStore();
  const [state, setState] = useState<PhonesState | null>(null);
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [userId, setUserId] = useState(session.user.userId);
  const [hours, setHours] = useState<number>(12);
  const [offer, setOffer] = useState<PhonePairingOffer | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  /** Who the phone that just paired scans for. */
  const [paired, setPaired] = useState<string | null>(null);
  /** While a code is shown: the pairings there were before it, so a new one is the phone that used it. */
  const pairedBefore = useRef<Set<string> | null>(null);
  const action = useAction();

  useEffect(() => {
    const unsubscribe = subscribe('phones.changed', (next) => {
      setState(next);
      const before = pairedBefore.current;
      const added = before && next.pairings.find((pairing) => !before.has(pairing.pairingId));
      if (added) {
        pairedBefore.current = null;
        setOffer(null);
        setPaired(added.user.name);
      }
    });
    const drop = whenAnswered(
      Promise.all([invoke('phones.state'), invoke('users.list')]),
      ([phones, all]) => {
        setState(phones);
        setUsers(all.filter((user) => user.active));
      },
      (error) => setLoadFailure(toCounterError(error).message),
    );
    return () => {
      unsubscribe();
      drop();
    };
  }, []);

  const pair = () =>
    action.run(async () => {
      setPaired(null);
      pairedBefore.current = new Set(state?.pairings.map((pairing) => pairing.pairingId));
      setOffer(await invoke('phones.pair', { userId, hours }));
      return 'Scan the code with the phone.';
    });

  const hideCode = () => {
    pairedBefore.current = null;
    setOffer(null);
  };

  const revoke = (pairingId: string, name: string) =>
    action.run(async () => {
      setState(await invoke('phones.revoke', { pairingId }));
      return `The phone scanning for ${name} is unpaired: it can send nothing more.`;
    });

  return (
    <Dialog title="Phones as scanners" className="phones-dialog" onClose={onClose}>
      <div data-testid="phones-dialog" className="phones-layout">
        <p className="device-hint">
          A phone on the store’s Wi-Fi can scan for this register with its camera. Its scans go where the
          register’s open screen takes them (the sale, a count…), credited to the person it scans for. No
          internet is needed.
        </p>
        {loadFailure && (
          <p className="device-message device-message-bad" role="alert">
            {loadFailure}
          </p>
        )}
        {offer ? (
          <PairingCode offer={offer} time={store.dateTime} onDone={hideCode} />
        ) : (
          <div className="phones-pair">
            <SelectField
              className="device-field"
              label="Scans for"
              testId="phone-user"
              options={users.map((user) => ({ value: user.userId, label: user.name }))}
              value={userId}
              onChange={setUserId}
            />
            <Choice
              label="Paired for"
              value={hours}
              options={pairingHours.map((value) => ({ value, label: hoursLabels[value] }))}
              onChange={setHours}
              testId="phone-hours"
            />
            <div className="device-actions">
              <button
                type="button"
                className="primary"
                data-testid="phone-pair"
                disabled={action.busy || users.length === 0}
                onClick={pair}
              >
                Show pairing code
              </button>
            </div>
          </div>
        )}
        {paired ? (
          <p className="device-message" role="status" data-testid="phone-paired">
            A phone is paired and scans for {paired}.
          </p>
        ) : (
          <ActionMessage action={action} testId="phones-message" />
        )}
        <h3>Paired phones</h3>
        {state && state.pairings.length === 0 && <p className="muted">No phone is paired.</p>}
        <ul className="device-list">
          {state?.pairings.map((pairing) => (
            <li key={pairing.pairingId} data-testid="phone-pairing" data-user={pairing.user.name}>
              <span className="device-list-text">
                <strong>Scans for {pairing.user.name}</strong>
                <small>
                  Paired until {store.dateTime(pairing.expiresAt)} ·{' '}
                  {pairing.lastSeenAt
                    ? `last heard ${store.dateTime(pairing.lastSeenAt)}`
                    : 'not heard from yet'}
                </small>
              </span>
              <span className="device-list-actions">
                <button
                  type="button"
                  data-testid="phone-revoke"
                  disabled={action.busy}
                  onClick={() => revoke(pairing.pairingId, pairing.user.name)}
                >
                  Unpair
                </button>
              </span>
            </li>
          ))}
        </ul>
        {state?.server.problem && (
          <p className="device-message device-message-bad" role="alert" data-testid="phones-problem">
            {state.server.problem}
          </p>
        )}
        {state && state.server.origins.length > 0 && (
          <p className="muted">Phones reach this register at {state.server.origins.join(', ')}.</p>
        )}
      </div>
    </Dialog>
  );
}

function PairingCode({
  offer,
  time,
  onDone,
}: {
  offer: PhonePairingOffer;
  time: (iso: string) => string;
  onDone: () => void;
}) {
  return (
    <div className="phones-code" data-testid="phone-code">
      <img
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(offer.qrSvg)}`}
        alt="Pairing code for the phone"
        data-testid="phone-qr"
      />
      <div className="phones-code-steps">
        <p>
          On the phone, on the store’s Wi-Fi, point the camera at the code and open the link. It scans for{' '}
          <strong>{offer.user.name}</strong>. The code works once, until {time(offer.codeExpiresAt)}.
        </p>
        <p>
          The first time, the phone warns that the connection is not private: the register made its own
          certificate. Check that the certificate’s SHA-256 fingerprint the phone shows is the one below, then
          go on (Advanced → Proceed).
        </p>
        <code className="phones-fingerprint" data-testid="phone-fingerprint">
          {offer.fingerprint}
        </code>
        <p className="muted">
          Or type this address on the phone: <code data-testid="phone-link">{offer.link}</code>
        </p>
        <div className="device-actions">
          <button type="button" onClick={onDone}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
