import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { describeWithChromium, launchChromium } from '../support/chromium-browser';
import { startDirectLineBed, type DirectLineBed } from '../support/direct-line-bed';
import { Teardown } from '../support/teardown';
import { recordCspViolations, WebChatPage } from '../support/web-chat-browser';

/** Where the screenshots of the chat are kept (an artifact of the run). */
const screenshotsDir =
  process.env.WEB_CHAT_SCREENSHOTS_DIR ?? path.join(os.tmpdir(), 'anm-web-chat-screenshots');

const unanswerable =
  '¿Cuántas toneladas de carbón sacó la mina La Esperanza de Samacá en el año 2025?';

/** The little of the DOM these tests evaluate in the page (they compile without the DOM lib). */
interface PageWindow {
  document: {
    querySelector(css: string): { textContent: string | null } | null;
    activeElement: { getAttribute(name: string): string | null; textContent: string | null } | null;
    documentElement: { lang: string };
  };
  localStorage: { getItem(key: string): string | null };
}

function codeIn(text: string): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(text);
  if (!match) throw new Error(`no tracking code in: ${text}`);
  return match[0];
}

describeWithChromium(
  'the web chat page (/chat) in headless Chromium, on a fresh data folder',
  () => {
    let bed: DirectLineBed;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];
    const teardown = new Teardown();

    beforeAll(async () => {
      mkdirSync(screenshotsDir, { recursive: true });
      bed = await startDirectLineBed({ embeddedDatabase: true });
      teardown.add(() => bed.dispose());
      browser = await launchChromium();
      teardown.add(() => browser.close());
    }, 60_000);
    afterAll(() => teardown.run());
    beforeEach(async () => {
      context = await browser.newContext({
        viewport: { width: 400, height: 800 },
        locale: 'es-CO',
      });
      await context.addInitScript(recordCspViolations);
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
    });
    afterEach(async () => {
      const violations = await chat().cspViolations();
      await context.close();
      expect(pageErrors.splice(0)).toEqual([]);
      expect(violations).toEqual([]);
    });

    const chat = () => new WebChatPage(page);
    const transcript = () => chat().transcript();
    const shows = (text: string, times = 1) => chat().shows(text, { times });
    /** Before a screenshot: connected, and the transcript scrolled down to its last message. */
    const settled = () => chat().settled();

    const sendBox = () => page.locator('[data-id="webchat-sendbox-input"]');

    const say = (text: string) => chat().say(text);

    async function openChat(): Promise<void> {
      await page.goto(`${bed.url}/chat`);
      await shows('Hola, soy el asistente virtual');
    }

    it('when a citizen opens /chat, then the page is in Spanish, says what the bot does and how personal data is treated, and the bot greets them', async () => {
      const response = await page.goto(`${bed.url}/chat`);
      const policy = response?.headers()['content-security-policy'] ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(
        await page.evaluate(
          () => (globalThis as unknown as PageWindow).document.documentElement.lang,
        ),
      ).toBe('es');
      const header = await page.locator('header.chat-header').innerText();
      expect(header).toContain('registra su pregunta para que la ANM le responda por escrito');
      expect(header).toContain('Ley 1581 de 2012');
      expect(
        await page.getByRole('link', { name: 'Política de datos personales' }).getAttribute('href'),
      ).toBe(bed.config.privacyPolicyUrl);
      await shows('Hola, soy el asistente virtual');
      expect(await sendBox().getAttribute('placeholder')).toBe('Escriba su mensaje');
    });

    it('when a citizen asks "¿Qué es el canon superficiario?", then the answer appears in the chat', async () => {
      await openChat();
      await say('¿Qué es el canon superficiario?');
      await shows('El canon superficiario es un pago al Estado');
    });

    it('when a citizen registers a question, then the chat shows its code; after a reload the conversation is there and goes on', async () => {
      await openChat();
      await say(unanswerable);
      await shows('¿Quiere que registremos su pregunta');
      await say('sí');
      await shows('Política de datos personales');
      await say('Acepto');
      await shows('¿Cómo se llama?');
      await say('María Pérez');
      await shows('correo electrónico');
      await say('maria.perez@example.com');
      await page.waitForFunction(
        () =>
          /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.test(
            (globalThis as unknown as PageWindow).document.querySelector('[role="feed"]')
              ?.textContent ?? '',
          ),
        undefined,
        { timeout: 15_000 },
      );
      const code = codeIn(await transcript());
      await settled();
      await page.screenshot({ path: path.join(screenshotsDir, 'registered-question.png') });
      const conversationBefore = await page.evaluate(() =>
        (globalThis as unknown as PageWindow).localStorage.getItem('anm-chat-conversation'),
      );

      await page.reload();
      await shows(code);
      await shows(unanswerable);
      const conversationAfter = await page.evaluate(() =>
        (globalThis as unknown as PageWindow).localStorage.getItem('anm-chat-conversation'),
      );
      expect(JSON.parse(conversationAfter ?? '{}')).toMatchObject({
        conversationId: (JSON.parse(conversationBefore ?? '{}') as { conversationId: string })
          .conversationId,
      });
      const mentions = (await transcript()).split(code).length - 1;
      await say('mis preguntas');
      await shows(code, mentions + 1);
      await settled();
      await page.screenshot({ path: path.join(screenshotsDir, 'after-reload.png') });
    }, 60_000);

    it('when a citizen uses only the keyboard, then Tab reaches the policy link, "Olvidar esta conversación en este dispositivo" and the message box, and Enter sends', async () => {
      await openChat();
      const focusedLabels: string[] = [];
      for (let press = 0; press < 12; press++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const active = (globalThis as unknown as PageWindow).document.activeElement;
          return active?.getAttribute('aria-label') ?? active?.textContent?.trim() ?? '';
        });
        focusedLabels.push(focused);
        if (focused === 'Cuadro de entrada de mensajes') break;
      }
      expect(focusedLabels.slice(0, 2)).toEqual([
        'Política de datos personales',
        'Olvidar esta conversación en este dispositivo',
      ]);
      expect(focusedLabels.at(-1)).toBe('Cuadro de entrada de mensajes');
      await page.keyboard.type('¿Qué es el canon superficiario?');
      await page.keyboard.press('Enter');
      await shows('El canon superficiario es un pago al Estado');
    });

    it("when a citizen uses only the keyboard, then a card's buttons work too: into the conversation with Tab, to the card with the arrows, Enter", async () => {
      await openChat();
      const focused = () =>
        page.evaluate(() => {
          const active = (globalThis as unknown as PageWindow).document.activeElement;
          return active?.getAttribute('aria-label') ?? active?.textContent?.trim() ?? '';
        });
      for (let press = 0; press < 8; press++) {
        await page.keyboard.press('Tab');
        if ((await focused()).startsWith('Historial de chats')) break;
      }
      expect(await focused()).toMatch(/^Historial de chats/);
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      expect(await focused()).toBe('¿Qué es la ANM?');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('Ayuda');
      await page.keyboard.press('Enter');
      await shows('para ver las preguntas que registró');
    });

    it('when a citizen presses "Olvidar esta conversación en este dispositivo", then the device forgets it, says so, and a new conversation starts', async () => {
      await openChat();
      await say('¿Qué es el canon superficiario?');
      await shows('El canon superficiario es un pago al Estado');
      const before = JSON.parse(
        (await page.evaluate(() =>
          (globalThis as unknown as PageWindow).localStorage.getItem('anm-chat-conversation'),
        )) ?? '{}',
      ) as { conversationId: string; resume: string };
      const reloaded = page.waitForEvent('load');
      await page
        .getByRole('button', { name: 'Olvidar esta conversación en este dispositivo' })
        .press('Enter');
      await reloaded;
      await shows('Hola, soy el asistente virtual');
      expect(await page.getByRole('status').innerText()).toBe(
        'Olvidamos la conversación anterior en este dispositivo. Empezamos una nueva.',
      );
      expect(await transcript()).not.toContain('El canon superficiario es un pago al Estado');
      await page.waitForFunction(
        (previous) => {
          const now = (globalThis as unknown as PageWindow).localStorage.getItem(
            'anm-chat-conversation',
          );
          return now !== null && !now.includes(previous);
        },
        before.conversationId,
        { timeout: 10_000 },
      );
      // The bot forgot it too: what was kept can no longer bring it back.
      const comeBack = await fetch(
        `${bed.url}/v3/directline/conversations/${before.conversationId}/resume`,
        { method: 'POST', headers: { authorization: `Bearer ${before.resume}` } },
      );
      expect(comeBack.status).toBe(403);
    });

    it('when axe-core checks the page with a conversation on it, then it finds no serious or critical violation', async () => {
      // axe is injected as a script, which the page's own policy forbids: this context bypasses it.
      await context.close();
      context = await browser.newContext({
        viewport: { width: 400, height: 800 },
        locale: 'es-CO',
        bypassCSP: true,
      });
      await context.addInitScript(recordCspViolations);
      page = await context.newPage();
      await openChat();
      await say('¿Qué es el canon superficiario?');
      await shows('El canon superficiario es un pago al Estado');
      const violations = await chat().seriousAccessibilityViolations();
      await page.screenshot({ path: path.join(screenshotsDir, 'answer.png'), fullPage: true });
      expect(violations).toEqual([]);
    });
  },
);
