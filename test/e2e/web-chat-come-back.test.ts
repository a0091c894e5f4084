import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { describeWithChromium, launchChromium } from '../support/chromium-browser';
import { answerOfficially } from '../support/official-answer';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { Teardown } from '../support/teardown';
import {
  keptConversationKey,
  recordCspViolations,
  WebChatPage,
  type KeptConversation,
} from '../support/web-chat-browser';
import { WebChatApp } from '../support/web-chat-app';

/** Where the screenshots of the chat are kept (an artifact of the run). */
const screenshotsDir =
  process.env.WEB_CHAT_SCREENSHOTS_DIR ?? path.join(os.tmpdir(), 'anm-web-chat-screenshots');

const question = '¿Cuántas toneladas de carbón sacó la mina La Esperanza de Samacá en el año 2025?';
const answer =
  'La mina La Esperanza de Samacá reportó 12.000 toneladas de carbón en 2025. Puede ver las cifras de cada mina en el Sistema de Información Minera.';
const greeting = 'Hola, soy el asistente virtual';
const goneNotice =
  'La conversación anterior ya no está disponible en este dispositivo (venció o se borró). Empezamos una nueva.';

const day = 86_400_000;

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

function codeIn(text: string): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(text);
  if (!match) throw new Error('no tracking code in the transcript');
  return match[0];
}

describeWithChromium('coming back to /chat days later, in headless Chromium', () => {
  const issuer = new LocalStaffIssuer();
  let bot: WebChatApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const teardown = new Teardown();

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    await issuer.start();
    teardown.add(() => issuer.stop());
    bot = await WebChatApp.start(issuer.environment());
    teardown.add(() => bot.dispose());
    browser = await launchChromium();
    teardown.add(() => browser.close());
  }, 60_000);
  afterAll(() => teardown.run());
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(pageErrors.splice(0)).toEqual([]);
  });

  /** A browser profile: a fresh one, or one with what an earlier visit left in its storage. */
  async function visit(
    storageState?: StorageState,
    { bypassCSP = false } = {},
  ): Promise<{ context: BrowserContext; page: Page; chat: WebChatPage }> {
    const context = await browser.newContext({
      viewport: { width: 400, height: 800 },
      locale: 'es-CO',
      storageState,
      bypassCSP,
    });
    contexts.push(context);
    await context.addInitScript(recordCspViolations);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${bot.url}/chat`);
    return { context, page, chat: new WebChatPage(page) };
  }

  /** What a device keeps after a visit, made by hand (another conversation, a made-up secret). */
  function keeping(kept: KeptConversation): StorageState {
    return {
      cookies: [],
      origins: [
        {
          origin: bot.url,
          localStorage: [{ name: keptConversationKey, value: JSON.stringify(kept) }],
        },
      ],
    };
  }

  async function startedConversation(): Promise<{ conversationId: string; resume: string }> {
    const response = await fetch(`${bot.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const grant = (await response.json()) as {
      conversationId: string;
      token: string;
      resume: string;
    };
    const start = await fetch(`${bot.url}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grant.token}` },
    });
    expect(start.status).toBe(201);
    return { conversationId: grant.conversationId, resume: grant.resume };
  }

  it('when a citizen registers a question, closes the page and comes back days later after the official answer was delivered, then the whole conversation is there with the answer', async () => {
    const first = await visit();
    const tokensUsed: string[] = [];
    first.page.on('request', (request) => {
      const authorization = request.headers().authorization ?? '';
      if (request.url().includes('/activities') && authorization.startsWith('Bearer ')) {
        tokensUsed.push(authorization.slice('Bearer '.length));
      }
    });
    await first.chat.shows(greeting);
    await first.chat.say(question);
    await first.chat.shows('¿Quiere que registremos su pregunta');
    await first.chat.say('sí');
    await first.chat.shows('Política de datos personales');
    await first.chat.say('Acepto');
    await first.chat.shows('¿Cómo se llama?');
    await first.chat.say('omitir');
    await first.chat.shows('correo electrónico');
    await first.chat.say('omitir');
    await first.chat.shows('ANM-');
    const code = codeIn(await first.chat.transcript());
    const kept = await first.chat.kept();
    // A resume secret, never a token: tokens last minutes.
    expect(Object.keys(kept).sort()).toEqual(['conversationId', 'domain', 'resume']);
    expect(await first.chat.cspViolations()).toEqual([]);
    const leftOnTheDevice = await first.context.storageState();
    await first.context.close();
    const lastToken = tokensUsed.at(-1) ?? '';
    expect(lastToken).not.toBe('');
    expect(JSON.stringify(leftOnTheDevice)).not.toContain(lastToken);

    // Three days later: the page's last token has long expired.
    bot.clock.advance(3 * day);
    const expired = await fetch(
      `${bot.url}/v3/directline/conversations/${kept.conversationId}/activities`,
      { headers: { authorization: `Bearer ${lastToken}` } },
    );
    expect(expired.status).toBe(403);

    await answerOfficially(bot.url, issuer, code, answer);

    const second = await visit(leftOnTheDevice);
    await second.chat.shows(question);
    await second.chat.shows('12.000 toneladas de carbón', { timeout: 40_000 });
    const transcript = await second.chat.transcript();
    expect(transcript.split(code).length - 1).toBeGreaterThanOrEqual(2);
    expect(transcript.split(greeting).length - 1).toBe(1);
    expect(await second.page.locator('#chat-notice').isHidden()).toBe(true);
    expect(await second.page.locator('#chat-alert').isHidden()).toBe(true);
    const keptNow = await second.chat.kept(JSON.stringify(kept));
    expect(keptNow.conversationId).toBe(kept.conversationId);
    expect(keptNow.resume).not.toBe(kept.resume);
    await second.chat.settled();
    await second.page.screenshot({ path: path.join(screenshotsDir, 'come-back-answer.png') });
    expect(await second.chat.cspViolations()).toEqual([]);

    // The conversation goes on where it was.
    await second.chat.say('mis preguntas');
    await second.chat.shows(code, { times: transcript.split(code).length });
  }, 120_000);

  it("when the page stayed open past its token's lifetime (a computer asleep), then it comes back with its secret and the chat goes on", async () => {
    const open = await visit();
    await open.chat.shows(greeting);
    const kept = await open.chat.kept();
    bot.clock.advance(2 * 60 * 60_000);
    // The next poll is refused (403); Web Chat ends that connection, and the page reloads and
    // trades its secret (which rotates) for a new token.
    const renewed = await open.chat.kept(JSON.stringify(kept));
    expect(renewed.conversationId).toBe(kept.conversationId);
    await open.chat.say('¿Qué es el canon superficiario?');
    await open.chat.shows('El canon superficiario es un pago al Estado');
    expect(await open.page.locator('#chat-alert').isHidden()).toBe(true);
    expect(await open.chat.cspViolations()).toEqual([]);
  }, 90_000);

  it('when the kept conversation expired, then a new one starts with a short note, not an error, and the page passes axe-core', async () => {
    const expiring = await startedConversation();
    bot.clock.advance(61 * day);
    const back = await visit(
      keeping({ ...expiring, domain: `${bot.url}/v3/directline` }),
      // axe is injected as a script, which the page's own policy forbids.
      { bypassCSP: true },
    );
    await back.chat.shows(greeting);
    expect(await back.page.getByRole('status').innerText()).toBe(goneNotice);
    expect(await back.page.locator('#chat-alert').isHidden()).toBe(true);
    const kept = await back.chat.kept(
      JSON.stringify({ ...expiring, domain: `${bot.url}/v3/directline` }),
    );
    expect(kept.conversationId).not.toBe(expiring.conversationId);
    await back.chat.settled();
    await back.page.screenshot({ path: path.join(screenshotsDir, 'come-back-expired.png') });
    expect(await back.chat.seriousAccessibilityViolations()).toEqual([]);
  }, 90_000);

  it("when the device holds another conversation's secret or a made-up one, then it is refused, a new conversation starts with the note, and the real owner's secret still works", async () => {
    const mine = await startedConversation();
    const other = await startedConversation();
    for (const forged of [
      { conversationId: other.conversationId, resume: mine.resume },
      { conversationId: mine.conversationId, resume: 'A'.repeat(43) },
    ]) {
      const back = await visit(keeping({ ...forged, domain: `${bot.url}/v3/directline` }));
      await back.chat.shows(greeting);
      expect(await back.page.getByRole('status').innerText()).toBe(goneNotice);
      expect(await back.chat.transcript()).not.toContain('canon');
      expect(await back.chat.cspViolations()).toEqual([]);
    }
    const owner = await fetch(
      `${bot.url}/v3/directline/conversations/${mine.conversationId}/resume`,
      { method: 'POST', headers: { authorization: `Bearer ${mine.resume}` } },
    );
    expect(owner.status).toBe(200);
  }, 90_000);
});
