import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import restify, { type Request, type Response, type Server } from 'restify';

import { createLogger } from '../../kernel/logger';
import { LocalStaffIssuer } from '../../test/support/staff-auth-issuer';
import { handledBy } from './error-handler';
import {
  createStaffAuthenticator,
  maxAuthorizationLength,
  staffIdentityOf,
  type StaffAuthConfig,
} from './staff-auth';

/**
 * The real validator (jose, no mock) behind a real restify server, against a key set served on
 * loopback in Entra's shape. Everything it logs, at trace level, is kept to be searched.
 */
let logged = '';
const logger = createLogger(
  'trace',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString('utf8');
      done();
    },
  }),
);

async function serve(config: StaffAuthConfig): Promise<{ server: Server; url: string }> {
  const staffAuth = createStaffAuthenticator(config, logger);
  const server = restify.createServer({ handleUncaughtExceptions: false });
  const whoAmI = handledBy(logger, (request: Request, response: Response) => {
    response.send(200, staffIdentityOf(request));
    return Promise.resolve();
  });
  server.get('/staff', staffAuth.requireRole('staff'), whoAmI);
  server.get('/admin', staffAuth.requireRole('admin'), whoAmI);
  server.get('/spaces', staffAuth.requireRole('staff', 'admin'), whoAmI);
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port }: AddressInfo = server.address();
  return { server, url: `http://127.0.0.1:${port}` };
}

interface Answer {
  status: number;
  challenge: string | null;
  body: { error?: { code: string; message: string }; subject?: string; name?: string };
}

async function call(url: string, authorization?: string): Promise<Answer> {
  const response = await fetch(url, { headers: authorization ? { authorization } : {} });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: (await response.json()) as Answer['body'],
  };
}

describe('staff sign-in: the bearer token of every staff API call', () => {
  const issuer = new LocalStaffIssuer();
  let server: Server;
  let url: string;

  beforeAll(async () => {
    await issuer.start();
    const environment = issuer.environment();
    ({ server, url } = await serve({
      mode: 'issuer',
      jwksUri: issuer.jwksUri,
      issuer: environment.AUTH_ISSUER ?? '',
      audience: environment.AUTH_AUDIENCE ?? '',
      tenantId: environment.AUTH_TENANT_ID,
    }));
  });
  afterAll(async () => {
    server.close();
    await issuer.stop();
  });

  const bearer = (token: string) => `Bearer ${token}`;

  it('when a staff member calls with a valid token, then the route gets who they are: the object id, the name and their known roles', async () => {
    const oid = '11111111-2222-4333-8444-555555555555';
    const token = await issuer.token({
      oid,
      name: 'María Gómez',
      roles: ['staff', 'Reader', 'moderator'],
    });
    const answer = await call(`${url}/staff`, bearer(token));
    expect([answer.status, answer.body]).toEqual([
      200,
      { subject: oid, name: 'María Gómez', roles: ['staff', 'moderator'] },
    ]);
  });

  it('when the token has no object id, then its subject identifies the staff member', async () => {
    const token = await issuer.token({ oid: null, sub: 'subject-of-ana' });
    expect((await call(`${url}/staff`, bearer(token))).body.subject).toBe('subject-of-ana');
  });

  it('when a route admits either of two roles, then a token with the second one gets in', async () => {
    const token = await issuer.token({ roles: ['admin'] });
    expect((await call(`${url}/spaces`, bearer(token))).status).toBe(200);
  });

  it('when no token is sent, then 401 asks in Spanish to sign in, with a Bearer challenge', async () => {
    const answer = await call(`${url}/staff`);
    expect(answer).toEqual({
      status: 401,
      challenge: 'Bearer realm="ANM"',
      body: {
        error: { code: 'unauthenticated', message: 'Inicie sesión para usar esta función.' },
      },
    });
  });

  it('when the token is expired, then 401 says the session expired', async () => {
    const token = await issuer.token({ expiresIn: -120 });
    const answer = await call(`${url}/staff`, bearer(token));
    expect([answer.status, answer.body.error?.message]).toEqual([
      401,
      'Su sesión expiró. Inicie sesión de nuevo.',
    ]);
    expect(answer.challenge).toContain('error="invalid_token"');
  });

  const refusedTokens: [string, () => Promise<string>][] = [
    ['a header that is not Bearer', () => Promise.resolve('Basic YW5hOnNlY3JldG8=')],
    ['a Bearer value that is not a JWT', () => Promise.resolve('Bearer not-a-token')],
    [
      'a payload changed after signing',
      async () => {
        const [header, , signature] = (await issuer.token()).split('.');
        const forged = Buffer.from(
          JSON.stringify({ sub: 'x', roles: ['admin'], exp: 9_999_999_999 }),
        ).toString('base64url');
        return bearer(`${header}.${forged}.${signature}`);
      },
    ],
    [
      'a key and key id the issuer does not publish',
      async () => bearer(await issuer.token({ unpublishedKey: true, kid: 'another-key' })),
    ],
    [
      'a key the issuer does not publish',
      async () => bearer(await issuer.token({ unpublishedKey: true })),
    ],
    [
      'another issuer',
      async () => bearer(await issuer.token({ iss: 'https://login.example.test/v2.0' })),
    ],
    ['another audience', async () => bearer(await issuer.token({ aud: 'api://another-app' }))],
    [
      'another tenant',
      async () => bearer(await issuer.token({ tid: '99999999-9999-4999-8999-999999999999' })),
    ],
    ['a token not valid yet', async () => bearer(await issuer.token({ notBefore: 600 }))],
    [
      'an unsigned token (alg none)',
      () => Promise.resolve(bearer(issuer.unsignedToken({ roles: ['admin'] }))),
    ],
    ['an HMAC token (HS256)', async () => bearer(await issuer.hmacToken({ roles: ['admin'] }))],
    [
      'a header larger than the bound',
      async () => `${bearer(await issuer.token())}${'A'.repeat(maxAuthorizationLength)}`,
    ],
  ];

  it.each(refusedTokens)(
    'when the call carries %s, then 401 with invalid_token and nothing of the token in the answer',
    async (_case, authorization) => {
      const sent = await authorization();
      const answer = await call(`${url}/staff`, sent);
      expect([answer.status, answer.body.error?.code, answer.challenge]).toEqual([
        401,
        'unauthenticated',
        'Bearer realm="ANM", error="invalid_token"',
      ]);
      expect(answer.body.error?.message).toBe(
        'No pudimos comprobar su inicio de sesión. Inicie sesión de nuevo.',
      );
    },
  );

  it('when a valid token lacks the role the route needs, then 403 names the role in Spanish', async () => {
    const token = await issuer.token({ roles: ['staff', 'moderator'] });
    const answer = await call(`${url}/admin`, bearer(token));
    expect([answer.status, answer.body.error?.code, answer.challenge]).toEqual([
      403,
      'forbidden',
      'Bearer realm="ANM", error="insufficient_scope"',
    ]);
    expect(answer.body.error?.message).toContain('administración (admin)');
  });

  it('when tokens are accepted and refused, then the log carries neither the tokens nor what they say of the person', async () => {
    const oid = '77777777-8888-4999-8aaa-bbbbbbbbbbbb';
    const accepted = await issuer.token({ oid, name: 'Rosa Lindarte', roles: ['staff'] });
    const expired = await issuer.token({ oid, name: 'Rosa Lindarte', expiresIn: -60 });
    logged = '';
    await call(`${url}/staff`, bearer(accepted));
    await call(`${url}/admin`, bearer(accepted));
    await call(`${url}/staff`, bearer(expired));
    expect(logged).toContain('request refused');
    for (const secret of [accepted, expired, accepted.split('.')[1] ?? '', 'Rosa Lindarte', oid]) {
      expect(logged).not.toContain(secret);
    }
  });

  it('when many calls arrive, then the key set is fetched once and kept', async () => {
    const before = issuer.keySetRequests;
    const token = await issuer.token();
    for (let index = 0; index < 5; index++) {
      expect((await call(`${url}/staff`, bearer(token))).status).toBe(200);
    }
    expect(issuer.keySetRequests - before).toBeLessThanOrEqual(1);
  });
});

describe('staff sign-in when the issuer cannot be reached', () => {
  it("when the key set cannot be fetched, then the call fails as ours (500 with a reference), not as the caller's 401", async () => {
    const issuer = new LocalStaffIssuer();
    await issuer.start();
    const environment = issuer.environment();
    const jwksUri = issuer.jwksUri;
    const token = await issuer.token();
    await issuer.stop();
    const { server, url } = await serve({
      mode: 'issuer',
      jwksUri,
      issuer: environment.AUTH_ISSUER ?? '',
      audience: environment.AUTH_AUDIENCE ?? '',
      tenantId: environment.AUTH_TENANT_ID,
    });
    try {
      const answer = await call(`${url}/staff`, `Bearer ${token}`);
      expect([answer.status, answer.body.error?.code]).toEqual([500, 'internal']);
      expect(answer.body.error?.message).toContain('Código de referencia');
    } finally {
      server.close();
    }
  });
});
