import type { AddressInfo } from 'node:net';

import { Workbook, type Worksheet } from 'exceljs';
import { Types } from 'mongoose';
import restify, { type Server } from 'restify';

import { createLogger } from '../../kernel/logger';
import { reportModelsOf } from '../../models/report-sources';
import {
  personalValues,
  reportNow,
  seedReportFixture,
  type ReportFixture,
} from '../../test/support/report-fixture';
import type { SingleSpaceReport, SpacesReport, YearReport } from '../../reports/report-types';
import { ReportsService } from '../../reports/reports-service';
import { LocalStaffIssuer } from '../../test/support/staff-auth-issuer';
import { openTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { registerReportsRoutes } from './reports-routes';
import { RequestsInFlight } from './route-context';
import { createStaffAuthenticator } from './staff-auth';

/** The parts of the API's JSON answers these tests read (each answer has some of them). */
type ApiBody = SpacesReport &
  Omit<YearReport, 'filters'> &
  Pick<SingleSpaceReport, 'space'> & {
    error: { code: string; message: string; problems?: string[] };
  };

/** RFC 4180 with `;` between fields, as the export writes it (the BOM already removed). */
function parseSemicolonCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    if (quoted) {
      if (character === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"' && field === '') quoted = true;
    else if (character === ';') {
      fields.push(field);
      field = '';
    } else if (character === '\r' && text.charAt(index + 1) === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      index++;
    } else field += character;
  }
  return records;
}

async function workbookOf(body: ArrayBuffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(body);
  return workbook;
}

/** The sheet's lines as plain values, the header first. */
function valuesOf(sheet: Worksheet): unknown[][] {
  const lines: unknown[][] = [];
  sheet.eachRow((row) => {
    lines.push((row.values as unknown[]).slice(1));
  });
  return lines;
}

describe('the reports API over HTTP, behind the staff sign-in', () => {
  const issuer = new LocalStaffIssuer();
  let database: TestDatabase;
  let fixture: ReportFixture;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    fixture = await seedReportFixture(database.models);
    await issuer.start();
    const environment = issuer.environment();
    const logger = createLogger('silent');
    server = restify.createServer({ name: 'reports-test', handleUncaughtExceptions: false });
    registerReportsRoutes(
      {
        server,
        edge: {
          maxRequestBytes: 1_048_576,
          requestTimeoutMs: 30_000,
          perAddressPerMinute: 0,
          perConversationPerMinute: 0,
          serviceUrlAllowlist: undefined,
        },
        logger,
        inFlight: new RequestsInFlight(),
      },
      {
        staffAuth: createStaffAuthenticator(
          {
            mode: 'issuer',
            jwksUri: issuer.jwksUri,
            issuer: environment.AUTH_ISSUER ?? '',
            audience: environment.AUTH_AUDIENCE ?? '',
            tenantId: environment.AUTH_TENANT_ID,
          },
          logger,
        ),
        reports: new ReportsService({
          models: reportModelsOf(database.models),
          maxAgeMs: 0,
          now: () => reportNow,
        }),
      },
    );
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address: AddressInfo = server.address();
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
    await issuer.stop();
    await database.close();
  });

  async function get(path: string, roles: string[] | null = ['moderator']) {
    return fetch(`${baseUrl}${path}`, {
      headers: roles === null ? {} : await issuer.headers(...roles),
    });
  }
  async function json(path: string, roles?: string[] | null) {
    const response = await get(path, roles);
    return { status: response.status, response, body: (await response.json()) as ApiBody };
  }
  const spaceA = () => fixture.spaces.a.toHexString();

  it.each([
    '/api/reports/spaces',
    '/api/reports/spaces/0123456789abcdef01234567',
    '/api/reports/years/2026',
  ])('when nobody is signed in, then %s answers 401 with the challenge', async (path) => {
    const { status, response, body } = await json(path, null);
    expect(status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(body.error.code).toBe('unauthenticated');
  });

  it('when a signed-in person has none of the agency roles, then the reports answer 403', async () => {
    const { status, body } = await json('/api/reports/spaces', ['reader']);
    expect(status).toBe(403);
    expect(body.error.code).toBe('forbidden');
  });

  it.each([['staff'], ['moderator'], ['admin']])(
    'when a member with the %s role reads the figures, then they get every space and the totals',
    async (role) => {
      const { status, response, body } = await json('/api/reports/spaces', [role]);
      expect(status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(body.spaces).toHaveLength(4);
      expect(body.totals.figures.captured).toBe(15);
      expect(body.generatedAt).toBe(reportNow.toISOString());
    },
  );

  it('when filters are given in the query, then they are applied and echoed', async () => {
    const { status, body } = await json(
      '/api/reports/spaces?from=2026-01-01&to=2026-12-31&department=Huila&type=audiencia-terceros&channel=msteams',
    );
    expect(status).toBe(200);
    expect(body.filters).toEqual({
      from: '2026-01-01',
      to: '2026-12-31',
      type: 'audiencia-terceros',
      department: 'Huila',
      municipality: null,
      channel: 'msteams',
    });
    expect(body.spaces.map((row) => row.id)).toEqual([spaceA()]);
    expect(body.spaces[0]?.figures.captured).toBe(7);
  });

  it('when the query is wrong, then every problem is answered at once in Spanish with 400 invalid-body', async () => {
    const { status, body } = await json(
      '/api/reports/spaces?from=2026-02-30&type=feria&format=pdf&limit=3&channel=a&channel=b',
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid-body');
    expect(body.error.message).toBe('La consulta tiene 5 errores.');
    expect(body.error.problems).toEqual(
      expect.arrayContaining([
        'El parámetro "from" no es una fecha que exista.',
        expect.stringContaining('El parámetro "type" admite: audiencia-publica'),
        'El parámetro "format" admite: json, csv o xlsx.',
        'El parámetro "limit" no se admite aquí.',
        'El parámetro "channel" debe aparecer una sola vez.',
      ]),
    );
  });

  it('when the period ends before it starts, then it is refused', async () => {
    const { status, body } = await json('/api/reports/spaces?from=2026-06-01&to=2026-05-31');
    expect(status).toBe(400);
    expect(body.error.message).toBe('La fecha "from" debe ser anterior o igual a la fecha "to".');
  });

  it('when a space id is malformed or unknown, then it is 400 invalid-id or 404 not-found', async () => {
    const malformed = await json('/api/reports/spaces/not-an-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid-id');
    const unknown = await json(`/api/reports/spaces/${new Types.ObjectId().toHexString()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({
      code: 'not-found',
      message: 'No encontramos ese espacio.',
    });
  });

  it('when a year is not four digits in range, then it is refused', async () => {
    const { status, body } = await json('/api/reports/years/26');
    expect(status).toBe(400);
    expect(body.error.problems).toEqual([
      'El año debe ser un número de cuatro cifras entre 2000 y 2100.',
    ]);
  });

  it('when staff read one space and the baseline of a year, then they get its row and both years', async () => {
    const one = await json(`/api/reports/spaces/${spaceA()}`, ['staff']);
    expect(one.status).toBe(200);
    expect(one.body.space).toMatchObject({ id: spaceA(), participants: 85 });
    const year = await json('/api/reports/years/2026', ['admin']);
    expect(year.status).toBe(200);
    expect(year.body.spaces).toHaveLength(3);
    expect(year.body.totals.spaces).toBe(3);
    expect(year.body.previousYear.year).toBe(2025);
    expect(year.body.previousYear.totals.figures.captured).toBe(2);
    expect([year.body.totals.participants, year.body.previousYear.totals.participants]).toEqual([
      { total: 1285, recorded: 2 },
      { total: 240, recorded: 1 },
    ]);
  });

  it('when the figures are exported as CSV, then Excel in Spanish gets UTF-8 with BOM, semicolons, decimal commas and ISO dates', async () => {
    const response = await get('/api/reports/spaces?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="reporte-espacios-inicio-a-hoy.csv"',
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    for (const value of personalValues) expect(text).not.toContain(value);
    const [header, ...rows] = parseSemicolonCsv(text);
    const column = (name: string) => header?.indexOf(name) ?? -1;
    const cell = (row: string[] | undefined, name: string) => row?.[column(name)];
    expect(header?.slice(0, 4)).toEqual(['Espacio', 'Tipo', 'Fecha', 'Estado']);
    expect(rows).toHaveLength(5);
    const pitalito = rows.find(
      (row) => row[0] === 'Audiencia de participación de terceros en Pitalito',
    );
    expect(cell(pitalito, 'Fecha')).toBe('2026-03-20');
    expect(cell(pitalito, 'Estado')).toBe('Cerrado');
    expect(cell(pitalito, 'Participantes')).toBe('85');
    expect(cell(pitalito, 'Preguntas captadas')).toBe('9');
    expect(cell(pitalito, 'Vencidas sin respuesta')).toBe('2');
    expect(cell(pitalito, 'Días hábiles para responder (mediana)')).toBe('15');
    expect(cell(pitalito, 'Días hábiles para responder (percentil 90)')).toBe('16');
    expect(cell(pitalito, 'Entregas fallidas')).toBe('1');
    expect(cell(pitalito, 'Tasa de respuesta')).toBe('66,67%');
    expect(cell(pitalito, 'Satisfacción promedio (1 a 5)')).toBe('3,5');
    expect(cell(pitalito, 'Calificación 2')).toBe('1');
    expect(cell(pitalito, 'Áreas más consultadas')).toBe(
      'Regalías (3); Fiscalización (1); Títulos mineros (1)',
    );
    expect(cell(pitalito, 'Temas más consultados')).toBe('Regalías (2); Fiscalización (1)');
    const total = rows.at(-1);
    expect(total?.[0]).toBe('Total (4 espacios)');
    expect(cell(total, 'Fecha')).toBe('');
    // The participants of the three spaces that recorded them: 85 + 1,200 + 240.
    expect(cell(total, 'Participantes')).toBe('1525');
    expect(cell(total, 'Días hábiles para responder (mediana)')).toBe('9,5');
  });

  it('when the figures are exported as XLSX, then exceljs reads numbers as numbers and dates as dates under Spanish headers', async () => {
    const response = await get('/api/reports/spaces?format=xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = await workbookOf(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Espacios');
    if (!sheet) throw new Error('no sheet "Espacios"');
    const [header, ...rows] = valuesOf(sheet);
    const column = (name: string) => header?.indexOf(name) ?? -1;
    expect(header?.slice(0, 3)).toEqual(['Espacio', 'Tipo', 'Fecha']);
    expect(rows).toHaveLength(5);
    const pitalito = rows.find(
      (row) => row[0] === 'Audiencia de participación de terceros en Pitalito',
    );
    expect(pitalito?.[column('Fecha')]).toEqual(new Date('2026-03-20T00:00:00Z'));
    expect(pitalito?.[column('Preguntas captadas')]).toBe(9);
    expect(pitalito?.[column('Respondidas a tiempo')]).toBe(2);
    expect(pitalito?.[column('Días hábiles para responder (mediana)')]).toBe(15);
    expect(pitalito?.[column('Tasa de respuesta')]).toBe(0.6667);
    expect(pitalito?.[column('Satisfacción promedio (1 a 5)')]).toBe(3.5);
    const dateCell = sheet.getRow(3).getCell(column('Fecha') + 1);
    expect(dateCell.numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getRow(3).getCell(column('Tasa de respuesta') + 1).numFmt).toBe('0.00%');
    const total = rows.at(-1);
    expect(total?.[0]).toBe('Total (4 espacios)');
    expect(total?.[column('Días hábiles para responder (mediana)')]).toBe(9.5);
    expect(sheet.getRow(rows.length + 1).font.bold).toBe(true);
    const about = workbook.getWorksheet('Filtros');
    expect(about && valuesOf(about)[1]).toEqual([
      'Cifras leídas el',
      '2026-07-01 12:00 (hora de Bogotá)',
    ]);
    const everything = JSON.stringify(workbook.worksheets.map(valuesOf));
    for (const value of personalValues) expect(everything).not.toContain(value);
  });

  it("when the year's baseline is exported as XLSX, then its sheet lists the year's spaces, its total and the previous year's", async () => {
    const response = await get('/api/reports/years/2026?format=xlsx', ['admin']);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="linea-base-2026.xlsx"',
    );
    const workbook = await workbookOf(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Línea base 2026');
    if (!sheet) throw new Error('no sheet "Línea base 2026"');
    const lines = valuesOf(sheet);
    expect(lines.slice(1).map((line) => line[0])).toEqual([
      'Audiencia de participación de terceros en Pitalito',
      'ANM Activa la Región en Sogamoso',
      'Mesa técnica con mineros de subsistencia',
      'Total 2026 (3 espacios)',
      'Total 2025, año anterior (1 espacio)',
    ]);
  });
});
