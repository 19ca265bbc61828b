// RFC 4180 text: cells quoted when they must be, rows ended by CRLF, and formulas kept from spreadsheets.

/** A cell's value: text, a flag, or nothing (an empty cell). */
export type CsvValue = string | boolean | null | undefined;

/** What a spreadsheet would read as the start of a formula (OWASP's list): such a cell starts with `'` instead. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell with one of these is quoted, its quotes doubled. */
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell as CSV text. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'boolean' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record (an array, or a database row read as one), its line end included. */
export const csvRow = (values: ArrayLike<CsvValue>): string => `${Array.from(values, csvCell).join(',')}\r\n`;
