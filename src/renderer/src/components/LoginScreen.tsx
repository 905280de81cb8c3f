import { useEffect, useState } from 'react';
import type { AuthState, OpenSale, UserSummary } from '../../../shared/domain.ts';
import { invoke } from '../api.ts';
import { useFailure } from '../hooks/useFailure.ts';
import { useStore } from '../store.ts';
import { LockIcon, UserIcon } from './icons.tsx';
import { PinPad } from './PinPad.tsx';
import { ScreenFrame } from './ScreenFrame.tsx';

interface LoginScreenProps {
  /** Set while the register is locked: that user's PIN unlocks, another user's switches user. */
  locked: AuthState | null;
  /** Switching user from a locked register: nobody is chosen at first. */
  switching: boolean;
  onAuth: (state: AuthState) => void;
}

/**
 * Log in, unlock or switch user: choose a name (or not: a PIN alone finds its user) and type the PIN or tap it.
 * Wrong PINs and lockouts are shown in main's words.
 */
export function LoginScreen({ locked, switching, onAuth }: LoginScreenProps) {
  const store = useStore();
  const lockedUser = locked?.user ?? null;
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [chosen, setChosen] = useState<string | null>(switching ? null : (lockedUser?.userId ?? null));
  const [pin, setPin] = useState('');
  const { message, fail, clear } = useFailure();
  const [busy, setBusy] = useState(false);
  const sale = useOpenSaleSummary(lockedUser !== null);

  useEffect(() => {
    let mounted = true;
    invoke('users.list').then(
      (all) => {
        if (mounted) setUsers(all.filter((user) => user.active));
      },
      (error: unknown) => {
        if (mounted) fail(error);
      },
    );
    return () => {
      mounted = false;
    };
  }, [fail]);

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
                  onClick={() => {
                    setChosen(user.userId === chosen ? null : user.userId);
                    clear();
                    setPin('');
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
            onPin={(next) => {
              setPin(next);
              clear();
            }}
            onSubmit={logIn}
            busy={busy}
            message={message}
            submitLabel={busy ? 'Checking…' : unlocking ? 'Unlock' : lockedUser ? 'Switch user' : 'Log in'}
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
    let mounted = true;
    invoke('sale.current').then(
      (current) => {
        if (mounted) setSale(current);
      },
      // Locked, main may not show the sale: the screen then simply does not mention it.
      () => undefined,
    );
    return () => {
      mounted = false;
    };
  }, [wanted]);
  return sale;
}
