/**
 * Books: a store's journal of a day (its own day, in its time zone), ready for the accounting tool, with each
 * export format one download away; and the account map its lines post to. Both kept in the address.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  type AccountKind,
  exportFormatLabels,
  exportFormats,
  type AccountEntry,
  type DayJournals,
  type Journal,
} from '../../../shared/books.ts';
import { dayOf, startOfDay } from '../../../shared/time-zone.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { ActionButton, Button } from '../ui/Button.tsx';
import { ErrorDetails } from '../ui/ErrorDetails.tsx';
import { SelectField, TextField } from '../ui/Field.tsx';
import { dateTime, money } from '../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { localeOfStore, useStores } from '../ui/stores.ts';
import { SimpleTable } from '../ui/SimpleTable.tsx';
import { Tabs } from '../ui/Tabs.tsx';
import { useAction } from '../ui/useAction.ts';
import { useUrlState } from '../ui/useUrlState.ts';
import { useUrlTab } from '../ui/useUrlTab.ts';

const bookTabs = { journal: 'Daily journal', accounts: 'Accounts' };

export function BooksPage() {
  const [url, setUrl] = useUrlState(['storeId', 'date', 'scope'] as const);
  const [shown, show] = useUrlTab('show', bookTabs);
  return (
    <>
      <PageHeader
        title="Books"
        description="Each store's day as one balanced journal for the accounting tool, and the accounts it posts to."
      />
      <Tabs tabs={bookTabs} shown={shown} onShow={show} testIdPrefix="show-" />
      {shown === 'accounts' ? (
        <Accounts scope={url.scope ?? ''} onScope={(scope) => setUrl({ scope })} />
      ) : (
        <DailyJournal storeId={url.storeId} date={url.date} onChange={(changes) => setUrl(changes)} />
      )}
    </>
  );
}

// ------------------------------------------------------------------------------------------ the journal

function DailyJournal({
  storeId: asked,
  date: askedDate,
  onChange,
}: {
  storeId: string | undefined;
  date: string | undefined;
  onChange: (changes: { storeId?: string; date?: string }) => void;
}) {
  const { stores, byId, loading } = useStores();
  const storeId = asked && byId.has(asked) ? asked : stores[0]?.id;
  const store = storeId ? byId.get(storeId) : undefined;
  // Yesterday in the store's own time zone: the last day that is over.
  const yesterday = store ? dayOf(startOfDay(new Date(), store.timeZone, -1), store.timeZone) : '';
  const date = askedDate && /^\d{4}-\d{2}-\d{2}$/.test(askedDate) ? askedDate : yesterday;
  const journal = useQuery({
    queryKey: ['journal', storeId, date],
    queryFn: () => api.journal(storeId!, date),
    enabled: storeId !== undefined && date !== '',
  });
  const queryClient = useQueryClient();

  if (loading) return <Loading what="stores" />;
  if (!store)
    return <EmptyState title="No store to show">Add a store on Stores and registers first.</EmptyState>;
  return (
    <>
      <div className="filters" role="search">
        <StoreSelect value={store.id} onChange={(id) => onChange({ storeId: id })} testId="books-store" />
        <TextField
          label="Day"
          type="date"
          value={date}
          hint={`The store's day (${store.timeZone})`}
          onChange={(event) => onChange({ date: event.target.value })}
          data-testid="books-day"
        />
      </div>
      {journal.isPending ? (
        <Loading what="the journal" />
      ) : journal.error ? (
        <ErrorNotice error={journal.error} />
      ) : (
        <DayView
          day={journal.data}
          // The download records the export: ask again so the page says the day is exported.
          onDownload={() =>
            setTimeout(() => {
              queryClient.invalidateQueries({ queryKey: ['journal'] }).catch(() => undefined);
            }, 1_000)
          }
        />
      )}
    </>
  );
}

function DayView({ day, onDownload }: { day: DayJournals; onDownload: () => void }) {
  const where = localeOfStore(
    useStores().byId.get(day.storeId) ?? { locale: navigator.language, timeZone: day.timeZone },
  );
  const amount = (minor: number) => (minor === 0 ? '' : money(minor, day.currency, where));
  return (
    <>
      <section className="panel" aria-labelledby="journal-export">
        <header className="panel-header">
          <h2 id="journal-export">Download for the books</h2>
        </header>
        <p className="secondary" data-testid="journal-state">
          {day.firstExportedAt
            ? `First exported ${dateTime(day.firstExportedAt, where)}: this day's journal no longer changes. Sales of it that arrive later go into a correction on the day they arrive.`
            : day.dayEnded
              ? 'The day is over. The first download fixes its journal: downloading again gives the same file.'
              : 'The day is not over yet in the store: its journal may still grow. It can be downloaded once the day has ended.'}
        </p>
        <div className="row-actions">
          {exportFormats.map((format) =>
            day.dayEnded ? (
              <a
                key={format}
                className="button-secondary"
                href={api.journalFileUrl(day.storeId, day.date, format)}
                download
                onClick={onDownload}
                data-testid={`download-${format}`}
              >
                {exportFormatLabels[format]}
              </a>
            ) : (
              <button key={format} type="button" className="button-secondary" disabled>
                {exportFormatLabels[format]}
              </button>
            ),
          )}
        </div>
      </section>
      {day.journals.length === 0 ? (
        <EmptyState title={`Nothing to post for ${day.date}`}>
          <p>No sale, return, void, cash movement or Z report of this store happened or arrived that day.</p>
        </EmptyState>
      ) : (
        day.journals.map((journal) => <JournalTable key={journal.number} journal={journal} amount={amount} />)
      )}
    </>
  );
}

function JournalTable({ journal, amount }: { journal: Journal; amount: (minor: number) => string }) {
  const balanced = journal.debitMinor === journal.creditMinor;
  return (
    <section className="panel" aria-labelledby={`journal-${journal.number}`} data-testid="journal">
      <header className="panel-header">
        <h2 id={`journal-${journal.number}`}>
          {journal.correctsDate ? `Correction of ${journal.correctsDate}` : `Journal ${journal.number}`}
        </h2>
      </header>
      <p className="secondary">
        {journal.narration} · {journal.documents} {journal.documents === 1 ? 'document' : 'documents'}
      </p>
      <SimpleTable
        columns={['Account', 'What', { label: 'Debit', numeric: true }, { label: 'Credit', numeric: true }]}
      >
        {journal.lines.map((line) => (
          <tr key={line.key}>
            <td>
              {line.account.code} {line.account.name}
            </td>
            <td>{line.description}</td>
            <td className="numeric">{amount(line.debitMinor)}</td>
            <td className="numeric">{amount(line.creditMinor)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row" colSpan={2}>
            Total {balanced ? '(balanced)' : '(does not balance: tell head office)'}
          </th>
          <td className="numeric">{amount(journal.debitMinor)}</td>
          <td className="numeric">{amount(journal.creditMinor)}</td>
        </tr>
      </SimpleTable>
    </section>
  );
}

// ------------------------------------------------------------------------------------------ accounts

const kindNames: Record<AccountKind, string> = {
  takings: 'Takings (clearing), per tender',
  sales: 'Sales, per tax code',
  discounts: 'Discounts given, per tax code',
  refunds: 'Returns, per tax code',
  tax: 'Tax payable, per tax code',
  rounding: 'Cash rounding',
  overShort: 'Cash over and short',
  paidIn: 'Cash paid in',
  paidOut: 'Cash paid out',
  exchangeCredit: 'Exchange credit',
  suspense: 'Suspense (documents that do not balance)',
  costOfGoods: 'Cost of goods sold',
  inventory: 'Inventory',
  goodsReceivedNotInvoiced: 'Goods received not invoiced',
  shrink: 'Stock shrinkage',
  transfersInTransit: 'Stock in transit',
};

function Accounts({ scope, onScope }: { scope: string; onScope: (scope: string) => void }) {
  const mayChange = useMay('books.write');
  const { stores } = useStores();
  const map = useQuery({ queryKey: ['accounts'], queryFn: api.accounts });
  if (map.isPending) return <Loading what="the accounts" />;
  if (map.error) return <ErrorNotice error={map.error} />;
  const own = scope === '' ? map.data.company : (map.data.stores[scope] ?? []);
  return (
    <>
      <div className="filters">
        <SelectField
          label="Accounts of"
          value={scope}
          onChange={(event) => onScope(event.target.value)}
          hint="A store's own accounts come first, then the company's, then the defaults."
          data-testid="accounts-scope"
        >
          {mayChange || map.data.company.length > 0 ? <option value="">The company</option> : null}
          {stores.map((store) => (
            <option key={store.id} value={store.id}>
              {store.name} (where it differs)
            </option>
          ))}
        </SelectField>
      </div>
      <AccountsEditor
        key={scope}
        storeId={scope === '' ? null : scope}
        accounts={own}
        defaults={map.data.defaults}
        mayChange={mayChange}
      />
    </>
  );
}

function AccountsEditor({
  storeId,
  accounts,
  defaults,
  mayChange,
}: {
  storeId: string | null;
  accounts: AccountEntry[];
  defaults: AccountEntry[];
  mayChange: boolean;
}) {
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(accounts);
  const [saved, setSaved] = useState(false);
  const save = useAction(api.saveAccounts, async () => {
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: ['accounts'] });
    await queryClient.invalidateQueries({ queryKey: ['journal'] });
  });
  const change = (index: number, field: keyof AccountEntry, value: string) => {
    setSaved(false);
    setRows(rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  };
  const defaultOf = (key: string) =>
    defaults.find((entry) => entry.key === key) ?? defaults.find((entry) => entry.key === key.split(':')[0]);
  return (
    <section className="panel" aria-labelledby="accounts-title">
      <header className="panel-header">
        <h2 id="accounts-title">
          {storeId === null ? "The company's accounts" : 'Where this store differs'}
        </h2>
      </header>
      <p className="secondary">
        A key such as <code>sales</code> maps every tax code; <code>sales:STD</code> one of them;{' '}
        <code>takings:card</code> one tender. Xero needs each account's tax rate as named in its tax settings.
      </p>
      <SimpleTable
        testId="accounts-table"
        columns={['Key', 'Code', 'Name', 'Xero tax rate', mayChange && 'Remove']}
      >
        {rows.map((row, index) => (
          <tr key={index}>
            {(['key', 'code', 'name', 'taxRate'] as const).map((field) => (
              <td key={field}>
                <input
                  aria-label={`${field === 'taxRate' ? 'Xero tax rate' : field} of line ${index + 1}`}
                  value={row[field]}
                  readOnly={!mayChange}
                  list={field === 'key' ? 'account-keys' : undefined}
                  placeholder={field === 'key' ? undefined : defaultOf(row.key)?.[field]}
                  onChange={(event) => change(index, field, event.target.value)}
                  data-testid={`account-${field}-${index}`}
                />
              </td>
            ))}
            {mayChange && (
              <td>
                <Button look="quiet" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                  Remove
                </Button>
              </td>
            )}
          </tr>
        ))}
      </SimpleTable>
      <datalist id="account-keys">
        {defaults.map((entry) => (
          <option key={entry.key} value={entry.key}>
            {kindNames[entry.key.split(':')[0] as keyof typeof kindNames]}
          </option>
        ))}
      </datalist>
      {rows.length === 0 && (
        <p className="secondary">
          None: {storeId === null ? 'the defaults below apply' : "the company's apply"}.
        </p>
      )}
      <ErrorNotice error={save.error} />
      <ErrorDetails details={save.details} />
      {saved && <p className="notice">Saved: the journals post to these accounts now.</p>}
      {mayChange && (
        <div className="form-actions">
          <Button
            onClick={() => setRows([...rows, { key: '', code: '', name: '', taxRate: 'Tax Exempt' }])}
            testId="account-add"
          >
            Add an account
          </Button>
          <ActionButton
            look="primary"
            action={save}
            input={{ storeId, accounts: rows }}
            testId="accounts-save"
          >
            Save
          </ActionButton>
        </div>
      )}
      <details>
        <summary>The defaults</summary>
        <table className="summary-table">
          <tbody>
            {defaults.map((entry) => (
              <tr key={entry.key}>
                <td>
                  <code>{entry.key}</code>
                </td>
                <td>
                  {entry.code} {entry.name}
                </td>
                <td>{kindNames[entry.key.split(':')[0] as keyof typeof kindNames]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
