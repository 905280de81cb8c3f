/**
 * A transfer as both its stores see it: what was requested or planned, sent and received per SKU, and where it
 * stands. Head office builds it from the transfer's stages and sends it down the 'transfers' stream to the
 * registers of both stores; the admin API shows the same.
 */
import { z } from 'zod';
import type { Unit } from './domain.ts';
import { unitSchema } from './documents/fields.ts';
import { MAX_QUANTITY } from './limits.ts';
import { approvalSchema } from './permissions.ts';
import { multiLineText, plainText } from './text.ts';

/** The most lines one transfer holds: more goods go as two transfers. */
export const MAX_TRANSFER_LINES = 300;

export const transferStatuses = ['requested', 'planned', 'sent', 'received'] as const;
export type TransferStatus = (typeof transferStatuses)[number];

export const transferStatusLabels: Record<TransferStatus, string> = {
  requested: 'Requested',
  planned: 'Planned by head office',
  sent: 'On its way',
  received: 'Received',
};

const count = z.number().int().min(0);
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
      /** How the figures count: 'kg' in grams. Views written before it was added have none: each. */
      unit: unitSchema.optional(),
      requested: count,
      sent: count,
      received: count,
      damaged: count,
    }),
  ),
});
export type TransferView = z.infer<typeof transferViewSchema>;
export type TransferViewLine = TransferView['lines'][number];

/** How a line's figures count (a view written before lines carried their unit counts in pieces). */
export const unitOfLine = (line: { unit?: Unit } | undefined): Unit => line?.unit ?? 'each';

/** Another store or warehouse a transfer can go to or come from. */
export interface TransferStore {
  storeId: string;
  name: string;
}

/** The 'transfers' stream's key: a transfer goes down once to each of its two stores. */
export const transferKey = (storeId: string, transferId: string): string => `${storeId}:${transferId}`;

const units = z
  .number()
  .int('Quantity must be a whole number')
  .min(0, 'Quantity cannot be negative')
  .max(MAX_QUANTITY, 'Quantity is too large');
const storeId = plainText('Store').trim().min(1, 'Choose a store').max(40);
const transferId = plainText('Transfer').trim().min(1, 'Choose a transfer').max(64);
const note = multiLineText('Note')
  .trim()
  .max(500, 'Note: at most 500 characters')
  .transform((text) => (text === '' ? null : text))
  .nullable()
  .optional();
/** Products and how many of each; one line per product. */
const pickedLines = z
  .array(
    z
      .object({
        productId: z.number().int().positive(),
        quantity: units.min(1, 'Quantity must be at least 1'),
      })
      .strict(),
  )
  .min(1, 'Scan or add at least one item.')
  .max(MAX_TRANSFER_LINES, `At most ${MAX_TRANSFER_LINES} lines: send the rest as another transfer`)
  .refine((lines) => new Set(lines.map((line) => line.productId)).size === lines.length, {
    message: 'Each product once: add up its quantities.',
  });

/** Send goods to another store; `transferId`: the request or plan being sent (absent: a new transfer). */
export const transferSendSchema = z
  .object({
    toStoreId: storeId,
    transferId: transferId.optional(),
    note,
    lines: pickedLines,
    approval: approvalSchema.optional(),
  })
  .strict();
export type TransferSendRequest = z.input<typeof transferSendSchema>;
export type TransferSendInput = z.output<typeof transferSendSchema>;

/** Ask another store for goods. */
export const transferAskSchema = z
  .object({ fromStoreId: storeId, note, lines: pickedLines, approval: approvalSchema.optional() })
  .strict();
export type TransferAskRequest = z.input<typeof transferAskSchema>;
export type TransferAskInput = z.output<typeof transferAskSchema>;

/** Scanned in at the receiving store: per SKU, what arrived in good order and damaged. */
export const transferReceiveSchema = z
  .object({
    transferId,
    note,
    lines: z
      .array(z.object({ sku: plainText('SKU').min(1).max(64), received: units, damaged: units }).strict())
      .max(MAX_TRANSFER_LINES),
    approval: approvalSchema.optional(),
  })
  .strict();
export type TransferReceiveRequest = z.input<typeof transferReceiveSchema>;
export type TransferReceiveInput = z.output<typeof transferReceiveSchema>;
