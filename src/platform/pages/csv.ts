// Exports for spreadsheets as people here use them: UTF-8 with a byte-order mark (so accents open right), `;` between
// fields (the decimal comma's lists), CRLF lines, RFC 4180 quoting. A cell that a spreadsheet would run as a formula
// (= + - @, tab, CR) is prefixed with an apostrophe: names and addresses come from users.
import type { Context } from 'hono';

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** The CSV as a download named `filename`. */
export function csvResponse(c: Context, filename: string, header: string[], rows: (string | number | boolean | null | undefined)[][]): Response {
  return c.body(toCsv(header, rows), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'cache-control': 'no-store',
  });
}
