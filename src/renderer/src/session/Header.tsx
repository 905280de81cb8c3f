import type { ReactNode } from 'react';
import { registerLabel } from '../../../shared/settings.ts';
import { useStore } from '../store.ts';
import { Clock } from '../ui/Clock.tsx';
import { DrawerIcon, LockIcon, PlugIcon, ReceiptIcon, ReturnIcon, BarcodeIcon } from '../ui/icons.tsx';
import { useSession, type Panel } from './session.ts';

/** The panels the header opens, in the order of their buttons. */
const panelButtons: { panel: Panel; label: string; icon: ReactNode }[] = [
  { panel: 'receipts', label: 'Receipts', icon: <ReceiptIcon /> },
  { panel: 'shift', label: 'Shift', icon: <DrawerIcon /> },
  { panel: 'devices', label: 'Devices', icon: <PlugIcon /> },
];

/**
 * Store and register, Sale or Returns, the tools of the screen below (`children`), receipts and the shift,
 * who is logged in with Lock and Switch user, and the clock.
 */
export function Header({ children }: { children?: ReactNode }) {
  const { info } = useStore();
  const session = useSession();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="store-name">{info.settings.storeName}</span>
        <span className="register-id">Register {registerLabel(info.register.registerId, info.register)}</span>
      </div>
      <nav className="mode-switch" aria-label="Sale or returns">
        <button
          type="button"
          className="tool-button"
          data-testid="mode-sale"
          aria-pressed={session.mode === 'sale'}
          onClick={() => session.setMode('sale')}
        >
          <BarcodeIcon />
          <span>Sale</span>
        </button>
        <button
          type="button"
          className="tool-button"
          data-testid="mode-returns"
          aria-pressed={session.mode === 'returns'}
          onClick={() => session.setMode('returns')}
        >
          <ReturnIcon />
          <span>Returns</span>
          <kbd>F7</kbd>
        </button>
      </nav>
      <nav className="header-actions" aria-label="Register tools">
        {children}
        {panelButtons.map(({ panel, label, icon }) => (
          <button
            key={panel}
            type="button"
            className="tool-button"
            data-testid={`${panel}-open`}
            onClick={() => session.openPanel(panel)}
          >
            {icon}
            <span>{label}</span>
          </button>
        ))}
      </nav>
      <div className="user-box">
        <button
          type="button"
          className="tool-button user-chip"
          data-testid="switch-user"
          title="Switch user"
          onClick={session.switchUser}
        >
          <span className="user-chip-name" data-testid="current-user">
            {session.user.name}
          </span>
          <span className="user-chip-role">{session.user.role}</span>
        </button>
        <button type="button" className="tool-button" data-testid="lock" onClick={session.lock}>
          <LockIcon />
          <span>Lock</span>
          <kbd>F9</kbd>
        </button>
      </div>
      <Clock />
    </header>
  );
}
