import { foldText } from '../kernel/text-folding';
import { parseCsv } from './csv';
import { hearingId, hearingStates, type HearingRow, type HearingState } from './hearing';

export const hearingCsvHeader = [
  'numero',
  'departamento',
  'municipio',
  'estado',
  'fecha',
  'pdet',
  'nota',
] as const;

export interface HearingFileCheck {
  rows: HearingRow[];
  /** One sentence per problem, in Spanish: the operators of the agency read them. */
  errors: string[];
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

function pdetValue(value: string): boolean | undefined {
  const folded = foldText(value.trim());
  if (folded === 'si') return true;
  if (folded === 'no') return false;
  return undefined;
}

type CsvRecord = ReturnType<typeof parseCsv>[number];

/**
 * Reads and checks a whole calendar file in the format of the agency's published calendar
 * (`numero,departamento,municipio,estado,fecha,pdet,nota`). Every problem is reported, each with
 * its row; the caller imports nothing unless there is none.
 */
export function checkHearingFile(text: string): HearingFileCheck {
  const records = parseCsv(text);
  const wrongHeader = headerProblem(records.shift());
  if (wrongHeader) return { rows: [], errors: [wrongHeader] };
  const rows: HearingRow[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const checked = checkHearingRow(record);
    if ('problem' in checked) {
      errors.push(checked.problem);
      continue;
    }
    const { row, where } = checked;
    const key = hearingId(row);
    const firstLine = seen.get(key);
    if (firstLine !== undefined) {
      errors.push(
        `${where}: repite la audiencia de ${row.municipio} (${row.departamento}) del ${row.fecha} de la fila ${firstLine}`,
      );
      continue;
    }
    seen.set(key, record.line);
    rows.push(row);
  }
  if (rows.length === 0 && errors.length === 0) errors.push('el archivo no tiene audiencias');
  return { rows, errors };
}

function headerProblem(header: CsvRecord | undefined): string | undefined {
  const headerFields = header?.fields.map((field) => field.trim().toLowerCase()) ?? [];
  if (headerFields.join(',') === hearingCsvHeader.join(',')) return undefined;
  return `la primera fila debe ser el encabezado "${hearingCsvHeader.join(',')}" y es "${headerFields.join(',')}"`;
}

/** One row of the file: the hearing it describes, or one sentence with all its problems. */
function checkHearingRow({
  line,
  fields,
}: CsvRecord): { row: HearingRow; where: string } | { problem: string } {
  const [
    numero = '',
    departamento = '',
    municipio = '',
    estado = '',
    fecha = '',
    pdet = '',
    nota = '',
  ] = fields.map((field) => field.trim());
  const where = `fila ${line}${numero ? ` (número ${numero})` : ''}`;
  const problems: string[] = [];
  if (fields.length !== hearingCsvHeader.length) {
    problems.push(`tiene ${fields.length} columnas y deben ser ${hearingCsvHeader.length}`);
  }
  if (!/^\d+$/.test(numero)) problems.push(`el número "${numero}" debe ser un entero`);
  if (departamento === '') problems.push('falta el departamento');
  if (municipio === '') problems.push('falta el municipio');
  if (!hearingStates.includes(estado as HearingState)) {
    problems.push(`el estado "${estado}" debe ser uno de: ${hearingStates.join(', ')}`);
  }
  if (!isCalendarDate(fecha))
    problems.push(`la fecha "${fecha}" no es una fecha válida (AAAA-MM-DD)`);
  const pdetFlag = pdetValue(pdet);
  if (pdetFlag === undefined) problems.push(`PDET "${pdet}" debe ser "Sí" o "No"`);
  if (problems.length > 0) return { problem: `${where}: ${problems.join('; ')}` };
  const row: HearingRow = {
    numero: Number(numero),
    departamento,
    municipio,
    fecha,
    estado: estado as HearingState,
    pdet: pdetFlag === true,
    nota: nota === '' ? null : nota,
  };
  return { row, where };
}
