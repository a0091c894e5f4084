import { loadLexicon } from './lexicon';
import { foldText } from '../../kernel/text-folding';
import { SpanishAnalyzer } from './spanish-analyzer';

const analyzer = new SpanishAnalyzer(loadLexicon());

describe('SpanishAnalyzer', () => {
  it('when a word has accents or capitals, then it matches the same word without them', () => {
    expect(analyzer.stems('Minería TÍTULO')).toEqual(analyzer.stems('mineria titulo'));
  });

  it('when a citizen writes "-cion" without its accent, then it shares the stem of the verb', () => {
    expect(analyzer.term('explotacion')).toBe(analyzer.term('explotar'));
    expect(analyzer.term('formalizacion')).toBe(analyzer.term('formalizar'));
  });

  it('when a question uses chat spellings, then they are read as the full words', () => {
    expect(analyzer.stems('q es pa q sirve')).toEqual(analyzer.stems('que es para que sirve'));
  });

  it('when a variant of a domain word is used, then it maps to the word the entries use', () => {
    expect(analyzer.term('barequear')).toBe(analyzer.term('barequeo'));
    expect(analyzer.term('mazamorreo')).toBe(analyzer.term('barequeo'));
    expect(analyzer.term('PQRS')).toBe(analyzer.term('pqrsd'));
  });

  it('when a text has stop words, then they are dropped but question words stay', () => {
    const words = analyzer
      .analyze('¿Cuándo es la audiencia en el municipio?')
      .map((term) => term.word);
    expect(words).toContain('cuando');
    expect(words).not.toContain('la');
    expect(words).not.toContain('el');
  });

  it('when a citizen asks "¿me regala el correo?", then the courtesy is not read as "regalías"', () => {
    expect(analyzer.stems('me regala el correo')).not.toContain(analyzer.term('regalias'));
    expect(analyzer.stems('regaleme el correo')).toEqual(analyzer.stems('el correo'));
    expect(analyzer.stems('las regalias')).toContain(analyzer.term('regalias'));
  });

  it('when "¿en qué consiste…?" is asked, then the verb is dropped and the subject stays', () => {
    expect(analyzer.stems('en que consiste el barequeo')).toEqual(analyzer.stems('el barequeo'));
  });

  it('when ñ is typed as n, then both spellings fold to the same text', () => {
    expect(foldText('Nariño')).toBe(foldText('narino'));
  });
});

describe('spelling as spoken', () => {
  const analyzer = new SpanishAnalyzer(loadLexicon());

  it.each([
    ['licensia', 'licencia'],
    ['concecion', 'concesión'],
    ['fiscalisacion', 'fiscalización'],
    ['obligasiones', 'obligaciones'],
    ['distribullen', 'distribuyen'],
    ['abitantes', 'habitantes'],
    ['bereda', 'vereda'],
  ])('when a citizen writes "%s", then it matches "%s"', (misspelled, correct) => {
    expect(analyzer.term(misspelled)).toBe(analyzer.term(correct));
  });

  it('when two forms of a verb are stemmed differently by Snowball, then they still meet', () => {
    expect(analyzer.term('metio')).toBe(analyzer.term('metieron'));
    expect(analyzer.term('minería')).toBe(analyzer.term('minero'));
  });
});
