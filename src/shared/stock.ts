/**
 * Stock states, movement reasons and adjustment reasons (INVENTORY.md), shared by the register, head office and
 * the screens. A movement changes one state of one SKU at one location; a move between states is two movements
 * of the same document (−1 on hand, +1 damaged).
 */
import { z } from 'zod';

/** A location: a store sells; a warehouse receives, counts, adjusts and transfers but does not sell. */
export const locationKinds = ['store', 'warehouse'] as const;
export type LocationKind = (typeof locationKinds)[number];
export const locationKindSchema = z.enum(locationKinds);

/** What the sale screen and a refused sale at a warehouse's register say. */
export const warehouseDoesNotSellMessage =
  'This register is at a warehouse, which does not sell or take returns: receive, count, adjust and send stock from Inventory.';

/** `incoming` is not here: it is derived from open purchase-order lines, never a movement. */
export const stockStates = ['on_hand', 'damaged', 'committed', 'in_transit'] as const;
export type StockState = (typeof stockStates)[number];
export const stockStateSchema = z.enum(stockStates);

export const stockStateLabels: Record<StockState, string> = {
  on_hand: 'On hand',
  damaged: 'Damaged',
  committed: 'Committed',
  in_transit: 'In transit',
};

/** Why a movement happened; the document it belongs to says more (an adjustment's own reason, a sale's lines). */
export const movementReasons = [
  'SALE',
  'RETURN',
  'VOID',
  'RECEIVE',
  'ADJUST',
  'COUNT',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'DISCREPANCY',
  /** A web shop's order commits stock, or releases it (channels). */
  'ORDER',
] as const;
export type MovementReason = (typeof movementReasons)[number];
export const movementReasonSchema = z.enum(movementReasons);

export const movementReasonLabels: Record<MovementReason, string> = {
  SALE: 'Sale',
  RETURN: 'Return',
  VOID: 'Void',
  RECEIVE: 'Received',
  ADJUST: 'Adjustment',
  COUNT: 'Count',
  TRANSFER_OUT: 'Transfer out',
  TRANSFER_IN: 'Transfer in',
  DISCREPANCY: 'Discrepancy',
  ORDER: 'Online order',
};

/** Per state, one location's figures of one SKU. */
export type StockFigures = Record<StockState, number>;

export const noStock: StockFigures = { on_hand: 0, damaged: 0, committed: 0, in_transit: 0 };

/** What can be sold here: on hand less what is promised. */
export const availableToSell = (figures: StockFigures): number => figures.on_hand - figures.committed;

/**
 * The fixed adjustment reasons. Each moves stock in one direction between states: `from` loses the quantity,
 * `to` gains it; null is outside the store (stolen, found, written off). Custom reasons (free text, kept with the
 * document) move on hand in either direction, like `correction`.
 */
export const adjustmentReasons = {
  damaged: { label: 'Damaged', from: 'on_hand', to: 'damaged' },
  theft: { label: 'Theft', from: 'on_hand', to: null },
  lost: { label: 'Lost', from: 'on_hand', to: null },
  found: { label: 'Found', from: null, to: 'on_hand' },
  expired: { label: 'Expired', from: 'on_hand', to: null },
  internal_use: { label: 'Internal use', from: 'on_hand', to: null },
  sample: { label: 'Sample', from: 'on_hand', to: null },
  return_to_supplier: { label: 'Returned to supplier', from: 'on_hand', to: null },
  correction: { label: 'Correction', from: null, to: 'on_hand' },
  repair: { label: 'Repaired (damaged to on hand)', from: 'damaged', to: 'on_hand' },
  write_off: { label: 'Written off (damaged)', from: 'damaged', to: null },
} as const satisfies Record<string, { label: string; from: StockState | null; to: StockState | null }>;
export type AdjustmentReason = keyof typeof adjustmentReasons;
export const adjustmentReasonCodes = Object.keys(adjustmentReasons) as AdjustmentReason[];
export const stockAdjustmentReasonSchema = z.enum(
  adjustmentReasonCodes as [AdjustmentReason, ...AdjustmentReason[]],
);

/** Reasons whose quantity may be negative as well as positive (it moves on hand up or down). */
export const signedAdjustmentReasons: readonly AdjustmentReason[] = ['correction'];

/**
 * The movements one adjustment line makes: for a fixed reason, −quantity from its `from` state and +quantity to
 * its `to` state; for `correction` and custom reasons, the signed quantity on hand.
 */
export function adjustmentMovements(
  reason: AdjustmentReason | null,
  quantity: number,
): { state: StockState; delta: number }[] {
  if (reason === null) return [{ state: 'on_hand', delta: quantity }];
  const { from, to } = adjustmentReasons[reason];
  const moves: { state: StockState; delta: number }[] = [];
  if (from) moves.push({ state: from, delta: -quantity });
  if (to) moves.push({ state: to, delta: quantity });
  return moves;
}
