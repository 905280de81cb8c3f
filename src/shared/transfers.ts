/**
 * A transfer as both its stores see it: what was requested or planned, sent and received per SKU, and where it
 * stands. Head office builds it from the transfer's stages and sends it down the 'transfers' stream to the
 * registers of both stores; the admin API shows the same.
 */
import { z } from 'zod';
import { plainText } from './text.ts';

export const transferStatuses = ['requested', 'planned', 'sent', 'received'] as const;
export type TransferStatus = (typeof transferStatuses)[number];

export const transferStatusLabels: Record<TransferStatus, string> = {
  requested: 'Requested',
  planned: 'Planned by head office',
  sent: 'On its way',
  received: 'Received',
};

const units = z.number().int().min(0);
const time = plainText('Time').nullable();

export const transferViewSchema = z.object({
  transferId: plainText('Transfer id').min(1).max(64),
  /** The sending register's number, printed on the packing list; null until it is sent. */
  number: plainText('Transfer number').nullable(),
  fromStoreId: plainText('Store id'),
  fromStoreName: plainText('Store name'),
  toStoreId: plainText('Store id'),
  toStoreName: plainText('Store name'),
  status: z.enum(transferStatuses),
  note: z.string().nullable(),
  requestedAt: time,
  sentAt: time,
  receivedAt: time,
  lines: z.array(
    z.object({
      sku: plainText('SKU'),
      name: plainText('Product name'),
      requested: units,
      sent: units,
      received: units,
      damaged: units,
    }),
  ),
});
export type TransferView = z.infer<typeof transferViewSchema>;
export type TransferViewLine = TransferView['lines'][number];

/** The 'transfers' stream's key: a transfer goes down once to each of its two stores. */
export const transferKey = (storeId: string, transferId: string): string => `${storeId}:${transferId}`;
