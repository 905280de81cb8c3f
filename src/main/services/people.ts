/**
 * People at the register: users with a role and a PIN, who is logged in, locking and switching user, and
 * permissions with inline approval by another user's PIN. Users live in the ledger, so all of it works offline.
 *
 * PINs are stored as scrypt hashes with a per-user salt and compared in constant time. After 5 wrong PINs in a
 * row a user (when they were named) and the register are locked out for 5 minutes. The counts are kept in
 * memory: they must survive the rollback of the action an approval was for, which a ledger row would not.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { ParsedInput } from '../../shared/contract.ts';
import type { AuthState, UserRef, UserSummary } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import {
  defaultRolePolicies,
  permissionLabels,
  roleHasPermission,
  type Approval,
  type PermissionAction,
  type Role,
  type RolePolicy,
} from '../../shared/permissions.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { AuditService } from './audit.ts';
import { newId } from '../../shared/ids.ts';

export const maxWrongPins = 5;
export const lockoutMs = 5 * 60_000;
/** scrypt's cost (N). Tests pass a small one: the hash format records it, so any stored hash still verifies. */
export const defaultPinHashCost = 16_384;

export interface Authorization {
  userId: string;
  /** Who approved with their PIN; null when the user holds the permission themselves. */
  approverId: string | null;
}

export interface CurrentUser extends UserSummary {
  policy: RolePolicy;
}

export type LoginInput = ParsedInput<'auth.login'>;
export type UserSaveInput = ParsedInput<'users.save'>;

export interface PeopleService {
  current(): AuthState;
  /**
   * By PIN alone, or by user id and PIN; a PIN of someone other than the user named logs them in instead.
   * Logging in as someone else while logged in or locked switches user.
   */
  login(input: LoginInput): AuthState;
  /** Keeps the user and the open sale; a PIN unlocks. */
  lock(): AuthState;
  logout(): AuthState;
  /** Everyone, active first, by name (the login screen shows the active ones). */
  list(): UserSummary[];
  /** Creates (no userId) or changes a user; needs 'settings.edit'. */
  save(input: UserSaveInput): UserSummary;
  /** Creates a user without a permission check: the demo seed and first-run setup. */
  createUser(input: { name: string; role: Role; pin: string }): UserSummary;
  /** The logged-in, unlocked user, or NOT_LOGGED_IN. */
  requireUser(): CurrentUser;
  /**
   * The one way to authorise an action: checks the current user may do `action`, or that `approval` is the PIN
   * of another user who may, and writes the audit entry (`details`: what was done, never a PIN) in the caller's
   * transaction, so the entry exists exactly when the action does; in a transaction of its own when the caller
   * has none (an action whose only ledger row is the entry: a drawer kick). Throws NOT_LOGGED_IN,
   * APPROVAL_REQUIRED (details[0] = action), WRONG_PIN, LOCKED_OUT or FORBIDDEN (the approver may not either).
   */
  authorize: (
    action: PermissionAction,
    approval: Approval | undefined,
    details: Record<string, unknown>,
  ) => Authorization;
  /**
   * The same check without an audit entry: for reading (the audit log), and for refusing before a slow step
   * (enrolment asks head office first) whose transaction then calls authorize.
   */
  check(action: PermissionAction, approval?: Approval): Authorization;
  userRef(userId: string): UserRef;
}

export interface PeopleDeps {
  db: Db;
  events: EventBus;
  now: () => Date;
  audit: AuditService;
  pinHashCost?: number;
}

interface UserRow {
  user_id: string;
  name: string;
  role: Role;
  pin_hash: string;
  active: number;
}

const keyLength = 32;

export function hashPin(pin: string, cost: number): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, keyLength, { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 });
  return `scrypt:${cost}:8:1:${salt.toString('base64')}:${hash.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const N = Number(n);
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  });
  return timingSafeEqual(actual, expected);
}

const summary = (row: UserRow): UserSummary => ({
  userId: row.user_id,
  name: row.name,
  role: row.role,
  active: row.active === 1,
});

function waitText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

export function createPeopleService({ db, events, now, audit, pinHashCost }: PeopleDeps): PeopleService {
  const cost = pinHashCost ?? defaultPinHashCost;
  const statements = {
    byId: db.prepare<[string], UserRow>('SELECT * FROM users WHERE user_id = ?'),
    active: db.prepare<[], UserRow>('SELECT * FROM users WHERE active = 1 ORDER BY name COLLATE NOCASE'),
    all: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY active DESC, name COLLATE NOCASE'),
    insert: db.prepare<[string, string, Role, string, string, string]>(
      `INSERT INTO users (user_id, name, role, pin_hash, active, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, ?)`,
    ),
    update: db.prepare<[string, Role, string, number, string, string]>(
      'UPDATE users SET name = ?, role = ?, pin_hash = ?, active = ?, updated_at = ? WHERE user_id = ?',
    ),
    activeManagers: db
      .prepare<[string], number>(
        "SELECT count(*) FROM users WHERE active = 1 AND role = 'manager' AND user_id <> ?",
      )
      .pluck(),
  };

  let session: { userId: string; locked: boolean } | null = null;
  /** Wrong PINs in a row, per 'register' and per `user:<id>`. */
  const failures = new Map<string, { count: number; lockedUntil: number }>();

  function state(): AuthState {
    const row = session ? statements.byId.get(session.userId) : undefined;
    if (!session || !row || row.active === 0) {
      return {
        user: null,
        locked: false,
        permissions: [],
        maxDiscountPercent: null,
        overShortThresholdMinor: null,
      };
    }
    const policy = defaultRolePolicies[row.role];
    return {
      user: summary(row),
      locked: session.locked,
      permissions: [...policy.permissions],
      maxDiscountPercent: policy.maxDiscountPercent,
      overShortThresholdMinor: policy.overShortThresholdMinor,
    };
  }

  function announce(): AuthState {
    const current = state();
    events.emit('auth.changed', current);
    return current;
  }

  function refuseIfLockedOut(key: string, who: string): void {
    const entry = failures.get(key);
    const left = entry ? entry.lockedUntil - now().getTime() : 0;
    if (left > 0) {
      throw new CounterError('LOCKED_OUT', `Too many wrong PINs ${who}: try again in ${waitText(left)}.`, [
        new Date(entry!.lockedUntil).toISOString(),
      ]);
    }
  }

  /** Counts a wrong PIN against each key and throws WRONG_PIN, or LOCKED_OUT once a key reaches the limit. */
  function wrongPin(keys: { key: string; who: string }[]): never {
    let triesLeft = maxWrongPins;
    for (const { key } of keys) {
      const count = (failures.get(key)?.count ?? 0) + 1;
      const lockedUntil = count >= maxWrongPins ? now().getTime() + lockoutMs : 0;
      failures.set(key, { count: lockedUntil ? 0 : count, lockedUntil });
      triesLeft = Math.min(triesLeft, lockedUntil ? 0 : maxWrongPins - count);
    }
    for (const { key, who } of keys) refuseIfLockedOut(key, who);
    throw new CounterError(
      'WRONG_PIN',
      `That PIN is not right: try again (${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left before a ${lockoutMs / 60_000}-minute lockout).`,
    );
  }

  const registerKey = { key: 'register', who: 'at this register' };
  const userKey = (row: UserRow): { key: string; who: string } => ({
    key: `user:${row.user_id}`,
    who: `for ${row.name}`,
  });

  /** The active user whose PIN this is (PINs are unique among active users), or null. */
  function findByPin(pin: string): UserRow | null {
    return statements.active.all().find((row) => verifyPin(pin, row.pin_hash)) ?? null;
  }

  /** A new PIN must not be anyone else's: PIN-only login and approvals find people by PIN. */
  function checkPinFree(pin: string, exceptUserId: string | null): void {
    const holder = findByPin(pin);
    if (holder && holder.user_id !== exceptUserId) {
      throw new CounterError('CONFLICT', 'Someone else already has this PIN: choose a different one.');
    }
  }

  function requireUser(): CurrentUser {
    const current = state();
    if (!current.user) {
      throw new CounterError(
        'NOT_LOGGED_IN',
        'Nobody is logged in at this register: log in with your PIN first.',
      );
    }
    if (current.locked) {
      throw new CounterError(
        'NOT_LOGGED_IN',
        `The register is locked: ${current.user.name}, enter your PIN to unlock it.`,
      );
    }
    return { ...current.user, policy: defaultRolePolicies[current.user.role] };
  }

  function check(action: PermissionAction, approval?: Approval): Authorization {
    const user = requireUser();
    if (roleHasPermission(user.role, action)) return { userId: user.userId, approverId: null };
    const what = permissionLabels[action];
    if (!approval) {
      throw new CounterError(
        'APPROVAL_REQUIRED',
        `${user.name} may not ${what} without approval: a manager enters their PIN to approve.`,
        [action],
      );
    }
    refuseIfLockedOut(registerKey.key, registerKey.who);
    const approver = findByPin(approval.pin);
    if (!approver) wrongPin([registerKey]);
    refuseIfLockedOut(userKey(approver).key, userKey(approver).who);
    failures.delete(registerKey.key);
    if (!roleHasPermission(approver.role, action)) {
      throw new CounterError(
        'FORBIDDEN',
        `${approver.name} (${approver.role}) may not approve this either: ask someone who may ${what} to enter their PIN.`,
        [action],
      );
    }
    return { userId: user.userId, approverId: approver.user_id };
  }

  function authorize(
    action: PermissionAction,
    approval: Approval | undefined,
    details: Record<string, unknown>,
  ): Authorization {
    const authorizeAndRecord = (): Authorization => {
      const who = check(action, approval);
      audit.record({ action, ...who, details });
      return who;
    };
    return db.inTransaction ? authorizeAndRecord() : db.transaction(authorizeAndRecord).immediate();
  }

  function createUser(
    { name, role, pin }: { name: string; role: Role; pin: string },
    userId = newId(),
  ): UserSummary {
    checkPinFree(pin, null);
    const at = now().toISOString();
    try {
      statements.insert.run(userId, name, role, hashPin(pin, cost), at, at);
    } catch (error) {
      throw nameTaken(error, name);
    }
    return summary(statements.byId.get(userId)!);
  }

  const saveUser = db.transaction((input: UserSaveInput): UserSummary => {
    const existing = input.userId === undefined ? undefined : statements.byId.get(input.userId);
    const userId = existing?.user_id ?? newId();
    authorize('settings.edit', input.approval, {
      change: existing ? 'user.updated' : 'user.created',
      userId,
      name: input.name,
      role: input.role,
      active: input.active,
      pinChanged: input.pin !== undefined,
    });
    if (input.userId !== undefined && !existing) {
      throw new CounterError('NOT_FOUND', 'That user no longer exists: reload the list of users.');
    }
    if (!existing) {
      if (input.pin === undefined)
        throw new CounterError('INVALID_INPUT', 'A new user needs a PIN: enter 4 to 8 digits.');
      if (!input.active) throw new CounterError('INVALID_INPUT', 'A new user starts active.');
      return createUser({ name: input.name, role: input.role, pin: input.pin }, userId);
    }
    const staysManager = input.active && input.role === 'manager';
    if (existing.role === 'manager' && existing.active === 1 && !staysManager) {
      if (statements.activeManagers.get(existing.user_id)! === 0) {
        throw new CounterError(
          'INVALID_INPUT',
          `${existing.name} is the only active manager: make someone else a manager first.`,
        );
      }
    }
    if (input.pin !== undefined) checkPinFree(input.pin, existing.user_id);
    const pinHash = input.pin === undefined ? existing.pin_hash : hashPin(input.pin, cost);
    try {
      statements.update.run(
        input.name,
        input.role,
        pinHash,
        input.active ? 1 : 0,
        now().toISOString(),
        existing.user_id,
      );
    } catch (error) {
      throw nameTaken(error, input.name);
    }
    return summary(statements.byId.get(existing.user_id)!);
  });

  return {
    current: state,

    login: ({ pin, userId }) => {
      refuseIfLockedOut(registerKey.key, registerKey.who);
      // The person chosen on screen is a hint: a PIN that is someone else's logs that person in (a manager
      // typing their PIN while the cashier's name is still chosen). A PIN that is nobody's counts against the
      // register and the person chosen.
      const named = userId === undefined ? undefined : statements.byId.get(userId);
      if (userId !== undefined && (!named || named.active === 0)) {
        throw new CounterError('NOT_FOUND', 'That user is not active any more: choose your name again.');
      }
      if (named) refuseIfLockedOut(userKey(named).key, userKey(named).who);
      const user = named && verifyPin(pin, named.pin_hash) ? named : findByPin(pin);
      if (!user) wrongPin(named ? [registerKey, userKey(named)] : [registerKey]);
      refuseIfLockedOut(userKey(user).key, userKey(user).who);
      failures.delete(registerKey.key);
      failures.delete(userKey(user).key);
      session = { userId: user.user_id, locked: false };
      return announce();
    },

    lock: () => {
      const { user } = state();
      if (!user) throw new CounterError('NOT_LOGGED_IN', 'Nobody is logged in, so there is nothing to lock.');
      session = { userId: user.userId, locked: true };
      return announce();
    },

    logout: () => {
      session = null;
      return announce();
    },

    list: () => statements.all.all().map(summary),

    save: (input) => {
      const saved = saveUser.immediate(input);
      if (session?.userId === saved.userId) announce();
      return saved;
    },

    createUser: (input) => createUser(input),
    requireUser,
    authorize,
    check,

    userRef: (userId) => {
      const row = statements.byId.get(userId);
      return { userId, name: row?.name ?? userId };
    },
  };
}

function nameTaken(error: unknown, name: string): unknown {
  return error instanceof Error && /UNIQUE constraint failed: users\.name/.test(error.message)
    ? new CounterError('CONFLICT', `Someone active is already called ${name}: use a different name.`)
    : error;
}
