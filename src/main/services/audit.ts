/**
 * The audit log: every permissioned action and every approval, append-only (triggers in 004-people-shifts
 * refuse UPDATE and DELETE). record() runs inside the action's own transaction and queues an 'audit.recorded'
 * event, so the entry reaches head office like a sale does, and exists exactly when the action does.
 */
import type { ParsedInput } from '../../shared/contract.ts';
import type { AuditEntry } from '../../shared/domain.ts';
import type { Approval, PermissionAction } from '../../shared/permissions.ts';
import { auditRecorded, type AuditPayload } from '../../shared/documents/audit.ts';
import type { Db } from '../ledger/database.ts';
import type { AppendOutbox } from '../ledger/outbox.ts';
import type { SettingsService } from './settings.ts';

export interface AuditRecord {
  /** A PermissionAction, or another action worth keeping (e.g. 'users.save'). */
  action: string;
  userId: string;
  approverId: string | null;
  /** What was done, for a person reading the log: amounts, reasons, ids. Never a PIN. */
  details: Record<string, unknown>;
}

export interface AuditService {
  /** Call inside the action's transaction. */
  record(entry: AuditRecord): AuditEntry;
  /** The most recent entries, newest first; reading them needs 'settings.edit'. */
  list(input: ParsedInput<'audit.list'>): AuditEntry[];
}

export interface AuditDeps {
  db: Db;
  now: () => Date;
  settings: Pick<SettingsService, 'register'>;
  appendOutbox: AppendOutbox;
  /** people.check (people records into this log, so it is passed in as a function). */
  check: (action: PermissionAction, approval?: Approval) => unknown;
}

interface AuditRow {
  id: number;
  occurred_at: string;
  register_id: string;
  action: string;
  user_id: string;
  user_name: string;
  approver_id: string | null;
  approver_name: string | null;
  details: string;
}

const selectEntries = `
  SELECT a.id, a.occurred_at, a.register_id, a.action, a.user_id, u.name AS user_name, a.approver_id,
    p.name AS approver_name, a.details
  FROM audit_log a JOIN users u ON u.user_id = a.user_id LEFT JOIN users p ON p.user_id = a.approver_id`;

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  occurredAt: row.occurred_at,
  registerId: row.register_id,
  action: row.action,
  user: { userId: row.user_id, name: row.user_name },
  approver:
    row.approver_id === null ? null : { userId: row.approver_id, name: row.approver_name ?? row.approver_id },
  details: JSON.parse(row.details) as Record<string, unknown>,
});

export function createAuditService({ db, now, settings, appendOutbox, check }: AuditDeps): AuditService {
  const insert = db.prepare<[string, string, string, string, string | null, string, number], { id: number }>(
    `INSERT INTO audit_log (occurred_at, register_id, action, user_id, approver_id, details, outbox_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const byId = db.prepare<[number], AuditRow>(`${selectEntries} WHERE a.id = ?`);
  const recent = db.prepare<[number], AuditRow>(`${selectEntries} ORDER BY a.id DESC LIMIT ?`);
  const userName = db.prepare<[string], string>('SELECT name FROM users WHERE user_id = ?').pluck();

  return {
    record: ({ action, userId, approverId, details }) => {
      const { storeId, registerId } = settings.register();
      const occurredAt = now().toISOString();
      // Names go along: head office has no copy of the register's users.
      const payload: AuditPayload = {
        occurredAt,
        storeId,
        registerId,
        action,
        user: { userId, name: userName.get(userId) ?? userId },
        approver:
          approverId === null ? null : { userId: approverId, name: userName.get(approverId) ?? approverId },
        details,
      };
      const seq = appendOutbox(auditRecorded.type, occurredAt, payload);
      const { id } = insert.get(
        occurredAt,
        registerId,
        action,
        userId,
        approverId,
        JSON.stringify(details),
        seq,
      )!;
      return toEntry(byId.get(id)!);
    },
    list: ({ limit, approval }) => {
      check('settings.edit', approval);
      return recent.all(limit).map(toEntry);
    },
  };
}
