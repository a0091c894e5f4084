import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { SpacesReport } from '../../reports/report-types';
import { describeWithChromium, fakeTeamsSdk, launchChromium } from '../support/chromium-browser';
import { seedReportFixture } from '../support/report-fixture';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
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

describeWithChromium('the reports tab in headless Chromium', () => {
  const issuer = new LocalStaffIssuer();
  let bot: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    await issuer.start();
    bot = await startTestApp(issuer.environment());
    await seedReportFixture(bot.app.database.models);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await bot.dispose();
    await issuer.stop();
  });
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
      // Espacio, Fecha, Tipo, Lugar, then the figures.
      expect(cells.slice(4, 11)).toEqual(
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
    const first = expected.spaces[0];
    expect(
      await page.locator('#spaces-table tbody tr').first().locator('a').getAttribute('href'),
    ).toBe(`/respuestas/espacios/${first?.id ?? ''}`);
    // The link leads to the bot's own public memoir of that space, without sign-in.
    const memoir = await fetch(`${bot.app.url}/respuestas/espacios/${first?.id ?? ''}`);
    expect(memoir.status).toBe(200);
    expect(await memoir.text()).toContain(`Memoria: ${first?.title ?? ''}`);
    await page.screenshot({ path: path.join(screenshotsDir, 'reports-wide.png'), fullPage: true });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.screenshot({ path: path.join(screenshotsDir, 'reports-320.png'), fullPage: true });
  });

  it('when the charts are drawn, then Chart.js runs under the page’s policy and each has its data table', async () => {
    const page = await openPage();
    const expected = await report();
    const drawn = await page.evaluate(() => {
      const globals = globalThis as unknown as PageGlobals & {
        document: { getElementById(id: string): unknown };
      };
      return ['outcomes-chart', 'captured-chart'].map((id) =>
        Boolean(globals.Chart?.getChart(globals.document.getElementById(id))),
      );
    });
    expect(drawn).toEqual([true, true]);
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
    expect(rows.map((cells) => cells[4])).toEqual(
      expected.spaces.map((row) => String(row.figures.captured)),
    );
    expect(await page.locator('#status').textContent()).toBe(
      expected.spaces.length === 1
        ? 'Cifras de 1 espacio.'
        : `Cifras de ${expected.spaces.length} espacios.`,
    );
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
