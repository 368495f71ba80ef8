/**
 * CSV cells and rows per RFC 4180 (comma, CRLF, double quotes doubled), safe to open in a
 * spreadsheet: a cell that starts with = + - @ (or a tab / carriage return, which some
 * spreadsheets skip before reading a formula) is prefixed with a single quote, so it is shown as
 * text and never evaluated as a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
