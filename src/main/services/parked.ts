/**
 * Parked sales: open-sale drafts put aside in the ledger (table parked_sales) so a cashier can serve the next
 * customer and resume them later, after a restart too. The sales service owns the open sale and calls this in
 * its transactions; the shift close refuses while any sale is parked. A parked sale's name ("Blue coat, back
 * in 5 min") is kept in its draft, so it goes along when the sale is resumed and parked again.
 */
import type { Db } from '../ledger/database.ts';

export interface ParkedRow {
  saleId: string;
  parkedAt: string;
  parkedBy: string | null;
  /** The open-sale draft as JSON, exactly as open_sales held it. */
  draft: string;
}

export interface ParkedListRow extends ParkedRow {
  /** The draft's name; null when it has none. */
  name: string | null;
}

export interface ParkedStore {
  put(row: ParkedRow): void;
  /** Removes and returns a parked sale; null when there is none with that id. */
  take(saleId: string): ParkedRow | null;
  /** Oldest first. */
  list(): ParkedListRow[];
  /** Names a parked sale (null: no name); false when there is no parked sale with that id. */
  name(saleId: string, name: string | null): boolean;
}

export function createParkedStore(db: Db): ParkedStore {
  const insert = db.prepare<[string, string, string | null, string]>(
    'INSERT INTO parked_sales (sale_id, parked_at, parked_by, draft) VALUES (?, ?, ?, ?)',
  );
  const select = db.prepare<[string], ParkedRow>(
    `SELECT sale_id AS saleId, parked_at AS parkedAt, parked_by AS parkedBy, draft
     FROM parked_sales WHERE sale_id = ?`,
  );
  const remove = db.prepare<[string]>('DELETE FROM parked_sales WHERE sale_id = ?');
  const all = db.prepare<[], ParkedListRow>(
    `SELECT sale_id AS saleId, parked_at AS parkedAt, parked_by AS parkedBy, draft,
       json_extract(draft, '$.name') AS name
     FROM parked_sales ORDER BY parked_at, sale_id`,
  );
  const setName = db.prepare<[{ saleId: string; name: string | null }]>(
    `UPDATE parked_sales SET draft = CASE WHEN @name IS NULL THEN json_remove(draft, '$.name')
       ELSE json_set(draft, '$.name', @name) END
     WHERE sale_id = @saleId`,
  );
  return {
    put: ({ saleId, parkedAt, parkedBy, draft }) => insert.run(saleId, parkedAt, parkedBy, draft),
    take: (saleId) => {
      const row = select.get(saleId);
      if (row) remove.run(saleId);
      return row ?? null;
    },
    list: () => all.all(),
    name: (saleId, name) => setName.run({ saleId, name }).changes > 0,
  };
}
