/**
 * The device state as short status-bar items: a word or two each, the full explanation as the item's title.
 * Devices that are not set up show nothing, so a register without peripherals has a quiet status bar.
 */
import type { DeviceStatus, PrinterStatusReport } from './domain.ts';
import { plural } from './words.ts';

/** ok: green; busy: working on it; warn: needs attention soon; bad: a person has to act now. */
export type Tone = 'ok' | 'busy' | 'warn' | 'bad';

export interface StatusItem {
  id: 'printer' | 'drawer' | 'scanners' | 'print-queue';
  tone: Tone;
  text: string;
  /** What is wrong and what to do, as main says it. */
  detail: string;
}

/** The printer's state in a few words; a bad one says what stops the printing. */
export function printerSummary(printer: PrinterStatusReport): { tone: Tone; text: string } {
  const status = printer.status;
  if (printer.connection === 'not-configured') return { tone: 'busy', text: 'No printer set up' };
  if (printer.connection === 'connecting') return { tone: 'busy', text: 'Printer connecting…' };
  if (printer.connection === 'offline') return { tone: 'bad', text: 'Printer offline' };
  // Connected, but its status answer broke ESC/POS's fixed bits.
  if (!status) return { tone: 'bad', text: 'Printer answer not understood' };
  if (status.paperOut) return { tone: 'bad', text: 'Printer out of paper' };
  if (status.coverOpen) return { tone: 'bad', text: 'Printer cover open' };
  if (status.error) return { tone: 'bad', text: 'Printer error' };
  if (!status.online) return { tone: 'bad', text: 'Printer offline' };
  if (status.paperNearEnd) return { tone: 'warn', text: 'Printer paper low' };
  return { tone: 'ok', text: 'Printer ready' };
}

export function statusItems({ printer, drawer, scanners, queue }: DeviceStatus): StatusItem[] {
  const items: StatusItem[] = [];
  if (printer.connection !== 'not-configured') {
    items.push({ id: 'printer', ...printerSummary(printer), detail: printer.message });
  }
  if (drawer.open) {
    items.push({ id: 'drawer', tone: 'warn', text: 'Drawer open', detail: drawer.message });
  } else if (drawer.connection === 'offline' && drawer.message !== printer.message) {
    // The last kick failed (main clears it once the printer is back); a drawer on a printer that is simply
    // offline needs no item of its own: the printer's says it.
    items.push({ id: 'drawer', tone: 'bad', text: 'Drawer did not open', detail: drawer.message });
  }
  if (scanners.length > 0) {
    const missing = scanners.filter((scanner) => scanner.connection !== 'online');
    const connecting = missing.every((scanner) => scanner.connection === 'connecting');
    items.push(
      missing.length === 0
        ? {
            id: 'scanners',
            tone: 'ok',
            text: plural(scanners.length, 'scanner connected', 'scanners connected'),
            detail: scanners.map((scanner) => `${scanner.label}: ${scanner.message}`).join('\n'),
          }
        : {
            id: 'scanners',
            tone: connecting ? 'busy' : 'bad',
            text: connecting
              ? 'Scanner connecting…'
              : missing.length === 1 && scanners.length === 1
                ? 'Scanner missing'
                : `${missing.length} of ${plural(scanners.length, 'scanner', 'scanners')} missing`,
            detail: missing.map((scanner) => `${scanner.label}: ${scanner.message}`).join('\n'),
          },
    );
  }
  if (queue.failed > 0) {
    items.push({
      id: 'print-queue',
      tone: 'warn',
      text: `${plural(queue.failed + queue.queued, 'receipt', 'receipts')} waiting`,
      detail: `${queue.lastError ?? 'The printer did not take them.'} They print when the printer is back.`,
    });
  } else if (queue.queued > 0) {
    items.push({
      id: 'print-queue',
      tone: 'busy',
      text: `Printing ${plural(queue.queued, 'receipt', 'receipts')}…`,
      detail: 'Sent to the printer.',
    });
  }
  return items;
}
