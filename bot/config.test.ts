import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';

import { ConfigError, configVariableNames, loadConfig, parseConfig } from './config';
import { projectRoot } from '../kernel/project-root';

describe('parseConfig', () => {
  it('when nothing is set, then the bot runs on port 3978 on the embedded database under ./data', () => {
    const config = parseConfig({}, '/srv/bot');
    expect(config.port).toBe(3978);
    expect(config.database).toMatchObject({
      kind: 'embedded',
      dataDir: '/srv/bot/data',
      dbName: 'anm_rendicion_cuentas',
    });
    expect(config.botAuth).toEqual({});
  });

  it('when MONGODB_URI is set, then that server is used instead of the embedded one', () => {
    const config = parseConfig({
      MONGODB_URI: 'mongodb+srv://cluster.example.net/',
      MONGODB_DB_NAME: 'anm',
    });
    expect(config.database).toMatchObject({
      kind: 'external',
      uri: 'mongodb+srv://cluster.example.net/',
      dbName: 'anm',
    });
  });

  it('when several values are wrong, then the error lists each one', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: '70000', LOG_LEVEL: 'loud', MONGODB_URI: 'postgres://x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT');
    expect(problems).toContain('LOG_LEVEL');
    expect(problems).toContain('MONGODB_URI');
  });

  it('when an app id is set without its password, then the configuration is refused', () => {
    expect(() => parseConfig({ MicrosoftAppId: 'abc' })).toThrow(/MicrosoftAppPassword/);
  });

  it('when the configuration is read to build the Teams package, then the bot password is not asked for', () => {
    const config = parseConfig({ MicrosoftAppId: 'abc' }, process.cwd(), 'package');
    expect(config.botAuth.MicrosoftAppId).toBe('abc');
    expect(config.botAuth.MicrosoftAppPassword).toBeUndefined();
  });

  it('when the Bot Framework override keys are set, then they reach the SDK settings unchanged', () => {
    const config = parseConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:1/.well-known/openid-configuration',
      ToBotFromChannelTokenIssuer: 'https://issuer.test',
      ValidateAuthority: 'false',
      CallerId: 'urn:botframework:test',
    });
    expect(config.botAuth).toEqual({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:1/.well-known/openid-configuration',
      ToBotFromChannelTokenIssuer: 'https://issuer.test',
      ValidateAuthority: 'false',
      CallerId: 'urn:botframework:test',
    });
  });

  it('when a single-tenant bot has no tenant id, then the configuration is refused', () => {
    expect(() =>
      parseConfig({
        MicrosoftAppId: 'app',
        MicrosoftAppPassword: 's',
        MicrosoftAppType: 'SingleTenant',
      }),
    ).toThrow(/MicrosoftAppTenantId/);
  });

  it('when no OpenAI key is set, then the generative path is off', () => {
    expect(parseConfig({ OPENAI_MODEL: 'gpt-4o-mini' }).generative).toBeUndefined();
  });

  it('when an OpenAI key and endpoint are set, then the generative path uses them', () => {
    const config = parseConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1/',
      OPENAI_MODEL: 'local-model',
      OPENAI_TIMEOUT_MS: '2000',
    });
    expect(config.generative).toEqual({
      apiKey: 'sk-test',
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'local-model',
      timeoutMs: 2000,
    });
    expect(parseConfig({ OPENAI_API_KEY: 'sk-test' }).generative?.baseUrl).toBe(
      'https://api.openai.com/v1',
    );
  });

  it('when an OpenAI endpoint is set without a key or is not a URL, then the configuration is refused', () => {
    expect(() => parseConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1' })).toThrow(
      /OPENAI_API_KEY: required/,
    );
    expect(() => parseConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'localhost:8080' })).toThrow(
      /OPENAI_BASE_URL: must be an http/,
    );
  });
});

describe('parseConfig: the HTTP edge', () => {
  it('when the bot runs unauthenticated and HOST is unset, then it listens on loopback only', () => {
    expect(parseConfig({}).host).toBe('127.0.0.1');
  });

  it('when the bot authenticates and HOST is unset, then it listens on every interface', () => {
    expect(parseConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 's' }).host).toBe('0.0.0.0');
    expect(parseConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('when nothing is set, then bodies stop at 1 MB and the rate limits are generous', () => {
    expect(parseConfig({}).edge).toMatchObject({
      maxRequestBytes: 1024 * 1024,
      perAddressPerMinute: 6_000,
      perConversationPerMinute: 60,
    });
  });

  it('when the bot runs unauthenticated, then replies may only go to loopback; authenticated, the token decides', () => {
    expect(parseConfig({}).edge.serviceUrlAllowlist?.map((origin) => origin.hostname)).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
    ]);
    const authenticated = parseConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 's' });
    expect(authenticated.edge.serviceUrlAllowlist).toBeUndefined();
  });

  it('when the allow-list or the limits are wrong, then the configuration is refused', () => {
    expect(() => parseConfig({ SERVICE_URL_ALLOWLIST: 'localhost:3978' })).toThrow(
      /SERVICE_URL_ALLOWLIST/,
    );
    expect(() => parseConfig({ MAX_REQUEST_BYTES: '10' })).toThrow(/MAX_REQUEST_BYTES/);
    expect(() => parseConfig({ RATE_LIMIT_PER_IP_PER_MINUTE: '-1' })).toThrow(
      /RATE_LIMIT_PER_IP_PER_MINUTE/,
    );
  });
});

describe('parseConfig: staff sign-in', () => {
  const issuer = {
    AUTH_JWKS_URI:
      'https://login.microsoftonline.com/3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/discovery/v2.0/keys',
    AUTH_ISSUER: 'https://login.microsoftonline.com/3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/v2.0',
    AUTH_AUDIENCE: '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d',
    AUTH_TENANT_ID: '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  };

  it('when nothing of it is set, then there is no staff sign-in (and so no live panel)', () => {
    expect(parseConfig({}).staffAuth).toBeUndefined();
  });

  it("when the tenant's issuer is set, then tokens are checked against its key set, issuer, audience and tenant", () => {
    expect(parseConfig(issuer).staffAuth).toEqual({
      mode: 'issuer',
      jwksUri: issuer.AUTH_JWKS_URI,
      issuer: issuer.AUTH_ISSUER,
      audience: issuer.AUTH_AUDIENCE,
      tenantId: issuer.AUTH_TENANT_ID,
    });
  });

  it('when only part of the issuer is set, then the configuration is refused naming what is missing', () => {
    expect(() => parseConfig({ AUTH_JWKS_URI: issuer.AUTH_JWKS_URI })).toThrow(
      /AUTH_ISSUER: required when AUTH_JWKS_URI is set[\s\S]*AUTH_AUDIENCE: required/,
    );
    expect(() => parseConfig({ AUTH_TENANT_ID: issuer.AUTH_TENANT_ID })).toThrow(
      /AUTH_TENANT_ID: set AUTH_JWKS_URI/,
    );
  });

  it('when the key set is fetched over plain http from another host, then the configuration is refused', () => {
    expect(() =>
      parseConfig({ ...issuer, AUTH_JWKS_URI: 'http://login.example.test/keys' }),
    ).toThrow(/AUTH_JWKS_URI: must be an https/);
    expect(
      parseConfig({ ...issuer, AUTH_JWKS_URI: 'http://127.0.0.1:4000/keys' }).staffAuth,
    ).toMatchObject({ jwksUri: 'http://127.0.0.1:4000/keys' });
  });

  it('when the app staff sign in to is named, then its scope follows the Teams form under the public address unless set', () => {
    const clientId = '0b6f1e2a-3c4d-4e5f-8a9b-1c2d3e4f5a6b';
    expect(
      parseConfig({ AUTH_CLIENT_ID: clientId, PUBLIC_BASE_URL: 'https://bot.example.gov.co' })
        .staffSignIn,
    ).toEqual({ clientId, apiScope: `api://bot.example.gov.co/${clientId}/access_as_user` });
    expect(
      parseConfig({ AUTH_CLIENT_ID: clientId, AUTH_API_SCOPE: 'api://anm/access_as_user' })
        .staffSignIn,
    ).toEqual({ clientId, apiScope: 'api://anm/access_as_user' });
    expect(() => parseConfig({ AUTH_CLIENT_ID: clientId })).toThrow(/AUTH_API_SCOPE: required/);
  });

  it('when development tokens are on and the bot listens on loopback, then they are checked with the key of DATA_DIR', () => {
    expect(parseConfig({ AUTH_DEV_MODE: 'true' }, '/srv/bot').staffAuth).toEqual({
      mode: 'dev',
      dataDir: '/srv/bot/data',
    });
  });

  it('when development tokens are on and the bot would listen beyond loopback, then it refuses to start and says how to fix it', () => {
    expect(() => parseConfig({ AUTH_DEV_MODE: 'true', HOST: '0.0.0.0' })).toThrow(
      'AUTH_DEV_MODE: the bot trusts development tokens only while it listens on loopback, but it would listen on 0.0.0.0; set HOST=127.0.0.1 (or ::1, localhost) or unset AUTH_DEV_MODE',
    );
    expect(() =>
      parseConfig({ AUTH_DEV_MODE: 'true', MicrosoftAppId: 'app', MicrosoftAppPassword: 's' }),
    ).toThrow(/listens on loopback, but it would listen on 0\.0\.0\.0/);
  });

  it('when development tokens and a real issuer are both set, then the configuration is refused', () => {
    expect(() => parseConfig({ ...issuer, AUTH_DEV_MODE: 'true' })).toThrow(
      /AUTH_DEV_MODE: development tokens and a real issuer are never trusted together/,
    );
  });
});

describe('loadConfig', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'anm-config-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('when a .env file exists, then its values are used unless the environment sets them', async () => {
    await writeFile(
      path.join(directory, '.env'),
      'MONGODB_DB_NAME=from_file\nSHUTDOWN_TIMEOUT_MS=1234\n',
    );
    const previous = process.env.SHUTDOWN_TIMEOUT_MS;
    process.env.SHUTDOWN_TIMEOUT_MS = '4321';
    try {
      const config = loadConfig(directory);
      expect(config.database.dbName).toBe('from_file');
      expect(config.shutdownTimeoutMs).toBe(4321);
    } finally {
      if (previous === undefined) delete process.env.SHUTDOWN_TIMEOUT_MS;
      else process.env.SHUTDOWN_TIMEOUT_MS = previous;
    }
  });
});

describe('.env.example', () => {
  const example = readFileSync(path.join(projectRoot(), '.env.example'), 'utf8');

  it('when the bot reads a variable, then .env.example documents it', () => {
    const documented = new Set(
      [...example.matchAll(/^#?\s*([A-Za-z][A-Za-z0-9_]*)=/gm)].map((match) => match[1]),
    );
    expect(configVariableNames.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('when it is copied to .env as it is, then the configuration is valid', () => {
    expect(() => parseConfig(parseEnv(example))).not.toThrow();
  });
});
