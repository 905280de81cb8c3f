import { useEffectEvent, useLayoutEffect } from 'react';
import type { ScanOrigin } from '../../../shared/domain.ts';
import { invoke, subscribe } from '../api.ts';

/**
 * Where the codes of hardware scanners (USB HID, serial: read by main, not typed like a wedge) and of paired
 * phones go while this screen is open. 'sale': main adds them to the open sale, as at the checkout. 'screen':
 * main sends each code here as a 'scan.read' event and `onScan` handles it, while `enabled`, as the screen
 * handles a wedge scan (the returns screen: a receipt is looked up, an item goes where the screen takes items).
 * `by` says who scanned: for a phone, the user it is paired to (a count credits its line to them); null for a
 * scanner at the register.
 *
 * The checkout and the returns screen each say so when they open, so the route follows whichever is open, also
 * after the window reloads. A scan that arrives while `enabled` is false (a panel covers the screen) is dropped,
 * as a wedge scan would be.
 */
export function useHardwareScans(
  to: 'sale' | 'screen',
  onScan?: (code: string, by: ScanOrigin) => void,
  enabled = true,
): void {
  const scanned = useEffectEvent((code: string, by: ScanOrigin) => {
    if (enabled) onScan?.(code, by);
  });
  // In the commit that shows the screen, as useWedgeScanner: a scan read the moment it shows is not lost.
  useLayoutEffect(() => {
    const route = (where: 'sale' | 'screen') => {
      invoke('devices.scanRoute', { to: where }).catch((error: unknown) => console.error(error));
    };
    route(to);
    if (to === 'sale') return;
    const unsubscribe = subscribe('scan.read', ({ code, by }) => scanned(code, by));
    return () => {
      unsubscribe();
      route('sale');
    };
  }, [to]);
}
