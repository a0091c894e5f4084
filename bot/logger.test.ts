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

describe('createLogger', () => {
  it('when a whole activity-like object is logged, then its text and accounts are redacted', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    createLogger('info', sink).info(
      { activity: { text: 'mi secreto', from: { id: 'u-1', name: 'Ana' } } },
      'x',
    );
    expect(lines.join('')).not.toMatch(/mi secreto|Ana|u-1/);
  });

  it('when an error with a cause is described, then the cause is kept and scrubbed', () => {
    const error = new Error('outer', { cause: new Error('contact ana@x.co failed') });
    expect(JSON.stringify(describeError(error))).toContain('contact [correo] failed');
  });
});
