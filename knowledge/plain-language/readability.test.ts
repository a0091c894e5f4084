import { fernandezHuerta, infleszBand, szigrisztPazos, textStatistics } from './readability';

describe('textStatistics', () => {
  it('when a text has two short sentences, then sentences, words and syllables are counted', () => {
    // La(1) ANM(a-e-ne-e-me 5) da(1) tí-tu-los(3) | Us-ted(2) pue-de(2) pe-dir(2) u-no(2)
    expect(textStatistics('La ANM da títulos. Usted puede pedir uno.')).toEqual({
      sentences: 2,
      words: 8,
      syllables: 18,
    });
  });

  it('when a sentence has a decimal and an abbreviation, then neither ends it', () => {
    // El(1) pun-ta-je(3) fue(1) 40.8(3 digits) en(1) el(1) art(1) 14(2) de(1) la(1) ley(1)
    expect(textStatistics('El puntaje fue 40.8 en el art. 14 de la ley.')).toEqual({
      sentences: 1,
      words: 11,
      syllables: 16,
    });
  });

  it('when a text has a web address or an e-mail, then each is one word and no sentence ends inside it', () => {
    // Vi-si-te(3) www.anm.gov.co(3) o(1) es-cri-ba(3) a(1) pqrsd@anm.gov.co(3)
    expect(textStatistics('Visite www.anm.gov.co o escriba a pqrsd@anm.gov.co.')).toEqual({
      sentences: 1,
      words: 6,
      syllables: 14,
    });
  });

  it('when a text has line breaks, then each line ends a sentence', () => {
    expect(
      textStatistics('Primero, entre a la página\nLuego, busque el formulario').sentences,
    ).toBe(2);
  });

  it('when an acronym reads as a word, then it is not spelled', () => {
    expect(textStatistics('ANLA').syllables).toBe(2);
    expect(textStatistics('SGR').syllables).toBe(5);
  });
});

describe('readability formulas', () => {
  const text = 'La ANM da títulos. Usted puede pedir uno.';

  it('when Szigriszt-Pazos is computed, then it is 206.835 − 62.3·syllables/words − words/sentences', () => {
    expect(szigrisztPazos(text)).toBeCloseTo(206.835 - 62.3 * (18 / 8) - 8 / 2, 6);
  });

  it('when Fernández-Huerta is computed, then it is 206.84 − 0.60·P − 1.02·F per 100 words', () => {
    expect(fernandezHuerta(text)).toBeCloseTo(206.84 - 0.6 * 225 - 1.02 * 25, 6);
  });

  it('when the same content is said in short sentences with common words, then it scores higher', () => {
    const plain =
      'La ANM vigila las minas. Revisa que cumplan la ley. Si algo está mal, pide que lo corrijan.';
    const dense =
      'La Agencia Nacional de Minería ejerce la fiscalización del cumplimiento de las obligaciones contractuales derivadas de los títulos mineros otorgados, requiriendo la subsanación de las irregularidades identificadas.';
    expect(szigrisztPazos(plain)).toBeGreaterThan(szigrisztPazos(dense) + 20);
    expect(infleszBand(szigrisztPazos(plain))).toMatch(/fácil/);
    expect(infleszBand(szigrisztPazos(dense))).toMatch(/difícil/);
  });

  it('when the text is empty, then the score is refused instead of being NaN', () => {
    expect(() => szigrisztPazos('  ')).toThrow(/at least one word/);
  });
});

describe('infleszBand', () => {
  it.each([
    [39.9, 'muy difícil'],
    [40, 'algo difícil'],
    [55, 'normal'],
    [64.9, 'normal'],
    [65, 'bastante fácil'],
    [80, 'muy fácil'],
  ])('when the score is %d, then the band is %s', (score, band) => {
    expect(infleszBand(score)).toBe(band);
  });
});
