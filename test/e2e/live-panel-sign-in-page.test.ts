import type { Browser, Page } from 'playwright-core';

import { issueDevToken, loadDevSigningKey } from '../../bot/http/staff-dev-tokens';
import { ChannelSimulator } from '../support/channel-simulator';
import {
  describeWithChromium,
  fakeTeamsSdk,
  keepScreenshots,
  launchChromium,
} from '../support/chromium-browser';
import { sendToMeeting } from '../support/live-panel-client';
import { StaffOidcProvider } from '../support/staff-oidc-provider';
import { newTeamsMeeting } from '../support/teams-meeting-activities';
import { Teardown } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** What these tests read of the page's storage (they compile without the DOM lib). */
interface PageStorage {
  sessionStorage: { length: number; key(index: number): string | null };
  localStorage: { length: number };
}

const client = {
  clientId: 'anm-panel-test',
  audience: 'api://anm-panel-test',
  apiScope: 'api://anm-panel-test/access_as_user',
};

describeWithChromium('signing in to the live panel in headless Chromium', () => {
  const channel = new ChannelSimulator();
  const provider = new StaffOidcProvider();
  let bot: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const teardown = new Teardown();

  beforeAll(async () => {
    await channel.start();
    teardown.add(() => channel.stop());
    await provider.start();
    teardown.add(() => provider.stop());
    bot = await startTestApp(provider.environment(client));
    teardown.add(() => bot.dispose());
    await provider.configure({
      ...client,
      redirectUri: `${bot.app.url}/tab/live-panel.html`,
      accounts: {
        'ana.prueba': { name: 'Ana Prueba', roles: ['staff'] },
        'luis.moderador': { name: 'Luis Moderador', roles: ['moderator'] },
      },
    });
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia con inicio de sesión');
    await sendToMeeting(bot.app.url, meeting, { start: true }, '¿Qué es el canon superficiario?');
    browser = await launchChromium();
    teardown.add(() => browser.close());
  }, 60_000);
  afterAll(() => teardown.run());
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 900, height: 900 }, locale: 'es-CO' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  /** Signs in on the provider's own pages: its login form, then its consent. */
  async function signInAtProvider(login: string): Promise<void> {
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.waitForURL(`${provider.issuer}/**`, { timeout: 10_000 });
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('cualquier-clave');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${bot.app.url}/tab/live-panel.html`, { timeout: 10_000 });
  }

  it('when staff open the panel in a browser, then it asks them to sign in and shows nothing of the sessions', async () => {
    await page.goto(`${bot.app.url}/tab/live-panel.html`);
    await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#sign-in-message').textContent()).toBe(
      'Inicie sesión con su cuenta de la ANM para ver y gestionar las preguntas en vivo.',
    );
    expect(await page.locator('#space-select').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Programar una sesión' }).isVisible()).toBe(
      false,
    );
    await keepScreenshots(page, 'sign-in');
  });

  it('when staff sign in with the OpenID provider (code and PKCE), then the panel calls its API with their token and shows the session, keeping the token in this tab only', async () => {
    await page.goto(`${bot.app.url}/tab/live-panel.html`);
    await signInAtProvider('ana.prueba');

    await page.locator('li.group', { hasText: 'canon superficiario' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#space-select option:checked').textContent()).toBe(
      'Audiencia con inicio de sesión (en curso)',
    );
    expect(await page.locator('#signed-in-as').textContent()).toBe('Sesión iniciada: Ana Prueba.');
    expect(page.url()).toBe(`${bot.app.url}/tab/live-panel.html`);
    await keepScreenshots(page, 'signed-in');
    const storage = await page.evaluate(() => {
      const { sessionStorage, localStorage } = globalThis as unknown as PageStorage;
      const keys = Array.from({ length: sessionStorage.length }, (_, index) =>
        sessionStorage.key(index),
      );
      return { sessionKeys: keys, localItems: localStorage.length };
    });
    expect(storage).toEqual({ sessionKeys: ['anm-staff-token'], localItems: 0 });

    await page.reload();
    await page.locator('li.group', { hasText: 'canon superficiario' }).waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Salir', exact: true }).click();
    await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#sign-in-message').textContent()).toBe(
      'Salió de su cuenta. Puede iniciar sesión de nuevo.',
    );
    expect(await page.locator('li.group').isVisible()).toBe(false);
  });

  it('when someone signs in whose account has no live-session role, then the panel says so in Spanish and shows no session', async () => {
    await page.goto(`${bot.app.url}/tab/live-panel.html`);
    await signInAtProvider('luis.moderador');
    const alert = page.locator('#error');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toContain(
      'Su cuenta no tiene el rol necesario para esta acción: equipo de sesiones en vivo (staff)',
    );
    expect(await page.locator('li.group').count()).toBe(0);
    await keepScreenshots(page, 'sign-in-forbidden');
  });

  it('when Teams cannot give the panel a token, then the panel says what to do instead of showing an empty session', async () => {
    await page.route('**/tab/teams-js.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: fakeTeamsSdk({}) }),
    );
    await page.goto(`${bot.app.url}/tab/live-panel.html`);
    const message = page.locator('#sign-in-message');
    await message.waitFor({ timeout: 10_000 });
    expect(await message.textContent()).toBe(
      'Teams no entregó su identidad. Cierre y vuelva a abrir el panel; si sigue igual, avise a la mesa de ayuda.',
    );
    expect(await page.getByRole('button', { name: 'Iniciar sesión' }).isVisible()).toBe(false);
  });
});

describeWithChromium('development tokens in the live panel page', () => {
  let bot: TestApp;
  let browser: Browser;
  let page: Page;
  const teardown = new Teardown();

  beforeAll(async () => {
    bot = await startTestApp({ AUTH_DEV_MODE: 'true' });
    teardown.add(() => bot.dispose());
    browser = await launchChromium();
    teardown.add(() => browser.close());
  }, 60_000);
  afterAll(() => teardown.run());

  it('when a developer pastes a token from the command, then the panel signs them in with it', async () => {
    const token = await issueDevToken(loadDevSigningKey(bot.config.dataDir), {
      roles: ['staff'],
      name: 'Ana Prueba',
      subject: 'dev-ana-prueba',
      minutes: 10,
    });
    page = await browser.newPage({ locale: 'es-CO' });
    await page.goto(`${bot.app.url}/tab/live-panel.html`);
    await keepScreenshots(page, 'sign-in-dev-token');
    await page.getByLabel('Token de desarrollo').fill(token);
    expect(await page.getByRole('button', { name: 'Iniciar sesión' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Usar este token' }).click();
    await page.locator('#no-spaces').waitFor({ timeout: 10_000 });
    expect(await page.locator('#signed-in-as').textContent()).toBe('Sesión iniciada: Ana Prueba.');
    await page.close();
  });
});
