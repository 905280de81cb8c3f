/**
 * Opening a count from head office: which store, what it covers (the whole store, categories or a list of SKUs)
 * and whether it is blind. The store's registers get it and count into it together.
 */
import { useState } from 'react';
import type { CountScope } from '../../../shared/counts.ts';
import { api } from '../api/api.ts';
import { ActionForm } from '../ui/ActionForm.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import type { NewDocumentForm } from '../ui/DocumentListPage.tsx';
import { fieldError, SelectField, TextField } from '../ui/Field.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStoreChoice } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';

/** Names typed one after another, split at commas (a category name may hold spaces, a SKU may not). */
const listOf = (typed: string, separator: RegExp): string[] =>
  typed
    .split(separator)
    .map((name) => name.trim())
    .filter((name) => name !== '');

export function OpenCountDialog({ onClose, onMade }: NewDocumentForm) {
  const [storeId, setStoreId] = useStoreChoice();
  const [kind, setKind] = useState<CountScope['kind']>('categories');
  const [names, setNames] = useState('');
  const [blind, setBlind] = useState(true);
  const open = useAction(api.openCount, (opened) => onMade(opened.countId));
  const scope = (): CountScope => {
    if (kind === 'store') return { kind };
    if (kind === 'categories') return { kind, categories: listOf(names, /,/) };
    return { kind, skus: listOf(names, /[\s,]+/) };
  };
  return (
    <Dialog title="Open a count" onClose={onClose} testId="count-open-form">
      <ActionForm
        label="Open a count"
        action={open}
        onSend={() => open.start({ storeId, scope: scope(), blind })}
        send="Open the count"
        sendTestId="count-open-submit"
        inRow
        fineprint="The store’s registers get it: anyone who may count joins it there, and their lines add up here."
      >
        <StoreSelect
          value={storeId}
          onChange={setStoreId}
          error={fieldError(open.details, 'storeId')}
          testId="count-open-store"
        />
        <SelectField
          label="What to count"
          value={kind}
          onChange={(event) => setKind(event.target.value as CountScope['kind'])}
          data-testid="count-open-kind"
        >
          <option value="store">The whole store</option>
          <option value="categories">Some categories</option>
          <option value="skus">A list of SKUs</option>
        </SelectField>
        {kind !== 'store' && (
          <TextField
            label={
              kind === 'categories'
                ? 'Categories, separated by commas'
                : 'SKUs, separated by spaces or commas'
            }
            value={names}
            onChange={(event) => setNames(event.target.value)}
            error={fieldError(open.details, `scope.${kind}`) ?? fieldError(open.details, `scope.${kind}.0`)}
            data-testid="count-open-names"
          />
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={blind}
            onChange={(event) => setBlind(event.target.checked)}
            data-testid="count-open-blind"
          />
          Blind: counters do not see what is expected
        </label>
      </ActionForm>
    </Dialog>
  );
}
