import type { Receipt as ReceiptData } from '../../../shared/domain.ts';
import { buildReceipt, type ReceiptDocument } from '../../../shared/receipt.ts';
import { useStore } from '../store.ts';
import { TableHead } from '../ui/TableHead.tsx';

/** A sale's receipt as the ledger recorded it. */
export function Receipt({ receipt }: { receipt: ReceiptData }) {
  const { info } = useStore();
  const options = { cashier: receipt.cashier, customer: receipt.customer, register: info.register };
  return <ReceiptPaper doc={buildReceipt(receipt.sale, receipt.settings, options)} />;
}

const headings = { sale: null, return: 'Return', void: 'Void' };

/**
 * A receipt (of a sale, a return or a void) from the same document the printer lays out
 * (src/shared/receipt.ts), so the screen and the paper say the same thing in the same order.
 */
export function ReceiptPaper({ doc, testId = 'receipt' }: { doc: ReceiptDocument; testId?: string }) {
  const heading = headings[doc.kind ?? 'sale'];
  return (
    <article
      className="receipt-paper"
      data-testid={testId}
      aria-label={heading ? `${heading} receipt` : 'Receipt'}
    >
      <header className="receipt-head">
        <h3>{doc.storeName}</h3>
        {[...doc.addressLines, ...doc.headerLines].map((line, index) => (
          <p key={index}>{line}</p>
        ))}
        {heading && <h4 className="receipt-kind">{heading}</h4>}
      </header>
      <dl className="receipt-meta">
        <dt>Receipt</dt>
        <dd data-testid="receipt-number">{doc.receiptNumber}</dd>
        <dt>Date</dt>
        <dd>{doc.dateText}</dd>
        <dt>Register</dt>
        <dd>{doc.register ?? doc.registerId}</dd>
        {doc.cashier && (
          <>
            <dt>Cashier</dt>
            <dd data-testid="receipt-cashier">{doc.cashier}</dd>
          </>
        )}
        {doc.customer && (
          <>
            <dt>Customer</dt>
            <dd data-testid="receipt-customer">{doc.customer}</dd>
          </>
        )}
      </dl>
      {doc.notes && doc.notes.length > 0 && (
        <div className="receipt-notes" data-testid="receipt-notes">
          {doc.notes.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </div>
      )}
      <table className="receipt-lines">
        <tbody>
          {doc.items.map((item, index) => (
            <tr key={index}>
              <td>
                {item.name}
                {item.detail && <small>{item.detail}</small>}
                {item.discount && <small>{item.discount.label}</small>}
              </td>
              <td className="amount">
                {item.amount}
                {item.discount && <small>{item.discount.amount}</small>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="receipt-totals">
        <tbody>
          {(doc.discounts.length > 0 || !doc.pricesIncludeTax) && (
            <Row label="Subtotal" value={doc.subtotal} />
          )}
          {doc.discounts.map((discount) => (
            <Row key={discount.label} label={discount.label} value={discount.amount} />
          ))}
          {!doc.pricesIncludeTax &&
            doc.taxes.map((tax) => <Row key={tax.label} label={tax.label} value={tax.tax} />)}
          <Row label="Total" value={doc.total} className="receipt-total" />
          {doc.rounding && <Row label="Rounding" value={doc.rounding.amount} />}
          {doc.rounding && (
            <Row
              label={heading ? 'Paid back' : 'To pay'}
              value={doc.rounding.toPay}
              className="receipt-total"
            />
          )}
          {doc.tenders.map((tender, index) => (
            <Row key={index} label={tender.label} value={tender.amount} />
          ))}
          {doc.change && <Row label="Change" value={doc.change} />}
        </tbody>
      </table>
      {doc.taxes.length > 0 && (
        <table className="receipt-taxes">
          <TableHead
            columns={[
              doc.pricesIncludeTax ? 'Tax included' : 'Tax',
              { label: 'Net', className: 'amount' },
              { label: 'Tax', className: 'amount' },
              { label: 'Gross', className: 'amount' },
            ]}
          />
          <tbody>
            {doc.taxes.map((tax) => (
              <tr key={tax.label}>
                <td>{tax.label}</td>
                <td className="amount">{tax.net}</td>
                <td className="amount">{tax.tax}</td>
                <td className="amount">{tax.gross}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {doc.footerLines.length > 0 && (
        <footer className="receipt-note receipt-footer">
          {doc.footerLines.map((line, index) => (
            <p key={index}>{line}</p>
          ))}
        </footer>
      )}
    </article>
  );
}

function Row({ label, value, className }: { label: string; value: string; className?: string }) {
  return (
    <tr className={className}>
      <td>{label}</td>
      <td className="amount">{value}</td>
    </tr>
  );
}
