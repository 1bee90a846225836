// CSV injection (formula injection): a cell that starts with = + - @ (or a tab or carriage return)
// is run as a formula by Excel, WPS and LibreOffice. numpool stores such values as given and escapes
// them only when it writes a CSV (the exports); the imports undo that escape. Pure.

/**
 * The characters a spreadsheet reads as the start of a formula, with their full-width forms
 * (＝ ＋ － ＠), which Chinese input methods type and some spreadsheets normalise (as csv-stringify's
 * escape_formulas also assumes).
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

/** A plain signed number ("+8613800138000", "-3") is read as a number, never run: left as is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/u;

/** The escape: a leading apostrophe makes a spreadsheet show the cell as text. */
const ESCAPE = "'";

/** The cell as numpool writes it to a CSV file: formula-like values get a leading apostrophe. */
export function escapeCsvCell(value: string): string {
  if (!FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `${ESCAPE}${value}`;
}

/**
 * The cell as it was before escapeCsvCell, so an exported file imports back unchanged: only an
 * apostrophe followed by a formula character is removed; any other apostrophe is the value's own.
 */
export function unescapeCsvCell(value: string): string {
  if (!value.startsWith(ESCAPE)) return value;
  const rest = value.slice(ESCAPE.length);
  return FORMULA_START.test(rest) && !PLAIN_NUMBER.test(rest) ? rest : value;
}
