import { Writable } from 'node:stream';

import { createLogger, describeError } from './logger';
import { scrubPersonalData } from './personal-data';

describe('scrubPersonalData', () => {
  it('when a text carries an e-mail, a phone or a document number, then they are masked', () => {
    const scrubbed = scrubPersonalData(
      'dup key: { email: "ana.perez@correo.co", cedula: 1023456789, tel: +57 310 555 1234 }',
    );
    expect(scrubbed).not.toMatch(/ana\.perez|1023456789|310 555/);
    expect(scrubbed).toContain('[correo]');
    expect(scrubbed).toContain('[número]');
  });

  it('when a text has short numbers, then they stay (article numbers, years)', () => {
    expect(scrubPersonalData('Ley 1755 de 2015, artículo 14')).toBe(
      'Ley 1755 de 2015, artículo 14',
    );
  });
});

function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('trace', sink), text: () => lines.join('') };
}

/** An error as an HTTP client throws it when a channel answers an error that echoes the activity. */
function echoingHttpError(): Error {
  const body = JSON.stringify({
    error: { code: 'ServiceError', message: 'from Ana Pérez (user-77) to conv-9' },
  });
  return Object.assign(new Error(`Could not deliver activity from Ana Pérez: ${body}`), {
    name: 'RestError',
    code: 'ServiceError',
    statusCode: 500,
    request: { body: '{"from":{"name":"Ana Pérez"}}' },
    response: { status: 500, bodyAsText: body },
  });
}

describe('createLogger', () => {
  it('when a whole activity-like object is logged, then its text and accounts are redacted', () => {
    const { logger, text } = capturedLogger();
    logger.info(
      {
        activity: { text: 'mi secreto', from: { id: 'u-1', name: 'Ana' } },
        turn: { conversation: { id: 'conv-raw-1' }, recipient: { name: 'Ana' } },
      },
      'x',
    );
    expect(text()).not.toMatch(/mi secreto|Ana|u-1|conv-raw-1/);
  });

  it('when request details are logged, then bodies and credentials are redacted', () => {
    const { logger, text } = capturedLogger();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer secret-token', cookie: 'sid=abc' } },
        body: '{"text":"hola"}',
      },
      'x',
    );
    expect(text()).not.toMatch(/secret-token|sid=abc|hola/);
  });

  it('when an error is logged as the first argument, then the line carries its description, not its message', () => {
    const { logger, text } = capturedLogger();
    logger.error(echoingHttpError());
    const line = JSON.parse(text()) as Record<string, unknown>;
    expect(line.msg).toBe('error');
    expect(line.err).toMatchObject({ errorName: 'RestError', statusCode: 500 });
    expect(text()).not.toMatch(/Ana|user-77|conv-9/);
  });

  it('when an error is logged under err, then it is described instead of serialised whole', () => {
    const { logger, text } = capturedLogger();
    logger.warn({ err: echoingHttpError() }, 'send failed');
    expect(text()).toContain('"errorCode":"ServiceError"');
    expect(text()).not.toMatch(/Ana|user-77|conv-9/);
  });
});

describe('describeError', () => {
  it('when an error is described, then its name, code and status stay', () => {
    expect(describeError(echoingHttpError())).toMatchObject({
      errorName: 'RestError',
      errorCode: 'ServiceError',
      statusCode: 500,
    });
  });

  it('when an HTTP error carries the remote reply, then its message is left out', () => {
    const described = describeError(echoingHttpError());
    expect(described).not.toHaveProperty('errorMessage');
    expect(JSON.stringify(described)).not.toMatch(/Ana|user-77|conv-9/);
  });

  it('when the stack is described, then only its frames are kept, not the message it repeats', () => {
    const error = new Error('no route for Ana Pérez');
    const stack = String(describeError(error).stack);
    expect(stack).toMatch(/^at /);
    expect(stack).not.toContain('Ana');
  });

  it('when a message quotes values, then what is quoted or in braces is masked', () => {
    const error = new Error(
      'E11000 duplicate key error index: _id_ dup key: { _id: "webchat/conversations/conv-42" }',
    );
    const message = String(describeError(error).errorMessage);
    expect(message).toContain('E11000 duplicate key error');
    expect(message).not.toContain('conv-42');
    expect(String(describeError(new Error('Cast failed for value "Ana Pérez"')).errorMessage)).toBe(
      'Cast failed for value […]',
    );
  });

  it('when a message is long or spans lines, then it is one line of at most 200 characters', () => {
    const message = String(describeError(new Error(`a\n${'b '.repeat(5_000)}`)).errorMessage);
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThanOrEqual(201);
  });

  it('when the code is not a short identifier, then it is left out', () => {
    const error = Object.assign(new Error('x'), { code: 'from Ana Pérez' });
    expect(describeError(error)).not.toHaveProperty('errorCode');
  });

  it('when an error with a cause is described, then the cause is kept and scrubbed', () => {
    const error = new Error('outer', { cause: new Error('contact ana@x.co failed') });
    const cause = describeError(error).cause as Record<string, unknown>;
    expect(cause.errorMessage).toContain('failed');
    expect(JSON.stringify(cause)).not.toContain('ana@x.co');
  });

  it('when causes loop, then the description stops', () => {
    const error = new Error('a');
    error.cause = error;
    expect(JSON.stringify(describeError(error)).match(/errorName/g)).toHaveLength(4);
  });
});
