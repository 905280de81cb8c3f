import type { OpenSale } from '../../../shared/domain.ts';
import { registerLabel } from '../../../shared/settings.ts';
import { DeviceStatusItems } from '../devices/DeviceStatusItems.tsx';
import { useStore } from '../store.ts';
import { SyncStatusItems } from '../sync/SyncStatusItems.tsx';

/**
 * The register's own state, bottom of the screen, followed by the printer, drawer, scanners and waiting
 * receipts (DeviceStatusItems) and head-office sync (SyncStatusItems).
 */
export function StatusBar({ sale }: { sale: OpenSale | null }) {
  const { info } = useStore();
  const items = sale?.lines.length ?? 0;
  const where = `Store ${info.register.storeId} · Register ${registerLabel(info.register.registerId, info.register)}`;
  const state =
    sale === null
      ? 'Connecting…'
      : items === 0
        ? 'Ready for the next sale'
        : `Sale open · ${items} ${items === 1 ? 'line' : 'lines'}`;
  return (
    <footer className="status-bar">
      <ul className="status-items">
        <li className={`status-item ${sale === null ? 'status-busy' : 'status-ok'}`}>
          <span className="status-dot" aria-hidden="true" />
          {state}
        </li>
        <DeviceStatusItems />
        <SyncStatusItems />
        <li className="status-item status-where" title={where}>
          {where}
        </li>
      </ul>
      <p className="shortcut-hints">
        <kbd>F2</kbd> Search <kbd>F4</kbd> Cash <kbd>F8</kbd> Card <kbd>F5</kbd> Customer <kbd>F6</kbd> Stock{' '}
        <kbd>F12</kbd> Complete <kbd>F7</kbd> Returns <kbd>F9</kbd> Lock
        <span className="version">Counter {info.version}</span>
      </p>
    </footer>
  );
}
