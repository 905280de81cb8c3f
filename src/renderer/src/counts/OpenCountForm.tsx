import { useState } from 'react';
import type { CountScope } from '../../../shared/counts.ts';
import { CheckField } from '../ui/CheckField.tsx';

type ScopeKind = CountScope['kind'];

interface OpenCountFormProps {
  categories: string[];
  onOpen: (input: { scope: CountScope; blind: boolean }) => void;
}

/** What to count (the whole store, some categories, a list of SKUs) and whether counters see what is expected. */
export function OpenCountForm({ categories, onOpen }: OpenCountFormProps) {
  const [kind, setKind] = useState<ScopeKind>('categories');
  const [picked, setPicked] = useState<string[]>([]);
  const [skus, setSkus] = useState('');
  const [blind, setBlind] = useState(true);

  const scope = (): CountScope => {
    if (kind === 'store') return { kind };
    if (kind === 'categories') return { kind, categories: picked };
    return { kind, skus: skus.split(/[\s,]+/).filter((sku) => sku !== '') };
  };

  return (
    <form
      className="count-form dialog-form"
      data-testid="count-form"
      onSubmit={(event) => {
        event.preventDefault();
        onOpen({ scope: scope(), blind });
      }}
    >
      <fieldset>
        <legend>What to count</legend>
        {(
          [
            ['store', 'The whole store'],
            ['categories', 'Some categories'],
            ['skus', 'A list of SKUs'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="scope"
              data-testid={`count-scope-${value}`}
              checked={kind === value}
              onChange={() => setKind(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {kind === 'categories' && (
        <fieldset className="count-categories">
          <legend>Categories</legend>
          {categories.map((name) => (
            <CheckField
              key={name}
              className="choice"
              testId={`count-category-${name}`}
              checked={picked.includes(name)}
              onChange={(checked) =>
                setPicked(checked ? [...picked, name] : picked.filter((p) => p !== name))
              }
            >
              {name}
            </CheckField>
          ))}
        </fieldset>
      )}
      {kind === 'skus' && (
        <label className="field">
          SKUs, separated by spaces or commas
          <input data-testid="count-skus" value={skus} onChange={(event) => setSkus(event.target.value)} />
        </label>
      )}
      <CheckField className="choice" testId="count-blind" checked={blind} onChange={setBlind}>
        Blind count: counters do not see what the register expects
      </CheckField>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="count-open-button">
          Open the count
        </button>
      </div>
    </form>
  );
}
