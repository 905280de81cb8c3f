import { SelectField } from './Field.tsx';
import { useStores } from './stores.ts';

/** Choosing one of the stores the person may see; with `everyStore`, "All stores" (the value '') first. */
export function StoreSelect({
  value,
  onChange,
  everyStore = false,
  testId,
}: {
  value: string;
  onChange: (storeId: string) => void;
  everyStore?: boolean;
  testId?: string;
}) {
  const { stores } = useStores();
  return (
    <SelectField
      label="Store"
      value={value}
      onChange={(event) => onChange(event.target.value)}
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
