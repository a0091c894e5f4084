import { ChannelSimulator } from '../support/channel-simulator';
import { visibleText } from '../support/conversation';
import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import {
  LivePanelClient,
  sendToMeeting,
  type PanelErrorBody,
  type PanelSpace,
} from '../support/live-panel-client';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { newTeamsMeeting } from '../support/teams-meeting-activities';
import { startTestApp, type TestApp } from '../support/test-app';

/** A date-time field's value (no offset) for `days` from now, as staff in Bogotá type it. */
function bogotaFieldValue(days: number): string {
  const bogotaOffsetMs = 5 * 60 * 60_000;
  return new Date(Date.now() + days * 24 * 60 * 60_000 - bogotaOffsetMs).toISOString().slice(0, 16);
}

let videoCounter = 0;
/** A fresh Facebook live video id (digits, as Meta's). */
const newVideoId = () => `90000000${String(Date.now()).slice(-6)}${++videoCounter}`;

describe('staff scheduling and completing sessions through the live panel API', () => {
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

  const schedule = (body: unknown) =>
    panel.post<{ space: PanelSpace } & PanelErrorBody>('/api/live/spaces', body);
  const saveDetails = (spaceId: string, body: unknown) =>
    panel.post<{ space: PanelSpace } & PanelErrorBody>(`/api/live/spaces/${spaceId}/details`, body);

  async function facebookComment(videoId: string, commentId: string, message: string) {
    const comment = commentChange({
      commentId: `${videoId}_${commentId}`,
      postId: `${testPageId}_${videoId}`,
      message,
    });
    expect((await deliver(bot.app.url, pageNotification([comment]))).status).toBe(200);
    await bot.app.facebook?.settled();
  }

  /** What is stored of every space, to show that a refused request wrote nothing. */
  async function everythingStored() {
    const { spaces, spaceBindings, spaceDetails } = bot.app.database.models;
    return {
      spaces: await spaces.find().sort({ _id: 1 }).lean(),
      bindings: await spaceBindings.find().sort({ _id: 1 }).lean(),
      details: await spaceDetails.find().sort({ _id: 1 }).lean(),
    };
  }

  it('when staff schedule a session on a Teams meeting and a Facebook live video, then the meeting start opens that session, the video joins it, and both channels land in one list', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Reunión programada en Outlook');
    const videoId = newVideoId();
    const scheduled = await schedule({
      type: 'audiencia-publica',
      title: 'Audiencia pública de rendición de cuentas 2026',
      responsibleArea: 'Grupo de Participación Ciudadana',
      municipality: 'Neiva',
      department: 'Huila',
      scheduledAt: bogotaFieldValue(2),
      channels: { teamsMeetingId: meeting.meetingId, facebookLiveVideoId: videoId },
    });
    expect(scheduled.status).toBe(201);
    const { space } = scheduled.body;
    expect(space).toMatchObject({
      title: 'Audiencia pública de rendición de cuentas 2026',
      typeLabel: 'Audiencia pública de rendición de cuentas',
      state: 'scheduled',
      needsCompletion: false,
      petitionKind: 'peticion-general',
      openedAt: null,
      channels: ['msteams', 'facebook'],
      channelIds: {
        teamsMeetingId: meeting.meetingId,
        facebookLiveVideoId: videoId,
        facebookPostId: null,
      },
    });
    expect((await panel.spaces()).find((listed) => listed.id === space.id)?.state).toBe(
      'scheduled',
    );

    await sendToMeeting(
      bot.app.url,
      meeting,
      { start: true },
      '¿Cuándo le pagan las regalías al municipio de Neiva?',
    );
    expect(
      (await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]))).status,
    ).toBe(200);
    await facebookComment(videoId, 'c1', '¿Qué es el canon superficiario?');

    const spaces = await panel.spaces();
    expect(spaces.find((listed) => listed.id === space.id)?.state).toBe('open');
    expect(spaces.map((listed) => listed.title)).not.toContain('Reunión programada en Outlook');
    expect(spaces.map((listed) => listed.title)).not.toContain('Transmisión en vivo por Facebook');
    const { tally, groups } = await panel.questions(space.id);
    expect(tally.captured).toBe(2);
    expect(groups.flatMap((group) => group.channels).sort()).toEqual(['facebook', 'msteams']);
  });

  it('when several sessions are scheduled, then the list shows them after the open ones, the soonest first and those without a time last', async () => {
    for (const [title, days] of [
      ['Mesa con la comunidad — en tres días', 3],
      ['Foro minero — mañana', 1],
      ['Grupo focal sin fecha', null],
    ] as const) {
      const response = await schedule({
        type: 'mesa-foro-grupo-focal',
        title,
        scheduledAt: days === null ? null : bogotaFieldValue(days),
      });
      expect(response.status).toBe(201);
    }
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Reunión abierta mientras tanto');
    await sendToMeeting(bot.app.url, meeting, { start: true });

    const titles = (await panel.spaces()).map((space) => space.title);
    const positions = [
      'Reunión abierta mientras tanto',
      'Foro minero — mañana',
      'Mesa con la comunidad — en tres días',
      'Grupo focal sin fecha',
    ].map((title) => titles.indexOf(title));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('when a meeting started without being scheduled, then staff complete its session, bind the live video, and comments and the summary follow the completed session', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Reunión de Teams sin programar');
    await sendToMeeting(bot.app.url, meeting, { start: true }, '¿Qué es el canon superficiario?');
    const opened = await panel.spaceOfTitle('Reunión de Teams sin programar');
    expect(opened).toMatchObject({ state: 'open', needsCompletion: true });

    const videoId = newVideoId();
    const completed = await saveDetails(opened.id, {
      type: 'activa-la-region',
      title: 'ANM Activa la Región — Sogamoso',
      responsibleArea: 'Vicepresidencia de Seguimiento, Control y Seguridad Minera',
      municipality: 'Sogamoso',
      department: 'Boyacá',
      petitionKind: 'documentos',
      channels: { teamsMeetingId: meeting.meetingId, facebookLiveVideoId: videoId },
    });
    expect(completed.status).toBe(200);
    expect(completed.body.space).toMatchObject({
      id: opened.id,
      title: 'ANM Activa la Región — Sogamoso',
      typeLabel: 'ANM Activa la Región',
      municipality: 'Sogamoso',
      department: 'Boyacá',
      petitionKind: 'documentos',
      needsCompletion: false,
      state: 'open',
      openedAt: opened.openedAt,
      channels: ['msteams', 'facebook'],
    });

    await facebookComment(videoId, 'c1', '¿Cuándo le pagan las regalías a Sogamoso?');
    expect((await panel.questions(opened.id)).tally.captured).toBe(2);

    await sendToMeeting(bot.app.url, meeting, { end: true });
    const [summary] = await channel.waitFor(meeting.party.conversationId, 1);
    expect(visibleText(summary ?? {})).toContain(
      'Resumen de la sesión: ANM Activa la Región — Sogamoso',
    );
  });

  it('when a session is closed, then staff can still complete its details but not bind a new channel', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Reunión ya cerrada');
    await sendToMeeting(bot.app.url, meeting, { start: true }, { end: true });
    const closed = await panel.spaceOfTitle('Reunión ya cerrada');
    expect(closed.state).toBe('closed');
    const details = { type: 'audiencia-terceros', title: 'Audiencia de terceros — Rivera' };

    const completed = await saveDetails(closed.id, { ...details, municipality: 'Rivera' });
    expect(completed.status).toBe(200);
    expect(completed.body.space).toMatchObject({
      state: 'closed',
      closedAt: closed.closedAt,
      needsCompletion: false,
    });

    const refused = await saveDetails(closed.id, {
      ...details,
      channels: { facebookLiveVideoId: newVideoId() },
    });
    expect([refused.status, refused.body.error.code, refused.body.error.field]).toEqual([
      409,
      'space-closed',
      'facebookLiveVideoId',
    ]);
    expect((await panel.questions(closed.id)).space).toEqual(completed.body.space);
  });

  it('when staff record how many took part in a closed session, then it is stored, kept by later edits, and the report and the public memoir show it', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia con asistentes');
    await sendToMeeting(bot.app.url, meeting, { start: true }, { end: true });
    const closed = await panel.spaceOfTitle('Audiencia con asistentes');
    expect(closed).toMatchObject({ state: 'closed', participants: null });
    const details = {
      type: 'audiencia-publica',
      title: 'Audiencia pública en Garzón',
      municipality: 'Garzón',
      department: 'Huila',
    };

    const recorded = await saveDetails(closed.id, { ...details, participants: '1.200' });
    expect(recorded.status).toBe(200);
    expect(recorded.body.space).toMatchObject({
      state: 'closed',
      closedAt: closed.closedAt,
      participants: 1200,
    });
    const corrected = await saveDetails(closed.id, { ...details, participants: 120 });
    expect(corrected.body.space.participants).toBe(120);
    // A client that does not send the count (an older form) leaves it as it is.
    const retitled = await saveDetails(closed.id, { ...details, title: 'Audiencia en Garzón' });
    expect(retitled.body.space).toMatchObject({ title: 'Audiencia en Garzón', participants: 120 });
    const { spaces, spaceDetails } = bot.app.database.models;
    const stored = await spaces.findById(closed.id).lean();
    const savedDetails = await spaceDetails.findById(closed.id).lean();
    expect([stored?.participants, savedDetails?.participants]).toEqual([120, 120]);
    expect((await panel.spaces()).find((listed) => listed.id === closed.id)?.participants).toBe(
      120,
    );

    const report = await fetch(`${bot.app.url}/api/reports/spaces/${closed.id}`, {
      headers: await issuer.headers('staff'),
    });
    expect(report.status).toBe(200);
    expect(((await report.json()) as { space: { participants: unknown } }).space).toMatchObject({
      title: 'Audiencia en Garzón',
      participants: 120,
    });
    const memoir = await fetch(`${bot.app.url}/respuestas/espacios/${closed.id}`);
    expect(memoir.status).toBe(200);
    const html = await memoir.text();
    const participation = html.slice(
      html.indexOf('id="participacion"'),
      html.indexOf('id="preguntado"'),
    );
    expect(participation).toContain('Participantes: 120');

    const cleared = await saveDetails(closed.id, { ...details, participants: '' });
    expect(cleared.body.space.participants).toBeNull();
  });

  it('when what staff typed as participants is not a whole number from 0 to 1.000.000, then the answer is 400 in Spanish and nothing stored changes', async () => {
    const existing = await schedule({
      type: 'mesa-foro-grupo-focal',
      title: 'Mesa con participantes contados',
      participants: 45,
    });
    expect([existing.status, existing.body.space.participants]).toEqual([201, 45]);
    const before = await everythingStored();
    for (const participants of [-3, 12.5, '12,5', 'cuarenta', 1_000_001, '2.000.000']) {
      for (const response of [
        await saveDetails(existing.body.space.id, {
          type: 'mesa-foro-grupo-focal',
          title: 'Mesa con participantes contados',
          participants,
        }),
        await schedule({ type: 'mesa-foro-grupo-focal', title: 'Otra mesa', participants }),
      ]) {
        expect([response.status, response.body.error]).toEqual([
          400,
          {
            code: 'invalid-space',
            message: 'Revise los datos de la sesión.',
            problems: [
              'Participantes: escriba un número entero entre 0 y 1.000.000, sin decimales.',
            ],
          },
        ]);
      }
    }
    expect(await everythingStored()).toEqual(before);
  });

  it('when what staff typed is wrong, then the answer is 400 with every problem in Spanish and nothing is written', async () => {
    const existing = await schedule({ type: 'redes-sociales', title: 'Transmisión de prueba' });
    const before = await everythingStored();
    const wrong = {
      type: 'concierto',
      title: 'ab',
      scheduledAt: 'mañana a las 9',
      channels: { facebookLiveVideoId: 'video-1' },
    };
    for (const response of [
      await schedule(wrong),
      await saveDetails(existing.body.space.id, wrong),
    ]) {
      expect(response.status).toBe(400);
      expect(response.body.error).toEqual({
        code: 'invalid-space',
        message: 'Revise los datos de la sesión.',
        problems: [
          'Tipo de espacio: elija uno de la lista.',
          'Título: escriba al menos 3 caracteres.',
          'Fecha y hora: use el formato 2026-12-03T09:00-05:00.',
          'Video en vivo de Facebook: escriba solo números (el identificador que da Facebook).',
        ],
      });
    }
    const opening = await schedule({ type: 'redes-sociales', title: 'Abierta', state: 'open' });
    expect([opening.status, opening.body.error.problems]).toEqual([
      400,
      ['Hay campos que no conocemos en la solicitud.'],
    ]);
    const unknown = '0123456789abcdef01234567';
    const valid = { type: 'redes-sociales', title: 'Transmisión' };
    for (const [response, status, message] of [
      [await saveDetails(unknown, valid), 404, 'No encontramos esa sesión.'],
      [await saveDetails('no-es-un-id', valid), 400, 'El identificador de la sesión'],
      [await panel.post('/api/live/spaces', '{"title": ', 'application/json'), 400, 'JSON'],
      [await panel.post('/api/live/spaces', JSON.stringify(valid), 'text/plain'), 415, 'JSON'],
    ] as const) {
      expect([response.status, (response.body as PanelErrorBody).error.message]).toEqual([
        status,
        expect.stringContaining(message),
      ]);
    }
    expect(await everythingStored()).toEqual(before);
  });

  it('when a channel id already belongs to another session, then the answer is 409 naming that channel and nothing changes', async () => {
    const videoId = newVideoId();
    const owner = await schedule({
      type: 'redes-sociales',
      title: 'Dueña del video',
      channels: { facebookLiveVideoId: videoId },
    });
    expect(owner.status).toBe(201);
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Reunión libre');
    const before = await everythingStored();

    const taken = await schedule({
      type: 'audiencia-publica',
      title: 'Quiere el mismo video',
      channels: { teamsMeetingId: meeting.meetingId, facebookLiveVideoId: videoId },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toEqual({
      code: 'channel-taken',
      message:
        'El video en vivo de Facebook ya está vinculado a otra sesión: «Dueña del video». Revise el identificador.',
      field: 'facebookLiveVideoId',
    });
    expect(await everythingStored()).toEqual(before);

    const other = await schedule({
      type: 'audiencia-publica',
      title: 'Con la reunión libre',
      channels: { teamsMeetingId: meeting.meetingId },
    });
    expect(other.status).toBe(201);
    const stored = await panel.questions(other.body.space.id);
    const addTaken = await saveDetails(other.body.space.id, {
      type: 'audiencia-publica',
      title: 'Con otro título',
      channels: { facebookLiveVideoId: videoId },
    });
    expect([addTaken.status, addTaken.body.error.field]).toEqual([409, 'facebookLiveVideoId']);
    const otherMeeting = newTeamsMeeting(channel.serviceUrl, 'Otra reunión');
    const replace = await saveDetails(other.body.space.id, {
      type: 'audiencia-publica',
      title: 'Con otro título',
      channels: { teamsMeetingId: otherMeeting.meetingId },
    });
    expect([replace.status, replace.body.error.code, replace.body.error.message]).toEqual([
      409,
      'channel-already-set',
      'Esta sesión ya tiene una reunión de Teams vinculada; no se puede cambiar por otra.',
    ]);
    expect(await panel.questions(other.body.space.id)).toEqual(stored);
  });

  it('when the form asks for its choices, then it gets the five kinds of space and the kinds of petition with their terms', async () => {
    const { status, body } = await panel.get<{
      types: { value: string; label: string }[];
      petitionKinds: { value: string; label: string }[];
    }>('/api/live/space-form-options');
    expect(status).toBe(200);
    expect(body.types.map((type) => type.label)).toEqual([
      'Audiencia pública de rendición de cuentas',
      'Audiencia de participación de terceros',
      'ANM Activa la Región',
      'Mesa, foro o grupo focal',
      'Transmisión en redes sociales',
    ]);
    expect(body.petitionKinds).toContainEqual({
      value: 'peticion-general',
      label: 'Petición general (15 días hábiles)',
    });
  });
});
