import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { createSpace, openSpace } from '../../models/space';
import {
  openModerationFixture,
  type ModerationFixture,
} from '../../moderation/moderation-test-kit';
import { describeWithChromium, launchChromium } from '../support/chromium-browser';
import { publishAnswer } from '../support/public-answers-server';
import { startSpaceMemoirServer, type SpaceMemoirServer } from '../support/space-memoir-server';
import { Teardown } from '../support/teardown';

/** Where the screenshot and the printed PDF of the memoir are kept for a visual check. */
const artifactsDir =
  process.env.SPACE_MEMOIR_ARTIFACTS_DIR ?? path.join(os.tmpdir(), 'anm-space-memoir-artifacts');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown }[];
}

/** axe-core, injected as a script: the page's policy forbids that, so the context bypasses it. */
async function seriousViolations(page: Page) {
  await page.addScriptTag({
    content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'),
  });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run();
    return result.violations.map(({ id, impact, nodes }) => ({
      id,
      impact,
      targets: nodes.map((node) => JSON.stringify(node.target)),
    }));
  });
  return violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
}

/** The number of pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describeWithChromium('the memoir of a space in Chromium', () => {
  let fixture: ModerationFixture;
  let server: SpaceMemoirServer;
  let browser: Browser;
  let memoirPath: string;
  const teardown = new Teardown();

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    fixture = await openModerationFixture();
    teardown.add(() => fixture.close());
    const { models } = fixture.database;
    const space = await createSpace(models, {
      type: 'activa-la-region',
      title: 'ANM Activa la Región en Sogamoso',
      department: 'Boyacá',
      municipality: 'Sogamoso',
    });
    await openSpace(models, space._id, new Date('2026-12-01T14:00:00Z'));
    memoirPath = `/respuestas/espacios/${space._id.toHexString()}`;
    const inSpace = { spaceId: space._id, origin: 'meeting-chat' as const, channelId: 'msteams' };
    // Enough questions for more than one A4 page.
    for (let index = 1; index <= 30; index++) {
      const question = await fixture.register({
        ...inSpace,
        text: `¿Cuánto recibe la vereda número ${index} de regalías del carbón este año y cómo se reparte entre los municipios vecinos?`,
      });
      if (index <= 8)
        await publishAnswer(
          fixture.service,
          question,
          `Respuesta oficial número ${index}: las regalías se distribuyen según el Sistema General de Regalías y el municipio recibe su parte cada dos meses.`,
        );
    }
    server = await startSpaceMemoirServer(models);
    teardown.add(() => server.close());
    browser = await launchChromium();
    teardown.add(() => browser.close());
  });
  afterAll(() => teardown.run());

  it('when the memoir loads under its own policy, then both style sheets apply and nothing is refused', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
    await page.goto(`${server.url}${memoirPath}`);
    expect(await page.locator('h1').textContent()).toBe(
      'Memoria: ANM Activa la Región en Sogamoso',
    );
    // The memoir's own sheet applies: its tables have their borders collapsed.
    expect(
      await page
        .locator('table.figures')
        .first()
        .evaluate(
          (table) =>
            (
              globalThis as unknown as {
                getComputedStyle(element: unknown): { borderCollapse: string };
              }
            ).getComputedStyle(table).borderCollapse,
        ),
    ).toBe('collapse');
    expect(refused).toEqual([]);
    await page.setViewportSize({ width: 320, height: 900 });
    await page.screenshot({ path: path.join(artifactsDir, 'memoir-320.png'), fullPage: true });
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.screenshot({ path: path.join(artifactsDir, 'memoir-wide.png'), fullPage: true });
    expect(statSync(path.join(artifactsDir, 'memoir-wide.png')).size).toBeGreaterThan(0);
    await page.close();
  });

  it('when axe-core checks the memoir and the not-found page, then it finds no serious or critical violation', async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'es-CO' });
    const page = await context.newPage();
    for (const target of [memoirPath, '/respuestas/espacios/no-existe']) {
      await page.goto(`${server.url}${target}`);
      expect({ target, violations: await seriousViolations(page) }).toEqual({
        target,
        violations: [],
      });
    }
    await context.close();
  });

  it('when the memoir is printed, then the navigation is hidden and an A4 PDF of several pages comes out', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${memoirPath}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-nav').first().isVisible()).toBe(false);
    expect(await page.locator('.skip-link').isVisible()).toBe(false);
    expect(await page.locator('h1').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    await page.close();
    const file = path.join(artifactsDir, 'memoir.pdf');
    writeFileSync(file, pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(2);
    // A4 is 210 × 297 mm: 595 × 842 points.
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/.exec(pdf.toString('latin1'));
    expect([Math.round(Number(box?.[1])), Math.round(Number(box?.[2]))]).toEqual([595, 842]);
  });

  it('when the page is on screen, then the navigation is visible and leads to the answers', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${memoirPath}`);
    const nav = page.getByRole('navigation', { name: 'Navegación del sitio' });
    expect(await nav.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/respuestas$/);
    expect(await page.locator('h1').textContent()).toContain('Respuestas oficiales');
    await page.close();
  });
});
