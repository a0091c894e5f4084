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
