import { useEffect, useRef, useState, type ReactNode } from 'react';
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
import { useLowStockCount } from '../goods/useLowStockCount.ts';
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

/** Who drafts purchase orders (managers by default) also sees what is low. */
const ordersStock = (role: Role): boolean => roleHasPermission(role, 'purchase.draft');

interface PanelButton {
  panel: Panel;
  label: string;
  icon: ReactNode;
  shownTo?: (role: Role) => boolean;
}

/**
 * The stock work, under one Inventory button: four more buttons would not fit a 1024-wide header beside the
 * sale's tools. Each only for roles that do that work.
 */
const inventoryPanels: PanelButton[] = [
  // Called Stock levels: Stock (F6) is the availability lookup of the sale screen.
  { panel: 'stock', label: 'Stock levels', icon: <BoxIcon />, shownTo: worksWithStock },
  {
    panel: 'counts',
    label: 'Counts',
    icon: <BarcodeIcon />,
    shownTo: (role) => roleHasPermission(role, 'stock.count'),
  },
  {
    panel: 'receiving',
    label: 'Receive goods',
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
  { panel: 'lowStock', label: 'Low stock', icon: <BoxIcon />, shownTo: ordersStock },
  { panel: 'purchaseOrder', label: 'New purchase order', icon: <ReceiptIcon />, shownTo: ordersStock },
];

/** The panels the header opens with a button of their own, in the order of their buttons. */
const panelButtons: PanelButton[] = [
  { panel: 'receipts', label: 'Receipts', icon: <ReceiptIcon /> },
  { panel: 'shift', label: 'Shift', icon: <DrawerIcon /> },
  { panel: 'devices', label: 'Devices', icon: <PlugIcon /> },
];

/** An entry of the Inventory menu that is not a panel (the catalog import of the sale screen). */
export interface MenuAction {
  testId: string;
  label: string;
  icon: ReactNode;
  onClick: () => void;
  /** A count that needs looking at (SKUs low on stock): shown on the entry and on the Inventory button. */
  badge?: number;
}

/** A count in a small round mark, or nothing for 0. */
function Badge({ count, testId }: { count: number; testId: string }) {
  if (count <= 0) return null;
  return (
    <span className="menu-badge" data-testid={testId}>
      {count}
    </span>
  );
}

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

/** The Inventory button and its menu; closes on a choice, Escape or a click elsewhere. */
function InventoryMenu({ items }: { items: MenuAction[] }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', closeOutside);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('mousedown', closeOutside);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);
  if (items.length === 0) return null;
  const badge = items.reduce((sum, item) => sum + (item.badge ?? 0), 0);
  return (
    <div className="header-menu" ref={box}>
      <button
        type="button"
        className="tool-button"
        data-testid="inventory-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((was) => !was)}
      >
        <BoxIcon />
        <span>Inventory</span>
        <Badge count={badge} testId="inventory-badge" />
      </button>
      {open && (
        <div className="header-menu-items" role="menu" aria-label="Inventory">
          {items.map(({ testId, label, icon, onClick, badge: count }) => (
            <button
              key={testId}
              type="button"
              role="menuitem"
              data-testid={testId}
              onClick={() => {
                setOpen(false);
                onClick();
              }}
            >
              {icon}
              <span>{label}</span>
              <Badge count={count ?? 0} testId={`${testId}-badge`} />
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * Store and register, Sale or Returns, the tools of the screen below (`children`), receipts and the shift,
 * who is logged in with Lock and Switch user, and the clock.
 */
export function Header({ children, menuActions = [] }: { children?: ReactNode; menuActions?: MenuAction[] }) {
  const { info } = useStore();
  const session = useSession();
  const shown = ({ shownTo }: PanelButton) => !shownTo || shownTo(session.user.role);
  const lowStock = useLowStockCount(ordersStock(session.user.role));
  const inventoryItems: MenuAction[] = [
    ...inventoryPanels.filter(shown).map(({ panel, label, icon }) => ({
      testId: `${panel}-open`,
      label,
      icon,
      onClick: () => session.openPanel(panel),
      ...(panel === 'lowStock' ? { badge: lowStock } : {}),
    })),
    ...menuActions,
  ];
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
        <InventoryMenu items={inventoryItems} />
        {panelButtons.filter(shown).map(({ panel, shownTo: _shownTo, ...button }) => (
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
