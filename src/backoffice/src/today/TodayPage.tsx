/**
 * Today at a glance: each store's sales since its own midnight (a bar shows which store sells most), its open
 * exceptions and its SKUs with nothing on hand, each number a link to the list behind it; then how every
 * register keeps up with head office; between them, a chart of the day's sales hour by hour. Asked for again
 * every half minute. What the person's role may not read is not shown.
 */
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import type { RegisterView, Today } from '../../../shared/sync/admin-api.ts';
import { dayOf } from '../../../shared/time-zone.ts';
import { api } from '../api/api.ts';
import { ago, count, dateTime, money } from '../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { localeOfStore } from '../ui/stores.ts';
import { SimpleTable, type Header } from '../ui/SimpleTable.tsx';

const SalesByHourChart = lazy(() => import('./SalesByHourChart.tsx'));

const REFRESH_MS = 30_000;
/** A register heard from within this long counts as in touch. */
const IN_TOUCH_MS = 10 * 60_000;

export function TodayPage() {
  const today = useQuery({ queryKey: ['today'], queryFn: api.today, refetchInterval: REFRESH_MS });
  return (
    <>
      <PageHeader
        title="Today"
        description="Sales since each store's midnight, and what needs someone's attention."
      />
      <ErrorNotice error={today.error} />
      {today.isPending ? (
        <Loading what="today" />
      ) : today.data && today.data.stores.length === 0 ? (
        <EmptyState title="No stores yet">
          <p>
            Start by <Link to="/stores">creating your first store</Link>, then add products and pair its
            registers.
          </p>
        </EmptyState>
      ) : (
        today.data && (
          <>
            <StoresToday stores={today.data.stores} />
            {today.data.stores.some((store) => store.sales !== null) && (
              <Suspense fallback={<Loading what="the chart" />}>
                <SalesByHourChart stores={today.data.stores} />
              </Suspense>
            )}
            {today.data.registers && (
              <RegistersSync
                registers={today.data.registers}
                stores={today.data.stores}
                now={today.dataUpdatedAt}
              />
            )}
          </>
        )
      )}
    </>
  );
}

type StoreToday = Today['stores'][number];

const salesHeaders: Header[] = [
  { label: 'Sales today', numeric: true },
  {
    label: <span className="visually-hidden">Compared with the other stores</span>,
    className: 'bar-column',
  },
  { label: 'Returns', numeric: true },
];

function StoresToday({ stores }: { stores: StoreToday[] }) {
  const showSales = stores.some((store) => store.sales !== null);
  const showExceptions = stores.some((store) => store.openExceptions !== null);
  const showStock = stores.some((store) => store.lowStock !== null);
  const best = Math.max(1, ...stores.map((store) => store.sales?.totalMinor ?? 0));
  return (
    <section className="panel" aria-labelledby="stores-today">
      <h2 id="stores-today">Stores</h2>
      <SimpleTable
        testId="today-stores"
        columns={[
          'Store',
          ...(showSales ? salesHeaders : []),
          showExceptions && { label: 'Open exceptions', numeric: true },
          showStock && { label: 'Nothing on hand', numeric: true },
        ]}
      >
        {stores.map((store) => {
          const where = localeOfStore(store);
          return (
            <tr key={store.storeId} data-testid="today-store" data-store={store.storeId}>
              <th scope="row">
                {store.name}
                <span className="secondary"> {store.storeId}</span>
              </th>
              {showSales && store.sales && (
                <>
                  <td className="numeric">
                    <Link
                      to={`/sales?storeId=${encodeURIComponent(store.storeId)}&day=${dayOf(new Date(store.since), store.timeZone)}`}
                      data-testid="today-sales"
                    >
                      {money(store.sales.totalMinor, store.currency, where)}
                    </Link>
                    <span className="secondary">
                      {' '}
                      {count(store.sales.count, where)} {store.sales.count === 1 ? 'sale' : 'sales'}
                    </span>
                  </td>
                  <td className="bar-column" aria-hidden="true">
                    <span className="bar" style={{ width: `${(100 * store.sales.totalMinor) / best}%` }} />
                  </td>
                  <td className="numeric">
                    {store.sales.returnsCount === 0
                      ? '—'
                      : `${money(store.sales.returnsTotalMinor, store.currency, where)} (${count(store.sales.returnsCount, where)})`}
                  </td>
                </>
              )}
              {showExceptions && (
                <td className="numeric">
                  <Link
                    to={`/exceptions?storeId=${encodeURIComponent(store.storeId)}`}
                    className={store.openExceptions ? 'attention' : undefined}
                    data-testid="today-exceptions"
                  >
                    {count(store.openExceptions ?? 0, where)}
                  </Link>
                </td>
              )}
              {showStock && (
                <td className="numeric">
                  <Link
                    to={`/stock?storeId=${encodeURIComponent(store.storeId)}&low=true`}
                    className={store.lowStock ? 'attention' : undefined}
                    data-testid="today-low-stock"
                  >
                    {count(store.lowStock ?? 0, where)} {store.lowStock === 1 ? 'SKU' : 'SKUs'}
                  </Link>
                </td>
              )}
            </tr>
          );
        })}
      </SimpleTable>
    </section>
  );
}

/** In words: whether head office hears from the register, and how far behind its events are. */
function syncState(register: RegisterView, now: number): { text: string; attention: boolean } {
  if (register.revokedAt) return { text: 'Revoked: give it a re-pair code to sync again', attention: true };
  if (register.quarantinedAt)
    return {
      text: `Quarantined: ${register.quarantineReason ?? 'see Stores and registers'}`,
      attention: true,
    };
  if (!register.lastSeenAt) return { text: 'Not connected yet', attention: true };
  const silent = now - new Date(register.lastSeenAt).getTime();
  return silent > IN_TOUCH_MS
    ? { text: `No contact since ${ago(register.lastSeenAt, now)}`, attention: true }
    : { text: 'In touch', attention: false };
}

/** `now`: when head office answered, which the ages are counted to. */
function RegistersSync({
  registers,
  stores,
  now,
}: {
  registers: RegisterView[];
  stores: StoreToday[];
  now: number;
}) {
  const storeOf = new Map(stores.map((store) => [store.storeId, store]));
  return (
    <section className="panel" aria-labelledby="registers-sync">
      <h2 id="registers-sync">Registers</h2>
      <p className="panel-description">
        Head office hears from a register when it connects and when it sends sales. How many sales wait on a
        register shows on that register&apos;s status bar.
      </p>
      {registers.length === 0 ? (
        <EmptyState title="No registers paired yet">
          <p>
            On <Link to="/stores">Stores and registers</Link>, make a pairing code and type it into the
            register&apos;s head-office setup.
          </p>
        </EmptyState>
      ) : (
        <SimpleTable
          testId="today-registers"
          columns={[
            'Register',
            'Store',
            'Sync',
            'Last contact',
            'Latest sale or event it sent',
            { label: 'Events received', numeric: true },
          ]}
        >
          {registers.map((register) => {
            const store = storeOf.get(register.storeId);
            const where = store ? localeOfStore(store) : undefined;
            const state = syncState(register, now);
            return (
              <tr key={register.id} data-testid="today-register" data-register={register.id}>
                <th scope="row">{register.name}</th>
                <td>{store?.name ?? register.storeId}</td>
                <td className={state.attention ? 'attention' : 'ok'}>{state.text}</td>
                <td>{register.lastSeenAt ? ago(register.lastSeenAt, now) : '—'}</td>
                <td>{register.lastEventAt && where ? dateTime(register.lastEventAt, where) : '—'}</td>
                <td className="numeric">{count(register.lastAppliedSeq)}</td>
              </tr>
            );
          })}
        </SimpleTable>
      )}
    </section>
  );
}
