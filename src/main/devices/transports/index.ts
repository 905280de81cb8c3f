import type { PrinterConnection } from '../../../shared/settings.ts';
import { NetworkTransport } from './network.ts';
import { SerialTransport } from './serial.ts';
import type { PrinterTransport } from './transport.ts';
import { UsbFileTransport } from './usb-file.ts';

export type { PrinterTransport } from './transport.ts';

export type TransportFactory = (connection: PrinterConnection, timeoutMs: number) => PrinterTransport;

export const createPrinterTransport: TransportFactory = (connection, timeoutMs) => {
  switch (connection.kind) {
    case 'network':
      return new NetworkTransport({ host: connection.host, port: connection.port, timeoutMs });
    case 'serial':
      return new SerialTransport({ path: connection.path, baudRate: connection.baudRate, timeoutMs });
    case 'usb':
      return new UsbFileTransport({ path: connection.path, timeoutMs });
  }
};
