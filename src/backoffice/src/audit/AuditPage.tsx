/**
 * Every change made through head office's API, newest first: who, when, what and on what, filtered by who
 * (user:<id>, token:<id>), the route or what it changed; the filters are kept in the address.
 */
import type { AuditEntry } from '../../../shared/backoffice/people-api.ts';
import { api } from '../api/api.ts';
import { clipped, clippedCell } from '../ui/columns.tsx';
import { columnsFor, DataTable } from '../ui/DataTable.tsx';
import { browserLocale, dateTime } from '../ui/format.ts';
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

// Sized to fit a 1024 px window beside the menu, even with a vertical scroll bar: long text gives way.
const columns = [
  column.accessor('at', {
    header: 'When',
    size: 170,
    enableHiding: false,
    cell: (cell) => dateTime(cell.getValue(), browserLocale),
  }),
  column.accessor('actorName', { header: 'Who', size: 140, cell: clippedCell }),
  column.accessor('action', { header: 'What', size: 190, cell: clippedCell }),
  column.accessor('target', { header: 'On', size: 120, cell: clippedCell }),
  column.accessor('details', {
    header: 'Sent',
    size: 150,
    cell: (cell) => clipped(detailsText(cell.getValue())),
  }),
];

/** The filters: each a search of one field, kept in the address under its key. */
const searches = [
  { key: 'actor', label: 'Who', placeholder: 'user:… or token:…' },
  { key: 'action', label: 'What', placeholder: 'Such as POST /api/stores' },
  { key: 'target', label: 'On', placeholder: 'Such as storeId=DUBLIN-1' },
] as const;

export function AuditPage() {
  const [url] = useUrlState(['actor', 'action', 'target'] as const);
  const filter = { actor: url.actor, action: url.action, target: url.target };
  const list = useList(['audit', filter], (after) => api.audit({ ...filter, after }));
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every change made through head office, newest first. Nothing here can be changed."
      />
      <div className="filters" role="search">
        {searches.map(({ key, label, placeholder }) => (
          <SearchField key={key} label={label} placeholder={placeholder} param={key} />
        ))}
      </div>
      <DataTable
        name="Audit"
        testId="audit-table"
        columns={columns}
        list={list}
        rowKey={(entry) => String(entry.id)}
        empty={{
          title: 'No change recorded',
          hint:
            url.actor || url.action || url.target
              ? 'Nothing matches: the filters must match exactly.'
              : 'Changes appear here as they are made.',
        }}
      />
    </>
  );
}
