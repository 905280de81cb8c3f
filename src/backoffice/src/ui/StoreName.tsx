import { useStores } from './stores.ts';

/** A store's name, where a hook cannot be called (a table cell). */
export function StoreName({ storeId }: { storeId: string }) {
  return <>{useStores().nameOf(storeId)}</>;
}
