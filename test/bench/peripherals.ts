/**
 * The peripherals' hot paths (issue 4), on the real register (createRegisterApp: ledger, services, devices):
 * from a completed sale to the last receipt byte at a fake network printer, and from a scanner line on a
 * serial port to the item in the open sale. Each is measured beside a bare baseline in the same run, in
 * alternating blocks: the same bytes written over a plain TCP socket, and a plain serial line read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegexParser, SerialPort } from 'serialport';
import { createRegisterApp, type RegisterApp } from '../../src/main/app.ts';
import { renderDrawerPulse } from '../../src/main/devices/escpos.ts';
import { deviceConfigSchema, type DeviceConfig } from '../../src/shared/settings.ts';
import { repoRoot } from '../harness/built-app.ts';
import { decodeEscPos, formatTranscript } from '../harness/escpos-transcript.ts';
import { FakeNetworkPrinter } from '../harness/fake-printer.ts';
import { hasSocat, PtyPair } from '../harness/pty-pair.ts';
import type { BenchSection, BenchTarget } from './report.ts';
import {
  comparisonRows,
  measureInterleavedAsync,
  ms,
  summarize,
  type Comparison,
  type RunOptions,
  type Stats,
} from './stats.ts';

export const name = 'peripherals';

const model = 'epson-tm-t20iii';
const linesPerReceipt = 3;
const printRuns: RunOptions = { samples: 300, blockSize: 30, warmup: 20 };
const scanRuns: RunOptions = { samples: 600, blockSize: 50, warmup: 30 };
/** The open sale is cancelled after this many scans, so the cart stays the size of a real basket. */
const scansPerSale = 20;
const printTargetMs = 50;
const scanTargetMs = 16;

/** Resolves with performance.now() at the moment `test` first passes on the printer's bytes. */
function whenReceived(printer: FakeNetworkPrinter, test: (received: number[]) => boolean): Promise<number> {
  let at = 0;
  return printer
    .waitFor((received) => {
      if (!test(received)) return false;
      at = performance.now();
      return true;
    })
    .then(() => at);
}

/** The demo catalog's EAN-13s of ordinary products sold by the piece, in id order. */
function demoCodes(app: RegisterApp, count: number): string[] {
  const codes = app.db
    .prepare(
      `SELECT min(b.code) FROM products p JOIN barcodes b ON b.product_id = p.id
       WHERE p.active = 1 AND p.unit = 'each' AND length(b.code) = 13 AND b.code NOT LIKE '2%'
       GROUP BY p.id ORDER BY p.id LIMIT ?`,
    )
    .pluck()
    .all(count) as string[];
  if (codes.length < count) throw new Error(`The demo catalog has fewer than ${count} products to scan.`);
  return codes;
}

/**
 * Sells the same 3-line basket for cash, so every receipt has the same length. Ours: sales.complete() to the
 * receipt's last byte at the printer (also from the moment the sale was committed, and to the drawer pulse
 * after it). Baseline: the same receipt bytes written on an open TCP socket to the same fake printer.
 */
async function benchPrinting(app: RegisterApp, printer: FakeNetworkPrinter): Promise<Comparison> {
  const { sales } = app.services;
  const basket = demoCodes(app, linesPerReceipt);
  const sell = () => {
    for (const code of basket) sales.scan({ code });
    sales.addTender({ kind: 'cash', amountMinor: sales.current().cashDueMinor + 1000 });
  };

  // One sale first, to learn what the receipt looks like in bytes.
  printer.clear();
  sell();
  sales.complete();
  await app.devices.settled();
  const pulse = renderDrawerPulse({ pin: 2, onMs: 100, offMs: 500 });
  const receiptBytes = Uint8Array.from(printer.received.slice(0, printer.received.length - pulse.length));
  const tail = formatTranscript(decodeEscPos(printer.received))
    .filter((entry) => entry !== 'TEXT ""')
    .slice(-2);
  if (tail.join() !== ['CUT partial', 'DRAWER_PULSE pin 2 on 100ms off 500ms'].join()) {
    throw new Error(`The receipt should end with a cut and a drawer pulse, not ${tail.join(', ')}`);
  }
  const receiptEnd = receiptBytes.length;
  const total = receiptEnd + pulse.length;

  const socket = await new Promise<Socket>((resolve, reject) => {
    const opened: Socket = connect({ host: '127.0.0.1', port: printer.port }, () => resolve(opened));
    opened.once('error', reject);
  });
  socket.setNoDelay(true);
  try {
    const [ours, baseline] = await measureInterleavedAsync(
      [
        async () => {
          sell();
          printer.clear();
          const receiptArrived = whenReceived(printer, (received) => received.length >= receiptEnd);
          const drawerArrived = whenReceived(printer, (received) => received.length >= total);
          const start = performance.now();
          sales.complete();
          const committed = performance.now();
          const [receiptAt, drawerAt] = await Promise.all([receiptArrived, drawerArrived]);
          await app.devices.settled();
          if (printer.received.length !== total) throw new Error('A receipt of another length was printed');
          return [receiptAt - start, receiptAt - committed, drawerAt - start];
        },
        async () => {
          printer.clear();
          const arrived = whenReceived(printer, (received) => received.length >= receiptEnd);
          const start = performance.now();
          socket.write(receiptBytes);
          return [(await arrived) - start];
        },
      ],
      printRuns,
    );
    const column = (samples: number[][], index: number): Stats =>
      summarize(samples.map((sample) => sample[index] as number));
    return [
      {
        label: `Receipt printed: sales.complete() called → last receipt byte at the printer (${linesPerReceipt} lines, ${receiptEnd} bytes)`,
        stats: column(ours!, 0),
      },
      {
        label: 'baseline: the same receipt bytes written on an open TCP socket → last byte at the printer',
        stats: column(baseline!, 0),
      },
      {
        label: 'reference: from the sale committed (complete() returned) → last receipt byte',
        stats: column(ours!, 1),
      },
      { label: 'reference: sales.complete() called → drawer pulse at the printer', stats: column(ours!, 2) },
    ];
  } finally {
    socket.destroy();
  }
}

/** A serial port opened at one end of a pty pair, whose other end plays the scanner. */
function openPort(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 9600 }, (error) => (error ? reject(error) : resolve(port)));
  });
}

/**
 * Ours: a code line written on the scanner's end of a pty pair → 'sale.changed' with the item (the serial
 * scanner's line parser, sales.scan and its ledger write). Baseline: the same line on a second pty pair, read
 * with the same line parser straight into a callback.
 */
async function benchScanning(app: RegisterApp, dir: string): Promise<Comparison> {
  const codes = demoCodes(app, scansPerSale);
  const scanner = new PtyPair(mkdtempSync(join(dir, 'scanner-')));
  const plain = new PtyPair(mkdtempSync(join(dir, 'plain-')));
  await scanner.plug();
  await plain.plug();
  const ports: SerialPort[] = [];
  try {
    await app.devices.setConfig({
      ...app.devices.config(),
      scanners: [{ kind: 'serial', path: scanner.a, baudRate: 9600 }],
    });
    if (app.devices.status().scanners[0]?.connection !== 'online') {
      throw new Error(`The serial scanner did not open: ${app.devices.status().scanners[0]?.message}`);
    }
    const scannerEnd = await openPort(scanner.b);
    const plainReader = await openPort(plain.a);
    const plainEnd = await openPort(plain.b);
    ports.push(scannerEnd, plainReader, plainEnd);
    const lines = plainReader.pipe(new RegexParser({ regex: /[\r\n]+/, encoding: 'latin1' }));

    let scanned = 0;
    let read = 0;
    /** The next code for the open sale; every `scansPerSale` scans it starts over, so it stays basket-sized. */
    const nextCode = (): string => {
      if (scanned % scansPerSale === 0) app.services.sales.cancel();
      return codes[scanned++ % codes.length] as string;
    };
    const [ours, baseline] = await measureInterleavedAsync(
      [
        async () => {
          const code = nextCode();
          const shown = new Promise<number>((resolve) => {
            const unsubscribe = app.events.subscribe((message) => {
              if (message.name !== 'sale.changed') return;
              unsubscribe();
              resolve(performance.now());
            });
          });
          const start = performance.now();
          scannerEnd.write(`]E0${code}\r\n`);
          return [(await shown) - start];
        },
        async () => {
          const code = codes[read++ % codes.length] as string;
          const line = new Promise<number>((resolve) => lines.once('data', () => resolve(performance.now())));
          const start = performance.now();
          plainEnd.write(`]E0${code}\r\n`);
          return [(await line) - start];
        },
      ],
      scanRuns,
    );
    return [
      {
        label:
          'Scanned item in the cart: code line written on a pty → sale.changed (serial scanner, sales.scan)',
        stats: summarize(ours!.map(([sample]) => sample as number)),
      },
      {
        label: 'baseline: the same line on another pty pair → line parser callback, no sale',
        stats: summarize(baseline!.map(([sample]) => sample as number)),
      },
    ];
  } finally {
    for (const port of ports) await new Promise((closed) => port.close(closed));
    await app.devices.setConfig({ ...app.devices.config(), scanners: [] });
    await scanner.unplug();
    await plain.unplug();
  }
}

function target(goal: string, stats: Stats, limitMs: number): BenchTarget {
  return {
    goal,
    measured: `p50 ${ms(stats.p50)} ms, p99 ${ms(stats.p99)} ms`,
    pass: stats.p50 < limitMs && stats.p99 < limitMs,
  };
}

export async function run(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-peripherals-'));
  const printer = await FakeNetworkPrinter.start();
  // A slow status poll: the measured prints do their own status check, as every receipt does.
  const app = createRegisterApp({
    dataDir: join(dir, 'register'),
    resourcesDir: join(repoRoot, 'resources'),
    version: 'bench',
    devices: { pollIntervalMs: 60_000, timeZone: 'UTC' },
  });
  try {
    app.services.people.login({ pin: '9999' }); // Morgan, a manager: may cancel the scanned sales
    app.services.shifts.open({ count: [{ valueMinor: 2000, count: 5 }] });
    const config: DeviceConfig = deviceConfigSchema.parse({
      receiptPrinter: { connection: { kind: 'network', host: '127.0.0.1', port: printer.port }, model },
      drawer: { connection: { kind: 'printer' } },
    });
    await app.devices.setConfig(config);
    console.log('Measuring printing...');
    const printing = await benchPrinting(app, printer);
    let scanning: Comparison | null = null;
    if (hasSocat) {
      console.log('Measuring scanning...');
      scanning = await benchScanning(app, dir);
    }
    const skipped = 'not measured: socat is not installed (apt-get install socat)';
    return {
      title: 'Peripherals',
      method: [
        `The register as the app builds it (createRegisterApp) on a ledger in a temporary directory under ${tmpdir()}`,
        'with the demo catalog, a manager logged in and a shift open. Receipt printer: the fake network printer of',
        `test/harness/fake-printer.ts on 127.0.0.1 (model ${model}, drawer on the printer), in the same process, which`,
        'takes the time when the last byte arrives. Each sample sells the same basket for cash; the time includes',
        "the sale's own commit, the print job's two ledger writes (queued, then printing; each an fsync), the receipt",
        "built from the ledger, the printer's status check (DLE EOT) and the ESC/POS encoding. The p99s follow the",
        "disk's fsync times and the machine's load. Scanner: a serial scanner on one end of a socat pty pair, the code",
        'written on the other end by a serialport in the same process; the time ends when sales.scan announces the',
        `changed sale (what the screen redraws from). The open sale is cancelled every ${scansPerSale} scans.`,
        'Ours and its baseline are measured in alternating blocks after a warm-up.',
      ].join(' '),
      columns: ['Measurement', 'p50 ms', 'p99 ms', 'mean ms', 'samples', '÷ baseline p50', '÷ baseline p99'],
      rows: [
        ...comparisonRows(printing),
        ...(scanning
          ? comparisonRows(scanning)
          : [['Scanned item in the cart', skipped, '', '', '', '', '']]),
      ],
      targets: [
        target(
          `Sale completed → last receipt byte, p50 and p99 < ${printTargetMs} ms`,
          printing[0].stats,
          printTargetMs,
        ),
        scanning
          ? target(
              `Scanner line → item in the cart, p50 and p99 < ${scanTargetMs} ms`,
              scanning[0].stats,
              scanTargetMs,
            )
          : {
              goal: `Scanner line → item in the cart < ${scanTargetMs} ms`,
              measured: skipped,
              pass: 'skipped',
            },
      ],
    };
  } finally {
    await app.devices.close();
    app.close();
    await printer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
