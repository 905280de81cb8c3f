/**
 * Store settings and register identity, kept as JSON in the `settings` table and cached in memory: the sale
 * path reads them on every change. Write them through this service only, or the cache goes stale.
 */
import type { z } from 'zod';
import type { BarcodeOptions } from '../../shared/barcode.ts';
import type { AppInfo } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import { currencyDigits } from '../../shared/money.ts';
import {
  registerIdentitySchema,
  storeSettingsSchema,
  type RegisterIdentity,
  type StoreSettings,
} from '../../shared/settings.ts';
import type { Db } from '../ledger/database.ts';

export interface SettingsService {
  /** Throws NOT_FOUND until the store has been set up. */
  store(): StoreSettings;
  /** Throws NOT_FOUND until the register has been set up. */
  register(): RegisterIdentity;
  /** Both the store settings and the register identity are saved. */
  isConfigured(): boolean;
  saveStore(settings: StoreSettings): StoreSettings;
  saveRegister(identity: RegisterIdentity): RegisterIdentity;
  appInfo(): AppInfo;
  /** What the barcode parser needs: the store's embedded-code layouts and its currency's digits. */
  barcodeOptions(): BarcodeOptions;
}

const storeKey = 'store';
const registerKey = 'register';

export function createSettingsService(db: Db, version: string): SettingsService {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const cache = new Map<string, unknown>();

  function load<T>(key: string, schema: z.ZodType<T>): T | null {
    if (!cache.has(key)) {
      const row = read.get(key);
      cache.set(key, row ? schema.parse(JSON.parse(row.value)) : null);
    }
    return cache.get(key) as T | null;
  }

  function save<T>(key: string, schema: z.ZodType<T>, value: unknown, what: string): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`);
      throw new CounterError('INVALID_INPUT', `The ${what} were not saved: ${details.join('; ')}`, details);
    }
    write.run(key, JSON.stringify(parsed.data));
    cache.set(key, parsed.data);
    return parsed.data;
  }

  function required<T>(value: T | null, what: string): T {
    if (value === null) {
      throw new CounterError('NOT_FOUND', `This register has no ${what} yet: restart Counter to set it up.`);
    }
    return value;
  }

  const store = (): StoreSettings => required(load(storeKey, storeSettingsSchema), 'store settings');
  const register = (): RegisterIdentity =>
    required(load(registerKey, registerIdentitySchema), 'register identity');

  return {
    store,
    register,
    isConfigured: () =>
      load(storeKey, storeSettingsSchema) !== null && load(registerKey, registerIdentitySchema) !== null,
    saveStore: (settings) => save(storeKey, storeSettingsSchema, settings, 'store settings'),
    saveRegister: (identity) => save(registerKey, registerIdentitySchema, identity, 'register identity'),
    appInfo: () => {
      const settings = store();
      return { version, settings, register: register(), currencyDigits: currencyDigits(settings.currency) };
    },
    barcodeOptions: () => {
      const settings = store();
      return { ...settings.barcodes, currencyDigits: currencyDigits(settings.currency) };
    },
  };
}
