import { Workbook, type Worksheet } from 'exceljs';

import type { Cell, ColumnKind, ReportTable } from './report-table';

/**
 * The table as an Excel workbook (exceljs): a sheet with the figures (Spanish headers, the header
 * row frozen and filterable, totals in bold) and a sheet "Filtros" saying when the figures were
 * read and with which filters. Numbers are numbers with a display format; dates are real dates.
 */

const numberFormats: Partial<Record<ColumnKind, string>> = {
  integer: '0',
  decimal: '0.00',
  percent: '0.00%',
  date: 'dd/mm/yyyy',
};

/**
 * A calendar date as Excel keeps it: a day with no time zone. exceljs writes a Date as its UTC
 * day, so the Bogotá date "2026-03-20" is given as 2026-03-20T00:00Z.
 */
function excelValue(cell: Cell, kind: ColumnKind): string | number | Date | null {
  if (kind === 'date' && typeof cell === 'string') return new Date(`${cell}T00:00:00Z`);
  return cell;
}

function addFiguresSheet(workbook: Workbook, table: ReportTable): void {
  const sheet = workbook.addWorksheet(table.sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.columns.map((column) => ({
    header: column.header,
    width: column.width,
    ...(numberFormats[column.kind] ? { style: { numFmt: numberFormats[column.kind] } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  for (const row of table.rows) {
    sheet.addRow(row.map((cell, index) => excelValue(cell, table.columns[index]?.kind ?? 'text')));
  }
  for (const index of table.totalRows) sheet.getRow(index + 2).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
}

function addAboutSheet(workbook: Workbook, table: ReportTable): Worksheet {
  const sheet = workbook.addWorksheet('Filtros');
  sheet.columns = [
    { header: 'Dato', width: 22 },
    { header: 'Valor', width: 48 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const line of table.about) sheet.addRow(line);
  return sheet;
}

export async function reportXlsx(table: ReportTable): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Agencia Nacional de Minería – asistente de rendición de cuentas';
  addFiguresSheet(workbook, table);
  addAboutSheet(workbook, table);
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written);
}
