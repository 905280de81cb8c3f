import type { ReactNode } from 'react';
import { registerLabel } from '../../../shared/settings.ts';
import { useStore } from '../store.ts';
import { Clock } from '../ui/Clock.tsx';
import { roleHasPermission, type Role } from '../../../shared/permissions.ts';
import {
  BarcodeIcon,
  BoxIcon,
  DrawerIcon,
  LockIcon,
  PlugIcon,
  ReceiptIcon,
  ReturnIcon,
} from '../ui/icons.tsx';
import { useSession, type Mode, type Panel } from './session.ts';

/** Sale or returns, in the order of their buttons. */
const modeButtons: { mode: Mode; label: string; icon: ReactNode; hotkey?: string }[] = [
  { mode: 'sale', label: 'Sale', icon: <BarcodeIcon /> },
  { mode: 'returns', label: 'Returns', icon: <ReturnIcon />, hotkey: 'F7' },
];

/** The Stock screen is for whoever adjusts, counts or receives (managers and supervisors by default). */
const worksWithStock = (role: Role): boolean =>
  roleHasPermission(role, 'stock.adjust') ||
  roleHasPermission(role, 'stock.count') ||
  roleHasPermission(role, 'stock.receive');

/** The panels the header opens, in the order of their buttons; some only for roles that work there. */
const panelButtons: { panel: Panel; label: string; icon: ReactNode; shownTo?: (role: Role) => boolean }[] = [
  // Called Inventory: Stock (F6) is the availability lookup of the sale screen.
  { panel: 'stock', label: 'Inventory', icon: <BoxIcon />, shownTo: worksWithStock },
  // For those who may open and submit a count (supervisors and managers by default).
  {
    panel: 'counts',
    label: 'Counts',
    icon: <BarcodeIcon />,
    shownTo: (role) => roleHasPermission(role, 'stock.count'),
  },
  {
    panel: 'receiving',
    label: 'Receive',
    icon: <BoxIcon />,
    shownTo: (role) => roleHasPermission(role, 'stock.receive'),
  },
  {
    panel: 'transfers',
    label: 'Transfers',
    icon: <BoxIcon />,
    shownTo: (role) =>
      roleHasPermission(role, 'transfer.send') || roleHasPermission(role, 'transfer.receive'),
  },
  { panel: 'receipts', label: 'Receipts', icon: <ReceiptIcon /> },
  { panel: 'shift', label: 'Shift', icon: <DrawerIcon /> },
  { panel: 'devices', label: 'Devices', icon: <PlugIcon /> },
];

interface ToolButtonProps {
  testId: string;
  icon: ReactNode;
  label: string;
  /** The key that does the same, shown on the button. */
  hotkey?: string;
  /** Set for a mode: whether it is the one on. */
  pressed?: boolean;
  onClick: () => void;
}

/** A button in the header: icon, a word and its shortcut. */
export function ToolButton({ testId, icon, label, hotkey, pressed, onClick }: ToolButtonProps) {
  return (
    <button
      type="button"
      className="tool-button"
      data-testid={testId}
      aria-pressed={pressed}
      onClick={onClick}
    >
      {icon}
      <span>{label}</span>
      {hotkey && <kbd>{hotkey}</kbd>}
    </button>
  );
}

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
        {modeButtons.map(({ mode, ...button }) => (
          <ToolButton
            key={mode}
            {...button}
            testId={`mode-${mode}`}
            pressed={session.mode === mode}
            onClick={() => session.setMode(mode)}
          />
        ))}
      </nav>
      <nav className="header-actions" aria-label="Register tools">
        {children}
        {panelButtons
          .filter(({ shownTo }) => !shownTo || shownTo(session.user.role))
          .map(({ panel, shownTo: _shownTo, ...button }) => (
            <ToolButton
              key={panel}
              {...button}
              testId={`${panel}-open`}
              onClick={() => session.openPanel(panel)}
            />
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
        <ToolButton testId="lock" icon={<LockIcon />} label="Lock" hotkey="F9" onClick={session.lock} />
      </div>
      <Clock />
    </header>
  );
}
