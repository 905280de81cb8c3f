import { useContext } from 'react';
import { statusItems } from '../../../shared/device-status.ts';
import { SessionContext } from '../session/session.ts';
import { useDeviceStatus } from './useDeviceStatus.ts';
import './devices.css';

/**
 * Printer, drawer, scanners and waiting receipts as status-bar items (inside the status bar's list). Behind the
 * login each one opens the Devices screen, where the problem can be looked at and fixed.
 */
export function DeviceStatusItems() {
  const status = useDeviceStatus();
  const session = useContext(SessionContext);
  if (!status) return null;
  return statusItems(status).map((item) => (
    <li
      key={item.id}
      className={`status-item device-status status-${item.tone}`}
      data-testid={`status-${item.id}`}
      data-tone={item.tone}
      title={item.detail}
    >
      {session ? (
        <button type="button" className="status-link" onClick={() => session.openPanel('devices')}>
          <span className="status-dot" aria-hidden="true" />
          {item.text}
        </button>
      ) : (
        <>
          <span className="status-dot" aria-hidden="true" />
          {item.text}
        </>
      )}
    </li>
  ));
}
