/**
 * The audit: a row for every change made through head office's API (who, when, which route, on what, and what
 * was sent), written by the HTTP side for every change that succeeded (src/headoffice/http/audit.ts) and by the
 * terminal's create-owner. Rows are only ever added.
 */
import type { AuditEntry, AuditQuery } from '../../shared/backoffice/people-api.ts';
import type { Page } from '../../shared/sync/admin-api.ts';
import { nowIso, type HeadOffice } from '../context.ts';
import { pageOf } from '../paging.ts';
import type { Actor } from './principal.ts';

export interface AuditRecord {
  actor: Actor;
  /** The route, such as "PATCH /api/stores/:storeId". */
  action: string;
  /** What it changed, such as storeId=MAIN. */
  target: string | null;
  details: Record<string, unknown>;
}

export async function recordAudit(ho: HeadOffice, record: AuditRecord): Promise<void> {
  await ho.db
    .insertInto('audit_log')
    .values({
      at: nowIso(ho),
      actor: record.actor.id,
      actor_name: record.actor.name,
      action: record.action,
      target: record.target,
      details: JSON.stringify(record.details),
    })
    .execute();
}

/** Newest first; `after` is the `next` of the previous page (an entry's id). */
export async function listAudit(ho: HeadOffice, q: AuditQuery): Promise<Page<AuditEntry>> {
  let query = ho.db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.actor !== undefined) query = query.where('actor', '=', q.actor);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  if (q.target !== undefined) query = query.where('target', '=', q.target);
  if (q.from !== undefined) query = query.where('at', '>=', new Date(q.from).toISOString());
  if (q.to !== undefined) query = query.where('at', '<', new Date(q.to).toISOString());
  if (q.after !== undefined) query = query.where('id', '<', Number(q.after));
  const { rows, next } = pageOf(await query.execute(), q.limit, (last) => String(last.id));
  return {
    items: rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor,
      actorName: row.actor_name,
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details) as Record<string, unknown>,
    })),
    next,
  };
}
