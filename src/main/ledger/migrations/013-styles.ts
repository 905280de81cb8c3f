/**
 * Variants of a style (issue 16, shared/styles.ts): a product head office sends as a variant keeps its style (the
 * style's id, name, options and this variant's values, as JSON), so the sale screen can show the style as a grid.
 */
export default `
ALTER TABLE products ADD COLUMN style_id TEXT;
ALTER TABLE products ADD COLUMN style TEXT;
CREATE INDEX products_by_style ON products(style_id) WHERE style_id IS NOT NULL;
`;
