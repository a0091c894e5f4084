import {
  LivePanelClient,
  type PanelErrorBody,
  type PanelSpace,
} from '../support/live-panel-client';
import { LocalStaffIssuer, testStaffIssuer } from '../support/staff-auth-issuer';
import { startTestApp, type TestApp } from '../support/test-app';

const someId = '0123456789abcdef01234567';

/** Every route of the panel's API, with a body that would be accepted if the caller were let in. */
const routes: [method: 'GET' | 'POST', path: string][] = [
  ['GET', '/api/live/spaces'],
  ['POST', '/api/live/spaces'],
  ['GET', '/api/live/space-form-options'],
  ['POST', `/api/live/spaces/${someId}/details`],
  ['GET', `/api/live/spaces/${someId}/questions`],
  ['POST', `/api/live/spaces/${someId}/close`],
  ['POST', `/api/live/questions/${someId}/answered-live`],
  ['POST', `/api/live/questions/${someId}/split`],
  ['POST', '/api/live/groups/merge'],
];

const validSpace = {
  type: 'audiencia-publica',
  title: 'Audiencia pública de prueba de roles',
  scheduledAt: new Date(Date.now() + 3 * 24 * 60 * 60_000).toISOString(),
};

describe('the live panel API behind staff sign-in', () => {
  const issuer = new LocalStaffIssuer();
  let bot: TestApp;

  beforeAll(async () => {
    await issuer.start();
    bot = await startTestApp({
      ...issuer.environment(),
      AUTH_CLIENT_ID: 'panel-client-id',
      AUTH_API_SCOPE: 'api://anm-panel/access_as_user',
    });
  });
  afterAll(async () => {
    await bot.dispose();
    await issuer.stop();
  });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; challenge: string | null; body: PanelErrorBody }> {
    const response = await fetch(`${bot.app.url}${path}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    });
    return {
      status: response.status,
      challenge: response.headers.get('www-authenticate'),
      body: (await response.json()) as PanelErrorBody,
    };
  }

  it('when a request carries no token, then every route answers 401 with a Bearer challenge and a Spanish message', async () => {
    for (const [method, path] of routes) {
      const answer = await call(method, path);
      expect([method, path, answer.status, answer.challenge, answer.body.error.code]).toEqual([
        method,
        path,
        401,
        'Bearer realm="ANM"',
        'unauthenticated',
      ]);
      expect(answer.body.error.message).toBe('Inicie sesión para usar esta función.');
    }
  });

  it('when the token has expired, then the panel is told to sign in again', async () => {
    const expired = { authorization: `Bearer ${await issuer.token({ expiresIn: -300 })}` };
    const answer = await call('GET', '/api/live/spaces', expired);
    expect([answer.status, answer.body.error.message]).toEqual([
      401,
      'Su sesión expiró. Inicie sesión de nuevo.',
    ]);
  });

  it('when a moderator without a live-session role calls, then every route answers 403 and names the role it needs', async () => {
    const moderator = await issuer.headers('moderator');
    for (const [method, path] of routes) {
      const answer = await call(method, path, moderator);
      expect([method, path, answer.status, answer.body.error.code]).toEqual([
        method,
        path,
        403,
        'forbidden',
      ]);
    }
    expect((await call('GET', '/api/live/spaces', moderator)).body.error.message).toContain(
      'equipo de sesiones en vivo (staff)',
    );
  });

  it('when an administrator manages spaces, then they may list, schedule and edit them, but the live work on questions and closing stay with staff', async () => {
    const admin = new LivePanelClient(bot.app.url, await issuer.headers('admin'));
    expect((await admin.get('/api/live/spaces')).status).toBe(200);
    expect((await admin.get('/api/live/space-form-options')).status).toBe(200);
    const scheduled = await admin.post<{ space: PanelSpace }>('/api/live/spaces', validSpace);
    expect(scheduled.status).toBe(201);
    const spaceId = scheduled.body.space.id;
    const edited = await admin.post(`/api/live/spaces/${spaceId}/details`, {
      ...validSpace,
      title: 'Audiencia pública de prueba de roles (editada)',
    });
    expect(edited.status).toBe(200);
    expect((await admin.get(`/api/live/spaces/${spaceId}/questions`)).status).toBe(200);
    for (const path of [
      `/api/live/spaces/${spaceId}/close`,
      `/api/live/questions/${someId}/answered-live`,
      `/api/live/questions/${someId}/split`,
      '/api/live/groups/merge',
    ]) {
      expect([path, (await admin.post(path)).status]).toEqual([path, 403]);
    }
  });

  it("when staff run a session, then every route lets them in (what follows is the route's own answer)", async () => {
    const staff = await issuer.headers('staff');
    for (const [method, path] of routes) {
      const { status } = await call(method, path, staff);
      expect([method, path, [401, 403].includes(status)]).toEqual([method, path, false]);
    }
  });

  it('when the tab pages ask how to sign in, then they get Teams SSO and the browser sign-in against the issuer, and may call only that issuer besides this server', async () => {
    const response = await fetch(`${bot.app.url}/tab/sign-in.json`);
    expect(await response.json()).toEqual({
      teams: true,
      browser: {
        issuer: testStaffIssuer,
        clientId: 'panel-client-id',
        scope: 'openid profile api://anm-panel/access_as_user',
      },
      devTokens: false,
    });
    const page = await fetch(`${bot.app.url}/tab/live-panel.html`);
    expect(page.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ${new URL(testStaffIssuer).origin};`,
    );
  });
});
