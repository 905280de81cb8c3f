/**
 * Splits rows for multi-row INSERTs: 500 rows of up to 60 columns stay under SQLite's 32,766 and PostgreSQL's
 * 65,535 bound parameters per statement.
 */
export function chunks<T>(rows: T[], size = 500): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < rows.length; i += size) parts.push(rows.slice(i, i + size));
  return parts;
}
