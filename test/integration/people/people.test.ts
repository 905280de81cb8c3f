/**
 * People at the register on a real SQLite ledger: logging in, locking and switching user, the wrong-PIN
 * lockout, permissions with a manager's PIN given inline (offline: users are local), users and the audit log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import { hashPin, verifyPin } from '../../../src/main/services/people.ts';
import type { AuthState } from '../../../src/shared/domain.ts';
import { auditPayloadSchema } from '../../../src/shared/documents/audit.ts';
import { FakeNetworkPrinter } from '../../harness/fake-printer.ts';
import {
  codes,
  count,
  errorOf,
  freshApp,
  pins,
  signIn,
  startRegister,
  tempDir,
  testCatalogCsv,
  testPinHashCost,
} from '../ledger/ledger-fixture.ts';

let app: RegisterApp | undefined;
let printer: FakeNetworkPrinter | undefined;
afterEach(async () => {
  await app?.devices.close();
  app?.close();
  app = undefined;
  await printer?.stop();
  printer = undefined;
});

/** A register with nobody logged in yet, on a clock the test moves. */
function register(): { app: RegisterApp; clock: { ms: number } } {
  const clock = { ms: Date.parse('2025-03-03T09:00:00Z') };
  app = startRegister(tempDir(), () => new Date(clock.ms));
  app.services.catalog.importCsv(testCatalogCsv);
  return { app, clock };
}

const userId = (a: RegisterApp, name: string): string =>
  a.services.people.list().find((user) => user.name === name)!.userId;

const cashIn = { kind: 'in', amountMinor: 5000, reason: 'Change from the bank' } as const;

describe('logging in', () => {
  it('logs in by PIN alone or by name and PIN, and says who is at the register', () => {
    const { app } = register();
    const { people } = app.services;
    const seen: AuthState[] = [];
    app.events.subscribe((message) => {
      if (message.name === 'auth.changed') seen.push(message.payload as AuthState);
    });
    expect(people.current()).toMatchObject({ user: null, locked: false, permissions: [] });
    expect(people.list().map((user) => `${user.name} ${user.role}`)).toEqual([
      'Alex cashier',
      'Morgan manager',
      'Sam supervisor',
    ]);

    expect(people.login({ pin: pins.supervisor })).toMatchObject({
      user: { name: 'Sam', role: 'supervisor' },
      locked: false,
      maxDiscountPercent: 25,
    });
    expect(people.current().permissions).toContain('drawer.noSale');
    expect(people.login({ userId: userId(app, 'Morgan'), pin: pins.manager }).user?.name).toBe('Morgan');
    expect(seen.map((state) => state.user?.name)).toEqual(['Sam', 'Morgan']);

    expect(people.logout().user).toBeNull();
  });

  it('needs someone logged in and an open shift to sell, and records both on the sale', () => {
    const { app } = register();
    const { people, shifts, sales } = app.services;
    expect(errorOf(() => sales.scan({ code: codes.milk }))).toMatchObject({
      code: 'NOT_LOGGED_IN',
      message: expect.stringContaining('log in with your PIN'),
    });
    people.login({ pin: pins.cashier });
    expect(errorOf(() => sales.scan({ code: codes.milk })).code).toBe('NO_OPEN_SHIFT');
    const { shift } = shifts.open({ count: [] });
    const open = sales.scan({ code: codes.milk });
    sales.addTender({ kind: 'cash', amountMinor: open.totals.totalMinor });
    const sale = sales.complete().receipt.sale;
    expect(sale).toMatchObject({ userId: userId(app, 'Alex'), shiftId: shift!.shiftId });
    expect(app.db.prepare('SELECT user_id, shift_id FROM sales').get()).toEqual({
      user_id: userId(app, 'Alex'),
      shift_id: shift!.shiftId,
    });
    expect(sales.receipt({ saleId: sale.saleId }).sale).toEqual(sale);
  });

  it('locks with the open sale kept; a PIN unlocks it, another PIN switches user', () => {
    app = freshApp();
    const { people, sales } = app.services;
    const open = sales.scan({ code: codes.milk });

    expect(people.lock()).toMatchObject({ user: { name: 'Alex' }, locked: true });
    expect(errorOf(() => sales.scan({ code: codes.cola }))).toMatchObject({
      code: 'NOT_LOGGED_IN',
      message: 'The register is locked: Alex, enter your PIN to unlock it.',
    });
    expect(sales.current().lines).toEqual(open.lines);

    expect(errorOf(() => people.login({ pin: '0000' })).code).toBe('WRONG_PIN');
    expect(people.login({ pin: pins.cashier })).toMatchObject({ user: { name: 'Alex' }, locked: false });
    sales.scan({ code: codes.cola });

    people.lock();
    expect(people.login({ pin: pins.supervisor }).user?.name).toBe('Sam');
    const sale = sales.addTender({ kind: 'cash', amountMinor: 1000 });
    expect(sale.lines).toHaveLength(2);
    expect(sales.complete().receipt.sale.userId).toBe(userId(app, 'Sam'));
  });

  it('logs in whoever the PIN belongs to when another person is chosen, as unlocking and switching do', () => {
    const started = freshApp();
    app = started;
    const { people } = started.services;
    people.lock();
    // Alex's name is still chosen on the lock screen; the manager types their own PIN.
    expect(people.login({ userId: userId(started, 'Alex'), pin: pins.manager })).toMatchObject({
      user: { name: 'Morgan' },
      locked: false,
    });
    expect(people.current().user?.name).toBe('Morgan');
    // A PIN that is nobody's is still wrong.
    expect(errorOf(() => people.login({ userId: userId(started, 'Sam'), pin: '4321' })).code).toBe(
      'WRONG_PIN',
    );
  });
});

describe('wrong PINs', () => {
  it('lock the register out for 5 minutes after 5 in a row, then the right PIN works again', () => {
    const { app, clock } = register();
    const { people } = app.services;
    for (let left = 4; left >= 1; left -= 1) {
      expect(errorOf(() => people.login({ pin: '4321' }))).toMatchObject({
        code: 'WRONG_PIN',
        message: expect.stringContaining(`${left} ${left === 1 ? 'try' : 'tries'} left`),
      });
    }
    expect(errorOf(() => people.login({ pin: '4321' }))).toMatchObject({
      code: 'LOCKED_OUT',
      message: 'Too many wrong PINs at this register: try again in 5 min.',
      details: ['2025-03-03T09:05:00.000Z'],
    });
    // The right PIN is refused too until the time is up.
    clock.ms += 4 * 60_000 + 30_000;
    expect(errorOf(() => people.login({ pin: pins.cashier })).message).toBe(
      'Too many wrong PINs at this register: try again in 30 seconds.',
    );
    clock.ms += 30_000;
    expect(people.login({ pin: pins.cashier }).user?.name).toBe('Alex');
  });

  it('lock out the person named, even when others log in in between', () => {
    const { app } = register();
    const { people } = app.services;
    const alex = userId(app, 'Alex');
    for (let i = 0; i < 4; i += 1) {
      expect(errorOf(() => people.login({ userId: alex, pin: '4321' })).code).toBe('WRONG_PIN');
    }
    people.login({ pin: pins.supervisor }); // a good login clears the register's count, not Alex's
    expect(errorOf(() => people.login({ userId: alex, pin: '4321' }))).toMatchObject({
      code: 'LOCKED_OUT',
      message: 'Too many wrong PINs for Alex: try again in 5 min.',
    });
    expect(errorOf(() => people.login({ pin: pins.cashier })).code).toBe('LOCKED_OUT');
    expect(people.login({ pin: pins.manager }).user?.name).toBe('Morgan');
  });

  it('count when given as an approval, and lock approvals out too', () => {
    app = freshApp();
    const { shifts } = app.services;
    for (let i = 0; i < 4; i += 1) {
      expect(errorOf(() => shifts.cashMovement({ ...cashIn, approval: { pin: '4321' } })).code).toBe(
        'WRONG_PIN',
      );
    }
    expect(errorOf(() => shifts.cashMovement({ ...cashIn, approval: { pin: '4321' } })).code).toBe(
      'LOCKED_OUT',
    );
    expect(errorOf(() => shifts.cashMovement({ ...cashIn, approval: { pin: pins.manager } })).code).toBe(
      'LOCKED_OUT',
    );
    expect(count(app, 'shift_cash_movements')).toBe(0);
  });
});

describe('permissions and approvals', () => {
  it('asks for approval when the user lacks the permission, and writes nothing', () => {
    app = freshApp();
    const outbox = count(app, 'outbox');
    const error = errorOf(() => app!.services.shifts.cashMovement(cashIn));
    expect(error).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      message:
        'Alex may not put cash into or take cash out of the drawer without approval: a manager enters their PIN to approve.',
      details: ['cash.inOut'],
    });
    expect([count(app, 'shift_cash_movements'), count(app, 'audit_log'), count(app, 'outbox')]).toEqual([
      0,
      0,
      outbox,
    ]);
  });

  it('takes a manager PIN inline, offline, and audits the action with both people, for head office too', () => {
    app = freshApp();
    const { shifts, audit } = app.services;
    expect(app.sync.status().enrolled).toBe(false);
    const state = shifts.cashMovement({ ...cashIn, approval: { pin: pins.manager } });
    expect(state.cashMovements).toEqual([
      expect.objectContaining({
        kind: 'in',
        amountMinor: 5000,
        user: expect.objectContaining({ name: 'Alex' }),
      }),
    ]);
    expect(state.cashMovements[0]!.approver?.name).toBe('Morgan');

    const [entry] = audit.list({ limit: 10, approval: { pin: pins.manager } });
    expect(entry).toMatchObject({
      action: 'cash.inOut',
      registerId: 'R1',
      user: { userId: userId(app, 'Alex'), name: 'Alex' },
      approver: { userId: userId(app, 'Morgan'), name: 'Morgan' },
      details: { kind: 'in', amountMinor: 5000, reason: 'Change from the bank' },
    });
    const event = app.db.prepare("SELECT seq, payload FROM outbox WHERE type = 'audit.recorded'").get() as {
      seq: number;
      payload: string;
    };
    const payload = auditPayloadSchema.parse(JSON.parse(event.payload));
    expect(payload).toMatchObject({
      action: 'cash.inOut',
      user: { name: 'Alex' },
      approver: { name: 'Morgan' },
    });
    expect(app.db.prepare('SELECT outbox_seq FROM audit_log').pluck().get()).toBe(event.seq);
  });

  it('refuses an approval from someone who lacks the permission too', () => {
    app = freshApp();
    const { shifts } = app.services;
    expect(errorOf(() => shifts.cashMovement({ ...cashIn, approval: { pin: pins.cashier } }))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^Alex \(cashier\) may not approve this either/),
      details: ['cash.inOut'],
    });
    expect([count(app, 'shift_cash_movements'), count(app, 'audit_log')]).toEqual([0, 0]);
  });

  it('lets a user who holds the permission act without approval, still audited', () => {
    app = signIn(freshApp(), pins.supervisor);
    app.services.shifts.cashMovement({ kind: 'in', amountMinor: 2000, reason: 'Float top-up' });
    expect(app.services.audit.list({ limit: 5, approval: { pin: pins.manager } })[0]).toMatchObject({
      action: 'cash.inOut',
      user: { name: 'Sam' },
      approver: null,
    });
  });

  it('keeps the audit log append-only', () => {
    app = freshApp();
    app.services.shifts.cashMovement({ ...cashIn, approval: { pin: pins.manager } });
    expect(() => app!.db.prepare("UPDATE audit_log SET details = '{}'").run()).toThrow('append-only');
    expect(() => app!.db.prepare('DELETE FROM audit_log').run()).toThrow('append-only');
    expect(() => app!.db.prepare('DELETE FROM shift_cash_movements').run()).toThrow('append-only');
    expect(count(app, 'audit_log')).toBe(1);
  });

  it('opens the drawer for "No sale" only with approval, and audits it', async () => {
    app = freshApp();
    printer = await FakeNetworkPrinter.start();
    await app.dispatch('devices.setConfig', {
      receiptPrinter: {
        connection: { kind: 'network', host: '127.0.0.1', port: printer.port },
        model: 'epson-tm-t20iii',
      },
      drawer: { connection: { kind: 'printer' } },
      approval: { pin: pins.manager }, // device settings need 'settings.edit'
    });
    expect(await app.dispatch('drawer.noSale', undefined)).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED', details: ['drawer.noSale'] },
    });
    expect(count(app, 'drawer_events')).toBe(0);

    expect(await app.dispatch('drawer.noSale', { approval: { pin: pins.manager } })).toMatchObject({
      ok: true,
      value: { reason: 'no-sale', opened: true },
    });
    const noSales = app.services.audit
      .list({ limit: 5, approval: { pin: pins.manager } })
      .filter((entry) => entry.action === 'drawer.noSale');
    expect(noSales).toEqual([
      expect.objectContaining({
        action: 'drawer.noSale',
        user: expect.objectContaining({ name: 'Alex' }),
        approver: expect.objectContaining({ name: 'Morgan' }),
      }),
    ]);
  });

  it('shows the audit log only to those who may change settings', () => {
    app = freshApp();
    expect(errorOf(() => app!.services.audit.list({ limit: 10 })).code).toBe('APPROVAL_REQUIRED');
  });
});

describe('users', () => {
  it('are added and changed only with settings.edit, with hashed and unique PINs', () => {
    app = freshApp();
    const { people } = app.services;
    const jo = { name: 'Jo', role: 'cashier', pin: '4321', active: true } as const;
    expect(errorOf(() => people.save(jo))).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      details: ['settings.edit'],
    });

    const saved = people.save({ ...jo, approval: { pin: pins.manager } });
    expect(saved).toMatchObject({ name: 'Jo', role: 'cashier', active: true });
    const stored = app.db
      .prepare('SELECT pin_hash FROM users WHERE user_id = ?')
      .pluck()
      .get(saved.userId) as string;
    expect(stored).toMatch(/^scrypt:\d+:8:1:/);
    expect(stored).not.toContain('4321');

    expect(errorOf(() => people.save({ ...jo, name: 'Kim', approval: { pin: pins.manager } }))).toMatchObject(
      {
        code: 'CONFLICT',
        message: 'Someone else already has this PIN: choose a different one.',
      },
    );
    expect(errorOf(() => people.save({ ...jo, pin: '5555', approval: { pin: pins.manager } })).code).toBe(
      'CONFLICT',
    );

    // A change without a PIN keeps the PIN.
    people.save({
      userId: saved.userId,
      name: 'Jo',
      role: 'supervisor',
      active: true,
      approval: { pin: pins.manager },
    });
    expect(people.login({ pin: '4321' }).user).toMatchObject({ name: 'Jo', role: 'supervisor' });

    people.login({ pin: pins.manager });
    people.save({ userId: saved.userId, name: 'Jo', role: 'supervisor', active: false });
    expect(errorOf(() => people.login({ pin: '4321' })).code).toBe('WRONG_PIN');
    expect(app.services.audit.list({ limit: 10 }).map((entry) => entry.details['change'])).toEqual([
      'user.updated',
      'user.updated',
      'user.created',
    ]);
  });

  it('keep at least one active manager', () => {
    app = signIn(freshApp(), pins.manager);
    const morgan = app.services.people.current().user!;
    expect(
      errorOf(() =>
        app!.services.people.save({
          userId: morgan.userId,
          name: 'Morgan',
          role: 'supervisor',
          active: true,
        }),
      ),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Morgan is the only active manager: make someone else a manager first.',
    });
  });
});

describe('PIN hashes', () => {
  it('verify only the PIN they were made from, with a salt of their own', () => {
    const a = hashPin('1234', testPinHashCost);
    const b = hashPin('1234', testPinHashCost);
    expect(a).not.toBe(b);
    expect(verifyPin('1234', a)).toBe(true);
    expect(verifyPin('1235', a)).toBe(false);
    expect(verifyPin('1234', 'plain:1234')).toBe(false);
  });
});
