import type { AddressInfo } from 'node:net';

import restify, { type Request, type Server } from 'restify';

import { errorCodes, RequestRefusal } from '../../kernel/errors';
import { createLogger } from '../../kernel/logger';
import type { StaffIdentity, StaffRole } from '../../kernel/staff-identity';
import {
  ana,
  bruno,
  openModerationFixture,
  type ModerationFixture,
} from '../../moderation/moderation-test-kit';
import type { QuestionDocument } from '../../models/question';
import { ModerationFollowUp } from '../../moderation/follow-up-service';
import { registerModerationRoutes } from './moderation-routes';
import { RequestsInFlight } from './route-context';

/**
 * The identity of each request comes from a test header instead of a token. The real token
 * check (signature, issuer, audience, expiry, roles claim → 401/403) is tested by the staff
 * sign-in's own tests (bot/http/staff-auth.test.ts); this checks what the moderation routes do
 * with the identity they are given.
 */
const identities: Record<string, StaffIdentity> = {
  ana: { ...ana, roles: ['moderator'] },
  bruno: { ...bruno, roles: ['moderator', 'staff'] },
  'solo-staff': { subject: 'oid-solo-staff', name: 'Sofía Sesiones', roles: ['staff'] },
};

function testAuthorize(request: Request, role: StaffRole): Promise<StaffIdentity> {
  const identity = identities[String(request.headers['x-test-identity'])];
  if (!identity) {
    return Promise.reject(
      Object.assign(
        new RequestRefusal(errorCodes.unauthenticated, 'Inicie sesión para usar esta función.'),
        { challenge: 'Bearer realm="test"' },
      ),
    );
  }
  if (!identity.roles.includes(role))
    return Promise.reject(
      new RequestRefusal(errorCodes.forbidden, 'Su cuenta no tiene el rol necesario.'),
    );
  return Promise.resolve(identity);
}

/** The parts of the API's JSON answers these tests read. */
interface ApiBody {
  error: { code: string; message: string; problems?: string[] };
  items: { id: string }[];
  nextCursor: string | null;
  counts: Record<string, number>;
  readability: unknown;
  question: { version: number };
  deliveries: { channel: string }[];
  history: { type: string }[];
}

describe('the moderation API over HTTP', () => {
  let fixture: ModerationFixture;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    fixture = await openModerationFixture();
    server = restify.createServer({ name: 'moderation-test', handleUncaughtExceptions: false });
    registerModerationRoutes(
      {
        server,
        edge: {
          maxRequestBytes: 1_048_576,
          requestTimeoutMs: 30_000,
          perAddressPerMinute: 0,
          perConversationPerMinute: 0,
          serviceUrlAllowlist: undefined,
        },
        logger: createLogger('silent'),
        inFlight: new RequestsInFlight(),
      },
      {
        authorize: testAuthorize,
        moderation: fixture.service,
        followUp: new ModerationFollowUp({
          models: fixture.database.models,
          projection: fixture.service.projection,
          facebookConfigured: false,
          now: fixture.clock.now,
        }),
      },
    );
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address: AddressInfo = server.address();
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
    await fixture.close();
  });

  async function call(
    path: string,
    options: { as?: string; body?: unknown; contentType?: string } = {},
  ) {
    const response = await fetch(`${baseUrl}${path}`, {
      method: options.body === undefined ? 'GET' : 'POST',
      headers: {
        ...(options.as ? { 'x-test-identity': options.as } : {}),
        ...(options.body === undefined
          ? {}
          : { 'content-type': options.contentType ?? 'application/json' }),
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as ApiBody,
    };
  }
  const questionPath = (question: QuestionDocument, action = '') =>
    `/api/moderation/questions/${question._id.toHexString()}${action ? `/${action}` : ''}`;

  it('when a signed-in moderator reads the queue, then it gets items, a cursor and counts, without contact data', async () => {
    const question = await fixture.register();
    await fixture.service.projection.catchUp();
    const { status, body, headers } = await call(
      '/api/moderation/questions?status=pending&limit=5',
      { as: 'ana' },
    );
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body.items.map((item) => item.id)).toContain(question._id.toHexString());
    expect(typeof body.counts.pending).toBe('number');
    expect(JSON.stringify(body)).not.toMatch(/camila|citizen-|conv-/i);
  });

  it('when nobody is signed in, then the queue answers 401 with the challenge', async () => {
    const { status, body, headers } = await call('/api/moderation/questions');
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer realm="test"');
    expect(body.error.code).toBe('unauthenticated');
  });

  it('when the identity lacks the moderator role, then every route answers 403 and nothing changes', async () => {
    const question = await fixture.register();
    for (const [path, body] of [
      ['/api/moderation/questions', undefined],
      [questionPath(question), undefined],
      [questionPath(question, 'assign'), { version: 1, area: 'Regalías' }],
      [questionPath(question, 'approve'), { version: 1 }],
    ] as const) {
      const response = await call(path, { as: 'solo-staff', body });
      expect([path, response.status, response.body.error.code]).toEqual([path, 403, 'forbidden']);
    }
    expect((await fixture.service.question(question._id)).question.version).toBe(1);
  });

  it('when the query string is wrong, then it answers 400 listing each problem in Spanish', async () => {
    const { status, body } = await call(
      '/api/moderation/questions?status=abierta&dueWithin=muchos&limit=0&sort=due',
      { as: 'ana' },
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid-body');
    expect(body.error.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('El parámetro "status" admite'),
        'El parámetro "dueWithin" debe ser un número de días hábiles entre 0 y 60.',
        'El parámetro "limit" debe ser un número entre 1 y 100.',
        'El parámetro "sort" no se admite aquí.',
      ]),
    );
  });

  it('when a question id is malformed or unknown, then it answers 400 or 404', async () => {
    expect((await call('/api/moderation/questions/no-es-un-id', { as: 'ana' })).status).toBe(400);
    const unknown = await call('/api/moderation/questions/0123456789abcdef01234567', { as: 'ana' });
    expect([unknown.status, unknown.body.error]).toEqual([
      404,
      { code: 'not-found', message: 'No encontramos esa pregunta.' },
    ]);
    const action = await call('/api/moderation/questions/0123456789abcdef01234567/reject', {
      as: 'ana',
      body: { version: 1, reason: 'No es una pregunta.' },
    });
    expect(action.status).toBe(404);
  });

  it('when an action body is wrong, then it answers 400 with precise Spanish messages and writes nothing', async () => {
    const question = await fixture.register();
    const { status, body } = await call(questionPath(question, 'forward'), {
      as: 'ana',
      body: { version: '1', authority: '', dueAt: '2030-01-01' },
    });
    expect(status).toBe(400);
    expect(body.error.problems).toEqual([
      'El campo "version" debe ser el número de versión de la pregunta que usted vio.',
      'El campo "authority" debe tener al menos 2 caracteres.',
      'Falta el campo "reason".',
      'El campo "dueAt" no se admite aquí.',
    ]);
    expect((await fixture.service.question(question._id)).question.version).toBe(1);
  });

  it('when a body is not JSON, then it answers 415 or 400', async () => {
    const question = await fixture.register();
    const form = await call(questionPath(question, 'approve'), {
      as: 'ana',
      body: 'version=1',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    const broken = await call(questionPath(question, 'approve'), {
      as: 'ana',
      body: '{"version":',
    });
    expect([broken.status, broken.body.error.code]).toEqual([400, 'invalid-json']);
  });

  it('when the version sent is stale, then it answers 409 and the question keeps the other change', async () => {
    const question = await fixture.register();
    expect(
      (
        await call(questionPath(question, 'assign'), {
          as: 'ana',
          body: { version: 1, area: 'Regalías' },
        })
      ).status,
    ).toBe(200);
    const stale = await call(questionPath(question, 'assign'), {
      as: 'bruno',
      body: { version: 1, area: 'Títulos' },
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'changed-meanwhile']);
    expect((await fixture.service.question(question._id)).question.area).toBe('Regalías');
  });

  it('when one moderator drafts and the same one approves, then 403; when another approves, then it is published with its deliveries shown', async () => {
    const question = await fixture.register();
    const drafted = await call(questionPath(question, 'answer'), {
      as: 'ana',
      body: {
        version: 1,
        text: 'El municipio recibe regalías por el carbón. Puede ver cuánto en el mapa de regalías. Si quiere más datos, escríbanos.',
      },
    });
    expect(drafted.status).toBe(200);
    expect(drafted.body.readability).toMatchObject({ meetsFloor: true });
    const own = await call(questionPath(question, 'approve'), { as: 'ana', body: { version: 2 } });
    expect([own.status, own.body.error.message]).toEqual([
      403,
      'Usted redactó este borrador: otra persona del equipo de moderación debe aprobarlo.',
    ]);
    const approved = await call(questionPath(question, 'approve'), {
      as: 'bruno',
      body: { version: 2 },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      question: { status: 'published' },
      askers: 1,
      deliveriesQueued: 2,
    });
    const detail = await call(questionPath(question), { as: 'ana' });
    expect(detail.body.deliveries.map((delivery) => delivery.channel)).toEqual(['chat', 'email']);
    expect(detail.body.history.map((event) => event.type)).toEqual([
      'registered',
      'draft-saved',
      'approved',
    ]);
    expect(JSON.stringify(detail.body)).not.toMatch(/camila|citizen-|conv-|consent:/i);
  });

  it('when the follow-up routes get a malformed id, query or body, then they answer 400 or 404 in Spanish', async () => {
    const badQuery = await call('/api/moderation/deliveries?status=sent&limit=500', { as: 'ana' });
    expect([badQuery.status, badQuery.body.error.problems]).toEqual([
      400,
      [
        'El parámetro "status" admite, separados por comas: failed, unreachable.',
        'El parámetro "limit" debe ser un número entre 1 y 100.',
      ],
    ]);
    const onlyFailed = await call('/api/moderation/facebook-replies?status=sent', { as: 'ana' });
    expect(onlyFailed.body.error.problems).toEqual([
      'El parámetro "status" admite, separados por comas: failed.',
    ]);
    const badId = await call('/api/moderation/deliveries/abc%23chat/retry', {
      as: 'ana',
      body: { version: 1 },
    });
    expect([badId.status, badId.body.error.code]).toEqual([400, 'invalid-id']);
    const unknown = await call(
      `/api/moderation/deliveries/${encodeURIComponent(`${'0'.repeat(24)}#email`)}/retry`,
      { as: 'ana', body: { version: 1 } },
    );
    expect([unknown.status, unknown.body.error.message]).toEqual([
      404,
      'No encontramos ese envío.',
    ]);
    const noReply = await call(`/api/moderation/facebook-replies/${'0'.repeat(24)}/retry`, {
      as: 'ana',
      body: { version: 0 },
    });
    expect([noReply.status, noReply.body.error.code]).toEqual([404, 'not-found']);
    const empty = await call('/api/moderation/facebook-replies', { as: 'ana' });
    expect([empty.status, empty.body.items, empty.body.nextCursor]).toEqual([200, [], null]);
  });

  it('when the identity lacks the moderator role, then the follow-up routes answer 403', async () => {
    for (const [path, body] of [
      ['/api/moderation/deliveries', undefined],
      ['/api/moderation/spaces', undefined],
      [`/api/moderation/facebook-replies/${'0'.repeat(24)}/retry`, { version: 0 }],
    ] as const) {
      const response = await call(path, { as: 'solo-staff', body });
      expect([path, response.status]).toEqual([path, 403]);
    }
  });
});
