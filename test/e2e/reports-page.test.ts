import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Workbook } from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { SpacesReport } from '../../reports/report-types';
import { describeWithChromium, fakeTeamsSdk, launchChromium } from '../support/chromium-browser';
import { seedReportFixture } from '../support/report-fixture';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { Teardown } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** Where the screenshots of this page are kept for a visual check, at 320 px and wide. */
const screenshotsDir =
  process.env.REPORTS_TAB_SCREENSHOTS_DIR ?? path.join(os.tmpdir(), 'anm-reports-tab-screenshots');

const staffMember = { oid: 'oid-carla-planeacion', name: 'Carla Planeación', roles: ['staff'] };

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown }[];
}

interface PageElement {
  tagName: string;
  id: string;
  getBoundingClientRect(): { right: number };
  closest(selector: string): unknown;
}

interface PageGlobals {
  document: { activeElement: { textContent: string | null; id: string } | null };
  Chart?: { getChart(canvas: unknown): unknown };
}

/** Presses Tab (a date field has a stop per part) until the element with `id` has the focus. */
async function tabTo(page: Page, id: string, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      () => (globalThis as unknown as PageGlobals).document.activeElement?.id,
    );
    if (focused === id) return;
  }
  throw new Error(`#${id} never took the focus`);
}

/**
 * What goes past a 320 px screen, besides the wide tables in their own scrollable regions; the
 * charts follow a new width once Chart.js has seen it, so this waits a little for them.
 */
async function overflowingAt320(page: Page): Promise<string[]> {
  await page.setViewportSize({ width: 320, height: 900 });
  const overflowing = async () =>
    page.evaluate(() => {
      const globals = globalThis as unknown as {
        document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
      };
      return Array.from(globals.document.querySelectorAll('main *'))
        .filter((element) => element.getBoundingClientRect().right > 321)
        .filter((element) => !element.closest('.table-scroll'))
        .map((element) => `${element.tagName}#${element.id}`);
    });
  for (let tries = 0; tries < 20 && (await overflowing()).length > 0; tries++) {
    await page.waitForTimeout(100);
  }
  return overflowing();
}

describeWithChromium('the reports tab in headless Chromium', () => {
  const issuer = new LocalStaffIssuer();
  let bot: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const refused: string[] = [];
  const teardown = new Teardown();

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    await issuer.start();
    teardown.add(() => issuer.stop());
    bot = await startTestApp(issuer.environment());
    teardown.add(() => bot.dispose());
    await seedReportFixture(bot.app.database.models);
    browser = await launchChromium();
    teardown.add(() => browser.close());
  }, 60_000);
  afterAll(() => teardown.run());
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(pageErrors).toEqual([]);
    expect(refused).toEqual([]);
  });

  async function report(query = ''): Promise<SpacesReport> {
    const response = await fetch(`${bot.app.url}/api/reports/spaces${query}`, {
      headers: { authorization: `Bearer ${await issuer.token(staffMember)}` },
    });
    return (await response.json()) as SpacesReport;
  }

  /** The reports tab as Teams shows it to a staff member signed in with Teams SSO. */
  async function openPage(options: { bypassCSP?: boolean; width?: number } = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1100, height: 900 },
      locale: 'es-CO',
      bypassCSP: options.bypassCSP ?? false,
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
    const token = await issuer.token(staffMember);
    await page.route('**/tab/teams-js.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: fakeTeamsSdk({ token }) }),
    );
    await page.goto(`${bot.app.url}/tab/reports.html`);
    await page.locator('#spaces-table tbody tr').first().waitFor({ timeout: 10_000 });
    return page;
  }

  /** The table's rows: the space's title, then every cell as shown. */
  async function tableRows(page: Page, selector: string): Promise<string[][]> {
    return page
      .locator(`${selector} tbody tr`)
      .evaluateAll((rows): string[][] =>
        rows.map((row) =>
          Array.from(
            (row as unknown as { children: ArrayLike<{ textContent: string | null }> }).children,
            (cell) => (cell.textContent ?? '').trim(),
          ),
        ),
      );
  }

  it('when a staff member opens the tab, then every space and total shown is the API’s figure', async () => {
    const page = await openPage();
    const expected = await report();
    const rows = await tableRows(page, '#spaces-table');
    expect(
      rows.map((cells) => cells[0]?.replace(' (memoria pública, se abre en otra pestaña)', '')),
    ).toEqual(expected.spaces.map((row) => row.title));
    expected.spaces.forEach((space, index) => {
      const cells = rows[index] ?? [];
      // Espacio, Fecha, Tipo, Lugar, Participantes, then the figures.
      expect(cells[4]).toBe(
        space.participants === null
          ? 'Sin datos'
          : new Intl.NumberFormat('es-CO').format(space.participants),
      );
      expect(cells.slice(5, 12)).toEqual(
        [
          space.figures.captured,
          space.figures.answeredLive,
          space.figures.registered,
          space.figures.answeredOnTime,
          space.figures.answeredLate,
          space.figures.pending,
          space.figures.overdue,
        ].map(String),
      );
      expect(cells[2]).toBe(space.typeLabel);
    });
    expect(await page.locator('[data-total="Preguntas captadas"]').textContent()).toBe(
      String(expected.totals.figures.captured),
    );
    expect(await page.locator('[data-total="Espacios"]').textContent()).toBe(
      String(expected.totals.spaces),
    );
    expect(await page.locator('[data-total="Vencidas"]').textContent()).toBe(
      String(expected.totals.figures.overdue),
    );
    const total = async (term: string) => page.locator(`[data-total="${term}"]`).textContent();
    const { deliveries, satisfaction } = expected.totals.figures;
    expect(await total('Por canal')).toBe('Teams 9 · Facebook 6');
    expect(await total('Agrupadas con otra igual')).toBe('1');
    expect(await total('Respuestas entregadas')).toBe(String(deliveries.sent));
    expect(await total('Entregas fallidas o sin canal')).toBe(
      String(deliveries.failed + deliveries.unreachable),
    );
    expect(await total('Calificaciones (1 a 5)')).toBe(
      ['1', '2', '3', '4', '5']
        .map((rating) => `${rating}: ${String(satisfaction.distribution[rating as '1'])}`)
        .join(' · '),
    );
    const first = expected.spaces[0];
    expect(
      await page.locator('#spaces-table tbody tr').first().locator('a').getAttribute('href'),
    ).toBe(`/respuestas/espacios/${first?.id ?? ''}`);
    // The link leads to the bot's own public memoir of that space, without sign-in.
    const memoir = await fetch(`${bot.app.url}/respuestas/espacios/${first?.id ?? ''}`);
    expect(memoir.status).toBe(200);
    expect(await memoir.text()).toContain(`Memoria: ${first?.title ?? ''}`);
    await page.screenshot({ path: path.join(screenshotsDir, 'reports-wide.png'), fullPage: true });
    expect(await overflowingAt320(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshotsDir, 'reports-320.png'), fullPage: true });
  });

  it('when the charts are drawn, then Chart.js runs under the page’s policy and each has its data table', async () => {
    const page = await openPage();
    const expected = await report();
    const drawn = await page.evaluate(() => {
      const globals = globalThis as unknown as PageGlobals & {
        document: { getElementById(id: string): unknown };
      };
      return ['outcomes-chart', 'captured-chart', 'topics-chart'].map((id) =>
        Boolean(globals.Chart?.getChart(globals.document.getElementById(id))),
      );
    });
    expect(drawn).toEqual([true, true, true]);
    // The fixed data set's 15 questions: the knowledge base's topics stored with them, and the
    // areas moderators assigned.
    expect(await tableRows(page, '#topics-table')).toEqual([
      ['Regalías', '4'],
      ['Fiscalización', '1'],
      ['Seguridad y salvamento minero', '1'],
      ['Sin tema identificado', '9'],
    ]);
    expect(await tableRows(page, '#areas-table')).toEqual([
      ['Regalías', '5'],
      ['Fiscalización', '1'],
      ['Seguridad minera', '1'],
      ['Títulos mineros', '1'],
      ['Sin área asignada', '7'],
    ]);
    const outcomes = await tableRows(page, '#outcomes-table');
    const { figures } = expected.totals;
    expect(outcomes).toEqual([
      ['Respondidas a tiempo', String(figures.answeredOnTime)],
      ['Respondidas tarde', String(figures.answeredLate)],
      ['Pendientes', String(figures.pending)],
      ['Vencidas', String(figures.overdue)],
      ['Remitidas a otra entidad', String(figures.forwarded)],
      ['Retiradas', String(figures.withdrawn)],
      ['Rechazadas', String(figures.rejected)],
    ]);
    expect(await tableRows(page, '#captured-table')).toEqual(
      expected.spaces.map((row) => [
        row.title,
        String(row.figures.captured),
        String(row.figures.answeredLive),
      ]),
    );
  });

  it('when a staff member uses only the keyboard, then they can filter by type and see that type’s figures', async () => {
    const page = await openPage();
    await tabTo(page, 'filter-type');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#filter-type').inputValue()).toBe('activa-la-region');
    await tabTo(page, 'filters-submit');
    await page.keyboard.press('Enter');
    const expected = await report('?type=activa-la-region');
    await page.waitForFunction(
      (count) =>
        (
          globalThis as unknown as {
            document: { querySelectorAll(selector: string): { length: number } };
          }
        ).document.querySelectorAll('#spaces-table tbody tr').length === count,
      expected.spaces.length,
    );
    const rows = await tableRows(page, '#spaces-table');
    expect(rows.map((cells) => cells[5])).toEqual(
      expected.spaces.map((row) => String(row.figures.captured)),
    );
    expect(await page.locator('#status').textContent()).toBe(
      expected.spaces.length === 1
        ? 'Cifras de 1 espacio.'
        : `Cifras de ${expected.spaces.length} espacios.`,
    );
  });

  /** The text of every cell, with the spaces Intl puts in numbers ("75 %") made plain. */
  const plain = (rows: string[][]) =>
    rows.map((cells) => cells.map((cell) => cell.replace(/\s+/g, ' ')));
  const memoirSuffix = ' (memoria pública, se abre en otra pestaña)';

  it('when a staff member filters by municipality and channel, then only that space is listed, with the figures of that channel', async () => {
    const page = await openPage();
    expect(await page.locator('[data-total="Participantes"]').textContent()).toBe(
      '1.525 (3 de 4 espacios con registro)',
    );
    await page.getByLabel('Municipio').fill('pitalito');
    await page.getByLabel('Canal').selectOption('facebook');
    await page.getByRole('button', { name: 'Ver cifras' }).click();
    await page.locator('#status').filter({ hasText: 'Cifras de 1 espacio.' }).waitFor();
    const rows = await tableRows(page, '#spaces-table');
    // Space A on Facebook only: two questions, one overdue consultation and one rejected.
    expect(plain(rows)).toEqual([
      [
        `Audiencia de participación de terceros en Pitalito${memoirSuffix}`,
        '20 de mar de 2026',
        'Audiencia de participación de terceros',
        'Pitalito, Huila',
        '85',
        '2',
        '0',
        '2',
        '0',
        '0',
        '0',
        '1',
        'Sin datos',
        'Sin datos',
      ],
    ]);
    expect(await page.locator('[data-total="Preguntas captadas"]').textContent()).toBe('2');
    expect(await page.locator('[data-total="Participantes"]').textContent()).toBe('85');
    await page.getByLabel('Municipio').fill('');
    await page.getByRole('button', { name: 'Ver cifras' }).click();
    await page.locator('#status').filter({ hasText: 'Cifras de 2 espacios.' }).waitFor();
    expect((await tableRows(page, '#spaces-table')).map((cells) => cells[5])).toEqual(['2', '4']);
  });

  /** Types the year and shows its baseline; resolves once the page announced it. */
  async function showYear(page: Page, year: string, spaces: number): Promise<void> {
    await page.getByLabel('Año', { exact: true }).fill(year);
    await page.getByRole('button', { name: 'Ver línea base' }).click();
    await page
      .locator('#status')
      .filter({
        hasText: `Línea base de ${year}: ${spaces === 1 ? '1 espacio' : `${spaces} espacios`}.`,
      })
      .waitFor({ timeout: 10_000 });
  }

  // The app reads the figures at the real time, past 2026-07-03: B's last question (due that day,
  // pending at the fixture's `reportNow`) is overdue here, so 2026 has no question within its term.
  it('when a staff member asks for the baseline of 2026, then every space of the year is listed with its participation and figures, and the totals against 2025', async () => {
    const page = await openPage();
    await showYear(page, '2026', 3);
    expect(plain(await tableRows(page, '#year-totals'))).toEqual([
      ['Espacios', '3', '1', '+2'],
      ['Participantes', '1.285', '240', '+1.045'],
      ['Preguntas captadas', '13', '2', '+11'],
      ['Respondidas en vivo', '2', '0', '+2'],
      ['Registradas', '11', '2', '+9'],
      ['Respondidas a tiempo', '4', '1', '+3'],
      ['Respondidas tarde', '1', '0', '+1'],
      ['Pendientes', '0', '0', '0'],
      ['Vencidas', '3', '1', '+2'],
      ['Días hábiles para responder (mediana)', '15', '4', '+11'],
      ['Satisfacción promedio (1 a 5)', '3,7', 'Sin datos', 'Sin datos'],
      ['Tasa de respuesta a la encuesta', '75%', 'Sin datos', 'Sin datos'],
    ]);
    expect(
      await page
        .locator('#year-totals thead th')
        .evaluateAll((cells) =>
          cells.map((cell) => (cell as unknown as { textContent: string }).textContent),
        ),
    ).toEqual(['Cifra', '2026', '2025 (año anterior)', 'Diferencia']);
    expect(plain(await tableRows(page, '#year-spaces-table'))).toEqual([
      [
        `Audiencia de participación de terceros en Pitalito${memoirSuffix}`,
        '20 de mar de 2026',
        'Audiencia de participación de terceros',
        'Pitalito, Huila',
        '85',
        '9',
        '1',
        '8',
        '2',
        '1',
        '0',
        '2',
        '15',
        '3,5',
      ],
      [
        `ANM Activa la Región en Sogamoso${memoirSuffix}`,
        '10 de jun de 2026',
        'ANM Activa la Región',
        'Sogamoso, Boyacá',
        '1.200',
        '4',
        '1',
        '3',
        '2',
        '0',
        '0',
        '1',
        '1,5',
        '4',
      ],
      [
        `Mesa técnica con mineros de subsistencia${memoirSuffix}`,
        '20 de nov de 2026',
        'Mesa, foro o grupo focal',
        'Neiva, Huila',
        'Sin datos',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        'Sin datos',
        'Sin datos',
      ],
    ]);
    // Each chart has its data table beside it, for whoever cannot see the chart.
    expect(await tableRows(page, '#year-chart-table')).toEqual([
      ['Preguntas captadas', '13', '2'],
      ['Respondidas en vivo', '2', '0'],
      ['Registradas', '11', '2'],
      ['Respondidas a tiempo', '4', '1'],
      ['Respondidas tarde', '1', '0'],
      ['Pendientes', '0', '0'],
      ['Vencidas', '3', '1'],
    ]);
    expect(await tableRows(page, '#year-participants-table')).toEqual([
      ['Audiencia de participación de terceros en Pitalito', '85'],
      ['ANM Activa la Región en Sogamoso', '1.200'],
      ['Mesa técnica con mineros de subsistencia', 'Sin datos'],
    ]);
    const drawn = await page.evaluate(() => {
      const globals = globalThis as unknown as PageGlobals & {
        document: { getElementById(id: string): unknown };
      };
      return ['year-chart', 'year-participants-chart'].map((id) =>
        Boolean(globals.Chart?.getChart(globals.document.getElementById(id))),
      );
    });
    expect(drawn).toEqual([true, true]);
    await page.locator('#year-view').screenshot({
      path: path.join(screenshotsDir, 'reports-year-wide.png'),
    });
    expect(await overflowingAt320(page)).toEqual([]);
    await page.screenshot({
      path: path.join(screenshotsDir, 'reports-year-320.png'),
      fullPage: true,
    });

    // The filters above apply to the baseline too: Huila held two spaces in 2026, none in 2025.
    await page.getByLabel('Departamento').fill('Huila');
    await showYear(page, '2026', 2);
    expect(plain(await tableRows(page, '#year-totals')).slice(0, 3)).toEqual([
      ['Espacios', '2', '0', '+2'],
      ['Participantes', '85', 'Sin datos', 'Sin datos'],
      ['Preguntas captadas', '9', '0', '+9'],
    ]);
  });

  it('when a staff member exports the baseline of 2026, then the CSV and the XLSX of that year download with its figures', async () => {
    const page = await openPage();
    await page.getByLabel('Año', { exact: true }).fill('2026');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportar línea base CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('linea-base-2026.csv');
    const csvLines = readFileSync(await csv.path(), 'utf8').split('\r\n');
    expect(csvLines.map((line) => line.split(';')[0])).toEqual([
      '\uFEFFEspacio',
      'Audiencia de participación de terceros en Pitalito',
      'ANM Activa la Región en Sogamoso',
      'Mesa técnica con mineros de subsistencia',
      'Total 2026 (3 espacios)',
      'Total 2025, año anterior (1 espacio)',
      '',
    ]);
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportar línea base XLSX' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe('linea-base-2026.xlsx');
    const workbook = new Workbook();
    await workbook.xlsx.load(new Uint8Array(readFileSync(await xlsx.path())).buffer);
    const sheet = workbook.getWorksheet('Línea base 2026');
    if (!sheet) throw new Error('no sheet "Línea base 2026"');
    const lines: unknown[][] = [];
    sheet.eachRow((row) => lines.push((row.values as unknown[]).slice(1)));
    const column = (name: string) => lines[0]?.indexOf(name) ?? -1;
    expect(
      lines
        .slice(1)
        .map((line) => [
          line[0],
          line[column('Participantes')] ?? null,
          line[column('Preguntas captadas')],
        ]),
    ).toEqual([
      ['Audiencia de participación de terceros en Pitalito', 85, 9],
      ['ANM Activa la Región en Sogamoso', 1200, 4],
      ['Mesa técnica con mineros de subsistencia', null, 0],
      ['Total 2026 (3 espacios)', 1285, 13],
      ['Total 2025, año anterior (1 espacio)', 240, 2],
    ]);

    await page.getByLabel('Año', { exact: true }).fill('26');
    await page.getByRole('button', { name: 'Ver línea base' }).click();
    await page.locator('#error').waitFor({ state: 'visible' });
    expect(await page.locator('#error-message').textContent()).toBe(
      'Año: escriba un año de cuatro cifras, por ejemplo 2026.',
    );
    expect(await page.locator('#year-input').getAttribute('aria-invalid')).toBe('true');
  });

  it('when a staff member exports, then the CSV and the XLSX download with the token', async () => {
    const page = await openPage();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportar CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const csvText = readFileSync(await csv.path(), 'utf8');
    expect(csvText.startsWith('\uFEFF')).toBe(true);
    expect(csvText).toContain('Preguntas captadas');
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportar XLSX' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      readFileSync(await xlsx.path())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
  });

  it('when the signed-in account has no role of the agency, then the page says so in Spanish and shows no figures', async () => {
    const context = await browser.newContext({ locale: 'es-CO' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const token = await issuer.token({ ...staffMember, roles: ['citizen'] });
    await page.route('**/tab/teams-js.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: fakeTeamsSdk({ token }) }),
    );
    await page.goto(`${bot.app.url}/tab/reports.html`);
    await page.locator('#error').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#error-message').textContent()).toMatch(/rol/);
    expect(await page.locator('#spaces-table tbody tr').count()).toBe(0);
  });

  it('when axe-core checks the page, wide and at 320 px, then it finds no serious or critical violation', async () => {
    for (const width of [1100, 320]) {
      const page = await openPage({ bypassCSP: true, width });
      await showYear(page, '2026', 3);
      await page.addScriptTag({
        content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'),
      });
      const violations = await page.evaluate(async () => {
        const axe = (
          globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }
        ).axe;
        const result = await axe.run();
        return result.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map(({ id, nodes }) => ({
            id,
            targets: nodes.map((node) => JSON.stringify(node.target)),
          }));
      });
      expect({ width, violations }).toEqual({ width, violations: [] });
    }
  });
});
