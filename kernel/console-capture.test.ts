import { Writable } from 'node:stream';

import { captureConsole } from './console-capture';
import { createLogger } from './logger';

/** A function whose stack frames say it lives in node_modules, as a dependency's code does. */
function dependencyPrinting(packageName: string): (console: Console, ...args: unknown[]) => void {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a frame named after a dependency
  return new Function(
    'console',
    '...args',
    `console.error(...args);\n//# sourceURL=/app/node_modules/${packageName}/lib/printer.js`,
  ) as (console: Console, ...args: unknown[]) => void;
}

function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('captureConsole', () => {
  let printed: jest.SpyInstance;
  beforeEach(() => {
    printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => printed.mockRestore());

  it('when a dependency prints a key with console.error, then one scrubbed warning is logged instead', () => {
    const { logger, lines } = capturedLogger();
    const capture = captureConsole(logger);
    const pem = `-----BEGIN PUBLIC KEY-----\n${'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A'.repeat(12)}\n-----END PUBLIC KEY-----`;
    dependencyPrinting('botframework-connector')(
      console,
      `Error finding key for token. Available keys: ${pem} for ana@correo.co`,
    );
    capture.release();

    expect(printed).not.toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'warn',
      msg: 'a dependency printed to the console',
      dependency: 'botframework-connector',
      consoleMethod: 'error',
    });
    expect(String(line.summary)).toMatch(/^Error finding key for token\. Available keys:/);
    expect(String(line.summary)).not.toMatch(/MIIB|ana@correo/);
    expect(String(line.summary).length).toBeLessThanOrEqual(201);
  });

  it('when a dependency prints an object, then only its kind is logged', () => {
    const { logger, lines } = capturedLogger();
    const capture = captureConsole(logger);
    dependencyPrinting('botbuilder')(console, 'Activity Log:', { from: { name: 'Ana Pérez' } });
    capture.release();
    expect(lines.join('')).not.toContain('Ana Pérez');
    expect(lines.join('')).toContain('Activity Log: (object)');
  });

  it('when code outside node_modules prints, then it reaches the console unchanged', () => {
    const { logger, lines } = capturedLogger();
    const capture = captureConsole(logger);
    // eslint-disable-next-line no-console -- the call under test
    console.error('from a test');
    capture.release();
    expect(lines).toEqual([]);
    expect(printed).toHaveBeenCalledWith('from a test');
  });

  it('when the last capture is released, then the console is the one before', () => {
    const before = Reflect.get(console, 'error') as unknown;
    const first = captureConsole(capturedLogger().logger);
    const second = captureConsole(capturedLogger().logger);
    first.release();
    expect(Reflect.get(console, 'error')).not.toBe(before);
    second.release();
    expect(Reflect.get(console, 'error')).toBe(before);
  });
});
