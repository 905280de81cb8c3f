/**
 * ESC/POS real-time status (`DLE EOT n`, bytes 10 04 n). The printer answers each request with one byte, even
 * while it is busy or stopped on an error, which is what makes it useful for polling. Bit meanings follow the
 * Epson ESC/POS reference; clones agree on the bits used here.
 */

/** The three requests we poll: printer status, offline cause, roll paper sensor. */
export const statusRequests = {
  printer: [0x10, 0x04, 0x01],
  offlineCause: [0x10, 0x04, 0x02],
  paperSensor: [0x10, 0x04, 0x04],
} as const;
export type StatusRequest = keyof typeof statusRequests;

export interface RawPrinterStatus {
  printer: number;
  offlineCause: number;
  paperSensor: number;
}

export type DrawerPolarity = 'open-when-high' | 'open-when-low';

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** The level on the drawer connector, read as open or closed according to the drawer's polarity. */
  drawerOpen: boolean;
  /** Something other than the above stopped the printer (cutter jam, overheating): it needs a person. */
  error: boolean;
}

/**
 * Every status byte has bit 0 and bit 7 clear and bits 1 and 4 set (0x12 is "all clear"). Anything else is not
 * an answer to DLE EOT (an automatic status block, or noise), and must not be read as one.
 */
export function isStatusByte(byte: number): boolean {
  return Number.isInteger(byte) && (byte & 0x93) === 0x12;
}

const bit = (byte: number, mask: number): boolean => (byte & mask) !== 0;

export function decodePrinterStatus(raw: RawPrinterStatus, polarity: DrawerPolarity): PrinterStatus {
  const drawerPinHigh = bit(raw.printer, 0x04);
  return {
    online: !bit(raw.printer, 0x08),
    coverOpen: bit(raw.offlineCause, 0x04),
    // n=4: bits 2-3 near end, bits 5-6 paper end (both bits of each pair are set together on most printers).
    paperNearEnd: bit(raw.paperSensor, 0x0c),
    paperOut: bit(raw.paperSensor, 0x60) || bit(raw.offlineCause, 0x20),
    drawerOpen: polarity === 'open-when-high' ? drawerPinHigh : !drawerPinHigh,
    error: bit(raw.offlineCause, 0x40),
  };
}

/** A printer that can take a receipt now. Paper near its end still prints. */
export function canPrint(status: PrinterStatus): boolean {
  return status.online && !status.coverOpen && !status.paperOut && !status.error;
}

/** What the status bar and the Devices screen say, with what to do about it. */
export function describePrinterStatus(status: PrinterStatus): string {
  if (status.paperOut) return 'Out of paper: load a new roll and close the cover.';
  if (status.coverOpen) return 'Cover open: close the printer cover.';
  if (status.error) return 'Printer error: switch the printer off and on, and clear any paper jam.';
  if (!status.online) return 'Printer offline: check that it is switched on and has paper.';
  if (status.paperNearEnd) return 'Ready; paper is running low, have a new roll at hand.';
  return 'Ready.';
}
