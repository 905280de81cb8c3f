import { dateTime } from './format.ts';
import { useStores } from './stores.ts';

/** A moment as the store writes it (its locale and time zone); a dash for none (never counted, say). */
export function StoreTime({ iso, storeId }: { iso: string | null; storeId: string }) {
  const { localeOf } = useStores();
  return <>{iso ? dateTime(iso, localeOf(storeId)) : '—'}</>;
}

/** A table cell holding a record's moment, as the record's store writes it. */
export const storeTimeCell = (cell: {
  getValue: () => string | null;
  row: { original: { storeId: string } };
}) => <StoreTime iso={cell.getValue()} storeId={cell.row.original.storeId} />;
