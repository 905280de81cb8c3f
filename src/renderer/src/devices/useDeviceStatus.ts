import type { DeviceStatus } from '../../../shared/domain.ts';
import { invoke } from '../api.ts';
import { useLoaded } from '../ui/useLoaded.ts';

/** Printer, drawer, scanners and the print queue as main reports them, following 'devices.status'. */
export function useDeviceStatus(): DeviceStatus | null {
  return useLoaded(() => invoke('devices.status'), 'devices.status').value;
}
