/**
 * Web-shop channels (issue 18): each channel's settings, its mapped SKUs with the figure the shop should show
 * and the one it showed, every push with its state (a failed one retried with one click), and the shop's orders
 * with theirs; an oversold order offers its choices (fulfil from another store, cancel, backorder). Mapping by
 * SKU and barcode, the reconcile and the order poll run from here too, each showing what it did.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import {
  channelOrderStates,
  channelPushStates,
  type ChannelItemView,
  type ChannelOrderView,
  type ChannelPushView,
  type ChannelView,
  type MappingReport,
  type OversellChoice,
  type ReconcileReport,
} from '../../../shared/channels.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { ActionButton, Button } from '../ui/Button.tsx';
import { ChoiceField } from '../ui/ChoiceField.tsx';
import { clipped, Folded, keyColumn, orDash } from '../ui/columns.tsx';
import { columnsFor, DataTable, figure, type Columns, type EmptyList } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { SelectField } from '../ui/Field.tsx';
import { browserLocale, dateTime } from '../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStoreChoice, useStores } from '../ui/stores.ts';
import { Tabs } from '../ui/Tabs.tsx';
import { useAction } from '../ui/useAction.ts';
import { useList, type ListPage } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';
import { useUrlTab } from '../ui/useUrlTab.ts';

const kindNames = { shopify: 'Shopify', woocommerce: 'WooCommerce' } as const;
const tabs = { items: 'Mapped SKUs', pushes: 'Pushes', orders: 'Orders' };

/** "1 SKU", "3 SKUs". */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Head office's times in the browser's own locale and zone (a channel belongs to no one store). */
const when = (iso: string | null) => (iso === null ? '—' : dateTime(iso, browserLocale));

/** A column of such times. */
const time = {
  size: 170,
  cell: (cell: { getValue: () => string | null }) => when(cell.getValue()),
};

/** A push's or an order's state; a push's last error under it (in a list of two-line rows). */
function State({ state, error = null }: { state: string; error?: string | null }) {
  const attention = state === 'failed' || state === 'oversold';
  return (
    <Folded under={error}>
      <span className={attention ? 'attention' : undefined}>{state}</span>
    </Folded>
  );
}

export function ChannelsPage() {
  const mayWrite = useMay('channels.write');
  const [url, setUrl] = useUrlState(['channel', 'state'] as const);
  const [tab, show] = useUrlTab('tab', tabs, ['state']);
  const channels = useQuery({ queryKey: ['channels'], queryFn: api.channels });
  if (channels.error) return <ErrorNotice error={channels.error} />;
  if (!channels.data) return <Loading what="the channels" />;
  const channel = channels.data.find((c) => c.id === url.channel) ?? channels.data[0];
  return (
    <>
      <PageHeader
        title="Channels"
        description="Web shops fed from your stores' stock: what each shows, every push and every online order."
      />
      {!channel ? (
        <EmptyState title="No channel yet">
          <p>
            Add a Shopify or WooCommerce shop with POST /api/channels (the admin API), then map its items
            here.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="filters" role="search">
            <SelectField
              label="Channel"
              value={channel.id}
              onChange={(event) => setUrl({ channel: event.target.value, state: undefined })}
              data-testid="channel-select"
            >
              {channels.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({kindNames[c.kind]})
                </option>
              ))}
            </SelectField>
          </div>
          <ChannelFacts channel={channel} mayWrite={mayWrite} />
          <Tabs tabs={tabs} shown={tab} onShow={show} testIdPrefix="channel-tab-" />
          {tab === 'items' && <Items channelId={channel.id} />}
          {tab === 'pushes' && (
            <Pushes
              channelId={channel.id}
              state={url.state}
              onState={(state) => setUrl({ state })}
              mayWrite={mayWrite}
            />
          )}
          {tab === 'orders' && (
            <Orders
              channelId={channel.id}
              state={url.state}
              onState={(state) => setUrl({ state })}
              mayWrite={mayWrite}
            />
          )}
        </>
      )}
    </>
  );
}

function ChannelFacts({ channel, mayWrite }: { channel: ChannelView; mayWrite: boolean }) {
  const { nameOf } = useStores();
  const client = useQueryClient();
  const [report, setReport] = useState<{ title: string; body: ReactNode } | null>(null);
  const refresh = () =>
    client
      .invalidateQueries({ queryKey: ['channel'] })
      .then(() => client.invalidateQueries({ queryKey: ['channels'] }));
  const map = useAction(
    () => api.mapChannel(channel.id),
    async (done) => {
      setReport({ title: 'Mapped', body: <MappingFacts report={done} /> });
      await refresh();
    },
  );
  const reconcile = useAction(
    () => api.reconcileChannel(channel.id),
    async (done) => {
      setReport({ title: 'Reconciled', body: <ReconcileFacts report={done} /> });
      await refresh();
    },
  );
  const poll = useAction(
    () => api.pollChannel(channel.id),
    async (done) => {
      setReport({
        title: 'Orders fetched',
        body: (
          <p>
            {done.orders === 0
              ? 'No order changed since the last look.'
              : `${count(done.orders, 'order')} read.`}
          </p>
        ),
      });
      await refresh();
    },
  );
  const safety = [
    `${channel.safetyStock} held back`,
    ...channel.safetyOverrides.map(
      (o) => `${o.scope === 'sku' ? 'SKU' : 'category'} ${o.key}: ${o.quantity}`,
    ),
  ].join('; ');
  return (
    <section className="channel-facts" data-testid="channel-facts">
      <dl className="facts">
        <dt>Shop</dt>
        <dd>
          {kindNames[channel.kind]} at {channel.baseUrl}
        </dd>
        <dt>Fed by</dt>
        <dd>{channel.locationIds.map(nameOf).join(', ')}</dd>
        <dt>Orders commit at</dt>
        <dd>{nameOf(channel.fulfilmentStoreId)}</dd>
        <dt>Safety stock</dt>
        <dd>{safety}</dd>
        <dt>Mapped SKUs</dt>
        <dd data-testid="channel-mapped">{channel.mappedSkus}</dd>
        <dt>Pushes</dt>
        <dd>
          {channel.pendingPushes} waiting,{' '}
          <span className={channel.failedPushes > 0 ? 'attention' : undefined}>
            {channel.failedPushes} failed
          </span>
          {channel.pausedUntil && `; the shop asked us to wait until ${when(channel.pausedUntil)}`}
        </dd>
        <dt>Oversold orders</dt>
        <dd className={channel.oversoldOrders > 0 ? 'attention' : undefined}>{channel.oversoldOrders}</dd>
      </dl>
      {mayWrite && (
        <div className="page-actions">
          <ActionButton look="primary" action={map} input={undefined} testId="channel-map">
            Map by SKU and barcode
          </ActionButton>
          <ActionButton action={reconcile} input={undefined} testId="channel-reconcile">
            Reconcile now
          </ActionButton>
          <ActionButton action={poll} input={undefined} testId="channel-poll">
            Fetch orders
          </ActionButton>
        </div>
      )}
      {[map.error, reconcile.error, poll.error].map((error, i) =>
        error ? <ErrorNotice key={i} error={error} /> : null,
      )}
      {report && (
        <Dialog title={report.title} onClose={() => setReport(null)} testId="channel-report">
          {report.body}
        </Dialog>
      )}
    </section>
  );
}

function MappingFacts({ report }: { report: MappingReport }) {
  return (
    <>
      <p data-testid="mapping-summary">
        {count(report.mapped, 'SKU')} mapped: {report.bySku} by SKU, {report.byBarcode} by barcode.
      </p>
      <p>
        {report.unmatchedItemCount === 0
          ? 'Every item of the shop matched.'
          : `${count(report.unmatchedItemCount, 'item')} of the shop matched no SKU or barcode: ${report.unmatchedItems.map((i) => `${i.title} (${i.sku ?? 'no SKU'})`).join(', ')}.`}
      </p>
      <p>
        {report.unmappedSkuCount === 0
          ? 'Every SKU of the catalog is in the shop.'
          : `${count(report.unmappedSkuCount, 'SKU')} of the catalog not in the shop: ${report.unmappedSkus.join(', ')}.`}
      </p>
    </>
  );
}

function ReconcileFacts({ report }: { report: ReconcileReport }) {
  return (
    <>
      <p>
        {count(report.checked, 'SKU')} compared; {report.repairedCount} repaired.
      </p>
      {report.repaired.length > 0 && (
        <ul>
          {report.repaired.map((r) => (
            <li key={r.sku}>
              {r.sku}: the shop showed {r.channelFigure ?? 'nothing'}, now {r.figure}
            </li>
          ))}
        </ul>
      )}
      {report.failed.length > 0 && (
        <p className="attention">
          Not repaired: {report.failed.map((f) => `${f.sku} (${f.error})`).join(', ')}
        </p>
      )}
    </>
  );
}

const item = columnsFor<ChannelItemView>();
const itemColumns = [
  item.accessor('sku', { header: 'SKU', size: 140, ...keyColumn }),
  item.accessor('figure', { header: 'Should show', size: 110, ...figure }),
  item.accessor('channelFigure', {
    header: 'Shop shows',
    size: 110,
    ...figure,
    cell: (cell) => (
      <span data-testid={`shop-figure-${cell.row.original.sku}`}>{cell.getValue() ?? '—'}</span>
    ),
  }),
  item.accessor('pushedAt', { header: 'Set', ...time }),
  item.accessor('itemId', { header: 'Shop item', size: 240 }),
];

function Items({ channelId }: { channelId: string }) {
  const list = useList(['channel', channelId, 'items'], (after) => api.channelItems(channelId, after));
  return (
    <DataTable
      name="Channel items"
      testId="channel-items"
      columns={itemColumns}
      list={list}
      rowKey={(row) => row.sku}
      empty={{
        title: 'Nothing mapped yet',
        hint: "Map by SKU and barcode to link the shop's items to SKUs.",
      }}
    />
  );
}

function RetryButton({ channelId, push }: { channelId: string; push: ChannelPushView }) {
  const client = useQueryClient();
  const retry = useAction(
    () => api.retryPush(channelId, push.id),
    () => client.invalidateQueries({ queryKey: ['channel', channelId] }),
  );
  return (
    <ActionButton action={retry} input={undefined} className="row-button" testId="push-retry">
      Retry now
    </ActionButton>
  );
}

/** A channel's list filtered by state, with actions for who may change the channel. */
interface ListProps {
  channelId: string;
  state: string | undefined;
  onState: (state: string | undefined) => void;
  mayWrite: boolean;
}

/** The pushes or the orders of a channel, in the state chosen above them. */
function StateList<Row extends object, StateName extends string>({
  what,
  states,
  channelId,
  state,
  onState,
  load,
  columns,
  rowKey,
  folds = () => false,
  empty,
}: ListProps & {
  what: 'pushes' | 'orders';
  states: readonly StateName[];
  load: (filter: { state?: StateName }, after: string | undefined) => Promise<ListPage<Row>>;
  /** The list's columns for the rows loaded: a column of row actions only while a row has one. */
  columns: (rows: Row[]) => Columns<Row>;
  /** A row with a second line under its main facts (a push's error): the list's rows are of two lines. */
  folds?: (row: Row) => boolean;
  rowKey: (row: Row) => string;
  /** What the empty list says, and how it fills. */
  empty: EmptyList;
}) {
  const filter = { state: states.find((s) => s === state) };
  const list = useList(['channel', channelId, what, filter], (after) => load(filter, after));
  return (
    <>
      <div className="filters" role="search">
        <ChoiceField
          label="State"
          none="Every state"
          choices={states.map((s) => ({ value: s, label: s }))}
          value={filter.state}
          onChange={onState}
          testId={`${what}-state`}
        />
      </div>
      <DataTable
        name={`Channel ${what}`}
        testId={`channel-${what}`}
        columns={columns(list.rows)}
        list={list}
        rowKey={rowKey}
        twoLines={list.rows.some(folds)}
        empty={empty}
      />
    </>
  );
}

const linesText = (lines: ChannelOrderView['lines']) =>
  lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ');

const push = columnsFor<ChannelPushView>();

/** When a push went, or when it goes next (due) while it has not gone. */
function SentOrDue({ push }: { push: ChannelPushView }) {
  if (push.sentAt !== null) return when(push.sentAt);
  if (push.dueAt === null) return '—';
  return (
    <>
      <span className="secondary">next try </span>
      {when(push.dueAt)}
    </>
  );
}

function Pushes(props: ListProps) {
  const { channelId, mayWrite } = props;
  // Sized to fit a 1024 px window beside the menu, even with Retry now beside a failed push.
  const columns = (rows: ChannelPushView[]) => [
    push.accessor('sku', { header: 'SKU', size: 120, ...keyColumn }),
    push.accessor('state', {
      header: 'State',
      size: 180,
      cell: (cell) => <State state={cell.getValue()} error={cell.row.original.error} />,
    }),
    ...(mayWrite && rows.some((row) => row.state === 'failed')
      ? [
          push.display({
            id: 'retry',
            header: '',
            size: 110,
            cell: (cell) =>
              cell.row.original.state === 'failed' ? (
                <RetryButton channelId={channelId} push={cell.row.original} />
              ) : null,
          }),
        ]
      : []),
    push.accessor('quantity', {
      header: 'Figure',
      size: 62,
      ...figure,
      cell: orDash,
    }),
    push.accessor('attempts', { header: 'Tries', size: 50, ...figure }),
    push.accessor('sentAt', {
      header: 'Sent',
      size: 220,
      cell: (cell) => <SentOrDue push={cell.row.original} />,
    }),
  ];
  return (
    <StateList
      {...props}
      what="pushes"
      states={channelPushStates}
      load={(filter, after) => api.channelPushes(channelId, filter, after)}
      columns={columns}
      rowKey={(row) => String(row.id)}
      folds={(row) => row.error !== null}
      empty={{
        title: 'No push yet',
        hint: "A push goes within a second of a change of a mapped SKU's stock.",
      }}
    />
  );
}

const order = columnsFor<ChannelOrderView>();

function Orders(props: ListProps) {
  const { channelId, mayWrite } = props;
  const [choosing, setChoosing] = useState<ChannelOrderView | null>(null);
  const columns = (rows: ChannelOrderView[]) => [
    order.accessor('number', { header: 'Order', size: 90, ...keyColumn }),
    order.accessor('state', {
      header: 'State',
      size: 100,
      cell: (cell) => <State state={cell.getValue()} />,
    }),
    ...(mayWrite && rows.some((row) => row.state === 'oversold')
      ? [
          order.display({
            id: 'choose',
            header: '',
            size: 110,
            cell: (cell) =>
              cell.row.original.state === 'oversold' ? (
                <Button
                  look="primary"
                  className="row-button"
                  onClick={() => setChoosing(cell.row.original)}
                  testId="order-choose"
                >
                  Choose…
                </Button>
              ) : null,
          }),
        ]
      : []),
    order.accessor('lines', {
      header: 'Lines',
      size: 180,
      cell: (cell) => clipped(linesText(cell.getValue())),
    }),
    order.accessor('storeId', { header: 'Store', size: 90 }),
    order.accessor('updatedAt', { header: 'Changed', ...time }),
  ];
  return (
    <>
      <StateList
        {...props}
        what="orders"
        states={channelOrderStates}
        load={(filter, after) => api.channelOrders(channelId, filter, after)}
        columns={columns}
        rowKey={(row) => row.orderId}
        empty={{
          title: 'No order yet',
          hint: "Orders arrive by the shop's webhooks and by the poll every minute.",
        }}
      />
      {choosing && <ChoiceDialog channelId={channelId} order={choosing} onClose={() => setChoosing(null)} />}
    </>
  );
}

function ChoiceDialog({
  channelId,
  order,
  onClose,
}: {
  channelId: string;
  order: ChannelOrderView;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const storeName = useStores().nameOf(order.storeId);
  // Another store is the likelier to have it.
  const [storeId, setStoreId] = useStoreChoice(order.storeId);
  const choose = useAction(
    (choice: OversellChoice) => api.chooseForOrder(channelId, order.orderId, choice),
    async () => {
      await client.invalidateQueries({ queryKey: ['channel', channelId] });
      await client.invalidateQueries({ queryKey: ['channels'] });
      await client.invalidateQueries({ queryKey: ['exceptions'] });
      onClose();
    },
  );
  return (
    <Dialog title={`Order ${order.number}: no stock at ${storeName}`} onClose={onClose} testId="order-choice">
      <p>{linesText(order.lines)} — nothing is committed until you choose.</p>
      <div className="filters">
        <StoreSelect value={storeId} onChange={setStoreId} testId="order-choice-store" />
        <ActionButton
          look="primary"
          action={choose}
          input={{ choice: 'fulfil_from', storeId }}
          disabled={storeId === ''}
          testId="order-fulfil-from"
        >
          Fulfil from this store
        </ActionButton>
      </div>
      <div className="page-actions">
        <ActionButton action={choose} input={{ choice: 'backorder' }} testId="order-backorder">
          Backorder at {storeName}
        </ActionButton>
        <ActionButton action={choose} input={{ choice: 'cancel' }} testId="order-cancel">
          Cancel it
        </ActionButton>
      </div>
      {choose.error ? <ErrorNotice error={choose.error} /> : null}
    </Dialog>
  );
}
