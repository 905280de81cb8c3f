/**
 * A store, new or changed: its id (new only), name, whether it is a store or a warehouse, currency, locale and
 * time zone, tax rates, what its receipts print, the value above which a stock adjustment needs a manager and the
 * over/short its shifts may close with. Head office checks it and sends it to the store's registers.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { currencyDigits, parseMoney } from '../../../shared/money.ts';
import { defaultOverShortThresholdMinor, type TaxRate } from '../../../shared/settings.ts';
import type { LocationKind } from '../../../shared/stock.ts';
import type { StoreView } from '../../../shared/sync/admin-api.ts';
import { api } from '../api/api.ts';
import { Button } from '../ui/Button.tsx';
import { ActionForm } from '../ui/ActionForm.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, SelectField, TextAreaField, TextField } from '../ui/Field.tsx';
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

interface TextSetting {
  label: string;
  hint?: string;
  required?: boolean;
  /** An amount or a rate: a decimal keypad on touch screens. */
  decimal?: boolean;
  testId?: string;
}

/** The settings typed as text, by the name head office gives their refusals. */
type TextName =
  | 'name'
  | 'currency'
  | 'locale'
  | 'timeZone'
  | 'adjustmentApprovalMinor'
  | 'receiptHeader'
  | 'receiptFooter'
  | 'overShortThresholdMinor';

const textSettings: Record<TextName, TextSetting> = {
  name: {
    label: 'Name',
    required: true,
    hint: 'Shown on its registers and printed on its receipts.',
    testId: 'store-name',
  },
  currency: {
    label: 'Currency',
    required: true,
    hint: 'ISO code, such as EUR, GBP or USD.',
    testId: 'store-currency',
  },
  locale: {
    label: 'Locale',
    required: true,
    hint: 'How its money and dates are written, such as en-IE or de-DE.',
    testId: 'store-locale',
  },
  timeZone: {
    label: 'Time zone',
    required: true,
    hint: 'Where its day starts, such as Europe/Dublin.',
    testId: 'store-time-zone',
  },
  adjustmentApprovalMinor: {
    label: 'Adjustments above',
    decimal: true,
    hint: "A stock adjustment worth more (at price) needs a manager's approval at the register. Empty: no limit.",
    testId: 'store-adjustment-approval',
  },
  receiptHeader: { label: 'Receipt header' },
  receiptFooter: { label: 'Receipt footer', hint: 'Such as your returns policy.' },
  overShortThresholdMinor: {
    label: 'Over/short limit at shift close',
    required: true,
    decimal: true,
    hint: "A drawer further off than this needs a recount, a reason and a manager's approval. 0: every difference does.",
    testId: 'store-over-short-limit',
  },
};

/** A tax rate's fields, in the order of its row. */
const rateFields: { field: keyof RateRow; label: string; decimal?: boolean; testId: string }[] = [
  { field: 'code', label: 'Code', testId: 'tax-code' },
  { field: 'name', label: 'Name', testId: 'tax-name' },
  { field: 'percent', label: 'Rate (%)', decimal: true, testId: 'tax-percent' },
];

export function StoreForm({ store, onClose }: { store: StoreView | null; onClose: () => void }) {
  const client = useQueryClient();
  const [id, setId] = useState(store?.id ?? '');
  const [text, setText] = useState<Record<TextName, string>>(() => {
    const currency = store?.currency ?? 'EUR';
    return {
      name: store?.name ?? '',
      currency,
      locale: store?.locale ?? here.locale,
      timeZone: store?.timeZone ?? here.timeZone,
      adjustmentApprovalMinor:
        store?.adjustmentApprovalMinor == null
          ? ''
          : plainAmount(store.adjustmentApprovalMinor, currencyDigits(currency)),
      receiptHeader: store?.receiptHeader ?? '',
      receiptFooter: store?.receiptFooter ?? '',
      overShortThresholdMinor: plainAmount(
        store?.overShortThresholdMinor ?? defaultOverShortThresholdMinor,
        digitsOf(currency),
      ),
    };
  });
  /** What the form itself found wrong in a field, until the field changes. */
  const [typedWrong, setTypedWrong] = useState<Partial<Record<TextName, string>>>({});
  const [pricesIncludeTax, setPricesIncludeTax] = useState(store?.pricesIncludeTax ?? true);
  const [rates, setRates] = useState<RateRow[]>(
    store?.taxRates.map((rate) => ({ code: rate.code, name: rate.name, percent: percentOf(rate) })) ?? [
      { code: 'STD', name: 'Standard', percent: '' },
    ],
  );
  const [address, setAddress] = useState((store?.addressLines ?? []).join('\n'));
  const [kind, setKind] = useState<LocationKind>(store?.kind ?? 'store');
  const currency = text.currency.trim().toUpperCase();

  const save = useAction(
    (overShortThresholdMinor: number) => {
      const fields = {
        name: text.name.trim(),
        currency,
        locale: text.locale.trim(),
        timeZone: text.timeZone.trim(),
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
        receiptHeader: text.receiptHeader,
        receiptFooter: text.receiptFooter,
        overShortThresholdMinor,
        kind,
        // Empty: no limit. Not an amount: NaN, which head office refuses with the field's message.
        adjustmentApprovalMinor:
          text.adjustmentApprovalMinor.trim() === ''
            ? null
            : (parseMoney(text.adjustmentApprovalMinor, currencyDigits(currency)) ?? NaN),
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

  const send = () => {
    const digits = digitsOf(text.currency);
    const limitMinor = parseMoney(text.overShortThresholdMinor, digits);
    setTypedWrong({
      overShortThresholdMinor:
        limitMinor === null ? `Write the limit as an amount such as ${plainAmount(500, digits)}.` : undefined,
    });
    if (limitMinor !== null) save.start(limitMinor);
  };
  const textField = (field: TextName) => {
    const { label, hint, required, decimal, testId } = textSettings[field];
    return (
      <TextField
        label={label}
        required={required}
        inputMode={decimal ? 'decimal' : undefined}
        value={text[field]}
        hint={hint}
        error={typedWrong[field] ?? error(field)}
        onChange={(event) => {
          setText({ ...text, [field]: event.target.value });
          setTypedWrong({ ...typedWrong, [field]: undefined });
        }}
        data-testid={testId}
      />
    );
  };
  return (
    <Dialog title={store ? `Change ${store.name}` : 'New store'} onClose={onClose} wide testId="store-form">
      <ActionForm
        label="Store"
        className="form form-grid"
        action={save}
        onSend={send}
        send={store ? 'Save' : 'Create store'}
        sendTestId="store-save"
        inRow
        wholeRefusal
      >
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
          {textField('name')}
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
          {textField('currency')}
          {textField('locale')}
          {textField('timeZone')}
          {textField('adjustmentApprovalMinor')}
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
                {rateFields.map(({ field, label, decimal, testId }) => (
                  <TextField
                    key={field}
                    label={label}
                    required
                    inputMode={decimal ? 'decimal' : undefined}
                    value={rate[field]}
                    onChange={(event) => setRate(index, { [field]: event.target.value })}
                    data-testid={testId}
                  />
                ))}
                <Button
                  look="quiet"
                  disabled={rates.length === 1}
                  onClick={() => setRates(rates.filter((_, i) => i !== index))}
                  aria-label={`Remove tax rate ${rate.code || index + 1}`}
                >
                  Remove
                </Button>
              </div>
            ))}
            <Button
              look="secondary"
              onClick={() => setRates([...rates, { code: '', name: '', percent: '' }])}
            >
              Add a tax rate
            </Button>
            {error('taxRates') && <p className="field-error">{error('taxRates')}</p>}
          </fieldset>
          <div className="field-wide">
            <TextAreaField
              label="Address on receipts"
              rows={3}
              value={address}
              hint="Up to 4 lines, printed under the store's name."
              onChange={(event) => setAddress(event.target.value)}
            />
          </div>
          {textField('receiptHeader')}
          {textField('receiptFooter')}
          {textField('overShortThresholdMinor')}
        </fieldset>
      </ActionForm>
    </Dialog>
  );
}
