import { countSyllables, syllabify } from './syllables';

describe('Spanish syllabification', () => {
  it.each([
    ['murciélago', 4],
    ['país', 2],
    ['ciudad', 2],
    ['aéreo', 4],
    ['guerra', 2],
    ['pingüino', 3],
    ['queso', 2],
    ['buey', 1],
    ['Uruguay', 3],
    ['construcción', 3],
    ['instrumento', 4],
    ['poeta', 3],
    ['leer', 2],
    ['río', 2],
    ['hoy', 1],
    ['ahora', 3],
    ['transporte', 3],
    ['minería', 4],
    ['regalías', 4],
    ['ciudadanía', 5],
    ['Colombia', 3],
    ['agua', 2],
    ['averigüéis', 4],
    ['obstáculo', 4],
    ['y', 1],
  ])('when the word is "%s", then it has %i syllables', (word, count) => {
    expect(countSyllables(word)).toBe(count);
  });

  it.each([
    ['construcción', ['cons', 'truc', 'ción']],
    ['instrumento', ['ins', 'tru', 'men', 'to']],
    ['transporte', ['trans', 'por', 'te']],
    ['guitarra', ['gui', 'ta', 'rra']],
    ['pingüino', ['pin', 'güi', 'no']],
    ['minería', ['mi', 'ne', 'rí', 'a']],
    ['ahora', ['a', 'ho', 'ra']],
    ['Colombia', ['Co', 'lom', 'bia']],
    ['obstáculo', ['obs', 'tá', 'cu', 'lo']],
    ['calle', ['ca', 'lle']],
    ['hablar', ['ha', 'blar']],
    ['cuídate', ['cuí', 'da', 'te']],
  ])('when "%s" is split, then the syllables are %j', (word, syllables) => {
    expect(syllabify(word)).toEqual(syllables);
  });
});
