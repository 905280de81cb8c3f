/**
 * The daily low-stock digest (issue 17): the SKUs that went low since the last digest, sent to a webhook (a JSON
 * POST) and/or by mail through a configured SMTP server (nodemailer). Once per crossing: a SKU is told of when it
 * goes low, not again while it stays low, and again after it recovered and went low once more. low_stock_alerts
 * holds one row per SKU that is low now (notified_at: when it was told of); a SKU that recovered loses its row.
 *
 * Head office may run as several nodes: a run claims the alerts it sends in the database (FOR UPDATE SKIP LOCKED
 * on PostgreSQL) and marks them told in the same transaction, so two nodes never send one crossing twice; a send
 * that fails rolls back and the next run sends it.
 */
import { createTransport } from 'nodemailer';
import { CounterError } from '../shared/errors.ts';
import type { DigestLine, DigestRun, DigestSettings } from '../shared/replenishment-api.ts';
import { isLow } from '../shared/replenishment.ts';
import { nowIso, type HeadOffice, type Tx } from './context.ts';
import { anyOf, insertRows } from './db/bulk.ts';
import { positions } from './replenishment.ts';
import { plural } from '../shared/words.ts';

export async function readDigestSettings(ho: HeadOffice): Promise<DigestSettings> {
  const row = await ho.db.selectFrom('digest_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  return {
    webhookUrl: row?.webhook_url ?? null,
    smtpUrl: row?.smtp_url ?? null,
    mailFrom: row?.mail_from ?? null,
    mailTo: row?.mail_to ?? null,
  };
}

export async function saveDigestSettings(ho: HeadOffice, settings: DigestSettings): Promise<DigestSettings> {
  const row = {
    id: 1,
    webhook_url: settings.webhookUrl,
    smtp_url: settings.smtpUrl,
    mail_from: settings.mailFrom,
    mail_to: settings.mailTo,
    updated_at: nowIso(ho),
  };
  await ho.db
    .insertInto('digest_settings')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, id: undefined }))
    .execute();
  return settings;
}

/** Brings low_stock_alerts up to date with what is low now at every store. */
async function noteCrossings(ho: HeadOffice, tx: Tx): Promise<void> {
  const stores = await tx.selectFrom('stores').select('id').execute();
  const now = nowIso(ho);
  for (const { id: storeId } of stores) {
    const lowNow = new Set(
      (await positions(tx, storeId))
        .filter((item) => isLow(item.position, item.levels))
        .map((item) => item.sku),
    );
    const known = await tx
      .selectFrom('low_stock_alerts')
      .select('sku')
      .where('store_id', '=', storeId)
      .execute();
    const recovered = known.filter((row) => !lowNow.has(row.sku)).map((row) => row.sku);
    for (const row of known) lowNow.delete(row.sku);
    if (recovered.length > 0)
      await tx
        .deleteFrom('low_stock_alerts')
        .where('store_id', '=', storeId)
        .where('sku', 'in', recovered)
        .execute();
    if (lowNow.size > 0)
      await insertRows(
        ho.dialect,
        tx,
        'low_stock_alerts',
        [...lowNow].map((sku) => ({ store_id: storeId, sku, low_since: now, notified_at: null })),
      ).execute();
  }
}

export type DigestSender = (lines: DigestLine[], settings: DigestSettings) => Promise<DigestRun['to']>;

/**
 * One digest: notes what went low or recovered, then sends the crossings not told of yet. With no webhook and
 * no mail server configured it only notes (so configuring one later does not send months of old crossings).
 */
export async function runLowStockDigest(ho: HeadOffice, send: DigestSender = sendDigest): Promise<DigestRun> {
  const settings = await readDigestSettings(ho);
  return ho.db.transaction().execute(async (tx) => {
    await noteCrossings(ho, tx);
    let pending = tx
      .selectFrom('low_stock_alerts as alert')
      .innerJoin('stores', 'stores.id', 'alert.store_id')
      .innerJoin('products', 'products.sku', 'alert.sku')
      .leftJoin('stock_balances as balance', (join) =>
        join.onRef('balance.store_id', '=', 'alert.store_id').onRef('balance.sku', '=', 'alert.sku'),
      )
      .select([
        'alert.store_id',
        'stores.name as store_name',
        'alert.sku',
        'products.name',
        'balance.on_hand',
        'balance.committed',
        'alert.low_since',
      ])
      .where('alert.notified_at', 'is', null)
      .orderBy('alert.store_id')
      .orderBy('alert.sku');
    if (ho.dialect === 'postgres') pending = pending.forUpdate('alert').skipLocked();
    const rows = await pending.execute();
    const configured = settings.webhookUrl !== null || settings.smtpUrl !== null;
    const levels = new Map<string, number>();
    for (const storeId of new Set(rows.map((row) => row.store_id)))
      for (const item of await positions(tx, storeId))
        levels.set(`${storeId}\0${item.sku}`, item.levels.reorderPoint);
    const lines: DigestLine[] = rows.map((row) => ({
      storeId: row.store_id,
      storeName: row.store_name,
      sku: row.sku,
      name: row.name,
      available: Number(row.on_hand ?? 0) - Number(row.committed ?? 0),
      reorderPoint: levels.get(`${row.store_id}\0${row.sku}`) ?? 0,
      lowSince: row.low_since,
    }));
    const to = lines.length > 0 && configured ? await send(lines, settings) : [];
    if (to.length > 0 || !configured) {
      const told = nowIso(ho);
      for (const storeId of new Set(lines.map((line) => line.storeId)))
        await tx
          .updateTable('low_stock_alerts')
          .set({ notified_at: told })
          .where('store_id', '=', storeId)
          .where(
            'sku',
            'in',
            anyOf(
              ho.dialect,
              lines.filter((line) => line.storeId === storeId).map((line) => line.sku),
            ),
          )
          .execute();
    }
    return { sent: to.length > 0 ? lines : [], to };
  });
}

/** The digest as a mail reads it: one line per SKU, grouped by store. */
export function digestText(lines: DigestLine[]): string {
  const byStore = new Map<string, DigestLine[]>();
  for (const line of lines) byStore.set(line.storeName, [...(byStore.get(line.storeName) ?? []), line]);
  return [...byStore]
    .map(
      ([store, items]) =>
        `${store}\n` +
        items
          .map(
            (item) =>
              `  ${item.sku}  ${item.name}: ${item.available} available, reorder point ${item.reorderPoint}`,
          )
          .join('\n'),
    )
    .join('\n\n');
}

/** Sends to every place configured; a failure of one fails the run (it is sent again next time). */
export async function sendDigest(lines: DigestLine[], settings: DigestSettings): Promise<DigestRun['to']> {
  const to: DigestRun['to'] = [];
  if (settings.webhookUrl !== null) {
    const response = await unreachable('webhook', () =>
      fetch(settings.webhookUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'low_stock_digest', lines }),
        signal: AbortSignal.timeout(15_000),
      }),
    );
    if (!response.ok)
      throw new CounterError(
        'UNAVAILABLE',
        `The low-stock webhook answered ${response.status}: check its address in the digest settings. The digest goes again next time.`,
      );
    to.push('webhook');
  }
  if (settings.smtpUrl !== null) {
    const transport = createTransport(settings.smtpUrl);
    try {
      await unreachable('mail server', () =>
        transport.sendMail({
          from: settings.mailFrom!,
          to: settings.mailTo!,
          subject: `Low stock: ${plural(lines.length, 'SKU')} at or below the reorder point`,
          text: digestText(lines),
        }),
      );
    } finally {
      transport.close();
    }
    to.push('mail');
  }
  return to;
}

/** A network failure said in a person's words (the digest goes again next time). */
async function unreachable<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof CounterError) throw error;
    throw new CounterError(
      'UNAVAILABLE',
      `The low-stock ${what} could not be reached (${error instanceof Error ? error.message : String(error)}): check its address in the digest settings. The digest goes again next time.`,
    );
  }
}
