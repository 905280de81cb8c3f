import { dateTime } from './format.ts';
import { useStores } from './stores.ts';

/** A moment as the store writes it (its locale and time zone). */
export function StoreTime({ iso, storeId }: { iso: string; storeId: string }) {
  return <>{dateTime(iso, useStores().localeOf(storeId))}</>;
}
