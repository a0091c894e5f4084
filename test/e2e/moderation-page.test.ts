import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { randomUUID } from 'node:crypto';

import { claimFacebookReply, recordReplyOutcome, replyOutcome } from '../../models/facebook-reply';
import { registerQuestion } from '../../models/question';
import { newQuestion } from '../../moderation/moderation-test-kit';
import { ChannelSimulator } from '../support/channel-simulator';
import { describeWithChromium, fakeTeamsSdk, launchChromium } from '../support/chromium-browser';
import { facebookEnvironment } from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { sendToMeeting } from '../support/live-panel-client';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { newTeamsMeeting } from '../support/teams-meeting-activities';
import { Teardown } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';
import { commentKey } from '../support/live-comment-keys';

/** Where the screenshots of this page are kept for a visual check, at 320 px and wide. */
const screenshotsDir =
  process.env.MODERATION_TAB_SCREENSHOTS_DIR ??
  path.join(os.tmpdir(), 'anm-moderation-tab-screenshots');

/** The little of the DOM these tests evaluate in the page (they compile without the DOM lib). */
interface FocusedElement {
  tagName: string;
  textContent: string | null;
  id: string;
  getAttribute(name: string): string | null;
  labels?: { textContent: string | null }[] | null;
}
interface PageGlobals {
  document: { activeElement: FocusedElement | null };
  getComputedStyle(element: FocusedElement): { outlineStyle: string; outlineWidth: string };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown }[];
}

const moderators = {
  ana: { oid: 'oid-ana-moderadora', name: 'Ana Moderadora', roles: ['moderator'] },
  bruno: { oid: 'oid-bruno-revisor', name: 'Bruno Revisor', roles: ['moderator'] },
};

const questions = {
  overdue: '¿Por qué no han respondido mi solicitud de legalización de minería tradicional?',
  royalties: '¿Cuándo le pagan las regalías al municipio de Pitalito?',
  royaltiesAgain: 'cuando pagan regalias al municipio pitalito',
  river: '¿Qué va a pasar con la minería ilegal en el río Magdalena?',
  canon: '¿Qué es el canon superficiario y quién lo paga?',
};

const hardDraft =
  'La Agencia Nacional de Minería, en ejercicio de sus competencias constitucionales y legales, informa que las actuaciones administrativas correspondientes a la fiscalización integral de las explotaciones ilícitas ubicadas sobre la ribera del río Magdalena se encuentran debidamente programadas conforme a la normatividad vigente.';
const plainDraft =
  'La ANM visita el río Magdalena cada mes. Cierra las minas sin permiso con la Policía. Puede denunciar una mina ilegal en nuestra página.';

/**
 * Waits until the queue lists `groups` lines for `questions` questions: the meeting's questions
 * are stored as the bot processes its journal, the chat one arrives through the change feed.
 */
async function queueLength(
  botUrl: () => string,
  token: () => Promise<string>,
  groups: number,
  questions: number,
) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${botUrl()}/api/moderation/questions`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    const page = (await response.json()) as { items?: { groupSize: number }[] };
    const items = page.items ?? [];
    const asked = items.reduce((sum, item) => sum + item.groupSize, 0);
    if (items.length === groups && asked === questions) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the queue never listed ${groups} lines for ${questions} questions`);
}

describeWithChromium('the moderators tab in headless Chromium', () => {
  const channel = new ChannelSimulator();
  const issuer = new LocalStaffIssuer();
  const graph = new FakeGraphServer();
  let bot: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const teardown = new Teardown();

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    await channel.start();
    teardown.add(() => channel.stop());
    await issuer.start();
    teardown.add(() => issuer.stop());
    await graph.start();
    teardown.add(() => graph.stop());
    bot = await startTestApp({
      ...issuer.environment(),
      ...facebookEnvironment(graph.url),
      FACEBOOK_RESUME_INTERVAL_MS: '200',
    });
    teardown.add(() => bot.dispose());
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia pública de Pitalito');
    await sendToMeeting(
      bot.app.url,
      meeting,
      { start: true },
      questions.royalties,
      questions.royaltiesAgain,
      questions.river,
      questions.canon,
    );
    // A chat question received 40 calendar days ago: its 15 business days have run out. The
    // queue learns of it through the change feed, as of any question another replica stores.
    const receivedAt = new Date(Date.now() - 40 * 24 * 60 * 60_000);
    await registerQuestion(
      bot.app.database.models,
      newQuestion({ text: questions.overdue, receivedAt }),
    );
    await queueLength(
      () => bot.app.url,
      () => issuer.token(moderators.ana),
      4,
      5,
    );
    browser = await launchChromium();
    teardown.add(() => browser.close());
  }, 60_000);
  afterAll(() => teardown.run());
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(pageErrors).toEqual([]);
  });

  /** The moderators' tab as Teams shows it to `who`, signed in with Teams SSO. */
  async function openAs(
    who: keyof typeof moderators,
    options: { bypassCSP?: boolean; width?: number } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 900, height: 900 },
      locale: 'es-CO',
      bypassCSP: options.bypassCSP ?? false,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const token = await issuer.token(moderators[who]);
    await page.route('**/tab/teams-js.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: fakeTeamsSdk({ token }) }),
    );
    await page.goto(`${bot.app.url}/tab/moderation.html`);
    await page.locator('li.queue-item').first().waitFor({ timeout: 10_000 });
    return page;
  }

  const item = (page: Page, text: string) => page.locator('li.queue-item', { hasText: text });

  async function keepScreenshots(page: Page, name: string): Promise<void> {
    await page.setViewportSize({ width: 320, height: 900 });
    await page.screenshot({ path: path.join(screenshotsDir, `${name}-320.png`), fullPage: true });
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.screenshot({ path: path.join(screenshotsDir, `${name}-wide.png`), fullPage: true });
  }

  async function openQuestion(page: Page, text: string): Promise<void> {
    await item(page, text)
      .getByRole('button', { name: /^Abrir ANM-/ })
      .click();
    await page.locator('#question-text', { hasText: text }).waitFor({ timeout: 10_000 });
  }

  /** Waits until the visible notice (also read out by the status region) says `text`. */
  async function noticeSays(page: Page, text: string | RegExp): Promise<void> {
    await page.locator('#notice', { hasText: text }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('status').filter({ hasText: text }).count()).toBe(1);
  }

  it('when questions were registered through the bot, then the queue lists each with its due date, the overdue one first and marked in words, and the filters narrow it', async () => {
    const page = await openAs('ana');
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^es\b/);
    const lines = page.locator('li.queue-item');
    expect(await lines.count()).toBe(4);
    expect(await lines.first().textContent()).toContain(questions.overdue);
    expect(await item(page, 'legalización').locator('.urgency').textContent()).toMatch(
      /^⚠ Vencida hace \d+ días hábiles$/,
    );
    for (const text of [questions.royalties, questions.river, questions.canon]) {
      expect(await item(page, text).locator('.due').textContent()).toMatch(
        /^Vence el \d{1,2} de [a-z]+\.? de \d{4} \(quedan 1\d días hábiles\)$/,
      );
    }
    expect(await item(page, 'Pitalito').locator('.askers').textContent()).toBe('2 personas');
    expect(await page.locator('#counts').textContent()).toBe('Pendiente4');
    await keepScreenshots(page, 'queue');

    await page.getByLabel('Buscar (palabras o código)').fill('magdalena');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await noticeSays(page, 'Se muestra 1 pregunta.');
    expect(await lines.first().textContent()).toContain(questions.river);

    await page.getByRole('button', { name: 'Quitar filtros' }).click();
    await noticeSays(page, 'Se muestran 4 preguntas.');
    await page.getByLabel('Solo las vencidas').check();
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await noticeSays(page, 'Se muestra 1 pregunta.');
    expect(await lines.first().textContent()).toContain(questions.overdue);

    await page.getByLabel('Solo las vencidas').uncheck();
    await page.getByLabel('Canal').selectOption({ label: 'Chat de una reunión de Teams' });
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await noticeSays(page, 'Se muestran 3 preguntas.');
  });

  it('when one moderator drafts an answer, then the meter says what to simplify, the drafter cannot approve it, and a second moderator approves and it goes to every asker', async () => {
    const ana = await openAs('ana');
    await openQuestion(ana, questions.river);
    expect(await ana.locator('#space-summary').textContent()).toBe('Audiencia pública de Pitalito');
    await ana.getByLabel('Borrador de la respuesta').fill(hardDraft);
    await ana.getByRole('button', { name: 'Guardar y revisar legibilidad' }).click();
    await noticeSays(ana, /^Borrador guardado\. Legibilidad -?\d+,\d: difícil de leer/);
    expect(await ana.locator('#readability-score').textContent()).toMatch(
      /^-?\d+,\d de 100 · por debajo de la meta \(55\)$/,
    );
    expect(await ana.locator('#readability-hints').textContent()).toContain('Frase de');
    await keepScreenshots(ana, 'draft-hard-to-read');

    await ana.getByLabel('Borrador de la respuesta').fill(plainDraft);
    await ana.getByRole('button', { name: 'Guardar y revisar legibilidad' }).click();
    await noticeSays(ana, /se entiende bien\.$/);
    expect(await ana.locator('#readability-score').textContent()).toMatch(/cumple la meta \(55\)$/);
    expect(await ana.locator('#draft-state').textContent()).toContain('Borrador de Ana Moderadora');

    await ana.getByRole('button', { name: 'Aprobar y publicar' }).click();
    const refusal = ana.getByRole('alert');
    await refusal.waitFor({ timeout: 10_000 });
    expect((await refusal.innerText()).trim()).toBe(
      'Usted redactó este borrador: otra persona del equipo de moderación debe aprobarlo.',
    );
    await keepScreenshots(ana, 'drafter-cannot-approve');

    const bruno = await openAs('bruno');
    await openQuestion(bruno, questions.river);
    expect(await bruno.getByLabel('Borrador de la respuesta').inputValue()).toBe(plainDraft);
    await bruno.getByRole('button', { name: 'Aprobar y publicar' }).click();
    await noticeSays(
      bruno,
      'Respuesta aprobada y publicada. Se enviará a la persona que preguntó.',
    );
    expect(await bruno.locator('#question-facts').textContent()).toContain('Publicada');
    expect(await bruno.locator('#final-answer').textContent()).toBe(plainDraft);
    expect(await bruno.getByRole('button', { name: 'Aprobar y publicar' }).isVisible()).toBe(false);
    expect(await bruno.locator('#deliveries li').allTextContents()).toEqual([
      // Approval wakes the deliverer: the line may already say it was sent.
      expect.stringMatching(
        /^Respuesta a ANM-\S+ por el chat de la reunión de Teams: (En cola|Enviado \(1 intento\) · enviado .+)$/,
      ),
    ]);
    const history = await bruno.locator('#history li').allTextContents();
    expect(history.some((line) => line.startsWith('Guardó el borrador · Ana Moderadora'))).toBe(
      true,
    );
    expect(history.some((line) => line.startsWith('Aprobó y publicó · Bruno Revisor'))).toBe(true);
    await keepScreenshots(bruno, 'question-published');
  });

  it('when another moderator changed the question meanwhile, then the action is refused in Spanish and the page shows the question as it is now', async () => {
    const ana = await openAs('ana');
    await openQuestion(ana, questions.canon);

    const { items } = (await (
      await fetch(`${bot.app.url}/api/moderation/questions?q=canon`, {
        headers: { authorization: `Bearer ${await issuer.token(moderators.bruno)}` },
      })
    ).json()) as { items: { id: string; version: number }[] };
    const [seen] = items;
    if (!seen) throw new Error('the canon question is not in the queue');
    const assigned = await fetch(`${bot.app.url}/api/moderation/questions/${seen.id}/assign`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await issuer.token(moderators.bruno)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ version: seen.version, area: 'Grupo de Regalías' }),
    });
    expect(assigned.status).toBe(200);

    await ana.getByText('Asignar', { exact: true }).click();
    await ana
      .locator('#actions')
      .getByLabel('Área responsable', { exact: true })
      .fill('Vicepresidencia de Seguimiento');
    await ana.getByRole('button', { name: 'Guardar la asignación' }).click();
    const refusal = ana.getByRole('alert');
    await refusal.waitFor({ timeout: 10_000 });
    expect((await refusal.innerText()).trim()).toBe(
      'La pregunta cambió desde que la abrió (usted vio la versión 1; ahora es la 2). Ya la volvimos a cargar: revise los cambios y repita la acción si aún hace falta.',
    );
    await ana
      .locator('#question-facts', { hasText: 'Grupo de Regalías' })
      .waitFor({ timeout: 10_000 });
  });

  /** Presses Tab until the focused control's name is `name`; every stop must show its focus. */
  async function tabTo(page: Page, name: string, { shift = false, limit = 40 } = {}) {
    for (let presses = 0; presses < limit; presses++) {
      await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
      const focused = await page.evaluate(() => {
        const globals = globalThis as unknown as PageGlobals;
        const element = globals.document.activeElement;
        if (!element) return undefined;
        const style = globals.getComputedStyle(element);
        const label = element.labels?.[0]?.textContent ?? '';
        return {
          tag: element.tagName.toLowerCase(),
          name: (label || element.getAttribute('aria-label') || element.textContent || '').trim(),
          outline: `${style.outlineStyle} ${style.outlineWidth}`,
        };
      });
      if (!focused) continue;
      expect(['button', 'input', 'select', 'textarea', 'summary', 'a']).toContain(focused.tag);
      expect(focused.outline).not.toMatch(/^none|0px$/);
      if (focused.name === name) return;
    }
    throw new Error(`"${name}" was not reached with the keyboard`);
  }

  it('when a moderator uses only the keyboard, then they filter the queue, open a question, save a draft and come back to the same line', async () => {
    const page = await openAs('ana');
    await tabTo(page, 'Buscar (palabras o código)');
    await page.keyboard.type('pitalito');
    await page.keyboard.press('Enter');
    await noticeSays(page, 'Se muestra 1 pregunta.');
    const code = (await item(page, 'Pitalito').locator('.code').textContent()) ?? '';
    await tabTo(page, `Abrir ${code}`);
    await page.keyboard.press('Enter');
    await page.locator('#question-title:focus').waitFor({ timeout: 10_000 });
    expect(await page.locator('#question-title').textContent()).toBe(`Pregunta ${code}`);
    expect(await page.locator('#group-summary').textContent()).toBe(
      '2 personas hicieron esta pregunta; la respuesta llega a todas.',
    );

    await tabTo(page, 'Borrador de la respuesta');
    await page.keyboard.type(
      'El municipio recibe las regalías cada dos meses. Puede ver los pagos en el sitio del SGR.',
    );
    await tabTo(page, 'Guardar y revisar legibilidad');
    await page.keyboard.press('Enter');
    await noticeSays(page, /^Borrador guardado\. Legibilidad \d+,\d: se entiende bien\.$/);
    await tabTo(page, 'Asignar');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Responsable');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Guardar la asignación');
    await page.keyboard.press('Enter');
    await noticeSays(page, 'Asignación guardada.');
    expect(await page.locator('#question-facts').textContent()).toContain(
      'ResponsableAna Moderadora',
    );
    await keepScreenshots(page, 'keyboard-question');

    await tabTo(page, 'Volver a la lista', { shift: true, limit: 80 });
    await page.keyboard.press('Enter');
    await page.locator(`button[data-open]:focus`).waitFor({ timeout: 10_000 });
    expect(await page.locator('button[data-open]:focus').textContent()).toBe(`Abrir ${code}`);
  });

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

  it('when axe-core checks the queue and an open question with its actions, then it finds no serious or critical violation', async () => {
    const page = await openAs('ana', { bypassCSP: true, width: 320 });
    expect(await seriousViolations(page)).toEqual([]);
    await openQuestion(page, questions.canon);
    await page.getByLabel('Borrador de la respuesta').fill(hardDraft);
    await page.getByRole('button', { name: 'Guardar y revisar legibilidad' }).click();
    await noticeSays(page, /^Borrador guardado\./);
    for (const summary of await page.locator('#actions summary').all()) await summary.click();
    expect(await seriousViolations(page)).toEqual([]);
    await keepScreenshots(page, 'question-actions');
  });

  it('when a moderator groups a duplicate by its code, then both askers are under the question, and separating it leaves it alone again', async () => {
    const register = (text: string) =>
      registerQuestion(bot.app.database.models, newQuestion({ text }));
    const { question: first } = await register('¿Dónde consulto el estado de mi título minero?');
    const { question: again } = await register('donde veo como va mi titulo minero');
    const ana = await openAs('ana');
    await ana.getByLabel('Buscar (palabras o código)').fill(first.trackingCode);
    for (
      let attempt = 0;
      attempt < 20 && (await item(ana, 'título minero').count()) === 0;
      attempt++
    ) {
      await ana.getByRole('button', { name: 'Filtrar' }).click();
      await ana.waitForTimeout(200);
    }
    await openQuestion(ana, 'título minero');
    await ana.getByText('Agrupar preguntas duplicadas', { exact: true }).click();
    await ana
      .getByLabel('Códigos de las preguntas duplicadas (separados por comas) (obligatorio)')
      .fill(again.trackingCode.toLowerCase());
    await ana.getByRole('button', { name: 'Agrupar bajo esta pregunta' }).click();
    await noticeSays(ana, 'Preguntas agrupadas.');
    expect(await ana.locator('#group-summary').textContent()).toBe(
      '2 personas hicieron esta pregunta; la respuesta llega a todas.',
    );
    expect(await ana.locator('#group-members').textContent()).toContain(again.trackingCode);

    await ana.getByText('Separar del grupo', { exact: true }).click();
    await ana.getByRole('button', { name: 'Separar esta pregunta' }).click();
    await noticeSays(ana, 'La pregunta quedó separada de su grupo.');
    expect(await ana.locator('#group-summary').textContent()).toBe(
      'Esta pregunta no está agrupada con otras.',
    );
  });

  it('when the queue has more lines than a page, then "Ver más preguntas" adds the next page after the cursor and takes the focus to its first line', async () => {
    for (let index = 1; index <= 50; index++) {
      await registerQuestion(
        bot.app.database.models,
        newQuestion({ text: `Pregunta de prueba número ${index} sobre el pago de regalías` }),
      );
    }
    const ana = await openAs('ana');
    const lines = ana.locator('li.queue-item');
    for (
      let attempt = 0;
      attempt < 30 && (await ana.locator('#queue-more').isHidden());
      attempt++
    ) {
      await ana.waitForTimeout(200);
      await ana.getByRole('button', { name: 'Actualizar' }).click();
    }
    expect(await lines.count()).toBe(50);
    const firstPage = await lines.locator('.code').allTextContents();
    await ana.getByRole('button', { name: 'Ver más preguntas' }).click();
    await noticeSays(ana, /^Se agregaron \d+ preguntas\. Se muestran \d+ preguntas\.$/);
    const all = await lines.locator('.code').allTextContents();
    expect(all.length).toBeGreaterThan(50);
    expect(new Set(all).size).toBe(all.length);
    expect(all.slice(0, 50)).toEqual(firstPage);
    expect(await ana.locator('button[data-open]:focus').textContent()).toBe(
      `Abrir ${all[50] ?? ''}`,
    );
    expect(await ana.locator('#queue-more').isHidden()).toBe(true);
  });

  it('when the queue filter lists the spaces, then choosing the meeting space by its title narrows the queue to it', async () => {
    const page = await openAs('ana');
    const option = page.locator('#filter-space option', {
      hasText: 'Audiencia pública de Pitalito',
    });
    await option.waitFor({ state: 'attached', timeout: 10_000 });
    expect(await option.textContent()).toBe('Audiencia pública de Pitalito (4 preguntas)');
    await page
      .getByRole('combobox', { name: 'Espacio de participación' })
      .selectOption({ label: 'Audiencia pública de Pitalito (4 preguntas)' });
    // Every status: earlier tests answered some of the meeting's questions.
    await page
      .getByRole('combobox', { name: 'Estado', exact: true })
      .selectOption({ label: 'Todos los estados' });
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await noticeSays(page, 'Se muestran 3 preguntas.');
    expect(await item(page, questions.overdue).count()).toBe(0);
  });

  /** An approved answer whose chat delivery found no stored conversation: unreachable. */
  async function answerWithNoConversation(text: string) {
    const conversationId = `conv-${randomUUID()}`;
    const { question } = await registerQuestion(
      bot.app.database.models,
      newQuestion({
        text,
        contact: null,
        conversationKey: { channelId: 'webchat', conversationId },
      }),
    );
    const call = async (action: string, who: keyof typeof moderators, body: unknown) => {
      const response = await fetch(
        `${bot.app.url}/api/moderation/questions/${question._id.toHexString()}/${action}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await issuer.token(moderators[who])}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        },
      );
      expect([action, response.status]).toEqual([action, 200]);
    };
    for (let attempt = 0; attempt < 50; attempt++) {
      const found = await fetch(
        `${bot.app.url}/api/moderation/questions/${question._id.toHexString()}`,
        { headers: { authorization: `Bearer ${await issuer.token(moderators.ana)}` } },
      );
      if (found.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await call('answer', 'ana', { version: 1, text: plainDraft });
    await call('approve', 'bruno', { version: 2 });
    return { question, conversationId };
  }

  /** A comment's private reply refused by Meta ten minutes ago (its sender is long done). */
  async function failedPrivateReply(text: string) {
    const { question } = await registerQuestion(
      bot.app.database.models,
      newQuestion({
        text,
        origin: 'live-comment',
        channelId: 'facebook',
        contact: null,
        citizenKey: null,
        consentId: null,
        conversationKey: null,
      }),
    );
    const commentId = `comment_${randomUUID()}`;
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const models = bot.app.database.models;
    const replyKey = commentKey(commentId, bot.app.pseudonymizer);
    await claimFacebookReply(
      models,
      { replyKey, commentId, questionId: question._id.toHexString() },
      tenMinutesAgo,
    );
    await recordReplyOutcome(models, {
      _id: replyKey,
      state: 'failed',
      status: 403,
      attempts: 1,
      at: tenMinutesAgo,
      via: 'send',
    });
    return { question, commentId };
  }

  it('when a delivery and a Facebook private reply failed, then "Entregas con problemas" lists both, and a moderator retries each with the keyboard and sees it queued, then gone once sent', async () => {
    const { question: chatQuestion, conversationId } = await answerWithNoConversation(
      '¿Dónde denuncio una mina ilegal en el río Suárez?',
    );
    const { question: liveQuestion, commentId } = await failedPrivateReply(
      '¿Cuándo va a venir la ANM a revisar las minas de Guachetá?',
    );
    const page = await openAs('ana', { bypassCSP: true });
    await tabTo(page, 'Entregas con problemas');
    await page.keyboard.press('Enter');
    await page.locator('#problems-title:focus').waitFor({ timeout: 10_000 });
    const deliveryName = `Reintentar: Respuesta a ${chatQuestion.trackingCode} por su chat con el asistente`;
    const deliveryLine = page.locator('li.problem-item', { hasText: chatQuestion.trackingCode });
    for (let attempt = 0; attempt < 30 && (await deliveryLine.count()) === 0; attempt++) {
      await page.waitForTimeout(200);
      await page.getByRole('button', { name: 'Actualizar la lista' }).click();
    }
    expect(await deliveryLine.locator('.status').textContent()).toBe('No se pudo entregar');
    expect(await deliveryLine.locator('.problem-reason').textContent()).toBe(
      'Motivo: sin conversación guardada para escribirle',
    );
    const replyLine = page.locator('li.problem-item', { hasText: liveQuestion.trackingCode });
    expect(await replyLine.locator('.problem-reason').textContent()).toBe(
      'Motivo: la página no tiene permiso para responder en privado: revise el token de la página (HTTP 403)',
    );
    expect(await page.locator('#problems-section').textContent()).not.toContain(commentId);
    expect(await seriousViolations(page)).toEqual([]);
    await keepScreenshots(page, 'delivery-problems');

    // The citizen wrote again, so their conversation is stored: the retry can reach them.
    await bot.app.conversationReferences.remember(
      {
        channelId: 'webchat',
        serviceUrl: channel.serviceUrl,
        conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' },
        bot: { id: 'bot', name: 'ANM' },
        user: { id: `user-${randomUUID()}`, name: '' },
      },
      undefined,
    );
    await tabTo(page, deliveryName);
    await page.keyboard.press('Enter');
    await noticeSays(page, /^Reintento en cola: el asistente lo enviará en unos segundos\./);
    expect(await deliveryLine.locator('.problem-state:focus').textContent()).toMatch(
      /^Reintento en cola/,
    );
    expect(await deliveryLine.getByRole('button', { name: deliveryName }).count()).toBe(0);
    await channel.waitFor(conversationId, 1);
    expect(channel.inConversation(conversationId)[0]?.text).toContain(chatQuestion.trackingCode);

    await tabTo(page, `Reintentar: Respuesta privada en Facebook a ${liveQuestion.trackingCode}`, {
      shift: false,
      limit: 60,
    });
    await page.keyboard.press('Enter');
    await noticeSays(page, /^Reintento en cola: el asistente preguntará a Facebook/);
    expect(await seriousViolations(page)).toEqual([]);
    await keepScreenshots(page, 'delivery-problems-retried');
    for (
      let attempt = 0;
      attempt < 50 &&
      (await replyOutcome(bot.app.database.models, commentKey(commentId, bot.app.pseudonymizer)))
        ?.state !== 'sent';
      attempt++
    ) {
      await page.waitForTimeout(100);
    }
    expect(graph.repliesTo(commentId)).toHaveLength(1);

    await page.getByRole('button', { name: 'Actualizar la lista' }).click();
    await noticeSays(page, /^(No hay entregas con problemas\.|Entregas con problemas: )/);
    expect(await deliveryLine.count()).toBe(0);
    expect(await replyLine.count()).toBe(0);
  });

  it('when another moderator retried the same delivery first, then "Reintentar" is refused in Spanish and the list is read again', async () => {
    const { question } = await answerWithNoConversation(
      '¿Qué control hace la ANM a las minas de esmeraldas de Muzo?',
    );
    const page = await openAs('ana');
    await page.getByRole('button', { name: 'Entregas con problemas' }).click();
    const line = page.locator('li.problem-item', { hasText: question.trackingCode });
    for (let attempt = 0; attempt < 30 && (await line.count()) === 0; attempt++) {
      await page.waitForTimeout(200);
      await page.getByRole('button', { name: 'Actualizar la lista' }).click();
    }
    const id = `${question._id.toHexString()}#chat`;
    const first = await fetch(
      `${bot.app.url}/api/moderation/deliveries/${encodeURIComponent(id)}/retry`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await issuer.token(moderators.bruno)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ version: 1 }),
      },
    );
    expect(first.status).toBe(200);
    await line.getByRole('button', { name: /^Reintentar/ }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor({ timeout: 10_000 });
    expect((await refusal.innerText()).trim()).toMatch(
      /^(Este envío sigue en curso: .*|Este envío cambió desde que lo vio .*) La lista se volvió a cargar\.$/,
    );
    expect(await page.locator('#error:focus').count()).toBe(1);
  });
});
