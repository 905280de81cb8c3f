import { useState, type FormEvent } from 'react';
import { describeDiscount, type AppliedDiscount, type Discount } from '../../../shared/discount.ts';
import type { OpenSale, SaleLine } from '../../../shared/domain.ts';
import { CounterError } from '../../../shared/errors.ts';
import { parseMoney } from '../../../shared/money.ts';
import { invoke } from '../api.ts';
import { useFailure } from '../hooks/useFailure.ts';
import { useStore } from '../store.ts';
import { Dialog } from './Dialog.tsx';
import { Segmented } from './Segmented.tsx';
import { FormError } from './FormError.tsx';

/** Reasons a cashier gives most, one tap each; any other can be typed. */
const commonReasons = [
  'Damaged packaging',
  'Price match',
  'Short date',
  'Customer goodwill',
  'Staff discount',
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
  const [tab, setTab] = useState<'discount' | 'price'>('discount');

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
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'discount'}
            data-testid="adjust-tab-discount"
            onClick={() => setTab('discount')}
          >
            Discount
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'price'}
            data-testid="adjust-tab-price"
            onClick={() => setTab('price')}
          >
            Price
          </button>
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

function ReasonField({ reason, onReason }: { reason: string; onReason: (reason: string) => void }) {
  return (
    <div className="reason-field">
      <label className="field">
        <span>Reason</span>
        <input
          data-testid="adjust-reason"
          autoComplete="off"
          maxLength={100}
          value={reason}
          onChange={(event) => onReason(event.target.value)}
        />
      </label>
      <div className="reason-chips">
        {commonReasons.map((common) => (
          <button type="button" key={common} className="chip" onClick={() => onReason(common)}>
            {common}
          </button>
        ))}
      </div>
    </div>
  );
}

interface DiscountFormProps {
  applied: AppliedDiscount | null;
  onApply: (discount: Discount | null, reason?: string) => Promise<void>;
}

function DiscountForm({ applied, onApply }: DiscountFormProps) {
  const store = useStore();
  const [kind, setKind] = useState<Discount['kind']>(applied?.discount.kind ?? 'percent');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState(applied?.reason ?? '');
  const { message, fail, clear } = useFailure();

  function parsed(): Discount | null {
    // Percent to two decimals is basis points: "12.5" → 1250.
    const number = parseMoney(value, kind === 'percent' ? 2 : store.info.currencyDigits);
    if (number === null || number === 0) return null;
    return kind === 'percent' ? { kind, basisPoints: number } : { kind, amountMinor: number };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const discount = parsed();
    if (!discount) {
      const example = kind === 'percent' ? '10 or 12.5' : '1 or 0.50';
      return fail(new CounterError('INVALID_INPUT', `“${value}” is not a discount: type it as ${example}.`));
    }
    onApply(discount, reason).catch(fail);
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
        value={kind}
        onChange={setKind}
        options={[
          { value: 'percent', label: 'Percent %', testId: 'discount-percent' },
          { value: 'amount', label: 'Amount', testId: 'discount-amount' },
        ]}
      />
      <label className="field">
        <span>{kind === 'percent' ? 'Percent off' : 'Amount off'}</span>
        <input
          data-testid="discount-value"
          inputMode="decimal"
          autoComplete="off"
          data-autofocus
          autoFocus
          placeholder={kind === 'percent' ? '10' : '1.00'}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            clear();
          }}
        />
      </label>
      <ReasonField
        reason={reason}
        onReason={(next) => {
          setReason(next);
          clear();
        }}
      />
      <FormError message={message} testId="adjust-error" />
      <div className="form-actions">
        {applied && (
          <button
            type="button"
            data-testid="discount-clear"
            onClick={() => {
              onApply(null).catch(fail);
            }}
          >
            Remove discount
          </button>
        )}
        <button
          type="submit"
          className="primary"
          data-testid="discount-apply"
          disabled={!value.trim() || !reason.trim()}
        >
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
  const [price, setPrice] = useState('');
  const [reason, setReason] = useState(line.priceOverride?.reason ?? '');
  const { message, fail, clear } = useFailure();
  const catalogPrice = line.priceOverride?.catalogPriceMinor ?? line.unitPriceMinor;

  function submit(event: FormEvent) {
    event.preventDefault();
    const unitPriceMinor = parseMoney(price, store.info.currencyDigits);
    if (unitPriceMinor === null) {
      return fail(new CounterError('INVALID_INPUT', `“${price}” is not a price: type it as 2 or 1.99.`));
    }
    onApply(unitPriceMinor, reason).catch(fail);
  }

  return (
    <form className="dialog-form" onSubmit={submit} data-testid="price-form">
      <p className="form-note">
        Catalog price {store.money(catalogPrice)}
        {line.unit === 'kg' && ' / kg'}
        {line.priceOverride &&
          `; changed to ${store.money(line.unitPriceMinor)} (${line.priceOverride.reason})`}
      </p>
      <label className="field">
        <span>New price{line.unit === 'kg' ? ' per kg' : ''}</span>
        <input
          data-testid="price-value"
          inputMode="decimal"
          autoComplete="off"
          data-autofocus
          autoFocus
          value={price}
          onChange={(event) => {
            setPrice(event.target.value);
            clear();
          }}
        />
      </label>
      <ReasonField
        reason={reason}
        onReason={(next) => {
          setReason(next);
          clear();
        }}
      />
      <FormError message={message} testId="adjust-error" />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          data-testid="price-apply"
          disabled={!price.trim() || !reason.trim()}
        >
          Change price
        </button>
      </div>
    </form>
  );
}
