import { readFileSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';

import { createSpace } from '../../models/space';
import {
  openModerationFixture,
  type ModerationFixture,
} from '../../moderation/moderation-test-kit';
import { describeWithChromium, keepScreenshots, launchChromium } from '../support/chromium-browser';
import {
  publishAnswer,
  startPublicAnswersServer,
  type PublicAnswersServer,
} from '../support/public-answers-server';
import { Teardown } from '../support/teardown';

const titleAnswer = 'Un título minero se pide en la plataforma AnnA Minería, con los documentos.';

/** The browser globals the page is inspected with (the tests compile without the DOM types). */
interface FocusedElement {
  textContent: string | null;
  labels?: ArrayLike<{ textContent: string | null }>;
}
interface BrowserGlobals {
  document: { activeElement: FocusedElement | null };
}

interface BoxedElement {
  getBoundingClientRect(): { top: number; width: number };
}

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

/** Presses Tab until the focused element's accessible text contains `label`. */
async function tabTo(page: Page, label: string, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = (globalThis as unknown as BrowserGlobals).document.activeElement;
      if (!element) return '';
      return `${element.textContent ?? ''} ${element.labels?.[0]?.textContent ?? ''}`;
    });
    if (focused.includes(label)) return;
  }
  throw new Error(`nothing labelled "${label}" took the focus`);
}

describeWithChromium('the public answers page in Chromium', () => {
  let fixture: ModerationFixture;
  let server: PublicAnswersServer;
  let browser: Browser;
  let titleCode: string;
  const teardown = new Teardown();

  beforeAll(async () => {
    fixture = await openModerationFixture();
    teardown.add(() => fixture.close());
    const space = await createSpace(fixture.database.models, {
      type: 'audiencia-publica',
      title: 'Audiencia pública de Boyacá',
    });
    // More than one page of answers (20 a page), in a space and in chat.
    for (let index = 1; index <= 21; index++) {
      const question = await fixture.register({
        spaceId: space._id,
        origin: 'meeting-chat',
        text: `¿Cuánto recibe el municipio número ${index} de regalías?`,
      });
      await publishAnswer(fixture.service, question, `Respuesta oficial número ${index}.`);
    }
    const title = await fixture.register({ text: '¿Cómo pido un título minero?' });
    await publishAnswer(fixture.service, title, titleAnswer, 'Títulos mineros');
    titleCode = title.trackingCode;
    server = await startPublicAnswersServer(fixture.database.models);
    teardown.add(() => server.close());
    browser = await launchChromium();
    teardown.add(() => browser.close());
  });
  afterAll(() => teardown.run());

  it('when the page loads under its own policy, then its style sheet applies and nothing is refused', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
    await page.goto(`${server.url}/respuestas`);
    // The style sheet applies: the content is 60rem wide with its padding (not the 1280 px of the
    // window), the skip link hidden above until it takes the focus.
    const mainWidth = await page
      .locator('main')
      .evaluate((main) => (main as unknown as BoxedElement).getBoundingClientRect().width);
    expect(mainWidth).toBeLessThan(1000);
    const skipTop = await page
      .locator('.skip-link')
      .evaluate((link) => (link as unknown as BoxedElement).getBoundingClientRect().top);
    expect(skipTop).toBeLessThan(0);
    expect(refused).toEqual([]);
    await keepScreenshots(page, 'public-answers');
    await page.close();
  });

  it('when axe-core checks the list, a code page and the not-found page, then it finds no serious or critical violation', async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'es-CO' });
    const page = await context.newPage();
    for (const path of ['/respuestas', `/respuestas/${titleCode}`, '/respuestas/ANM-0000-0000']) {
      await page.goto(`${server.url}${path}`);
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
    }
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${server.url}/respuestas`);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('when a citizen uses only the keyboard, then they can skip to the content, search, filter, page and open an answer', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/respuestas`);

    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () => (globalThis as unknown as BrowserGlobals).document.activeElement?.textContent,
      ),
    ).toBe('Saltar al contenido');
    await page.keyboard.press('Enter');
    expect(page.url()).toContain('#contenido');

    await tabTo(page, 'Página siguiente');
    await page.keyboard.press('Enter');
    await page.waitForURL(/pagina=2/);
    expect(await page.locator('#resultados').textContent()).toContain('Página 2 de 2');

    await page.goto(`${server.url}/respuestas`);
    await tabTo(page, 'Palabras o código');
    await page.keyboard.type('titulo minero');
    await tabTo(page, 'Tema');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Buscar');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=titulo/);
    expect(await page.locator('#resultados').textContent()).toContain(
      '1 respuesta publicada coincide con su búsqueda',
    );

    await tabTo(page, `Pregunta ${titleCode}`);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/respuestas/${titleCode}$`));
    expect(await page.locator('h1').textContent()).toBe(`Pregunta ${titleCode}`);
    expect(await page.locator('main').textContent()).toContain(titleAnswer);
    await page.close();
  });
});
