/**
 * A store, new or changed: its id (new only), name, whether it is a store or a warehouse, currency, locale and
 * time zone, tax rates, what its receipts print, the value above which a stock adjustment needs a manager and the
 * over/short its shifts may close with. Head office checks it and sends it to the store's registers.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { currencyDigits, parseMoney } from '../../../shared/money.ts';
import { defaultOverShortThresholdMinor, type TaxRate } from '../../../shared/settings.ts';
import type { LocationKind } from '../../../shared/stock.ts';
import type { StoreView } from '../../../shared/sync/admin-api.ts';
import { api } from '../api/api.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, SelectField, TextField } from '../ui/Field.tsx';
import { ErrorNotice } from '../ui/Notice.tsx';
import { storesKey } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';

const here = Intl.DateTimeFormat().resolvedOptions();

/** A rate as typed: the percentage as text. */
interface RateRow {
  code: string;
  name: string;
  percent: string;
}

const percentOf = (rate: TaxRate): string => String(rate.rateBasisPoints / 100);

function basisPoints(percent: string): number {
  const value = Number(percent.replace(',', '.'));
  return Number.isFinite(value) ? Math.round(value * 100) : NaN;
}

/** A currency's digits, or two while what is typed is no currency yet. */
function digitsOf(currency: string): number {
  try {
    return currencyDigits(currency.trim().toUpperCase());
  } catch {
    return 2;
  }
}

/** 500 → "5.00" in a two-decimal currency, as a person types it back. */
const plainAmount = (minor: number, digits: number): string => (minor / 10 ** digits).toFixed(digits);

export function StoreForm({ store, onClose }: { store: StoreView | null; onClose: () => void }) {
  const client = useQueryClient();
  const [id, setId] = useState(store?.id ?? '');
  const [name, setName] = useState(store?.name ?? '');
  const [currency, setCurrency] = useState(store?.currency ?? 'EUR');
  const [locale, setLocale] = useState(store?.locale ?? here.locale);
  const [timeZone, setTimeZone] = useState(store?.timeZone ?? here.timeZone);
  const [pricesIncludeTax, setPricesIncludeTax] = useState(store?.pricesIncludeTax ?? true);
  const [rates, setRates] = useState<RateRow[]>(
    store?.taxRates.map((rate) => ({ code: rate.code, name: rate.name, percent: percentOf(rate) })) ?? [
      { code: 'STD', name: 'Standard', percent: '' },
    ],
  );
  const [address, setAddress] = useState((store?.addressLines ?? []).join('\n'));
  const [header, setHeader] = useState(store?.receiptHeader ?? '');
  const [footer, setFooter] = useState(store?.receiptFooter ?? '');
  const [limitText, setLimitText] = useState(
    plainAmount(store?.overShortThresholdMinor ?? defaultOverShortThresholdMinor, digitsOf(currency)),
  );
  const [limitError, setLimitError] = useState<string | null>(null);
  const [kind, setKind] = useState<LocationKind>(store?.kind ?? 'store');
  const [approvalAbove, setApprovalAbove] = useState(
    store?.adjustmentApprovalMinor == null
      ? ''
      : (store.adjustmentApprovalMinor / 10 ** currencyDigits(store.currency)).toFixed(
          currencyDigits(store.currency),
        ),
  );

  const save = useAction(
    (overShortThresholdMinor: number) => {
      const fields = {
        name: name.trim(),
        currency: currency.trim().toUpperCase(),
        locale: locale.trim(),
        timeZone: timeZone.trim(),
        pricesIncludeTax,
        taxRates: rates.map((rate) => ({
          code: rate.code.trim().toUpperCase(),
          name: rate.name.trim(),
          rateBasisPoints: basisPoints(rate.percent),
        })),
        addressLines: address
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        receiptHeader: header,
        receiptFooter: footer,
        overShortThresholdMinor,
        kind,
        // Empty: no limit. Not an amount: NaN, which head office refuses with the field's message.
        adjustmentApprovalMinor:
          approvalAbove.trim() === ''
            ? null
            : (parseMoney(approvalAbove, currencyDigits(currency.trim().toUpperCase())) ?? NaN),
      };
      return store ? api.updateStore(store.id, fields) : api.createStore({ id: id.trim(), ...fields });
    },
    async () => {
      await client.invalidateQueries({ queryKey: storesKey });
      await client.invalidateQueries({ queryKey: ['today'] });
      onClose();
    },
  );
  const error = (field: string) => fieldError(save.details, field);
  const setRate = (index: number, change: Partial<RateRow>) =>
    setRates(rates.map((rate, i) => (i === index ? { ...rate, ...change } : rate)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const digits = digitsOf(currency);
    const limitMinor = parseMoney(limitText, digits);
    setLimitError(
      limitMinor === null ? `Write the limit as an amount such as ${plainAmount(500, digits)}.` : null,
    );
    if (limitMinor !== null) save.start(limitMinor);
  };
  return (
    <Dialog title={store ? `Change ${store.name}` : 'New store'} onClose={onClose} wide testId="store-form">
      <form onSubmit={submit} className="form form-grid" aria-label="Store">
        <fieldset disabled={save.pending} className="form-grid-fields">
          <TextField
            label="Store id"
            required
            value={id}
            readOnly={store !== null}
            hint={
              store
                ? 'A store keeps its id.'
                : 'Letters, digits, - or _, such as DUBLIN-1. It cannot change later.'
            }
            error={error('id')}
            onChange={(event) => setId(event.target.value)}
            data-testid="store-id"
          />
          <TextField
            label="Name"
            required
            value={name}
            hint="Shown on its registers and printed on its receipts."
            error={error('name')}
            onChange={(event) => setName(event.target.value)}
            data-testid="store-name"
          />
          <SelectField
            label="Kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as LocationKind)}
            data-testid="store-kind"
          >
            <option value="store">Store: sells</option>
            <option value="warehouse">
              Warehouse: receives, counts, adjusts and sends stock, never sells
            </option>
          </SelectField>
          <TextField
            label="Currency"
            required
            value={currency}
            hint="ISO code, such as EUR, GBP or USD."
            error={error('currency')}
            onChange={(event) => setCurrency(event.target.value)}
            data-testid="store-currency"
          />
          <TextField
            label="Locale"
            required
            value={locale}
            hint="How its money and dates are written, such as en-IE or de-DE."
            error={error('locale')}
            onChange={(event) => setLocale(event.target.value)}
            data-testid="store-locale"
          />
          <TextField
            label="Time zone"
            required
            value={timeZone}
            hint="Where its day starts, such as Europe/Dublin."
            error={error('timeZone')}
            onChange={(event) => setTimeZone(event.target.value)}
            data-testid="store-time-zone"
          />
          <TextField
            label="Adjustments above"
            inputMode="decimal"
            value={approvalAbove}
            hint="A stock adjustment worth more (at price) needs a manager's approval at the register. Empty: no limit."
            error={error('adjustmentApprovalMinor')}
            onChange={(event) => setApprovalAbove(event.target.value)}
            data-testid="store-adjustment-approval"
          />
          <SelectField
            label="Shelf prices"
            value={pricesIncludeTax ? 'incl' : 'excl'}
            onChange={(event) => setPricesIncludeTax(event.target.value === 'incl')}
          >
            <option value="incl">Include tax (as in Europe)</option>
            <option value="excl">Exclude tax: it is added at the till (as in the US)</option>
          </SelectField>
          <fieldset className="field-wide tax-rates">
            <legend>Tax rates</legend>
            {rates.map((rate, index) => (
              <div className="tax-rate" key={index}>
                <TextField
                  label="Code"
                  required
                  value={rate.code}
                  onChange={(event) => setRate(index, { code: event.target.value })}
                  data-testid="tax-code"
                />
                <TextField
                  label="Name"
                  required
                  value={rate.name}
                  onChange={(event) => setRate(index, { name: event.target.value })}
                  data-testid="tax-name"
                />
                <TextField
                  label="Rate (%)"
                  required
                  inputMode="decimal"
                  value={rate.percent}
                  onChange={(event) => setRate(index, { percent: event.target.value })}
                  data-testid="tax-percent"
                />
                <button
                  type="button"
                  className="button-quiet"
                  disabled={rates.length === 1}
                  onClick={() => setRates(rates.filter((_, i) => i !== index))}
                  aria-label={`Remove tax rate ${rate.code || index + 1}`}
                >
                  Remove
                </button>
              </div>
            ))}
            <button
              type="button"
              className="button-secondary"
              onClick={() => setRates([...rates, { code: '', name: '', percent: '' }])}
            >
              Add a tax rate
            </button>
            {error('taxRates') && <p className="field-error">{error('taxRates')}</p>}
          </fieldset>
          <div className="field field-wide">
            <label htmlFor="store-address">Address on receipts</label>
            <textarea
              id="store-address"
              rows={3}
              value={address}
              aria-describedby="store-address-hint"
              onChange={(event) => setAddress(event.target.value)}
            />
            <p className="field-hint" id="store-address-hint">
              Up to 4 lines, printed under the store&apos;s name.
            </p>
          </div>
          <TextField
            label="Receipt header"
            value={header}
            error={error('receiptHeader')}
            onChange={(event) => setHeader(event.target.value)}
          />
          <TextField
            label="Receipt footer"
            value={footer}
            hint="Such as your returns policy."
            error={error('receiptFooter')}
            onChange={(event) => setFooter(event.target.value)}
          />
          <TextField
            label="Over/short limit at shift close"
            required
            inputMode="decimal"
            value={limitText}
            hint="A drawer further off than this needs a recount, a reason and a manager's approval. 0: every difference does."
            error={limitError ?? error('overShortThresholdMinor')}
            onChange={(event) => {
              setLimitText(event.target.value);
              setLimitError(null);
            }}
            data-testid="store-over-short-limit"
          />
        </fieldset>
        <ErrorNotice error={save.error} />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={save.pending} data-testid="store-save">
            {store ? 'Save' : 'Create store'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
