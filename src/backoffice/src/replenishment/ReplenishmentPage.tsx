/**
 * Replenishment: a store's low SKUs with what to order (the formula, days of cover, 30 and 90 days of sales, the
 * supplier); select them ("Select all") and "Create purchase orders" drafts one per supplier: two clicks. A SKU
 * another store has spare offers a transfer instead. "Reorder levels" sets the levels: CSV in and out, and a
 * default per category for SKUs without their own.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CategoryReorderLevels } from '../../../shared/replenishment.ts';
import type { CreatedPurchaseOrders, SuggestionLine } from '../../../shared/replenishment-api.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { ActionButton, Button } from '../ui/Button.tsx';
import { clipped, Folded, keyColumn } from '../ui/columns.tsx';
import { columnsFor, DataTable, figure } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { ErrorDetails } from '../ui/ErrorDetails.tsx';
import { TextField } from '../ui/Field.tsx';
import { ErrorNotice } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStores } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';
import { useFields } from '../ui/useFields.ts';
import { staticList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';
import { plural } from '../../../shared/words.ts';

const column = columnsFor<SuggestionLine>();

/** Days of cover in words; none without sales to reckon them from (the sales beside it say so). */
const cover = (days: number | null) => (days === null ? null : `${days} d cover`);

/** Another store's spare of the SKU, offered instead of the supplier ("or 57 from Cork City"); a button that
 * plans the transfer, for who may plan one. */
function TransferOffer({
  line,
  offer,
  plan,
}: {
  line: SuggestionLine;
  offer: NonNullable<SuggestionLine['transferOffer']>;
  plan: { start: (line: SuggestionLine) => void; pending: boolean } | null;
}) {
  const words = `${offer.quantity} from ${offer.fromStoreName}`;
  return (
    <>
      or{' '}
      {plan ? (
        <ActionButton
          look="quiet"
          className="cell-button"
          action={plan}
          input={line}
          label={`Plan a transfer of ${words} instead of ordering`}
          title={words}
          testId="suggestion-transfer"
        >
          {words}
        </ActionButton>
      ) : (
        words
      )}
    </>
  );
}

export function ReplenishmentPage() {
  const [url, setUrl] = useUrlState(['storeId', 'levels'] as const);
  const { stores } = useStores();
  const storeId = url.storeId ?? stores[0]?.id ?? '';
  const mayOrder = useMay('purchasing.write');
  const mayPlan = useMay('transfers.plan');
  const queryClient = useQueryClient();
  const suggestions = useQuery({
    queryKey: ['suggestions', storeId],
    queryFn: () => api.suggestions(storeId),
    enabled: storeId !== '',
  });
  const lines = suggestions.data?.lines ?? [];
  const orderable = lines.filter((line) => line.supplier !== null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [created, setCreated] = useState<CreatedPurchaseOrders | null>(null);
  const chosen = orderable.filter((line) => selected.has(line.sku));
  const allChosen = orderable.length > 0 && chosen.length === orderable.length;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['suggestions', storeId] });

  const create = useAction(
    () =>
      api.createSuggestedPurchaseOrders(
        storeId,
        chosen.map((line) => ({ sku: line.sku, quantity: line.quantity })),
      ),
    (result) => {
      setCreated(result);
      setSelected(new Set());
      return refresh();
    },
  );
  const transfer = useAction(
    (line: SuggestionLine) =>
      api.planTransfer({
        fromStoreId: line.transferOffer!.fromStoreId,
        toStoreId: storeId,
        lines: [{ sku: line.sku, quantity: line.transferOffer!.quantity }],
        note: 'Offered by replenishment: spare at the sending store',
      }),
    refresh,
  );

  const toggle = (sku: string) =>
    setSelected((before) => {
      const after = new Set(before);
      if (!after.delete(sku)) after.add(sku);
      return after;
    });

  const columns = [
    ...(mayOrder
      ? [
          column.display({
            id: 'select',
            header: () => (
              <input
                type="checkbox"
                aria-label="Select all that have a supplier"
                checked={allChosen}
                disabled={orderable.length === 0}
                onChange={() =>
                  setSelected(allChosen ? new Set() : new Set(orderable.map((line) => line.sku)))
                }
                data-testid="suggestions-select-all"
              />
            ),
            size: 36,
            enableHiding: false,
            cell: (cell) => {
              const line = cell.row.original;
              return (
                <input
                  type="checkbox"
                  aria-label={`Order ${line.sku}`}
                  checked={selected.has(line.sku)}
                  disabled={line.supplier === null}
                  title={line.supplier === null ? 'No preferred supplier: mark one first' : undefined}
                  onChange={() => toggle(line.sku)}
                  data-testid="suggestion-select"
                />
              );
            },
          }),
        ]
      : []),
    // Sized to fit a 1024 px window beside the menu: the product's name folds under its SKU, a transfer offer
    // under the supplier it would replace, the formula under the quantity it ends in, and days of cover under
    // the sales they come from.
    column.accessor('sku', {
      header: 'SKU',
      size: 140,
      ...keyColumn,
      cell: (cell) => <Folded under={cell.row.original.name}>{cell.getValue()}</Folded>,
    }),
    column.accessor((line) => line.supplier?.supplierName ?? 'No supplier', {
      id: 'supplier',
      header: () => <span title="Or a transfer of another store's spare instead">Supplier</span>,
      size: 175,
      cell: (cell) => {
        const line = cell.row.original;
        const offer = line.transferOffer;
        return (
          <Folded
            under={offer && <TransferOffer line={line} offer={offer} plan={mayPlan ? transfer : null} />}
          >
            {clipped(cell.getValue())}
          </Folded>
        );
      },
    }),
    column.accessor('quantity', {
      // The formula under it spells it out (60 − (8 + 0 + 0) = 52 → 5 × 12 = 60).
      header: () => (
        <span title="Desired − (on hand + incoming + in transit), rounded up to packs">Order</span>
      ),
      size: 275,
      ...figure,
      cell: (cell) => (
        <Folded under={cell.row.original.formula}>
          <strong>{cell.getValue()}</strong>
        </Folded>
      ),
    }),
    column.accessor((line) => `${line.sold30} / ${line.sold90}`, {
      id: 'sold',
      header: 'Sold 30/90 d',
      size: 100,
      ...figure,
      cell: (cell) => <Folded under={cover(cell.row.original.daysOfCover)}>{cell.getValue()}</Folded>,
    }),
  ];

  return (
    <>
      <PageHeader
        title="Replenishment"
        description="What each store is low on and what to order: SKUs whose available, incoming and inbound stock is at or below their reorder point."
        actions={
          <>
            <Button onClick={() => setUrl({ levels: 'open' })} testId="reorder-levels-open">
              Reorder levels
            </Button>
            {mayOrder && (
              <Button
                look="primary"
                disabled={chosen.length === 0 || create.pending}
                onClick={() => {
                  setCreated(null);
                  create.start(undefined);
                }}
                testId="suggestions-create"
              >
                Create purchase orders{chosen.length > 0 ? ` (${chosen.length})` : ''}
              </Button>
            )}
          </>
        }
      />
      <div className="filters" role="search">
        <StoreSelect
          value={storeId}
          onChange={(next) => {
            setSelected(new Set());
            setCreated(null);
            setUrl({ storeId: next });
          }}
          testId="suggestions-store"
        />
      </div>
      <ErrorNotice error={create.error ?? transfer.error} />
      {created && (
        <p className="notice" role="status" data-testid="suggestions-created">
          Drafted{' '}
          {created.purchaseOrders
            .map((order) => `${order.number} for ${order.supplierName} (${plural(order.lines, 'line')})`)
            .join(', ')}
          : check and order them under Purchasing.
        </p>
      )}
      <DataTable
        name="Suggestions"
        testId="suggestions-table"
        columns={columns}
        list={{
          ...staticList(lines),
          loading: suggestions.isPending && storeId !== '',
          error: suggestions.error,
        }}
        rowKey={(line) => line.sku}
        twoLines
        empty={{
          title: 'Nothing to order',
          hint: 'No SKU of this store is at or below its reorder point. A SKU is only suggested once it has reorder levels: set them under Reorder levels (per SKU, by CSV, or a default per category).',
        }}
      />
      {url.levels && storeId && (
        <ReorderLevelsDialog
          storeId={storeId}
          mayChange={mayOrder}
          onClose={() => setUrl({ levels: undefined })}
          onChanged={refresh}
        />
      )}
    </>
  );
}

const category = columnsFor<CategoryReorderLevels>();

/** The store's levels: CSV export and import of the SKUs', and the category defaults. */
function ReorderLevelsDialog({
  storeId,
  mayChange,
  onClose,
  onChanged,
}: {
  storeId: string;
  mayChange: boolean;
  onClose: () => void;
  onChanged: () => unknown;
}) {
  const queryClient = useQueryClient();
  const levels = useQuery({
    queryKey: ['reorder-levels', storeId],
    queryFn: () => api.reorderLevels(storeId),
  });
  const changed = async () => {
    await queryClient.invalidateQueries({ queryKey: ['reorder-levels', storeId] });
    return onChanged();
  };
  const [imported, setImported] = useState<number | null>(null);
  const importFile = useAction(
    async (file: File) => api.importReorderLevels(storeId, await file.text()),
    (saved) => {
      setImported(saved.skus);
      return changed();
    },
  );
  const remove = useAction((name: string) => api.removeCategoryLevels(storeId, name), changed);
  const {
    fields: draft,
    field,
    reset,
  } = useFields({
    category: '',
    reorderPoint: '',
    desiredLevel: '',
    safetyStock: '0',
  });
  const save = useAction(
    () =>
      api.saveReorderLevels(storeId, {
        categories: [
          {
            category: draft.category.trim(),
            reorderPoint: Number(draft.reorderPoint),
            desiredLevel: Number(draft.desiredLevel),
            safetyStock: Number(draft.safetyStock),
          },
        ],
      }),
    () => {
      reset();
      return changed();
    },
  );
  const categoryColumns = [
    category.accessor('category', { header: 'Category', size: 180, ...keyColumn }),
    category.accessor('reorderPoint', { header: 'Reorder at', size: 90, ...figure }),
    category.accessor('desiredLevel', { header: 'Desired', size: 90, ...figure }),
    category.accessor('safetyStock', { header: 'Safety', size: 80, ...figure }),
    ...(mayChange
      ? [
          category.display({
            id: 'remove',
            header: '',
            size: 90,
            cell: (cell) => (
              <ActionButton
                look="quiet"
                className="cell-button"
                action={remove}
                input={cell.row.original.category}
              >
                Remove
              </ActionButton>
            ),
          }),
        ]
      : []),
  ];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.start(undefined);
  };
  const skuCount = levels.data?.skus.length ?? 0;

  return (
    <Dialog title="Reorder levels" onClose={onClose} wide testId="reorder-levels">
      <p>
        A SKU is low when what it can sell plus what is on its way is at or below its{' '}
        <strong>reorder point</strong>; an order fills it up to its <strong>desired level</strong>. A SKU’s
        own levels win over its category’s.
      </p>
      <h2>Per SKU</h2>
      <p data-testid="reorder-levels-count">
        {skuCount} SKU{skuCount === 1 ? ' has' : 's have'} levels of their own.{' '}
        <a href={api.reorderLevelsCsvUrl(storeId)} download={`reorder-levels-${storeId}.csv`}>
          Export CSV
        </a>
      </p>
      {mayChange && (
        <div className="field">
          <label htmlFor="reorder-import">Import CSV (sku, reorder_point, desired_level, safety_stock)</label>
          <input
            id="reorder-import"
            type="file"
            accept=".csv,text/csv"
            disabled={importFile.pending}
            data-testid="reorder-import"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              setImported(null);
              if (file) importFile.start(file);
            }}
          />
        </div>
      )}
      <ErrorNotice error={importFile.error} />
      <ErrorDetails details={importFile.details} testId="reorder-import-errors" />
      {imported !== null && (
        <p className="notice" role="status">
          Imported the levels of {plural(imported, 'SKU')}.
        </p>
      )}
      <h2>Per category</h2>
      <DataTable
        name="Category levels"
        testId="category-levels"
        columns={categoryColumns}
        list={{
          ...staticList(levels.data?.categories ?? []),
          loading: levels.isPending,
          error: levels.error,
        }}
        rowKey={(row) => row.category}
        empty={{ title: 'No category defaults', hint: mayChange ? 'Add one below.' : undefined }}
      />
      {mayChange && (
        <form className="form form-row" onSubmit={submit} data-testid="category-levels-form">
          <TextField label="Category" required {...field('category')} />
          {(['reorderPoint', 'desiredLevel', 'safetyStock'] as const).map((key) => (
            <TextField
              key={key}
              label={{ reorderPoint: 'Reorder at', desiredLevel: 'Desired', safetyStock: 'Safety' }[key]}
              inputMode="numeric"
              pattern="[0-9]*"
              required
              {...field(key)}
            />
          ))}
          <button type="submit" className="button-primary" disabled={save.pending}>
            Save category
          </button>
        </form>
      )}
      <ErrorNotice error={save.error ?? remove.error} />
      <p className="secondary">
        Which supplier a SKU is ordered from, its pack size and minimum come from its preferred supplier item.
      </p>
    </Dialog>
  );
}
