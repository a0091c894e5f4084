import { loadLexicon } from './lexicon';
import { SpanishAnalyzer } from './spanish-analyzer';
import { isSpanishWord } from './spanish-dictionary';
import { closestTerm } from './typo-tolerance';
import { WordCorrector } from './word-correction';

const analyzer = new SpanishAnalyzer(loadLexicon());
// The stems of a small knowledge base.
const baseStems = new Map(
  analyzer
    .stems(
      'preguntas resultado consentimiento agencia regalías explotación impacto superficiario ' +
        'formalización quién',
    )
    .map((stem) => [stem, 1]),
);
const corrector = new WordCorrector(analyzer, baseStems, [...baseStems.keys()], isSpanishWord);

function fail(word: string): never {
  throw new Error(`"${word}" has no term`);
}

function read(word: string): string | undefined {
  const term = analyzer.analyze(word)[0];
  if (term === undefined) throw new Error(`"${word}" has no term`);
  return corrector.stem(term);
}

describe('WordCorrector', () => {
  it('when a correct Spanish word is one typo from a word of the base, then it stays itself', () => {
    for (const word of ['concepto', 'resuelto', 'presuntos']) {
      // Without the dictionary, one typo would turn it into a word of the base.
      expect(closestTerm(analyzer.term(word) ?? '', [...baseStems.keys()])).toBeDefined();
      expect(read(word)).toBe(analyzer.term(word));
      expect(baseStems.has(read(word) ?? '')).toBe(false);
    }
  });

  it('when the base uses another form of the same word, then a Spanish word is read as that form', () => {
    const family = new Map(
      analyzer.stems('entran relacionado sancion pertenecer').map((stem) => [stem, 1]),
    );
    const reader = new WordCorrector(analyzer, family, [...family.keys()], isSpanishWord);
    const readWith = (word: string) => reader.stem(analyzer.analyze(word)[0] ?? fail(word));
    expect(readWith('entrando')).toBe(analyzer.term('entran'));
    expect(readWith('relación')).toBe(analyzer.term('relacionado'));
    expect(readWith('sanciona')).toBe(analyzer.term('sancion'));
    // Another word a typo away stays itself.
    expect(readWith('resuelto')).toBe(analyzer.term('resuelto'));
  });

  it('when a word of the base has a real typo, then it is still corrected', () => {
    expect(read('superfciario')).toBe(analyzer.term('superficiario'));
    expect(read('formalixacion')).toBe(analyzer.term('formalizacion'));
  });

  it('when a non-word is spelled as it sounds, then it is read as the real word', () => {
    expect(read('kien')).toBe(analyzer.term('quien'));
    expect(read('ajencia')).toBe(analyzer.term('agencia'));
    expect(read('esplotacion')).toBe(analyzer.term('explotacion'));
    expect(read('inpacto')).toBe(analyzer.term('impacto'));
    expect(read('rregalias')).toBe(analyzer.term('regalias'));
    // A Spanish word the base does not use: "rejion" → "region".
    expect(read('rejion')).toBe(analyzer.term('region'));
  });

  it('when a real word could be respelled into another, then it is never rewritten', () => {
    expect(read('jota')).toBe(analyzer.term('jota'));
    expect(read('kilo')).toBe(analyzer.term('kilo'));
    expect(read('kilos')).toBe(analyzer.term('kilos'));
  });

  it('when a word is neither Spanish nor close to the base, then it is left as written', () => {
    expect(read('tocancipa')).toBe(analyzer.term('tocancipa'));
    expect(read('jajaja')).toBe(analyzer.term('jajaja'));
  });
});
