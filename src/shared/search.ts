/**
 * How a name is compared in a search: whatever its accents and letter case, as the register's own search does
 * (its SQLite full-text index removes diacritics). "sile", "Síle" and "SÍLE" are one name; so are "Muller" and
 * "Müller", "cafe" and "Café", "ﬁg" and "fig".
 */

/**
 * The accents NFKD splits off Latin, Greek and Cyrillic letters. Only these: other scripts' marks (a Devanagari
 * vowel sign, the kana voicing mark) are part of what the letter is, and removing them would merge words.
 */
const ACCENTS = /[\u0300-\u036f]/g;

/**
 * `text` lower-cased, in its compatibility form (NFKD, so "Ａ" and "ﬁ" are "a" and "fi"), without its accents,
 * composed again (NFC): "Café Ａ" is "cafe a". Letters that are not a base letter and an accent stay as they are
 * ("ø", "ł", "ß"), as on the register.
 *
 * Head office keeps each name folded in a `search_name` column: changing what this returns needs a migration that
 * folds every stored name again (as db/migrations.ts 024-search-names did), or those names stop being found.
 */
export function foldForSearch(text: string): string {
  // Lower-cased first: lower-casing may itself add an accent ("İ" is "i" and a dot above).
  return text.toLowerCase().normalize('NFKD').replace(ACCENTS, '').normalize('NFC');
}
