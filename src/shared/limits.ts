/**
 * The largest amounts and quantities anyone enters, at the register or through head office's admin API: anything
 * above is a typing mistake, and stays far below what a JavaScript number or a bigint column holds exactly.
 */

/** A price, tender, discount or cash movement in minor units (1,000,000.00 in a two-decimal currency). */
export const MAX_AMOUNT_MINOR = 100_000_000;
/** Why a price above MAX_AMOUNT_MINOR is refused: the admin API and the catalog CSV say it alike. */
export const priceLimitMessage = `at most ${MAX_AMOUNT_MINOR} minor units`;

/** Pieces, or grams for goods sold by weight (a tonne). */
export const MAX_QUANTITY = 1_000_000;

/**
 * The largest total one sale may reach (10,000,000.00 in a two-decimal currency): ten of the largest
 * price, so a real sale never meets it, and sums of lines stay exact integers far below 2^53.
 */
export const MAX_SALE_TOTAL_MINOR = 10 * MAX_AMOUNT_MINOR;
