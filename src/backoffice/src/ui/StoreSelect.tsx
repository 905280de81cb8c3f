import type { ReactNode } from 'react';
import { SelectField } from './Field.tsx';
import { useStores } from './stores.ts';

/**
 * Choosing one of the stores the person may see (or of `stores`, when given); with `everyStore`, "All stores"
 * (the value '') first.
 */
export function StoreSelect({
  label = 'Store',
  value,
  onChange,
  everyStore = false,
  stores: choices,
  error,
  testId,
}: {
  label?: string;
  value: string;
  onChange: (storeId: string) => void;
  everyStore?: boolean;
  stores?: readonly { id: string; name: string }[];
  /** Head office's word on the choice. */
  error?: string | null;
  testId?: string;
}) {
  const { stores: visible } = useStores();
  const stores = choices ?? visible;
  return (
    <SelectField
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      data-testid={testId}
    >
      {everyStore && <option value="">All stores</option>}
      {stores.map((store) => (
        <option key={store.id} value={store.id}>
          {store.name}
        </option>
      ))}
    </SelectField>
  );
}

/** A list's filter bar that starts with the store (every store by default) and holds the page's other filters. */
export function StoreFilters({
  storeId,
  onChange,
  testId,
  children,
}: {
  storeId: string | undefined;
  onChange: (storeId: string) => void;
  testId: string;
  children?: ReactNode;
}) {
  return (
    <div className="filters" role="search">
      <StoreSelect value={storeId ?? ''} onChange={onChange} everyStore testId={testId} />
      {children}
    </div>
  );
}
