import { useEffect, useRef, useState } from 'react';
import type { AuthState, OpenSale, UserSummary } from '../../../shared/domain.ts';
import { invoke, whenAnswered } from '../api.ts';
import { useStore } from '../store.ts';
import { LockIcon, UserIcon } from '../ui/icons.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { useFailure } from '../ui/useFailure.ts';
import { PinPad } from './PinPad.tsx';

interface LoginScreenProps {
  /** Set while the register is locked: that user's PIN unlocks, another user's switches user. */
  locked: AuthState | null;
  /** Switching user from a locked register: nobody is chosen at first. */
  switching: boolean;
  onAuth: (state: AuthState) => void;
}

/**
 * Log in, unlock or switch user: choose a name (or not: a PIN alone finds its user) and type the PIN or tap it.
 * The name chosen is a hint: main logs in whoever the PIN belongs to. Wrong PINs and lockouts are shown in
 * main's words.
 */
export function LoginScreen({ locked, switching, onAuth }: LoginScreenProps) {
  const store = useStore();
  const lockedUser = locked?.user ?? null;
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [chosen, setChosen] = useState<string | null>(switching ? null : (lockedUser?.userId ?? null));
  const [pin, setPin] = useState('');
  const { message, fail, clear, clearing } = useFailure();
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const sale = useOpenSaleSummary(lockedUser !== null);

  useEffect(
    () => whenAnswered(invoke('users.list'), (all) => setUsers(all.filter((user) => user.active)), fail),
    [fail],
  );

  function logIn() {
    setBusy(true);
    invoke('auth.login', chosen ? { pin, userId: chosen } : { pin })
      .then(onAuth)
      .catch((error: unknown) => {
        setPin('');
        fail(error);
      })
      .finally(() => setBusy(false));
  }

  const chosenUser = users.find((user) => user.userId === chosen) ?? null;
  const unlocking = lockedUser !== null && chosen === lockedUser.userId;
  const title = lockedUser ? (switching ? 'Switch user' : 'Register locked') : 'Log in';
  return (
    <ScreenFrame testId={lockedUser ? 'lock-screen' : 'login-screen'}>
      <div className="login-body">
        <section className="login-users" aria-label="Who is at the register">
          <h1>
            {lockedUser && <LockIcon size={28} />}
            {title}
          </h1>
          {lockedUser && (
            <p className="login-note" data-testid="lock-note">
              {lockedUser.name} locked the register.{' '}
              {sale && sale.lines.length > 0
                ? `The open sale (${sale.lines.length} ${sale.lines.length === 1 ? 'line' : 'lines'}, ${store.money(sale.totals.totalMinor)}) stays as it is. `
                : ''}
              {lockedUser.name}’s PIN unlocks; another person’s PIN switches user.
            </p>
          )}
          <ul className="user-list">
            {users.map((user) => (
              <li key={user.userId}>
                <button
                  type="button"
                  className={`user-button ${user.userId === chosen ? 'user-chosen' : ''}`}
                  data-testid="login-user"
                  data-name={user.name}
                  aria-pressed={user.userId === chosen}
                  // The PIN field keeps the focus: the digits typed after choosing a name are the PIN.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => {
                    setChosen(user.userId === chosen ? null : user.userId);
                    clear();
                    setPin('');
                    pinRef.current?.focus();
                  }}
                >
                  <UserIcon size={26} />
                  <span className="user-name">{user.name}</span>
                  <span className="user-role">{user.role}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section className="login-pin" aria-label="PIN">
          <PinPad
            label={chosenUser ? `${chosenUser.name}’s PIN` : 'Your PIN'}
            pin={pin}
            onPin={clearing(setPin)}
            onSubmit={logIn}
            busy={busy}
            message={message}
            submitLabel={busy ? 'Checking…' : unlocking ? 'Unlock' : lockedUser ? 'Switch user' : 'Log in'}
            inputRef={pinRef}
          />
        </section>
      </div>
    </ScreenFrame>
  );
}

/** The open sale, to tell the person at a locked register that it is still there; null if it cannot be read. */
function useOpenSaleSummary(wanted: boolean): OpenSale | null {
  const [sale, setSale] = useState<OpenSale | null>(null);
  useEffect(() => {
    if (!wanted) return;
    // Locked, main may not show the sale: the screen then simply does not mention it.
    return whenAnswered(invoke('sale.current'), setSale, () => undefined);
  }, [wanted]);
  return sale;
}
