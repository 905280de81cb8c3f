/** Documents in another currency than their store's at head office (the register had an older setting). */
import type { Batch, DocumentHandler, Received, RegisterFinding } from './handler.ts';
import { foundAt } from './handler.ts';
import type { DocumentType, PayloadOf } from '../../shared/documents/registry.ts';

export async function currencyFindings<T extends DocumentType>(
  batch: Batch,
  docs: Received<T>[],
  currencyOf: (payload: PayloadOf<T>) => string,
  describe: NonNullable<DocumentHandler<T>['rows']>['describe'],
): Promise<RegisterFinding[]> {
  if (docs.length === 0) return [];
  const storeCurrency = await batch.storeCurrencies();
  return docs
    .filter((doc) => currencyOf(doc.payload) !== storeCurrency.get(doc.register.store_id))
    .map((doc) =>
      foundAt(doc.register)({
        seq: doc.seq,
        kind: 'currency_mismatch',
        details: `${describe(doc.payload)} is in ${currencyOf(doc.payload)}; head office keeps store ${doc.register.store_id} in ${storeCurrency.get(doc.register.store_id)}. Its amounts are counted as they came: check the currency of the register and of the store.`,
      }),
    );
}
