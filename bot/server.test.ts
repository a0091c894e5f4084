import { messageActivity, newParty } from '../test/support/activities';
import { parseConfig } from './config';
import { createLogger } from '../kernel/logger';
import { createHttpServer } from './server';

/** A server with no bot behind it, whose log lines are kept. */
function serverLoggingTo(lines: Record<string, unknown>[], environment: Record<string, string>) {
  const logger = createLogger('warn', {
    write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return createHttpServer({
    messages: { process: () => Promise.resolve({ status: 200 }) },
    health: { ping: () => Promise.resolve(true) },
    edge: parseConfig(environment).edge,
    logger,
  });
}

describe('createHttpServer: where it listens', () => {
  it('when an unauthenticated bot listens beyond loopback, then it warns loudly', async () => {
    const lines: Record<string, unknown>[] = [];
    const server = serverLoggingTo(lines, {});
    await server.listen(0, '0.0.0.0');
    await server.close(1_000);
    expect(lines.map((line) => line.msg)).toEqual([
      expect.stringContaining('UNAUTHENTICATED BOT REACHABLE FROM THE NETWORK'),
    ]);
  });

  it('when an unauthenticated bot listens on loopback, or an authenticated one anywhere, then it does not warn', async () => {
    const lines: Record<string, unknown>[] = [];
    const local = serverLoggingTo(lines, {});
    await local.listen(0, '127.0.0.1');
    await local.close(1_000);
    const authenticated = serverLoggingTo(lines, {
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
    });
    await authenticated.listen(0, '0.0.0.0');
    await authenticated.close(1_000);
    expect(lines).toEqual([]);
  });
});

describe('createHttpServer: the central error handler', () => {
  const internals = 'connection to /var/lib/anm/secret.sock refused for user 3001234567';

  /** A server whose message endpoint and health check fail with `internals`, on port 0. */
  async function failingServer(lines: Record<string, unknown>[]) {
    const logger = createLogger('warn', {
      write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const server = createHttpServer({
      messages: { process: () => Promise.reject(new Error(internals)) },
      health: { ping: () => Promise.reject(new Error(internals)) },
      edge: parseConfig({}).edge,
      logger,
    });
    const port = await server.listen(0, '127.0.0.1');
    return { server, url: `http://127.0.0.1:${port}` };
  }

  it('when a turn fails unexpectedly, then the channel gets a 500 with a Spanish message and a reference, never the error, and the log names the code and correlation id', async () => {
    const lines: Record<string, unknown>[] = [];
    const { server, url } = await failingServer(lines);
    try {
      const activity = messageActivity(newParty(`${url}/channel`), 'hola');
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      const { error } = JSON.parse(text) as { error: { code: string; message: string } };
      expect([response.status, error.code]).toEqual([500, 'internal']);
      expect(error.message).toMatch(/^Tuvimos un problema técnico\..*Código de referencia: \S{8}$/);
      expect(text).not.toContain('secret.sock');
      const [logged] = lines.filter((line) => line.msg === 'request failed');
      expect(logged).toMatchObject({ code: 'internal', route: '/api/messages' });
      expect(error.message).toContain(String(logged?.correlationId).slice(0, 8));
    } finally {
      await server.close(1_000);
    }
  });

  it('when the health check itself fails, then /healthz answers 500 with the catalogue shape, not a stack', async () => {
    const { server, url } = await failingServer([]);
    try {
      const response = await fetch(`${url}/healthz`);
      const body = (await response.json()) as { error?: { code?: string } };
      expect([response.status, body.error?.code]).toEqual([500, 'internal']);
      expect(JSON.stringify(body)).not.toContain('secret.sock');
    } finally {
      await server.close(1_000);
    }
  });
});
