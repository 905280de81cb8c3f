/**
 * The style and options columns of head office's catalog CSV (docs/catalog-csv.md): `style` is a style's id,
 * `options` the variant's value of each of its options, in order, separated by "|" (TEE, Red|M). They are read
 * here rather than by the shared reader, as the register's own import has no styles. The export writes them so a
 * file says which products are variants; the import checks that they still say so (an absent column changes
 * nothing), as styles change in their own editor.
 */
import type { CatalogProduct } from '../shared/catalog-csv.ts';
import type { ImportRowError } from '../shared/domain.ts';
import type { VariantOf } from '../shared/styles.ts';

export const styleColumns = ['style', 'options'] as const;

/** The file's style and options cells, taken out of its rows so the shared reader sees the rest. */
export function takeStyleColumns(
  header: string[],
  body: string[][],
):
  | { header: string[]; body: string[][]; cells: { style: string; options: string }[] | null }
  | ImportRowError {
  const named = header.map((column) => column.trim().toLowerCase());
  const [styleAt, optionsAt] = styleColumns.map((column) => named.indexOf(column));
  if (styleAt === -1 && optionsAt === -1) return { header, body, cells: null };
  if (styleAt === -1 || optionsAt === -1)
    return { row: 1, message: 'The columns "style" and "options" go together: give both, or neither' };
  const keep = (cells: string[]) => cells.filter((_, at) => at !== styleAt && at !== optionsAt);
  return {
    header: keep(header),
    body: body.map(keep),
    cells: body.map((cells) => ({
      style: cells[styleAt!]?.trim() ?? '',
      options: cells[optionsAt!]?.trim() ?? '',
    })),
  };
}

export const styleCell = (product: { style?: VariantOf }): [string, string] =>
  product.style ? [product.style.id, product.style.options.join('|')] : ['', ''];

/**
 * What is wrong with the style cells of the file's rows: each must say what its product is (its style and
 * options, or empty for a product in no style). The import never moves a product into, out of or within a style:
 * the style's editor does (PUT /api/styles/:id), which makes and keeps every combination itself.
 */
export function styleCellProblems(
  planned: { row: { row: number; sku: string }; before: CatalogProduct | undefined }[],
  cells: { style: string; options: string }[],
  rowIndex: (row: number) => number,
): ImportRowError[] {
  return planned.flatMap(({ row, before }) => {
    const cell = cells[rowIndex(row.row)]!;
    const [style, options] = styleCell(before ?? {});
    const values = (text: string) => text.split('|').map((value) => value.trim().toLowerCase());
    if (cell.style === style && values(cell.options).join('|') === values(options).join('|')) return [];
    const is = before?.style ? `a variant of ${style} (${options})` : 'in no style';
    return [
      {
        row: row.row,
        message:
          `style: ${row.sku} is ${is}, not "${cell.style}" "${cell.options}": a product joins, leaves or moves ` +
          'within a style in the style itself (Products → the style → Variants), not by import',
      },
    ];
  });
}
