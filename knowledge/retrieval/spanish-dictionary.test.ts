import { isSpanishWord, SpanishDictionary, soundAlikeSpellings } from './spanish-dictionary';

describe('SpanishDictionary', () => {
  it('when folded words are looked up, then exactly the words it holds are found', () => {
    const dictionary = SpanishDictionary.fromWords(['regalias', 'concesion', 'hora']);
    expect(dictionary.has('regalias')).toBe(true);
    expect(dictionary.has('concesion')).toBe(true);
    expect(dictionary.has('consesion')).toBe(false);
    expect(dictionary.has('hor')).toBe(false);
    expect(dictionary.has('horas')).toBe(false);
    expect(dictionary.has('')).toBe(false);
    expect(dictionary.size).toBe(3);
  });

  it('when dictionary-es is loaded, then Spanish words written with or without accents are known', () => {
    // "regalías", "concesión", "minería", "año" folded as the analyzer folds them.
    for (const word of ['regalias', 'concesion', 'mineria', 'ano', 'explotacion', 'quien'])
      expect(isSpanishWord(word)).toBe(true);
    // Words without accents in Spanish, and inflected forms.
    for (const word of ['hora', 'concepto', 'resuelto', 'presuntos', 'kilo', 'jota'])
      expect(isSpanishWord(word)).toBe(true);
  });

  it('when a misspelling or a Colombian place is looked up, then it is not a word', () => {
    for (const word of ['nesecito', 'consesion', 'ajencia', 'kien', 'esplotacion', 'inpacto'])
      expect(isSpanishWord(word)).toBe(false);
    for (const place of ['bogota', 'huila', 'tocancipa', 'antioquia', 'santurban'])
      expect(isSpanishWord(place)).toBe(false);
  });
});

describe('soundAlikeSpellings', () => {
  it('when a word is spelled as it sounds, then its standard spellings are offered, a few at most', () => {
    expect(soundAlikeSpellings('kien')).toEqual(['quien']);
    expect(soundAlikeSpellings('ajencia')).toEqual(['agencia']);
    expect(soundAlikeSpellings('esplotacion')).toEqual(['explotacion']);
    expect(soundAlikeSpellings('inpacto')).toEqual(['impacto']);
    expect(soundAlikeSpellings('rregalias')).toEqual(['regalias']);
    expect(soundAlikeSpellings('kajenpo')).toEqual(['cajenpo', 'cagenpo', 'cagempo']);
    expect(soundAlikeSpellings('k'.repeat(40)).length).toBeLessThanOrEqual(8);
    expect(soundAlikeSpellings('ke')).toEqual([]);
  });
});
