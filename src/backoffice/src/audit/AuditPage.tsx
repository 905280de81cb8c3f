/**
 * Every change made through head office's API, newest first: who, when, what and on what, filtered by who
 * (user:<id>, token:<id>), the route or what it changed; the filters are kept in the address.
 */
import type { AuditEntry } from '../../../shared/backoffice/people-api.ts';
import { api } from '../api/api.ts';
import { columnsFor, DataTable, unsorted } from '../ui/DataTable.tsx';
import { browserLocale, dateTime } from '../ui/format.ts';
import { EmptyState } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SearchField } from '../ui/SearchField.tsx';
import { useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';

const column = columnsFor<AuditEntry>();

/** What was sent, as "field: value" pairs on one line. */
function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

const columns = [
  column.accessor('at', {
    header: 'When',
    size: 190,
    enableHiding: false,
    ...unsorted,
    cell: (cell) => dateTime(cell.getValue(), browserLocale),
  }),
  column.accessor('actorName', { header: 'Who', size: 220, ...unsorted }),
  column.accessor('action', { header: 'What', size: 260, ...unsorted }),
  column.accessor('target', { header: 'On', size: 160, ...unsorted }),
  column.accessor('details', {
    header: 'Sent',
    size: 180,
    ...unsorted,
    cell: (cell) => <span className="clamp">{detailsText(cell.getValue())}</span>,
  }),
];

export function AuditPage() {
  const [url, setUrl] = useUrlState(['actor', 'action', 'target'] as const);
  const filter = { actor: url.actor, action: url.action, target: url.target };
  const list = useList(['audit', filter], (after) => api.audit({ ...filter, after }));
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every change made through head office, newest first. Nothing here can be changed."
      />
      <div className="filters" role="search">
        <SearchField
          label="Who"
          placeholder="user:… or token:…"
          value={url.actor ?? ''}
          onSearch={(actor) => setUrl({ actor })}
        />
        <SearchField
          label="What"
          placeholder="Such as POST /api/stores"
          value={url.action ?? ''}
          onSearch={(action) => setUrl({ action })}
        />
        <SearchField
          label="On"
          placeholder="Such as storeId=DUBLIN-1"
          value={url.target ?? ''}
          onSearch={(target) => setUrl({ target })}
        />
      </div>
      <DataTable
        name="Audit"
        testId="audit-table"
        columns={columns}
        list={list}
        rowKey={(entry) => String(entry.id)}
        empty={
          <EmptyState title="No change recorded">
            <p>
              {url.actor || url.action || url.target
                ? 'Nothing matches: the filters must match exactly.'
                : 'Changes appear here as they are made.'}
            </p>
          </EmptyState>
        }
      />
    </>
  );
}
