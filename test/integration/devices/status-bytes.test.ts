import { describe, expect, it } from 'vitest';
import {
  canPrint,
  decodePrinterStatus,
  describePrinterStatus,
  isStatusByte,
  type PrinterStatus,
  type RawPrinterStatus,
} from '../../../src/shared/escpos/status.ts';

const clear: RawPrinterStatus = { printer: 0x12, offlineCause: 0x12, paperSensor: 0x12 };
const ready: PrinterStatus = {
  online: true,
  coverOpen: false,
  paperNearEnd: false,
  paperOut: false,
  drawerOpen: false,
  error: false,
};

describe('DLE EOT status bytes', () => {
  it.each<[string, Partial<RawPrinterStatus>, Partial<PrinterStatus>, string]>([
    ['all clear', {}, {}, 'Ready.'],
    [
      'offline (n=1 bit 3)',
      { printer: 0x1a },
      { online: false },
      'Printer offline: check that it is switched on and has paper.',
    ],
    ['drawer pin high (n=1 bit 2)', { printer: 0x16 }, { drawerOpen: true }, 'Ready.'],
    [
      'cover open (n=2 bit 2)',
      { printer: 0x1a, offlineCause: 0x16 },
      { online: false, coverOpen: true },
      'Cover open: close the printer cover.',
    ],
    [
      'stopped on paper end (n=2 bit 5)',
      { offlineCause: 0x32 },
      { paperOut: true },
      'Out of paper: load a new roll and close the cover.',
    ],
    [
      'error (n=2 bit 6)',
      { printer: 0x1a, offlineCause: 0x52 },
      { online: false, error: true },
      'Printer error: switch the printer off and on, and clear any paper jam.',
    ],
    [
      'paper near end (n=4 bits 2-3)',
      { paperSensor: 0x1e },
      { paperNearEnd: true },
      'Ready; paper is running low, have a new roll at hand.',
    ],
    [
      'paper end (n=4 bits 5-6)',
      { paperSensor: 0x72 },
      { paperOut: true },
      'Out of paper: load a new roll and close the cover.',
    ],
    [
      'out of paper as a printer reports it (n=1, 2 and 4 together)',
      { printer: 0x1a, offlineCause: 0x32, paperSensor: 0x7e },
      { online: false, paperOut: true, paperNearEnd: true },
      'Out of paper: load a new roll and close the cover.',
    ],
  ])('%s', (_name, raw, expected, message) => {
    const status = decodePrinterStatus({ ...clear, ...raw }, 'open-when-high');
    expect(status).toEqual({ ...ready, ...expected });
    expect(describePrinterStatus(status)).toBe(message);
  });

  it('reads the drawer pin by the configured polarity', () => {
    expect(decodePrinterStatus({ ...clear, printer: 0x16 }, 'open-when-high').drawerOpen).toBe(true);
    expect(decodePrinterStatus({ ...clear, printer: 0x16 }, 'open-when-low').drawerOpen).toBe(false);
    expect(decodePrinterStatus(clear, 'open-when-low').drawerOpen).toBe(true);
  });

  it('prints with paper running low, but not offline, with the cover open, out of paper or in error', () => {
    expect(canPrint({ ...ready, paperNearEnd: true })).toBe(true);
    expect(canPrint({ ...ready, online: false })).toBe(false);
    expect(canPrint({ ...ready, coverOpen: true })).toBe(false);
    expect(canPrint({ ...ready, paperOut: true })).toBe(false);
    expect(canPrint({ ...ready, error: true })).toBe(false);
  });

  it.each([
    [0x12, true],
    [0x1a, true],
    [0x7e, true],
    [0x00, false], // not an answer: fixed bits 1 and 4 are clear
    [0x13, false], // bit 0 must be 0
    [0x92, false], // bit 7 must be 0
    [0x02, false], // bit 4 must be 1
  ])('byte %d is a status byte: %s', (byte, expected) => {
    expect(isStatusByte(byte)).toBe(expected);
  });
});
