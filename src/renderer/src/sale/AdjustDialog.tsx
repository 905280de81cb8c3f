import { useState, type FormEvent } from 'react';
import { describeDiscount, type AppliedDiscount, type Discount } from '../../../shared/discount.ts';
import type { OpenSale, SaleLine } from '../../../shared/domain.ts';
import { invoke } from '../api.ts';
import { useStore } from '../store.ts';
import { AmountField, readAmount } from '../ui/AmountField.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { FormError } from '../ui/FormLines.tsx';
import { givenReason, ReasonField } from '../ui/ReasonField.tsx';
import { Segmented } from '../ui/Segmented.tsx';
import { useFailure } from '../ui/useFailure.ts';

/** Reasons a cashier gives most, one tap each; any other can be typed. */
const commonReasons = [
  'Damaged packaging',
  'Price match',
  'Short date',
  'Customer goodwill',
  'Staff discount',
];

type Tab = 'discount' | 'price';

/** A line's two forms. */
const tabs: { value: Tab; label: string }[] = [
  { value: 'discount', label: 'Discount' },
  { value: 'price', label: 'Price' },
];

/** What is being adjusted: one line (discount or price), or the whole sale (discount). */
export type AdjustTarget = { kind: 'line'; line: SaleLine } | { kind: 'sale' };

interface AdjustDialogProps {
  target: AdjustTarget;
  sale: OpenSale;
  onChanged: (sale: OpenSale) => void;
  onClose: () => void;
}

/**
 * Discounts (percent or amount, with a reason) on a line or the whole sale, and a line's price override. Main
 * checks the role's limits; beyond them it asks for approval, which pops up over this dialog.
 */
export function AdjustDialog({ target, sale, onChanged, onClose }: AdjustDialogProps) {
  const store = useStore();
  const line = target.kind === 'line' ? target.line : null;
  const applied = line ? line.discount : sale.cartDiscount;
  const [tab, setTab] = useState<Tab>('discount');

  async function run(action: () => Promise<OpenSale>) {
    onChanged(await action());
    onClose();
  }

  const setDiscount = (discount: Discount | null, reason?: string) =>
    run(() =>
      line
        ? invoke('sale.discountLine', { lineId: line.lineId, discount, reason })
        : invoke('sale.discountCart', { discount, reason }),
    );

  return (
    <Dialog
      title={line ? `Adjust ${line.name}` : 'Discount on the whole sale'}
      className="adjust-dialog"
      onClose={onClose}
    >
      <p className="muted adjust-context">
        {line
          ? `${store.quantity(line.quantity, line.unit)} × ${store.money(line.unitPriceMinor)} = ${store.money(line.amountMinor)}`
          : `Subtotal ${store.money(sale.totals.subtotalMinor)}, shared over the lines before tax.`}
      </p>
      {line && (
        <div className="segmented" role="tablist" aria-label="What to change">
          {tabs.map(({ value, label }) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={tab === value}
              data-testid={`adjust-tab-${value}`}
              onClick={() => setTab(value)}
            >
              {label}
            </button>
          ))}
        </div>
      )}
      {tab === 'discount' || !line ? (
        <DiscountForm applied={applied ?? null} onApply={setDiscount} />
      ) : (
        <PriceForm
          line={line}
          onApply={(unitPriceMinor, reason) =>
            run(() => invoke('sale.overridePrice', { lineId: line.lineId, unitPriceMinor, reason }))
          }
        />
      )}
    </Dialog>
  );
}

/**
 * The amount and the reason both forms take; typing in either clears what went wrong. Enter or the button
 * applies; what is missing is said then.
 */
function useAdjustForm(initialReason: string) {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState(initialReason);
  const { message, busy, attempt, clearing } = useFailure();
  return {
    amount,
    reason,
    message,
    busy,
    attempt,
    setAmount: clearing(setAmount),
    setReason: clearing(setReason),
  };
}

type AdjustForm = ReturnType<typeof useAdjustForm>;

interface AdjustFieldsProps {
  form: AdjustForm;
  label: string;
  testId: string;
  placeholder?: string;
}

function AdjustFields({ form, label, testId, placeholder }: AdjustFieldsProps) {
  return (
    <>
      <AmountField
        label={label}
        testId={testId}
        placeholder={placeholder}
        value={form.amount}
        onChange={form.setAmount}
      />
      <ReasonField
        testId="adjust-reason"
        maxLength={100}
        suggestions={commonReasons}
        value={form.reason}
        onChange={form.setReason}
      />
      <FormError message={form.message} testId="adjust-error" />
    </>
  );
}

interface DiscountFormProps {
  applied: AppliedDiscount | null;
  onApply: (discount: Discount | null, reason?: string) => Promise<void>;
}

function DiscountForm({ applied, onApply }: DiscountFormProps) {
  const store = useStore();
  const [kind, setKind] = useState<Discount['kind']>(applied?.discount.kind ?? 'percent');
  const form = useAdjustForm(applied?.reason ?? '');
  const percent = kind === 'percent';

  /** The typed discount; a percent to two decimals is basis points: "12.5" → 1250. */
  function discount(): Discount {
    const number = readAmount(form.amount, percent ? 2 : store.info.currencyDigits, {
      what: 'a discount',
      example: percent ? '10 or 12.5' : '1 or 0.50',
      locale: store.info.settings.locale,
    });
    return percent ? { kind, basisPoints: number } : { kind, amountMinor: number };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    form.attempt(() => onApply(discount(), givenReason(form.reason, 'the discount')));
  }

  return (
    <form className="dialog-form" onSubmit={submit} data-testid="discount-form">
      {applied && (
        <p className="form-note" data-testid="discount-applied">
          Now: {describeDiscount(applied.discount, store.money)} off ({applied.reason}), −
          {store.money(applied.amountMinor)}
        </p>
      )}
      <Segmented<Discount['kind']>
        label="Discount as"
        testId="discount"
        value={kind}
        onChange={setKind}
        options={[
          { value: 'percent', label: 'Percent %' },
          { value: 'amount', label: 'Amount' },
        ]}
      />
      <AdjustFields
        form={form}
        label={percent ? 'Percent off' : 'Amount off'}
        testId="discount-value"
        placeholder={percent ? '10' : '1.00'}
      />
      <div className="form-actions">
        {applied && (
          <button
            type="button"
            data-testid="discount-clear"
            onClick={() => form.attempt(() => onApply(null))}
          >
            Remove discount
          </button>
        )}
        <button type="submit" className="primary" data-testid="discount-apply" disabled={form.busy}>
          Apply discount
        </button>
      </div>
    </form>
  );
}

interface PriceFormProps {
  line: SaleLine;
  onApply: (unitPriceMinor: number, reason: string) => Promise<void>;
}

function PriceForm({ line, onApply }: PriceFormProps) {
  const store = useStore();
  const form = useAdjustForm(line.priceOverride?.reason ?? '');
  const catalogPrice = line.priceOverride?.catalogPriceMinor ?? line.unitPriceMinor;

  function submit(event: FormEvent) {
    event.preventDefault();
    form.attempt(() => {
      const unitPriceMinor = readAmount(form.amount, store.info.currencyDigits, {
        what: 'a price',
        example: '2 or 1.99',
        zeroAllowed: true,
        locale: store.info.settings.locale,
      });
      return onApply(unitPriceMinor, givenReason(form.reason, 'the new price'));
    });
  }

  return (
    <form className="dialog-form" onSubmit={submit} data-testid="price-form">
      <p className="form-note">
        Catalog price {store.money(catalogPrice)}
        {line.unit === 'kg' && ' / kg'}
        {line.priceOverride &&
          `; changed to ${store.money(line.unitPriceMinor)} (${line.priceOverride.reason})`}
      </p>
      <AdjustFields
        form={form}
        label={line.unit === 'kg' ? 'New price per kg' : 'New price'}
        testId="price-value"
      />
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="price-apply" disabled={form.busy}>
          Change price
        </button>
      </div>
    </form>
  );
}
