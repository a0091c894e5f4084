import { readFileSync } from 'node:fs';

import { sampleHearingCalendar } from '../test/support/sample-data';
import { parseCsv } from './csv';
import { checkHearingFile } from './hearing-import';

const header = 'numero,departamento,municipio,estado,fecha,pdet,nota';

describe('parseCsv', () => {
  it('when fields are quoted with commas, doubled quotes and line breaks, then they are read whole', () => {
    const records = parseCsv('a,b\r\n1,"dice ""hola"", y se va"\n2,"dos\nlíneas"\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'dice "hola", y se va'] },
      { line: 3, fields: ['2', 'dos\nlíneas'] },
    ]);
  });
});

describe('checkHearingFile', () => {
  it('when the agency sample calendar is read, then its 68 hearings are valid', () => {
    const { rows, errors } = checkHearingFile(readFileSync(sampleHearingCalendar(), 'utf8'));
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(68);
    expect(rows.find((row) => row.municipio === 'Pitalito')).toEqual({
      numero: 6,
      departamento: 'Huila',
      municipio: 'Pitalito',
      fecha: '2021-04-16',
      estado: 'Realizada',
      pdet: false,
      nota: null,
    });
  });

  it('when several rows are wrong, then each is reported with its row and why, all at once', () => {
    const file = [
      header,
      '1,Huila,Pitalito,Realizada,2021-02-30,No,',
      '2,Huila,,Realizada,2021-04-15,No,',
      '3,Huila,Rivera,Suspendida,2021-04-15,Tal vez,',
      'x,Cesar,Aguachica,Realizada,2021-03-26,No,',
      '5,Cesar,Gamarra,Realizada,2021-03-26,No,"fuente: ""Gamara"", con coma"',
      '6,Cesar,Gamarra,Realizada,2021-03-26,Sí,',
    ].join('\n');
    const { errors } = checkHearingFile(file);
    expect(errors).toEqual([
      'fila 2 (número 1): la fecha "2021-02-30" no es una fecha válida (AAAA-MM-DD)',
      'fila 3 (número 2): falta el municipio',
      'fila 4 (número 3): el estado "Suspendida" debe ser uno de: Programada, Realizada, Aplazada, Cancelada; PDET "Tal vez" debe ser "Sí" o "No"',
      'fila 5 (número x): el número "x" debe ser un entero',
      'fila 7 (número 6): repite la audiencia de Gamarra (Cesar) del 2021-03-26 de la fila 6',
    ]);
  });

  it('when the header is not the calendar format, then the file is refused as a whole', () => {
    expect(checkHearingFile('municipio,fecha\nPitalito,2021-04-16\n').errors[0]).toMatch(
      /la primera fila debe ser el encabezado/,
    );
  });
});
