/**
 * What is low at this store, for its managers (issue 17): the SKUs whose available here plus what is on its way
 * (incoming on open purchase orders; from other stores: sent, or asked for or planned and not sent yet) is at or
 * below their reorder point, by the same isLow() head office uses. Units this store is asked to send and has not
 * sent count as committed, as head office's replenishment counts them. The levels are the store's as head office sends them (the 'reorder' stream): a
 * SKU's own, else its category's default. Inactive products are never low.
 */
import type { Unit } from '../../shared/domain.ts';
import type { LowStockLine } from '../../shared/purchase-receiving.ts';
import { isLow, levelsFor, type ReorderItem, type ReorderLevels } from '../../shared/replenishment.ts';
import type { Db } from '../ledger/database.ts';
import type { SettingsService } from './settings.ts';
import type { StockService } from './stock.ts';

export interface LowStockService {
  /** Low SKUs here, the furthest below their reorder point first. */
  list(): LowStockLine[];
  /** Head office's levels (downstream); `key` as the stream has it. */
  saveLevels(key: string, item: ReorderItem, at: string): void;
  removeLevels(key: string): void;
}

export interface LowStockDeps {
  db: Db;
  settings: Pick<SettingsService, 'register'>;
  stock: Pick<StockService, 'figuresHere'>;
  incoming: (sku: string) => number;
}

interface CandidateRow {
  id: number;
  sku: string;
  name: string;
  unit: Unit;
  own: string | null;
  category_default: string | null;
}

const levelsColumns = `json_object('reorderPoint', reorder_point, 'desiredLevel', desired_level,
  'safetyStock', safety_stock)`;

export function createLowStockService({ db, settings, stock, incoming }: LowStockDeps): LowStockService {
  const statements = {
    // Every active product with levels of its own or of its category.
    candidates: db.prepare<[], CandidateRow>(
      `SELECT p.id, p.sku, p.name, p.unit,
         (SELECT ${levelsColumns} FROM reorder_levels WHERE sku = p.sku) AS own,
         (SELECT ${levelsColumns} FROM reorder_levels WHERE category = c.name) AS category_default
       FROM products p LEFT JOIN categories c ON c.id = p.category_id
       WHERE p.active = 1 AND (EXISTS (SELECT 1 FROM reorder_levels WHERE sku = p.sku)
         OR EXISTS (SELECT 1 FROM reorder_levels WHERE category = c.name))`,
    ),
    // Per SKU, what other stores are to bring here (sent and not received; asked or planned and not sent) and
    // what this store is to send them (asked or planned, not sent yet).
    transfers: db.prepare<{ here: string }, { sku: string; inbound: number; promised: number }>(
      `SELECT json_extract(line.value, '$.sku') AS sku,
         sum(CASE WHEN t.to_store_id = :here THEN
               CASE WHEN t.status = 'sent'
                 THEN json_extract(line.value, '$.sent') - json_extract(line.value, '$.received')
                 ELSE json_extract(line.value, '$.requested') END
             ELSE 0 END) AS inbound,
         sum(CASE WHEN t.from_store_id = :here AND t.status IN ('requested', 'planned')
             THEN json_extract(line.value, '$.requested') ELSE 0 END) AS promised
       FROM transfers t, json_each(t.view, '$.lines') line
       WHERE (t.to_store_id = :here AND t.status IN ('requested', 'planned', 'sent'))
          OR (t.from_store_id = :here AND t.status IN ('requested', 'planned'))
       GROUP BY 1`,
    ),
    save: db.prepare<[string, string | null, string | null, number, number, number, string]>(
      `INSERT INTO reorder_levels (key, sku, category, reorder_point, desired_level, safety_stock, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET sku = excluded.sku, category = excluded.category,
         reorder_point = excluded.reorder_point, desired_level = excluded.desired_level,
         safety_stock = excluded.safety_stock, updated_at = excluded.updated_at`,
    ),
    remove: db.prepare<[string]>('DELETE FROM reorder_levels WHERE key = ?'),
  };
  const parse = (json: string | null): ReorderLevels | undefined =>
    json === null ? undefined : (JSON.parse(json) as ReorderLevels);

  return {
    list: () => {
      const transfers = new Map(
        statements.transfers.all({ here: settings.register().storeId }).map((row) => [row.sku, row]),
      );
      const low: LowStockLine[] = [];
      for (const row of statements.candidates.all()) {
        const levels = levelsFor(parse(row.own), parse(row.category_default));
        if (!levels) continue;
        const here = stock.figuresHere(row.id);
        const transferred = transfers.get(row.sku);
        const position = {
          onHand: here.on_hand,
          committed: here.committed + (transferred?.promised ?? 0),
          incoming: incoming(row.sku),
          inboundTransit: transferred?.inbound ?? 0,
        };
        if (!isLow(position, levels)) continue;
        low.push({
          productId: row.id,
          sku: row.sku,
          name: row.name,
          unit: row.unit,
          available: position.onHand - position.committed,
          incoming: position.incoming,
          inboundTransit: position.inboundTransit,
          reorderPoint: levels.reorderPoint,
          desiredLevel: levels.desiredLevel,
        });
      }
      const below = (line: LowStockLine): number =>
        line.available + line.incoming + line.inboundTransit - line.reorderPoint;
      return low.sort((a, b) => below(a) - below(b) || a.name.localeCompare(b.name));
    },
    saveLevels: (key, item, at) => {
      const { levels } = item;
      statements.save.run(
        key,
        item.kind === 'sku' ? item.sku : null,
        item.kind === 'category' ? item.category : null,
        levels.reorderPoint,
        levels.desiredLevel,
        levels.safetyStock,
        at,
      );
    },
    removeLevels: (key) => statements.remove.run(key),
  };
}
