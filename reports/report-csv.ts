import type { Cell, ColumnKind, ReportTable } from './report-table';

/**
 * The table as CSV for Excel in Spanish (Colombia): UTF-8 with a byte-order mark (without it
 * Excel reads the file as Windows-1252 and breaks every accent), fields separated by `;` and
 * decimals written with a comma. Excel splits a CSV it opens on the list separator of the
 * computer's regional settings, and Spanish (Colombia), like every locale whose decimal separator
 * is the comma, has `;` as list separator: with `,` the whole line would land in one column, and a
 * "3.5" would be read as thirty-five. Dates are ISO (`2026-03-20`), which Excel reads as dates
 * in any locale; rates are written as percentages (`75%`), which it reads as numbers. Lines end
 * in CRLF (RFC 4180).
 */

const separator = ';';
const byteOrderMark = '\uFEFF';

/**
 * A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one) is written with a leading apostrophe, which Excel shows as text (OWASP, "CSV
 * injection"). Space titles and areas are typed by staff, but a file travels further than that.
 */
function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quoted(text: string): string {
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function decimal(value: number, decimals: number): string {
  return Number(value.toFixed(decimals)).toString().replace('.', ',');
}

function fieldOf(cell: Cell, kind: ColumnKind): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return kind === 'date' ? cell : quoted(neutralised(cell));
  switch (kind) {
    case 'decimal':
      return decimal(cell, 2);
    case 'percent':
      return `${decimal(cell * 100, 2)}%`;
    default:
      return String(cell);
  }
}

export function reportCsv(table: ReportTable): Buffer {
  const lines = [
    table.columns.map((column) => quoted(column.header)).join(separator),
    ...table.rows.map((row) =>
      row.map((cell, index) => fieldOf(cell, table.columns[index]?.kind ?? 'text')).join(separator),
    ),
  ];
  return Buffer.from(`${byteOrderMark}${lines.join('\r\n')}\r\n`, 'utf8');
}
