import { ChannelSimulator } from '../support/channel-simulator';
import { visibleText } from '../support/conversation';
import {
  commentChange,
  deliver,
  facebookEnvironment,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import {
  LivePanelClient,
  sendToMeeting,
  type PanelGroup,
  type PanelSpace,
} from '../support/live-panel-client';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { newTeamsMeeting, type TeamsMeeting } from '../support/teams-meeting-activities';
import { startTestApp, type TestApp } from '../support/test-app';
import { createSpace } from '../../models/space';

describe('the live panel API over HTTP, on questions of a real Teams meeting', () => {
  const channel = new ChannelSimulator();
  const graph = new FakeGraphServer();
  const issuer = new LocalStaffIssuer();
  let bot: TestApp;
  let panel: LivePanelClient;

  beforeAll(async () => {
    await channel.start();
    await graph.start();
    await issuer.start();
    bot = await startTestApp({ ...facebookEnvironment(graph.url), ...issuer.environment() });
    panel = new LivePanelClient(bot.app.url, await issuer.headers('staff'));
  });
  afterAll(async () => {
    await bot.dispose();
    await issuer.stop();
    await graph.stop();
    await channel.stop();
  });
  afterEach(() => {
    expect(channel.cardProblems).toEqual([]);
  });

  /** A meeting under way with three questions: two that mean the same, and another one. */
  async function runningMeeting(
    title: string,
  ): Promise<{ meeting: TeamsMeeting; space: PanelSpace }> {
    const meeting = newTeamsMeeting(channel.serviceUrl, title);
    await sendToMeeting(
      bot.app.url,
      meeting,
      { start: true },
      '¿Cuándo le pagan las regalías al municipio de Pitalito?',
      'Buenas tardes a todos',
      'cuando pagan regalias al municipio pitalito',
      '¿Qué va a pasar con la minería ilegal en el río Magdalena?',
    );
    return { meeting, space: await panel.spaceOfTitle(title) };
  }

  const byText = (groups: PanelGroup[], start: string) =>
    groups.find((group) => group.text.startsWith(start));

  it('when questions arrive from the meeting chat and from Facebook Live, then the panel shows them grouped, newest first, with both channels and nothing personal', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia pública 2026 — Huila');
    const videoId = '900000000000777';
    await createSpace(bot.app.database.models, {
      type: 'audiencia-publica',
      title: 'Audiencia pública 2026 — Huila',
      resources: [
        { kind: 'teams-meeting', id: meeting.meetingId },
        { kind: 'facebook-live-video', id: videoId },
      ],
    });
    await sendToMeeting(
      bot.app.url,
      meeting,
      { start: true },
      '¿Cuándo le pagan las regalías al municipio de Pitalito?',
      '¿Qué es el canon superficiario?',
    );
    const comment = commentChange({
      commentId: `${videoId}_c1`,
      postId: `${testPageId}_${videoId}`,
      message: 'cuando pagan regalias al municipio de pitalito',
      fromName: 'Ana Pérez',
    });
    expect((await deliver(bot.app.url, pageNotification([comment]))).status).toBe(200);
    await bot.app.facebook?.settled();

    const space = await panel.spaceOfTitle('Audiencia pública 2026 — Huila');
    expect(space).toMatchObject({ state: 'open', channels: ['msteams', 'facebook'] });
    const { tally, groups } = await panel.questions(space.id);
    expect(tally).toMatchObject({ captured: 3, groups: 2, answeredLive: 0, pending: 3 });
    // Facebook stamps comments to the second: the order is by each group's latest question.
    expect(
      groups
        .map((group) => [group.text, group.askers, group.channels])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['¿Cuándo le pagan las regalías al municipio de Pitalito?', 2, ['msteams', 'facebook']],
      ['¿Qué es el canon superficiario?', 1, ['msteams']],
    ]);
    const latest = groups.map((group) => Date.parse(group.latestAt));
    expect(latest).toEqual([...latest].sort((a, b) => b - a));
    const royalties = byText(groups, '¿Cuándo');
    const member = royalties?.members[1];
    expect(member).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/) as string,
      text: 'cuando pagan regalias al municipio de pitalito',
      channel: 'facebook',
      receivedAt: expect.any(String) as string,
      trackingCode: expect.stringMatching(/^ANM-/) as string,
      status: 'pending',
      dueAt: expect.any(String) as string,
    });
    // The space's own channel ids (the meeting, the live video) are shown so that staff can check
    // them; the chat's conversation id and the people in it never are.
    const everything = JSON.stringify(await panel.questions(space.id));
    for (const secret of [
      meeting.party.conversationId,
      meeting.party.userId,
      'Ana Pérez',
      '7000000000001',
      'citizenKey',
      'conversationKey',
      'contact',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('when staff mark a group answered live, then every asker in it counts as answered, and a second click changes nothing', async () => {
    const { space } = await runningMeeting('Sesión respondida en vivo');
    const royalties = byText((await panel.questions(space.id)).groups, '¿Cuándo');
    const first = await panel.post<{ group: PanelGroup }>(
      `/api/live/questions/${royalties?.members[1]?.id}/answered-live`,
    );
    expect(first.status).toBe(200);
    expect(first.body.group.members.map((member) => member.status)).toEqual([
      'answered_live',
      'answered_live',
    ]);
    const again = await panel.post(`/api/live/questions/${royalties?.id}/answered-live`);
    expect(again.status).toBe(200);
    expect((await panel.questions(space.id)).tally).toMatchObject({
      captured: 3,
      answeredLive: 2,
      pending: 1,
    });
    // The history names the staff member who acted (by their token), not just "staff".
    const events = await bot.app.database.models.questionEvents
      .find({ type: 'answered-live' })
      .lean();
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(
      events.every((event) => event.actor === 'staff' && event.by?.name === 'Ana Prueba'),
    ).toBe(true);
  });

  it('when staff merge two groups and then split one question out, then the list shows each change', async () => {
    const { space } = await runningMeeting('Sesión para agrupar');
    const before = await panel.questions(space.id);
    const royalties = byText(before.groups, '¿Cuándo');
    const mining = byText(before.groups, '¿Qué va');
    const merged = await panel.post<{ group: PanelGroup }>('/api/live/groups/merge', {
      targetQuestionId: royalties?.id,
      questionIds: [mining?.id],
    });
    expect(merged.status).toBe(200);
    expect(merged.body.group.askers).toBe(3);
    expect((await panel.questions(space.id)).groups.map((group) => group.askers)).toEqual([3]);

    const split = await panel.post<{ group: PanelGroup }>(
      `/api/live/questions/${mining?.id}/split`,
    );
    expect(split.status).toBe(200);
    expect(split.body.group.askers).toBe(1);
    const after = await panel.questions(space.id);
    expect(after.groups.map((group) => [group.text.slice(0, 8), group.askers])).toEqual([
      ['¿Qué va ', 1],
      ['¿Cuándo ', 2],
    ]);
    expect((await panel.post(`/api/live/questions/${mining?.id}/split`)).status).toBe(200);
    expect((await panel.questions(space.id)).groups).toHaveLength(2);
  });

  it('when staff close the session, then the summary is posted once in the meeting chat and the meeting end later posts nothing', async () => {
    const { meeting, space } = await runningMeeting('Audiencia cerrada desde el panel');
    const chat = meeting.party.conversationId;
    const closed = await panel.post<{
      closedNow: boolean;
      announcement: string;
      space: PanelSpace;
    }>(`/api/live/spaces/${space.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      closedNow: true,
      announcement: 'posted',
      space: { state: 'closed' },
    });
    const [summary] = await channel.waitFor(chat, 1);
    const text = visibleText(summary ?? {});
    expect(text).toContain('Resumen de la sesión: Audiencia cerrada desde el panel');
    expect(text).toContain('Preguntas recibidas\n3 (2 temas distintos)');
    expect(text).toContain('Pendientes de respuesta\n3');

    const again = await panel.post(`/api/live/spaces/${space.id}/close`);
    expect(again.body).toMatchObject({ closedNow: false, announcement: 'already-closed' });
    await sendToMeeting(bot.app.url, meeting, { end: true });
    expect(channel.inConversation(chat)).toHaveLength(1);

    const { groups } = await panel.questions(space.id);
    const refused = await panel.post<{ error: { code: string; message: string } }>(
      `/api/live/questions/${groups[0]?.id}/answered-live`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('La sesión ya está cerrada');
  });

  it('when an id is malformed, unknown or the body is wrong, then the answer says so precisely and nothing stored changes', async () => {
    const { space } = await runningMeeting('Sesión con solicitudes erradas');
    const before = await panel.questions(space.id);
    const known = before.groups[0]?.id ?? '';
    const unknown = '0123456789abcdef01234567';
    const cases: [Promise<{ status: number; body: unknown }>, number, string][] = [
      [panel.get('/api/live/spaces/no-es-un-id/questions'), 400, 'El identificador de la sesión'],
      [panel.post('/api/live/questions/123/answered-live'), 400, '24 caracteres hexadecimales'],
      [panel.post('/api/live/spaces/zzzzzzzzzzzzzzzzzzzzzzzz/close'), 400, 'de la sesión'],
      [panel.get(`/api/live/spaces/${unknown}/questions`), 404, 'No encontramos esa sesión'],
      [panel.post(`/api/live/questions/${unknown}/split`), 404, 'No encontramos esa pregunta'],
      [
        panel.post('/api/live/groups/merge', { targetQuestionId: known, questionIds: ['x'] }),
        400,
        'El elemento 1 de "questionIds"',
      ],
      [
        panel.post('/api/live/groups/merge', { targetQuestionId: known, questionIds: [] }),
        400,
        '"questionIds"',
      ],
      [
        panel.post('/api/live/groups/merge', { targetQuestionId: known, questionIds: [unknown] }),
        404,
        'No encontramos una de las preguntas',
      ],
      [panel.post('/api/live/groups/merge', '{"targetQuestionId": '), 400, 'no es JSON válido'],
      [panel.post(`/api/live/questions/${known}/answered-live`, '{}', 'text/plain'), 415, 'JSON'],
    ];
    for (const [response, status, message] of cases) {
      const { status: actual, body } = await response;
      expect({
        status: actual,
        message: (body as { error: { message: string } }).error.message,
      }).toEqual({
        status,
        message: expect.stringContaining(message) as string,
      });
    }
    expect(await panel.questions(space.id)).toEqual(before);
  });

  it('when staff in another session try to merge its questions here, then it is refused', async () => {
    const one = await runningMeeting('Sesión A');
    const other = await runningMeeting('Sesión B');
    const [a] = (await panel.questions(one.space.id)).groups;
    const [b] = (await panel.questions(other.space.id)).groups;
    const refused = await panel.post<{ error: { code: string } }>('/api/live/groups/merge', {
      targetQuestionId: a?.id,
      questionIds: [b?.id],
    });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'different-spaces']);
  });

  it('when the panel pages are asked for, then each comes with its content type and a policy that lets only Teams frame it', async () => {
    for (const [file, type] of [
      ['live-panel.html', 'text/html'],
      ['configure.html', 'text/html'],
      ['live-panel.js', 'text/javascript'],
      ['live-panel.css', 'text/css'],
      ['teams-js.js', 'text/javascript'],
    ]) {
      const response = await fetch(`${bot.app.url}/tab/${file}`);
      expect([file, response.status, response.headers.get('content-type')]).toEqual([
        file,
        200,
        `${type}; charset=utf-8`,
      ]);
      expect(response.headers.get('content-security-policy')).toContain(
        "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.office.com https://*.cloud.microsoft",
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await fetch(`${bot.app.url}/tab/teams-js.js`)).text()).toContain(
      'microsoftTeams',
    );
    for (const path of [
      '/tab/../package.json',
      '/tab/%2e%2e%2fpackage.json',
      '/tab/..%2Fpackage.json',
      '/tab/README.md',
      '/tab/',
    ]) {
      expect([path, (await fetch(`${bot.app.url}${path}`)).status]).toEqual([path, 404]);
    }
  });
});

describe('the live panel without staff sign-in configured', () => {
  it('when no issuer and no development tokens are set, then its API and pages answer 404', async () => {
    const bot = await startTestApp();
    try {
      for (const [method, path] of [
        ['GET', '/api/live/spaces'],
        ['POST', '/api/live/spaces'],
        ['GET', '/api/live/space-form-options'],
        ['POST', '/api/live/spaces/0123456789abcdef01234567/details'],
        ['GET', '/api/live/spaces/0123456789abcdef01234567/questions'],
        ['POST', '/api/live/spaces/0123456789abcdef01234567/close'],
        ['POST', '/api/live/groups/merge'],
        ['GET', '/tab/live-panel.html'],
        ['GET', '/tab/configure.html'],
        ['GET', '/tab/teams-js.js'],
        ['GET', '/tab/sign-in.json'],
      ]) {
        const response = await fetch(`${bot.app.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        expect([method, path, response.status]).toEqual([method, path, 404]);
      }
    } finally {
      await bot.dispose();
    }
  });
});
