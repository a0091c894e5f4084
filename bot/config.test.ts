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
