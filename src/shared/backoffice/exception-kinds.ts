/**
 * Each kind of exception head office records, in words for the person who reviews it: what happened, and what
 * to do about it. Typed by the list of kinds, so a new kind does not compile until it is explained here.
 */
import type { ExceptionKind } from '../sync/admin-api.ts';

export interface ExceptionExplained {
  /** A few words for a list. */
  title: string;
  /** What happened. */
  what: string;
  /** What to do about it. */
  todo: string;
}

export const exceptionKindsExplained: Record<ExceptionKind, ExceptionExplained> = {
  negative_stock: {
    title: 'Stock below zero',
    what: "A sale took the SKU's stock at this store below zero: more was sold than head office knew was there.",
    todo: 'Count the shelf, or record the goods that arrived without being received.',
  },
  unknown_sku: {
    title: 'A SKU head office does not know',
    what: "A register sold a SKU that is not in head office's catalog (removed there, or known to that register only). The sale counts as it was made.",
    todo: 'Add the product to the catalog, or correct the one the register should have sold.',
  },
  price_mismatch: {
    title: 'Sold at another price',
    what: "A register sold a product at another price than head office's: a price change had not reached it yet, or the price was changed at the till.",
    todo: 'Check the price on the register and with the staff; the sale counts at the price the customer paid.',
  },
  clock_skew: {
    title: "A register's clock is wrong",
    what: "A register's clock was more than five minutes ahead of head office's, so its times are off.",
    todo: "Set the register computer's clock to the network time.",
  },
  conflict: {
    title: 'Register stopped: a copy is selling too',
    what: 'The same register sent two different events under one number: its ledger was copied (a cloned install, or a backup restored on top). Head office stopped its sync; both copies keep selling.',
    todo: 'Make sure only one install of that register is left, then release it on Stores and registers.',
  },
  store_mismatch: {
    title: 'Sent for another store',
    what: 'A register sent a document for another store than the one it is paired with. Nothing of it was applied.',
    todo: 'Check which store the register is in; if it moved, give it a re-pair code from its new store.',
  },
  duplicate_document: {
    title: 'The same document twice',
    what: 'The same sale, return or void arrived a second time under another number. It counts once.',
    todo: 'Nothing to fix, unless it keeps happening on one register: then report it.',
  },
  invalid_payload: {
    title: 'An event head office could not read',
    what: 'An event could not be read or applied. Head office kept it as it came and went on with the next ones.',
    todo: 'Report it with its id: a developer can look at what was kept.',
  },
  unsupported_event: {
    title: 'An event from a newer version',
    what: 'A register sent a kind of event this head office does not know yet. It is kept as it came.',
    todo: 'Update head office: the event applies once head office knows it.',
  },
  z_mismatch: {
    title: 'A Z report differs',
    what: "A shift's Z report totals differ from what head office counts in the documents it has for that shift. The details list each figure.",
    todo: 'Check whether the register still has documents waiting to send; if not, check the shift with the staff.',
  },
  over_return: {
    title: 'More returned than sold',
    what: 'Returns of a sale line, from one register or several, add up to more than was sold. The return is kept.',
    todo: 'Check the returns with the staff who took them.',
  },
  currency_mismatch: {
    title: 'Another currency',
    what: "A sale or return came in another currency than the store's. Its amounts count as they came.",
    todo: "Check the register's store settings: it should sell in the store's currency.",
  },
  late_count: {
    title: 'A count that came too late',
    what: 'Lines of a stock count reached head office after the count was approved, or a SKU was counted before a later count that head office applied first. They did not change the stock.',
    todo: 'If the shelf is still wrong, count the SKU again in a new count.',
  },
  unknown_barcode: {
    title: 'Received under an unknown barcode',
    what: 'A store received goods whose barcode its register did not know. They were kept as a line with the code and how many, and are not in its stock yet.',
    todo: 'Find the product the code belongs to: add the barcode to it, or the product to the catalog, then record the units at the store (a receipt or an adjustment).',
  },
  transfer_discrepancy: {
    title: 'Transfer arrived short, over or damaged',
    what: 'The receiving store scanned in another quantity than was sent, or damaged units. The difference left the transfer as a discrepancy; damaged units are in the damaged stock of the receiving store.',
    todo: 'Ask both stores: find the missing units, or correct the sending store with an adjustment if more left than was scanned.',
  },
  purchase_order_mismatch: {
    title: 'A purchase order that does not match',
    what: 'A store received goods against a purchase order head office does not hold, of another store, or not open (a draft, cancelled, received or closed short): the goods are on hand, nothing was counted against the order. Or a register drafted an order for a supplier head office does not know: the draft was not kept.',
    todo: 'Check the order number with the store; count the goods against the right order by closing it short or ordering the rest again, and add the supplier if it is missing.',
  },
  not_on_purchase_order: {
    title: 'Received, not on the order',
    what: 'A store received a SKU against a purchase order that did not order it. The goods are on hand; the order shows the line flagged.',
    todo: 'Ask the supplier whether it was sent by mistake or belongs to another order; return it or keep it and pay for it.',
  },
};
