/**
 * The nightly reconcile: every mapped SKU's figure at the shop against the one head office computes, page by
 * page; a difference is set (compare-and-set against what was just read) and listed. SKUs with a push waiting
 * are left to it. The result is kept (channel_reconciles) and returned.
 */
import type { ReconcileReport } from '../../shared/channels.ts';
import { nowIso } from '../context.ts';
import type { ChannelDeps } from './deps.ts';
import { channelFigures } from './figures.ts';

const PAGE = 250;
const LISTED = 1000;

export async function reconcileChannel(deps: ChannelDeps, channelId: string): Promise<ReconcileReport> {
  const { ho } = deps;
  const connection = await deps.connect(channelId);
  const at = nowIso(ho);
  const report: ReconcileReport = { at, checked: 0, repaired: [], repairedCount: 0, failed: [] };
  let after = '';
  for (;;) {
    const items = await ho.db
      .selectFrom('channel_items')
      .select(['sku', 'item_id'])
      .where('channel_id', '=', channelId)
      .where('sku', '>', after)
      .where('sku', 'not in', (eb) =>
        eb
          .selectFrom('channel_pushes')
          .select('sku')
          .where('channel_id', '=', channelId)
          .where('state', '<>', 'sent'),
      )
      .orderBy('sku')
      .limit(PAGE)
      .execute();
    if (items.length === 0) break;
    after = items.at(-1)!.sku;
    report.checked += items.length;
    const shown = await connection.read(items.map((item) => item.item_id));
    const figures = await channelFigures(
      ho.db,
      channelId,
      items.map((item) => item.sku),
    );
    const differing = items.filter((item) => shown.get(item.item_id) !== figures.get(item.sku));
    if (differing.length === 0) continue;
    const outcomes = await connection.set(
      differing.map((item) => ({
        itemId: item.item_id,
        quantity: figures.get(item.sku)!,
        compare: shown.get(item.item_id) ?? null,
      })),
    );
    for (const item of differing) {
      const outcome = outcomes.get(item.item_id);
      const figure = figures.get(item.sku)!;
      if (outcome?.outcome === 'set') {
        report.repairedCount += 1;
        if (report.repaired.length < LISTED)
          report.repaired.push({ sku: item.sku, channelFigure: shown.get(item.item_id) ?? null, figure });
        await ho.db
          .updateTable('channel_items')
          .set({ channel_figure: figure, pushed_at: nowIso(ho) })
          .where('channel_id', '=', channelId)
          .where('sku', '=', item.sku)
          .execute();
      } else {
        const error =
          outcome?.outcome === 'refused'
            ? outcome.reason
            : outcome?.outcome === 'stale'
              ? 'It moved while we compared: the next reconcile looks again.'
              : 'The shop did not answer for it.';
        report.failed.push({ sku: item.sku, error });
      }
    }
  }
  await ho.db
    .insertInto('channel_reconciles')
    .values({
      channel_id: channelId,
      at,
      checked: report.checked,
      repaired: JSON.stringify({
        repaired: report.repaired,
        repairedCount: report.repairedCount,
        failed: report.failed.slice(0, LISTED),
      }),
    })
    .execute();
  return report;
}
