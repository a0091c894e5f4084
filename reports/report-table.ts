import { bogotaDate, bogotaHour } from '../legal-terms/business-days';
import { spaceTypeLabels, type SpaceState } from '../models/space-kinds';
import type {
  Rating,
  ReportFigures,
  ReportFilters,
  ReportTotals,
  SingleSpaceReport,
  SpaceReportRow,
  SpacesReport,
  YearReport,
} from './report-types';

/**
 * A report as a table for the exports (CSV and XLSX): Spanish headers, one line per space, then
 * the totals. Each column says what its cells hold, so that each export writes numbers as numbers
 * and dates as dates.
 */

/** `date`: a Bogotá calendar date "YYYY-MM-DD"; `percent`: a fraction (0.75 is 75 %). */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'percent' | 'date';
export type Cell = string | number | null;

export interface Column {
  header: string;
  kind: ColumnKind;
  /** Width in characters, for the spreadsheet. */
  width: number;
}

export interface ReportTable {
  /** The sheet's name (at most 31 characters, as Excel allows). */
  sheetName: string;
  /** A file name without extension: letters, digits and dashes only. */
  fileName: string;
  columns: Column[];
  rows: Cell[][];
  /** The lines that are totals (0-based indexes into `rows`), shown in bold. */
  totalRows: number[];
  /** What the figures are: when read, and the filters applied (label, value). */
  about: [label: string, value: string][];
}

const stateLabels: Record<SpaceState, string> = {
  scheduled: 'Programado',
  open: 'En curso',
  closed: 'Cerrado',
};

type Line = {
  space: SpaceReportRow | null;
  label: string;
  figures: ReportFigures;
  /** A totals line: the participants of the spaces that recorded them. */
  participants?: number | null;
};

const ratings: readonly Rating[] = ['1', '2', '3', '4', '5'];

const spaceColumns: [Column, (line: Line) => Cell][] = [
  [{ header: 'Espacio', kind: 'text', width: 40 }, (line) => line.space?.title ?? line.label],
  [{ header: 'Tipo', kind: 'text', width: 34 }, (line) => line.space?.typeLabel ?? null],
  [{ header: 'Fecha', kind: 'date', width: 12 }, (line) => line.space?.localDate ?? null],
  [
    { header: 'Estado', kind: 'text', width: 12 },
    (line) => (line.space ? stateLabels[line.space.state] : null),
  ],
  [{ header: 'Departamento', kind: 'text', width: 18 }, (line) => line.space?.department ?? null],
  [{ header: 'Municipio', kind: 'text', width: 18 }, (line) => line.space?.municipality ?? null],
  [
    { header: 'Área responsable', kind: 'text', width: 22 },
    (line) => line.space?.responsibleArea ?? null,
  ],
  [
    { header: 'Participantes', kind: 'integer', width: 13 },
    (line) => (line.space ? line.space.participants : (line.participants ?? null)),
  ],
];

const figureColumns: [Column, (figures: ReportFigures) => Cell][] = [
  [{ header: 'Preguntas captadas', kind: 'integer', width: 11 }, (f) => f.captured],
  [{ header: 'Respondidas en vivo', kind: 'integer', width: 11 }, (f) => f.answeredLive],
  [{ header: 'Registradas', kind: 'integer', width: 11 }, (f) => f.registered],
  [{ header: 'Respondidas a tiempo', kind: 'integer', width: 11 }, (f) => f.answeredOnTime],
  [{ header: 'Respondidas tarde', kind: 'integer', width: 11 }, (f) => f.answeredLate],
  [{ header: 'Pendientes en término', kind: 'integer', width: 11 }, (f) => f.pending],
  [{ header: 'Vencidas sin respuesta', kind: 'integer', width: 11 }, (f) => f.overdue],
  [{ header: 'Trasladadas por competencia', kind: 'integer', width: 12 }, (f) => f.forwarded],
  [{ header: 'Retiradas', kind: 'integer', width: 10 }, (f) => f.withdrawn],
  [{ header: 'Rechazadas', kind: 'integer', width: 10 }, (f) => f.rejected],
  [
    { header: 'Días hábiles para responder (mediana)', kind: 'decimal', width: 14 },
    (f) => f.businessDaysToAnswer.median,
  ],
  [
    { header: 'Días hábiles para responder (percentil 90)', kind: 'integer', width: 14 },
    (f) => f.businessDaysToAnswer.p90,
  ],
  [{ header: 'Duplicadas agrupadas', kind: 'integer', width: 11 }, (f) => f.duplicatesGrouped],
  [{ header: 'Preguntas distintas', kind: 'integer', width: 11 }, (f) => f.distinctQuestions],
  [{ header: 'Entregas enviadas', kind: 'integer', width: 11 }, (f) => f.deliveries.sent],
  [{ header: 'Entregas fallidas', kind: 'integer', width: 11 }, (f) => f.deliveries.failed],
  [
    { header: 'Entregas sin medio de contacto', kind: 'integer', width: 13 },
    (f) => f.deliveries.unreachable,
  ],
  [{ header: 'Entregas pendientes', kind: 'integer', width: 11 }, (f) => f.deliveries.pending],
  [{ header: 'Encuestas enviadas', kind: 'integer', width: 11 }, (f) => f.satisfaction.asked],
  [
    { header: 'Encuestas respondidas', kind: 'integer', width: 11 },
    (f) => f.satisfaction.responded,
  ],
  [{ header: 'Tasa de respuesta', kind: 'percent', width: 11 }, (f) => f.satisfaction.responseRate],
  [
    { header: 'Satisfacción promedio (1 a 5)', kind: 'decimal', width: 13 },
    (f) => f.satisfaction.mean,
  ],
  ...ratings.map((rating): [Column, (figures: ReportFigures) => Cell] => [
    { header: `Calificación ${rating}`, kind: 'integer', width: 12 },
    (f) => f.satisfaction.distribution[rating],
  ]),
  [
    { header: 'Áreas más consultadas', kind: 'text', width: 40 },
    (f) => f.topics.areas.map((topic) => `${topic.area} (${topic.questions})`).join('; ') || null,
  ],
  [
    { header: 'Temas más consultados', kind: 'text', width: 40 },
    (f) =>
      f.topics.knowledge.map((topic) => `${topic.label} (${topic.questions})`).join('; ') || null,
  ],
];

const columns: Column[] = [
  ...spaceColumns.map(([column]) => column),
  ...figureColumns.map(([column]) => column),
];

function cellsOf(line: Line): Cell[] {
  return [
    ...spaceColumns.map(([, value]) => value(line)),
    ...figureColumns.map(([, value]) => value(line.figures)),
  ];
}

function totalLine(label: string, totals: ReportTotals): Line {
  const spaces = `${totals.spaces} ${totals.spaces === 1 ? 'espacio' : 'espacios'}`;
  return {
    space: null,
    label: `${label} (${spaces})`,
    figures: totals.figures,
    participants: totals.participants.total,
  };
}

function filterLines(filters: Partial<ReportFilters>): [string, string][] {
  const lines: [string, string | null | undefined][] = [
    ['Desde', filters.from],
    ['Hasta', filters.to],
    ['Tipo de espacio', filters.type ? spaceTypeLabels[filters.type] : filters.type],
    ['Departamento', filters.department],
    ['Municipio', filters.municipality],
    ['Canal', filters.channel],
  ];
  return lines.flatMap(([label, value]): [string, string][] =>
    value === undefined ? [] : [[label, value ?? 'Todos']],
  );
}

function tableOf(
  parts: Pick<ReportTable, 'sheetName' | 'fileName' | 'about'>,
  lines: Line[],
  totals: number,
): ReportTable {
  return {
    ...parts,
    columns,
    rows: lines.map(cellsOf),
    totalRows: Array.from({ length: totals }, (_, index) => lines.length - totals + index),
  };
}

/** "2026-05-04 12:00 (hora de Bogotá)": when the figures were read from the database. */
function generatedLine(generatedAt: string): [string, string] {
  const instant = new Date(generatedAt);
  const time = `${String(bogotaHour(instant)).padStart(2, '0')}:${String(instant.getUTCMinutes()).padStart(2, '0')}`;
  return ['Cifras leídas el', `${bogotaDate(instant)} ${time} (hora de Bogotá)`];
}

export function spacesTable(report: SpacesReport): ReportTable {
  const { from, to } = report.filters;
  return tableOf(
    {
      sheetName: 'Espacios',
      fileName: `reporte-espacios-${from ?? 'inicio'}-a-${to ?? 'hoy'}`,
      about: [generatedLine(report.generatedAt), ...filterLines(report.filters)],
    },
    [
      ...report.spaces.map((space) => ({ space, label: '', figures: space.figures })),
      totalLine('Total', report.totals),
    ],
    1,
  );
}

export function singleSpaceTable(report: SingleSpaceReport): ReportTable {
  return tableOf(
    {
      sheetName: 'Espacio',
      fileName: `reporte-espacio-${report.space.id}`,
      about: [generatedLine(report.generatedAt), ...filterLines(report.filters)],
    },
    [{ space: report.space, label: '', figures: report.space.figures }],
    0,
  );
}

export function yearTable(report: YearReport): ReportTable {
  return tableOf(
    {
      sheetName: `Línea base ${report.year}`,
      fileName: `linea-base-${report.year}`,
      about: [
        generatedLine(report.generatedAt),
        ['Año', String(report.year)],
        ...filterLines(report.filters),
      ],
    },
    [
      ...report.spaces.map((space) => ({ space, label: '', figures: space.figures })),
      totalLine(`Total ${report.year}`, report.totals),
      totalLine(`Total ${report.previousYear.year}, año anterior`, report.previousYear.totals),
    ],
    2,
  );
}
