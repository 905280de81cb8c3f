/**
 * Transfers at the register (src/shared/documents/transfer.ts): ask another store for goods, send goods (a new
 * transfer, or one that was asked for or planned by head office), and receive a transfer sent here. Each is one
 * transaction: the document, its outbox event, its stock movements and the audit entry.
 *
 * - Sending: on hand −q and in transit +q here (TRANSFER_OUT), in transit kept per transfer (its id).
 * - Receiving: the good units on hand (TRANSFER_IN) and damaged ones to the damaged state (DISCREPANCY) here;
 *   the transfer's in transit is the sending store's, which head office settles (handlers/transfer.ts).
 *
 * The transfers of this store come down from head office (the 'transfers' stream) into `transfers`; what this
 * register did to one since is kept on top until head office's figure is as far along.
 */
import { createListeners, type StockDocumentDeps } from './stock-documents.ts';
import {
  shortOf,
  transferReceived,
  transferRequested,
  transferSent,
  type TransferLine,
  type TransferReceivedPayload,
  type TransferRequestPayload,
  type TransferSentPayload,
} from '../../shared/documents/transfer.ts';
import { CounterError, isCounterError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { PermissionAction } from '../../shared/permissions.ts';
import { defaultReceivingTolerancePercent } from '../../shared/purchase-receiving.ts';
import {
  type TransferAskInput,
  type TransferReceiveInput,
  type TransferSendInput,
  type TransferStatus,
  type TransferStore,
  type TransferView,
} from '../../shared/transfers.ts';
import type { Movement } from './stock.ts';
import type { Unit } from '../../shared/domain.ts';
import { pickedProduct } from './catalog.ts';

export interface TransfersService {
  /** This store's transfers either way, the latest change first. */
  list(limit?: number): TransferView[];
  /** A transfer by its id (the barcode on the packing list) or its number. */
  open(code: string): TransferView;
  /** The other stores this register knows (from head office's stock figures and transfers). */
  stores(): TransferStore[];
  request(input: TransferAskInput): TransferView;
  send(input: TransferSendInput): TransferView;
  receive(input: TransferReceiveInput): TransferView;
  /** Head office's figure of a transfer (downstream); kept unless this register is further along. */
  saveFromHeadOffice(view: TransferView, at: string): void;
  /** Called after a transfer is sent (its packing list prints). A throwing listener is only logged. */
  onSent(listener: (transfer: TransferView) => void): () => void;
}

export interface TransfersDeps extends StockDocumentDeps {
  /** On hand here as the stock screen shows it: head office's figure plus what it has not applied yet. */
  onHandHere: (productId: number) => number;
}

const rankOf: Record<TransferStatus, number> = { requested: 1, planned: 1, sent: 2, received: 3 };

export function createTransfersService(deps: TransfersDeps): TransfersService {
  const { db, events, now, settings, catalog, record, people, audit, appendOutbox, counters } = deps;
  const statements = {
    save: db.prepare<[string, string | null, string, string, string, number, string, string]>(
      `INSERT INTO transfers (transfer_id, number, from_store_id, to_store_id, status, stage_rank, view, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(transfer_id) DO UPDATE SET number = excluded.number, from_store_id = excluded.from_store_id,
         to_store_id = excluded.to_store_id, status = excluded.status, stage_rank = excluded.stage_rank,
         view = excluded.view, updated_at = excluded.updated_at
       WHERE excluded.stage_rank >= transfers.stage_rank`,
    ),
    byIdOrNumber: db
      .prepare<[string, string], string>(
        'SELECT view FROM transfers WHERE transfer_id = ? OR number = ? LIMIT 1',
      )
      .pluck(),
    list: db.prepare<[number], string>('SELECT view FROM transfers ORDER BY updated_at DESC LIMIT ?').pluck(),
    insertDocument: db.prepare<[string, string, string, string, number, string]>(
      `INSERT INTO transfer_documents (transfer_id, stage, user_id, occurred_at, outbox_seq, document)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    hasStage: db
      .prepare<[string, string], number>(
        'SELECT 1 FROM transfer_documents WHERE transfer_id = ? AND stage = ?',
      )
      .pluck(),
    knownStores: db.prepare<[], { store_id: string; name: string }>(
      `SELECT store_id, max(store_name) AS name FROM head_office_stock GROUP BY store_id
       UNION SELECT json_extract(view, '$.fromStoreId'), json_extract(view, '$.fromStoreName') FROM transfers
       UNION SELECT json_extract(view, '$.toStoreId'), json_extract(view, '$.toStoreName') FROM transfers`,
    ),
  };
  const listeners = createListeners<TransferView>('transfer');

  const viewOf = (json: string): TransferView => JSON.parse(json) as TransferView;
  const save = (view: TransferView, at: string): void => {
    statements.save.run(
      view.transferId,
      view.number,
      view.fromStoreId,
      view.toStoreId,
      view.status,
      rankOf[view.status],
      JSON.stringify(view),
      at,
    );
  };
  const find = (transferId: string): TransferView | null => {
    const json = statements.byIdOrNumber.get(transferId, transferId);
    return json === undefined ? null : viewOf(json);
  };

  function stores(): TransferStore[] {
    const own = settings.register().storeId;
    const byId = new Map<string, string>();
    for (const row of statements.knownStores.all())
      if (row.store_id !== own && !byId.has(row.store_id)) byId.set(row.store_id, row.name);
    return [...byId]
      .map(([storeId, name]) => ({ storeId, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  function otherStore(storeId: string): TransferStore {
    const own = settings.register();
    if (storeId === own.storeId)
      throw new CounterError(
        'NOT_ALLOWED',
        'A transfer goes between two stores: choose another store than this one.',
      );
    const store = stores().find((each) => each.storeId === storeId);
    if (!store)
      throw new CounterError(
        'NOT_FOUND',
        `Store ${storeId} is not one this register knows: choose a store from the list (it appears once head office has sent its stock).`,
      );
    return store;
  }

  /** Products of the catalog with their quantities, as a transfer's lines. */
  function picked(
    lines: { productId: number; quantity: number }[],
  ): (TransferLine & { productId: number; unit: Unit })[] {
    return lines.map(({ productId, quantity }) => {
      const product = pickedProduct(
        catalog,
        productId,
        'A product on the list is not in the catalog any more: remove it and scan it again.',
      );
      return { productId, sku: product.sku, name: product.name, unit: product.unit, quantity };
    });
  }

  /**
   * Sending more than is on hand here would leave the shelf figure below zero with goods the figure says are
   * not here: the figure is put right first (a count or an adjustment), so what leaves is what was here.
   */
  function refuseBeyondOnHand(lines: { productId: number; sku: string; quantity: number }[]): void {
    const sending = new Map<number, { sku: string; quantity: number }>();
    for (const { productId, sku, quantity } of lines) {
      sending.set(productId, { sku, quantity: (sending.get(productId)?.quantity ?? 0) + quantity });
    }
    for (const [productId, { sku, quantity }] of sending) {
      const onHand = deps.onHandHere(productId);
      if (quantity > onHand)
        throw new CounterError(
          'INVALID_INPUT',
          `Only ${Math.max(0, onHand)} of ${sku} ${onHand === 1 ? 'is' : 'are'} on hand here, so ${quantity} cannot be sent: send at most ${Math.max(0, onHand)}, or count ${sku} first if more are on the shelf.`,
        );
    }
  }

  /** Keeps a stage's document here, as it was queued for head office. */
  function keepDocument(
    stage: TransferView['status'],
    payload: { transferId: string; userId: string },
    at: string,
    outboxSeq: number,
  ): void {
    statements.insertDocument.run(
      payload.transferId,
      stage,
      payload.userId,
      at,
      outboxSeq,
      JSON.stringify(payload),
    );
  }

  /** Who acts, where and when: what every stage starts with. */
  function begin(action: PermissionAction, approval: TransferSendInput['approval']) {
    const who = people.check(action, approval);
    const register = settings.register();
    return { who, register, at: now().toISOString(), storeName: settings.store().storeName };
  }

  function announce(view: TransferView, productIds: number[]): TransferView {
    if (productIds.length > 0) events.emit('stock.changed', { productIds: [...new Set(productIds)] });
    events.emit('transfers.changed', { transferId: view.transferId });
    return view;
  }

  const commitRequest = db.transaction((input: TransferAskInput): TransferView => {
    const { who, register, at, storeName } = begin('transfer.receive', input.approval);
    const from = otherStore(input.fromStoreId);
    const lines = picked(input.lines);
    const payload: TransferRequestPayload = {
      transferId: newId(),
      storeId: register.storeId,
      fromStoreId: from.storeId,
      registerId: register.registerId,
      userId: who.userId,
      requestedAt: at,
      note: input.note ?? null,
      lines: lines.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
    };
    const outboxSeq = appendOutbox(transferRequested.type, at, payload);
    keepDocument('requested', payload, at, outboxSeq);
    const view: TransferView = {
      transferId: payload.transferId,
      number: null,
      fromStoreId: from.storeId,
      fromStoreName: from.name,
      toStoreId: register.storeId,
      toStoreName: storeName,
      status: 'requested',
      note: payload.note,
      requestedAt: at,
      sentAt: null,
      receivedAt: null,
      lines: lines.map((line) => ({
        sku: line.sku,
        name: line.name,
        unit: line.unit,
        requested: line.quantity,
        sent: 0,
        received: 0,
        damaged: 0,
      })),
    };
    save(view, at);
    audit.record({
      action: 'transfer.request',
      ...who,
      details: { transferId: view.transferId, fromStoreId: from.storeId, units: sumOf(payload.lines) },
    });
    return view;
  });

  const commitSend = db.transaction(
    (input: TransferSendInput): { view: TransferView; productIds: number[] } => {
      const { who, register, at, storeName } = begin('transfer.send', input.approval);
      const asked = input.transferId === undefined ? null : find(input.transferId);
      if (input.transferId !== undefined) {
        if (!asked || asked.fromStoreId !== register.storeId || rankOf[asked.status] > 1)
          throw new CounterError(
            'NOT_ALLOWED',
            'That transfer is not one waiting for this store to send: open it again from the list.',
          );
        if (asked.toStoreId !== input.toStoreId)
          throw new CounterError(
            'NOT_ALLOWED',
            `That transfer goes to ${asked.toStoreName}: send it there, or make a new transfer.`,
          );
      }
      const to = otherStore(input.toStoreId);
      const lines = picked(input.lines);
      refuseBeyondOnHand(lines);
      const payload: TransferSentPayload = {
        transferId: asked?.transferId ?? newId(),
        storeId: register.storeId,
        toStoreId: to.storeId,
        registerId: register.registerId,
        userId: who.userId,
        number: counters.nextNumber('transfer', `${register.receiptPrefix}TR-`),
        sentAt: at,
        note: input.note ?? asked?.note ?? null,
        lines: lines.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
      };
      const outboxSeq = appendOutbox(transferSent.type, at, payload);
      keepDocument('sent', payload, at, outboxSeq);
      const movement: Omit<Movement, 'productId' | 'delta'> = {
        reason: 'TRANSFER_OUT',
        document: { kind: transferSent.type, id: payload.transferId },
        outboxSeq,
        userId: who.userId,
        occurredAt: at,
      };
      for (const line of lines) {
        record({ ...movement, productId: line.productId, delta: -line.quantity });
        record({ ...movement, productId: line.productId, state: 'in_transit', delta: line.quantity });
      }
      const requested = new Map(asked?.lines.map((line) => [line.sku, line.requested]));
      const view: TransferView = {
        transferId: payload.transferId,
        number: payload.number,
        fromStoreId: register.storeId,
        fromStoreName: storeName,
        toStoreId: to.storeId,
        toStoreName: to.name,
        status: 'sent',
        note: payload.note,
        requestedAt: asked?.requestedAt ?? null,
        sentAt: at,
        receivedAt: null,
        lines: [
          ...lines.map((line) => ({
            sku: line.sku,
            name: line.name,
            unit: line.unit,
            requested: requested.get(line.sku) ?? 0,
            sent: line.quantity,
            received: 0,
            damaged: 0,
          })),
          ...(asked?.lines ?? [])
            .filter((line) => !payload.lines.some((sent) => sent.sku === line.sku))
            .map((line) => ({ ...line, sent: 0 })),
        ],
      };
      save(view, at);
      audit.record({
        action: 'transfer.send',
        ...who,
        details: {
          transferId: view.transferId,
          number: view.number,
          toStoreId: to.storeId,
          units: sumOf(payload.lines),
        },
      });
      return { view, productIds: lines.map((line) => line.productId) };
    },
  );

  /**
   * Units that arrived beyond what was sent plus the store's receiving tolerance (all of a SKU not on the
   * transfer): like a delivery beyond its order, a manager approves them ('receiving.overTolerance'), audited.
   */
  function approveBeyondSent(
    transfer: TransferView,
    lines: { sku: string; sent: number; received: number; damaged: number }[],
    approval: TransferReceiveInput['approval'],
  ): void {
    const tolerance = settings.store().receivingTolerancePercent ?? defaultReceivingTolerancePercent;
    const over = lines
      .map(({ sku, sent, received, damaged }) => ({ sku, sent, arrived: received + damaged }))
      .filter((line) => line.arrived * 100 > line.sent * (100 + tolerance));
    if (over.length === 0) return;
    const said = over
      .map((line) => `${line.arrived} of ${line.sku} (${line.sent > 0 ? `${line.sent} sent` : 'not on it'})`)
      .join(', ');
    let allowed: ReturnType<typeof people.check>;
    try {
      allowed = people.check('receiving.overTolerance', approval);
    } catch (error) {
      if (!isCounterError(error) || error.code !== 'APPROVAL_REQUIRED') throw error;
      throw new CounterError(
        'APPROVAL_REQUIRED',
        `More arrived than ${transfer.fromStoreName} sent on this transfer, beyond the ${tolerance} % tolerance: ${said}. Check the count; to receive it as counted, a manager enters their PIN to approve.`,
        error.details,
      );
    }
    audit.record({
      action: 'receiving.overTolerance',
      ...allowed,
      details: { transferId: transfer.transferId, tolerancePercent: tolerance, lines: over },
    });
  }

  const commitReceive = db.transaction(
    (input: TransferReceiveInput): { view: TransferView; productIds: number[] } => {
      const transfer = find(input.transferId);
      if (!transfer || transfer.toStoreId !== settings.register().storeId)
        throw new CounterError(
          'NOT_FOUND',
          'That is not a transfer to this store: scan the barcode on its packing list, or pick it from the inbound list.',
        );
      if (transfer.status === 'received' || statements.hasStage.get(transfer.transferId, 'received'))
        throw new CounterError(
          'NOT_ALLOWED',
          `Transfer ${transfer.number ?? transfer.transferId} was received already.`,
        );
      if (transfer.status !== 'sent')
        throw new CounterError(
          'NOT_ALLOWED',
          `${transfer.fromStoreName} has not sent this transfer yet: it can be received once it is on its way.`,
        );
      const scanned = new Map(input.lines.map((line) => [line.sku, line]));
      const skus = [
        ...new Set([
          ...transfer.lines.filter((line) => line.sent > 0).map((line) => line.sku),
          ...scanned.keys(),
        ]),
      ];
      const lines = skus.map((sku) => {
        const onTransfer = transfer.lines.find((line) => line.sku === sku);
        const got = scanned.get(sku);
        const product = catalog.lookupCode(sku);
        return {
          sku,
          name: onTransfer?.name ?? product?.name ?? sku,
          unit: onTransfer?.unit ?? product?.unit,
          sent: onTransfer?.sent ?? 0,
          received: got?.received ?? 0,
          damaged: got?.damaged ?? 0,
          productId: product?.sku === sku ? product.id : null,
        };
      });
      // Asked first, so the approval prompt says why, not only that receiving needs a manager.
      approveBeyondSent(transfer, lines, input.approval);
      const { who, register, at } = begin('transfer.receive', input.approval);
      const payload: TransferReceivedPayload = {
        transferId: transfer.transferId,
        storeId: register.storeId,
        fromStoreId: transfer.fromStoreId,
        registerId: register.registerId,
        userId: who.userId,
        receivedAt: at,
        note: input.note ?? null,
        lines: lines.map(({ productId: _productId, unit: _unit, ...line }) => line),
      };
      const outboxSeq = appendOutbox(transferReceived.type, at, payload);
      keepDocument('received', payload, at, outboxSeq);
      const document = { kind: transferReceived.type, id: payload.transferId };
      const productIds: number[] = [];
      for (const line of lines) {
        // A SKU this register's catalog does not have moves stock at head office only.
        if (line.productId === null) continue;
        productIds.push(line.productId);
        const base = { productId: line.productId, document, outboxSeq, userId: who.userId, occurredAt: at };
        if (line.received > 0) record({ ...base, reason: 'TRANSFER_IN', delta: line.received });
        if (line.damaged > 0)
          record({ ...base, reason: 'DISCREPANCY', state: 'damaged', delta: line.damaged });
      }
      const view: TransferView = {
        ...transfer,
        status: 'received',
        receivedAt: at,
        note: payload.note ?? transfer.note,
        lines: lines.map((line) => ({
          sku: line.sku,
          name: line.name,
          unit: line.unit,
          requested: transfer.lines.find((each) => each.sku === line.sku)?.requested ?? 0,
          sent: line.sent,
          received: line.received,
          damaged: line.damaged,
        })),
      };
      save(view, at);
      audit.record({
        action: 'transfer.receive',
        ...who,
        details: {
          transferId: view.transferId,
          number: view.number,
          fromStoreId: view.fromStoreId,
          short: lines.reduce((sum, line) => sum + Math.max(0, shortOf(line)), 0),
          damaged: lines.reduce((sum, line) => sum + line.damaged, 0),
        },
      });
      return { view, productIds };
    },
  );

  return {
    list: (limit = 200) => statements.list.all(limit).map(viewOf),
    open: (code) => {
      const view = find(code.trim());
      if (!view)
        throw new CounterError(
          'NOT_FOUND',
          `No transfer ${code.trim()} of this store: pick it from the list, or sync and scan again.`,
        );
      return view;
    },
    stores,
    request: (input) => announce(commitRequest.immediate(input), []),
    send: (input) => {
      const { view, productIds } = commitSend.immediate(input);
      announce(view, productIds);
      listeners.tell(view);
      return view;
    },
    receive: (input) => {
      const { view, productIds } = commitReceive.immediate(input);
      return announce(view, productIds);
    },
    saveFromHeadOffice: save,
    onSent: listeners.add,
  };
}

const sumOf = (lines: { quantity: number }[]): number => lines.reduce((sum, line) => sum + line.quantity, 0);
