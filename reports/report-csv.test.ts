import { reportCsv } from './report-csv';
import type { ReportTable } from './report-table';

function tableOf(rows: ReportTable['rows']): ReportTable {
  return {
    sheetName: 'Espacios',
    fileName: 'prueba',
    columns: [
      { header: 'Espacio', kind: 'text', width: 10 },
      { header: 'Fecha', kind: 'date', width: 10 },
      { header: 'Mediana', kind: 'decimal', width: 10 },
      { header: 'Tasa', kind: 'percent', width: 10 },
    ],
    rows,
    totalRows: [],
    about: [],
  };
}

const linesOf = (table: ReportTable) =>
  reportCsv(table)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n');

describe('the CSV export', () => {
  it('when a title holds a semicolon, quotes or a line break, then the field is quoted and the quotes doubled', () => {
    expect(linesOf(tableOf([['Foro "minero"; Huila\nfase 2', null, null, null]]))[1]).toBe(
      '"Foro ""minero""; Huila\nfase 2";;;',
    );
  });

  it('when a text starts like a spreadsheet formula, then it is written as text', () => {
    expect(linesOf(tableOf([['=HYPERLINK("http://x")', null, null, null]]))[1]).toBe(
      `"'=HYPERLINK(""http://x"")";;;`,
    );
    expect(linesOf(tableOf([['-2+3', null, null, null]]))[1]).toBe("'-2+3;;;");
  });

  it('when numbers have decimals, then they are written with a comma, and rates as percentages', () => {
    expect(linesOf(tableOf([['A', '2026-03-20', 3.6667, 0.6667]]))[1]).toBe(
      'A;2026-03-20;3,67;66,67%',
    );
    expect(linesOf(tableOf([['B', null, 15, 1]]))[1]).toBe('B;;15;100%');
  });
});
