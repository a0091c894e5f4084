import { asksForDefinition } from './definition-question';

describe('a question about what one word means', () => {
  it.each([
    'q es eso del barequeo',
    '¿Qué es el barequeo?',
    'que significa caducidad',
    'ke son regalias',
    'anm que es',
    'el canon superficiario q es?',
    '¿En qué consiste el barequeo?',
  ])('when a citizen writes "%s", then it is read as a question about that word', (text) =>
    expect(asksForDefinition(text)).toBe(true),
  );

  it.each([
    'barequeo',
    'audiencias',
    'que barequeo',
    'cuando es la audiencia',
    'es el canon',
    'en que quedo lo del canon',
    'quiero saber si el titulo que me vendieron de verdad es mio o que es',
  ])('when a citizen writes "%s", then it is not a definition question', (text) =>
    expect(asksForDefinition(text)).toBe(false),
  );
});
