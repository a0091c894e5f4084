import { asksForDefinition } from './definition-question';

describe('a question about what one word means', () => {
  it.each([
    'q es eso del barequeo',
    '¿Qué es el barequeo?',
    'que significa caducidad',
    'ke son regalias',
  ])('when a citizen writes "%s", then it is read as a question about that word', (text) =>
    expect(asksForDefinition(text)).toBe(true),
  );

  it.each(['barequeo', 'audiencias', 'que barequeo', 'cuando es la audiencia', 'es el canon'])(
    'when a citizen writes "%s", then it is not a definition question',
    (text) => expect(asksForDefinition(text)).toBe(false),
  );
});
