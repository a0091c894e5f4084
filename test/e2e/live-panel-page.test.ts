import type { Browser, Page } from 'playwright-core';

import { ChannelSimulator } from '../support/channel-simulator';
import {
  describeWithChromium,
  fakeTeamsSdk,
  keepScreenshots,
  launchChromium,
} from '../support/chromium-browser';
import { visibleText } from '../support/conversation';
import { sendToMeeting } from '../support/live-panel-client';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { newTeamsMeeting } from '../support/teams-meeting-activities';
import { Teardown } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** The little of the DOM these tests evaluate in the page (they compile without the DOM lib). */
interface PageDocument {
  querySelector(css: string): { textContent: string | null } | null;
  querySelectorAll(css: string): { length: number };
}

interface FakeTeams {
  save(): Promise<unknown>;
}

/**
 * The panel as staff use it in a meeting: inside Teams, signed in by Teams SSO (a token of the
 * local issuer in Entra's shape). Signing in from a browser is tested in live-panel-sign-in-page.
 */
describeWithChromium('the live panel page in headless Chromium', () => {
  const channel = new ChannelSimulator();
  const issuer = new LocalStaffIssuer();
  let bot: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const teardown = new Teardown();

  beforeAll(async () => {
    await channel.start();
    teardown.add(() => channel.stop());
    await issuer.start();
    teardown.add(() => issuer.stop());
    bot = await startTestApp(issuer.environment());
    teardown.add(() => bot.dispose());
    browser = await launchChromium();
    teardown.add(() => browser.close());
  }, 60_000);
  afterAll(() => teardown.run());
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 320, height: 900 }, locale: 'es-CO' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  const group = (text: string) => page.locator('li.group', { hasText: text });

  /** Opens the live panel as Teams shows it to a staff member signed in with Teams SSO. */
  async function openPanelInTeams(): Promise<void> {
    const token = await issuer.token({ roles: ['staff'], name: 'Ana Prueba' });
    await page.route('**/tab/teams-js.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: fakeTeamsSdk({ token }) }),
    );
    await page.goto(`${bot.app.url}/tab/live-panel.html`);
  }

  /** Waits until the element's text is exactly `expected` (the page refreshes every 3 s). */
  async function textOf(selector: string, expected: string): Promise<void> {
    await page.waitForFunction(
      ([css, text]) =>
        (globalThis as unknown as { document: PageDocument }).document
          .querySelector(css)
          ?.textContent?.trim() === text,
      [selector, expected] as const,
      { timeout: 10_000 },
    );
  }

  async function groupCount(expected: number): Promise<void> {
    await page.waitForFunction(
      (count) =>
        (globalThis as unknown as { document: PageDocument }).document.querySelectorAll('li.group')
          .length === count,
      expected,
      { timeout: 10_000 },
    );
  }

  const screenshot = (name: string) => keepScreenshots(page, name);

  it('when staff follow a meeting in the panel, then new questions appear, and answering, grouping and closing work from the page', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia pública en el navegador');
    await sendToMeeting(
      bot.app.url,
      meeting,
      { start: true },
      '¿Cuándo le pagan las regalías al municipio de Pitalito?',
      'cuando pagan regalias al municipio pitalito',
      '¿Qué va a pasar con la minería ilegal en el río Magdalena?',
    );

    await openPanelInTeams();
    await textOf('#count-captured', '3');
    expect(await page.locator('#space-select option:checked').textContent()).toBe(
      'Audiencia pública en el navegador (en curso)',
    );
    expect(await page.locator('li.group').count()).toBe(2);
    expect(await group('¿Cuándo').locator('.askers').textContent()).toBe('2 personas');
    expect(await group('¿Cuándo').locator('article > .meta .badge').allTextContents()).toEqual([
      'Teams',
    ]);

    await group('¿Qué va').getByRole('checkbox', { name: 'Seleccionar para agrupar' }).check();
    await sendToMeeting(bot.app.url, meeting, '¿Qué es el canon superficiario?');
    await group('canon superficiario').waitFor({ timeout: 10_000 });
    expect(await page.locator('li.group').first().textContent()).toContain('canon superficiario');
    expect(await page.locator('#announcer').textContent()).toBe(
      'Nueva pregunta: ¿Qué es el canon superficiario?',
    );
    expect(await group('¿Qué va').getByRole('checkbox').isChecked()).toBe(true);
    await textOf('#count-pending', '4');
    await screenshot('live-panel');

    await group('¿Cuándo').getByRole('button', { name: 'Respondida en vivo' }).click();
    await textOf('#count-answered', '2');
    await textOf('#count-pending', '2');
    expect(await group('¿Cuándo').locator('.status').first().textContent()).toBe(
      'Respondida en vivo',
    );

    await group('canon superficiario').getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Agrupar (2)' }).click();
    await groupCount(2);
    expect(await group('¿Qué va').locator('.askers').textContent()).toBe('2 personas');

    await page.getByRole('button', { name: 'Cerrar la sesión' }).click();
    const dialog = page.getByRole('dialog', { name: '¿Cerrar la sesión?' });
    expect(await dialog.textContent()).toContain('Audiencia pública en el navegador');
    await screenshot('live-panel-dialog');
    await dialog.getByRole('button', { name: 'Sí, cerrar la sesión' }).click();
    await textOf('#notice', 'Sesión cerrada. El resumen se publicó en el chat de la reunión.');
    await page.locator('#closed-note').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Respondida en vivo' }).count()).toBe(0);
    await page.locator('summary').first().click();
    await screenshot('live-panel-closed');
    const [summary] = await channel.waitFor(meeting.party.conversationId, 1);
    expect(visibleText(summary ?? {})).toContain('Respondidas en vivo\n2');
  });

  it('when another staff member closed the session meanwhile, then an action on it fails with a Spanish explanation', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Sesión cerrada por otra persona');
    await sendToMeeting(bot.app.url, meeting, { start: true }, '¿Qué es la ANM?');
    // A frozen clock holds the panel's refresh, so the page still shows the session open.
    await page.clock.install();
    await openPanelInTeams();
    await group('¿Qué es la ANM?').waitFor({ timeout: 10_000 });
    const spaceId = await page.locator('#space-select').inputValue();
    const closed = await fetch(`${bot.app.url}/api/live/spaces/${spaceId}/close`, {
      method: 'POST',
      headers: { ...(await issuer.headers('staff')), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(closed.status).toBe(200);

    await group('¿Qué es la ANM?').getByRole('button', { name: 'Respondida en vivo' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toBe(
      'La sesión ya está cerrada: sus preguntas no se pueden cambiar desde el panel.',
    );
    await page.locator('#closed-note').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await alert.isVisible()).toBe(true);
  });

  /** A date-time field's value `days` from now, as staff in Bogotá (UTC-5) type it. */
  const bogotaFieldValue = (days: number) =>
    new Date(Date.now() + days * 24 * 60 * 60_000 - 5 * 60 * 60_000).toISOString().slice(0, 16);

  it('when staff schedule a session with the form, then each problem shows beside its field with what they typed kept, and once fixed the session waits in the selector until its meeting starts', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Reunión del foro en Teams');
    await openPanelInTeams();
    await page.getByRole('button', { name: 'Programar una sesión' }).click();
    const form = page.getByRole('region', { name: 'Programar una sesión' });
    await form.getByLabel('Título (obligatorio)').fill('ab');
    await form.getByLabel('Video en vivo de Facebook (identificador)').fill('video del foro');
    await form.getByRole('button', { name: 'Programar la sesión' }).click();

    const problems = form.getByRole('alert');
    await problems.waitFor({ timeout: 10_000 });
    expect(await problems.locator('li').allTextContents()).toEqual([
      'Tipo de espacio: elija uno de la lista.',
      'Título: escriba al menos 3 caracteres.',
      'Video en vivo de Facebook: escriba solo números (el identificador que da Facebook).',
    ]);
    const title = form.getByLabel('Título (obligatorio)');
    expect(await title.inputValue()).toBe('ab');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#field-title-problem').textContent()).toBe(
      'Título: escriba al menos 3 caracteres.',
    );
    await screenshot('space-form-problems');

    await form
      .getByLabel('Tipo de espacio (obligatorio)')
      .selectOption({ label: 'Mesa, foro o grupo focal' });
    await title.fill('Foro minero de Boyacá');
    await form.getByLabel('Área responsable').fill('Grupo de Participación Ciudadana');
    await form.getByLabel('Municipio').fill('Sogamoso');
    await form.getByLabel('Departamento').fill('Boyacá');
    await form.getByLabel('Fecha y hora (hora de Colombia)').fill(bogotaFieldValue(2));
    await form.getByLabel('Reunión de Teams (identificador)').fill(meeting.meetingId);
    await form.getByLabel('Video en vivo de Facebook (identificador)').fill('');
    await form.getByRole('button', { name: 'Programar la sesión' }).click();

    await textOf('#notice', 'Sesión programada.');
    expect(await form.isVisible()).toBe(false);
    expect(await page.locator('#space-select option:checked').textContent()).toBe(
      'Foro minero de Boyacá (programada)',
    );
    expect(await page.locator('#space-state').textContent()).toMatch(
      /^Programada para el .+ · Teams$/,
    );
    expect(await page.locator('#scheduled-note').textContent()).toBe(
      'Esta sesión está programada: se abrirá sola cuando empiece su reunión de Teams.',
    );
    await screenshot('space-scheduled');

    await sendToMeeting(bot.app.url, meeting, { start: true });
    await textOf('#space-select option:checked', 'Foro minero de Boyacá (en curso)');
    await sendToMeeting(bot.app.url, meeting, { end: true });
  });

  it('when the bot opened a session by itself, then the panel says its data are missing, and completing them in the form clears the notice', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Reunión abierta sin programar');
    await sendToMeeting(bot.app.url, meeting, { start: true }, '¿Qué es la ANM?');
    await openPanelInTeams();
    await page
      .locator('#space-select option', { hasText: 'Reunión abierta sin programar' })
      .waitFor({
        state: 'attached',
        timeout: 10_000,
      });
    await page.selectOption('#space-select', { label: 'Reunión abierta sin programar (en curso)' });
    const notice = page.locator('#completion-notice');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('Faltan datos de esta sesión.');

    await page.getByRole('button', { name: 'Completar datos' }).click();
    const form = page.getByRole('region', { name: 'Completar los datos de la sesión' });
    expect(await form.getByLabel('Título (obligatorio)').inputValue()).toBe(
      'Reunión abierta sin programar',
    );
    expect(await form.getByLabel('Tipo de espacio (obligatorio)').inputValue()).toBe('');
    const meetingField = form.getByLabel('Reunión de Teams (identificador)');
    expect([await meetingField.inputValue(), await meetingField.isEditable()]).toEqual([
      meeting.meetingId,
      false,
    ]);
    await screenshot('space-form');

    await form
      .getByLabel('Tipo de espacio (obligatorio)')
      .selectOption({ label: 'ANM Activa la Región' });
    await form.getByLabel('Título (obligatorio)').fill('ANM Activa la Región — Sogamoso');
    await form.getByLabel('Municipio').fill('Sogamoso');
    await form.getByLabel('Departamento').fill('Boyacá');
    await form.getByLabel('Video en vivo de Facebook (identificador)').fill('900000000000555');
    await form.getByRole('button', { name: 'Guardar los datos' }).click();

    await textOf('#notice', 'Datos de la sesión guardados.');
    await notice.waitFor({ state: 'hidden', timeout: 10_000 });
    await textOf('#space-select option:checked', 'ANM Activa la Región — Sogamoso (en curso)');
    expect(await page.locator('#space-facts').textContent()).toBe(
      'ANM Activa la Región · Sogamoso, Boyacá',
    );
    expect(await page.locator('#space-state').textContent()).toMatch(/· Teams y Facebook$/);
    expect(await page.getByRole('button', { name: 'Editar datos' }).isVisible()).toBe(true);
  });

  it('when staff record how many took part in a closed session, then a wrong count shows beside its field, and the saved one shows with the session', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Mesa técnica ya cerrada');
    await sendToMeeting(bot.app.url, meeting, { start: true }, '¿Qué es la ANM?', { end: true });
    await openPanelInTeams();
    await page
      .locator('#space-select option', { hasText: 'Mesa técnica ya cerrada' })
      .waitFor({ state: 'attached', timeout: 10_000 });
    await page.selectOption('#space-select', { label: 'Mesa técnica ya cerrada (cerrada)' });
    await page.getByRole('button', { name: 'Completar datos' }).click();
    const form = page.getByRole('region', { name: 'Completar los datos de la sesión' });
    await form
      .getByLabel('Tipo de espacio (obligatorio)')
      .selectOption({ label: 'Mesa, foro o grupo focal' });
    const participants = form.getByLabel('Participantes');
    expect(await participants.inputValue()).toBe('');
    await participants.fill('doce');
    await form.getByRole('button', { name: 'Guardar los datos' }).click();
    await form.getByRole('alert').waitFor({ timeout: 10_000 });
    expect(await form.locator('#field-participants-problem').textContent()).toBe(
      'Participantes: escriba un número entero entre 0 y 1.000.000, sin decimales.',
    );
    expect(await participants.getAttribute('aria-invalid')).toBe('true');

    await participants.fill('1.200');
    await form.getByRole('button', { name: 'Guardar los datos' }).click();
    await textOf('#notice', 'Datos de la sesión guardados.');
    expect(await page.locator('#space-facts').textContent()).toBe(
      'Mesa, foro o grupo focal · 1.200 participantes',
    );
    await page.getByRole('button', { name: 'Editar datos' }).click();
    const edit = page.getByRole('region', { name: 'Editar los datos de la sesión' });
    expect(await edit.getByLabel('Participantes').inputValue()).toBe('1200');
  });

  it('when the configuration page is opened outside Teams, then it says where it is used and links to the panel', async () => {
    await page.goto(`${bot.app.url}/tab/configure.html`);
    await page.locator('#outside-teams').waitFor({ timeout: 10_000 });
    expect(
      await page
        .getByRole('link', { name: 'Abrir el panel en este navegador' })
        .getAttribute('href'),
    ).toBe('live-panel.html');
  });

  it('when Teams opens the configuration page and staff save, then the tab is the live panel of this server', async () => {
    await page.route('**/tab/teams-js.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: fakeTeamsSdk({ theme: 'dark' }) }),
    );
    await page.goto(`${bot.app.url}/tab/configure.html`);
    await page.getByText('Seleccione «Guardar» para agregar el panel a la reunión.').waitFor();
    const saved = await page.evaluate(() =>
      (globalThis as unknown as { fakeTeams: FakeTeams }).fakeTeams.save(),
    );
    expect(saved).toEqual({
      outcome: 'success',
      valid: true,
      config: {
        entityId: 'panel-en-vivo',
        contentUrl: `${bot.app.url}/tab/live-panel.html`,
        websiteUrl: `${bot.app.url}/tab/live-panel.html`,
        suggestedDisplayName: 'Panel en vivo',
      },
    });
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
  });
});
