import { useEffect, useState, type FormEvent } from 'react';
import type { Customer, CustomerHistory, CustomerPurchase } from '../../../shared/customers.ts';
import { formatMoney } from '../../../shared/money.ts';
import { invoke, toCounterError, whenAnswered } from '../api.ts';
import { useStore } from '../store.ts';
import { CheckField } from '../ui/CheckField.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { TextField } from '../ui/TextField.tsx';

type View = { kind: 'search' } | { kind: 'new' } | { kind: 'history'; customer: Customer };

interface CustomerDialogProps {
  /** What the customer goes on. */
  what: 'sale' | 'return';
  /** Who is on the sale or the return now. */
  current: Customer | null;
  onPick: (customer: Customer) => void;
  onRemove: () => void;
  /** A sale from the customer's history to take goods back from (absent where no return can start). */
  onReturn?: (purchase: CustomerPurchase, customer: Customer) => void;
  onClose: () => void;
}

/**
 * Who the sale or the return is for: search by name, phone or email (this register's customers, and the
 * company's when head office answers), a new customer (made here, offline too), and a customer's purchases to
 * find a receipt for a return. Everything works from the keyboard: typing searches, Tab moves through the
 * matches, Enter picks.
 */
export function CustomerDialog({ what, current, onPick, onRemove, onReturn, onClose }: CustomerDialogProps) {
  const [view, setView] = useState<View>(
    current && onReturn ? { kind: 'history', customer: current } : { kind: 'search' },
  );
  const title =
    view.kind === 'new' ? 'New customer' : view.kind === 'history' ? view.customer.name : 'Customer';
  return (
    <Dialog title={title} className="customer-dialog" onClose={onClose}>
      {view.kind === 'search' && (
        <CustomerSearch
          what={what}
          current={current}
          onPick={onPick}
          onRemove={onRemove}
          onHistory={(customer) => setView({ kind: 'history', customer })}
          onNew={() => setView({ kind: 'new' })}
        />
      )}
      {view.kind === 'new' && (
        <NewCustomerForm what={what} onCreated={onPick} onBack={() => setView({ kind: 'search' })} />
      )}
      {view.kind === 'history' && (
        <PurchaseHistory
          what={what}
          customer={view.customer}
          onReturn={onReturn}
          onPick={current?.customerId === view.customer.customerId ? undefined : onPick}
          onBack={() => setView({ kind: 'search' })}
        />
      )}
    </Dialog>
  );
}

interface CustomerSearchProps {
  what: 'sale' | 'return';
  current: Customer | null;
  onPick: (customer: Customer) => void;
  onRemove: () => void;
  onHistory: (customer: Customer) => void;
  onNew: () => void;
}

function CustomerSearch({ what, current, onPick, onRemove, onHistory, onNew }: CustomerSearchProps) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; customers: Customer[] } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const text = query.trim();

  // Searches as the cashier types; an answer for an older text is dropped.
  useEffect(() => {
    if (text.length < 2) return;
    let cancel = (): void => undefined;
    const timer = setTimeout(() => {
      cancel = whenAnswered(
        invoke('customer.search', { query: text }),
        (customers) => {
          setFound({ query: text, customers });
          setMessage(null);
        },
        (error) => setMessage(toCounterError(error).message),
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      cancel();
    };
  }, [text]);

  const hits = found?.query === text ? found.customers : [];
  return (
    <div className="customer-search">
      {current && (
        <p className="customer-current" data-testid="customer-current">
          On this {what}: <strong>{current.name}</strong>
          <button type="button" data-testid="customer-history-current" onClick={() => onHistory(current)}>
            Purchases
          </button>
          <button type="button" data-testid="customer-remove" onClick={onRemove}>
            Remove
          </button>
        </p>
      )}
      <label className="field">
        <span>Name, phone or email</span>
        <input
          data-testid="customer-query"
          data-autofocus
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            // Enter on the search takes the only match.
            if (event.key === 'Enter' && hits.length === 1 && hits[0]) onPick(hits[0]);
          }}
        />
      </label>
      {message && (
        <p className="line-message" role="alert">
          {message}
        </p>
      )}
      <ul className="customer-hits" data-testid="customer-hits">
        {hits.map((customer) => (
          <li key={customer.customerId}>
            <button
              type="button"
              className="customer-hit"
              data-testid="customer-hit"
              onClick={() => onPick(customer)}
            >
              <strong>{customer.name}</strong>
              <span className="muted">{[customer.phone, customer.email].filter(Boolean).join(' · ')}</span>
            </button>
            <button type="button" data-testid="customer-hit-history" onClick={() => onHistory(customer)}>
              Purchases
            </button>
          </li>
        ))}
      </ul>
      {text.length >= 2 && found?.query === text && hits.length === 0 && (
        <p className="muted" data-testid="customer-none">
          Nobody found for “{text}”.
        </p>
      )}
      <button type="button" className="primary" data-testid="customer-new" onClick={onNew}>
        New customer
      </button>
    </div>
  );
}

interface NewCustomerFormProps {
  what: 'sale' | 'return';
  onCreated: (customer: Customer) => void;
  onBack: () => void;
}

function NewCustomerForm({ what, onCreated, onBack }: NewCustomerFormProps) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [nameOnReceipt, setNameOnReceipt] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setMessage('Type the customer’s name.');
    if (!phone.trim() && !email.trim())
      return setMessage('Add a phone number or an email, so the customer can be found again.');
    setSaving(true);
    invoke('customer.create', { name, phone, email, nameOnReceipt })
      .then(onCreated, (error: unknown) => setMessage(toCounterError(error).message))
      .finally(() => setSaving(false));
  }

  return (
    <form className="dialog-form" onSubmit={submit}>
      <TextField label="Name" testId="customer-name" value={name} onChange={setName} autoFocus />
      <TextField label="Phone" testId="customer-phone" value={phone} onChange={setPhone} />
      <TextField label="Email" testId="customer-email" value={email} onChange={setEmail} />
      <CheckField
        className="check-field"
        testId="customer-name-on-receipt"
        checked={nameOnReceipt}
        onChange={setNameOnReceipt}
      >
        Print the name on their receipts (ask the customer)
      </CheckField>
      {message && (
        <p className="line-message" role="alert" data-testid="customer-form-error">
          {message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="submit" className="primary" data-testid="customer-save" disabled={saving}>
          Save and add to {what}
        </button>
      </div>
    </form>
  );
}

interface PurchaseHistoryProps {
  what: 'sale' | 'return';
  customer: Customer;
  onReturn?: (purchase: CustomerPurchase, customer: Customer) => void;
  /** Absent when the customer is the one on the sale or return already. */
  onPick?: (customer: Customer) => void;
  onBack: () => void;
}

function PurchaseHistory({ what, customer, onReturn, onPick, onBack }: PurchaseHistoryProps) {
  const store = useStore();
  const [history, setHistory] = useState<CustomerHistory | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(
    () =>
      whenAnswered(invoke('customer.history', { customerId: customer.customerId }), setHistory, (error) =>
        setMessage(toCounterError(error).message),
      ),
    [customer.customerId],
  );
  const ownStore = store.info.register.storeId;

  return (
    <div className="customer-history" data-testid="customer-history">
      <p className="muted">
        {[customer.phone, customer.email].filter(Boolean).join(' · ')}
        {customer.nameOnReceipt ? ' · name printed on receipts' : ''}
      </p>
      {message && (
        <p className="line-message" role="alert">
          {message}
        </p>
      )}
      {history?.source === 'local' && (
        <p className="customer-offline" data-testid="customer-history-local">
          Head office cannot be reached: these are this register’s sales only.
        </p>
      )}
      {history && history.purchases.length === 0 && <p className="muted">No purchases yet.</p>}
      {history && history.purchases.length > 0 && (
        <table className="customer-purchases">
          <tbody>
            {history.purchases.map((purchase) => (
              <tr key={purchase.documentId} data-testid="customer-purchase">
                <td>{store.dateTime(purchase.completedAt)}</td>
                <td>
                  {purchase.kind === 'return' ? 'Return ' : ''}
                  {purchase.receiptNumber}
                  {purchase.storeId !== ownStore && (
                    <span className="muted"> · store {purchase.storeId}</span>
                  )}
                </td>
                <td className="amount">
                  {formatMoney(purchase.totalMinor, purchase.currency, store.info.settings.locale)}
                </td>
                <td>
                  {onReturn && purchase.kind === 'sale' && (
                    <button
                      type="button"
                      data-testid="customer-return-from"
                      onClick={() => onReturn(purchase, customer)}
                    >
                      Return from this receipt
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        {onPick && (
          <button
            type="button"
            className="primary"
            data-testid="customer-pick"
            onClick={() => onPick(customer)}
          >
            Add to {what}
          </button>
        )}
      </div>
    </div>
  );
}
