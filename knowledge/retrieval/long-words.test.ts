import { loadKnowledgeBase } from '../knowledge-base';
import { KnowledgeIndex } from './knowledge-index';
import { loadLexicon } from './lexicon';
import { SpanishAnalyzer, words } from './spanish-analyzer';
import { maxQuestionWords, maxWordLength } from './text-bounds';

/*
 * Every word of five letters or more went to fuzzy search and typo correction whatever its
 * length, at a cost that grows with the square of it: one 40 KB word took 1.6 GB and blocked the
 * bot 7 s. Words are now cut to 40 characters and a question to 400 words before any of that.
 * Time is measured in bench/adversarial-input, not here.
 */
const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));

/** A different word for each number: "baaa", "baab", … (letters only, so none is a number). */
function distinctWord(number: number): string {
  let word = '';
  for (let rest = number, place = 0; place < 4; place++, rest = Math.floor(rest / 26))
    word = String.fromCharCode(97 + (rest % 26)) + word;
  return `b${word}`;
}

describe('long words and long questions in retrieval', () => {
  it('when a citizen pastes one 40 KB word, then the index searches with it cut to 40 characters', () => {
    const { questionStems } = index.search(`¿qué es ${'explotacion'.repeat(4000)}?`);
    expect(questionStems.length).toBeGreaterThan(0);
    expect(Math.max(...questionStems.map((stem) => stem.length))).toBeLessThanOrEqual(
      maxWordLength,
    );
  });

  it('when a question has 5,000 different words, then at most 400 of them are analysed', () => {
    const question = Array.from({ length: 5000 }, (_, number) => distinctWord(number)).join(' ');
    expect(index.search(question).questionStems.length).toBeLessThanOrEqual(maxQuestionWords);
  });

  it('when a citizen sends one word of a million letters, then the search ends with no candidate', () => {
    expect(index.search('a'.repeat(1_000_000)).candidates).toEqual([]);
  });

  it('when a citizen stretches a word, then it is read as typed once, and numbers keep their digits', () => {
    expect(words('holaaaa AYUDAAAA graciasss, llevo 100000 pesos')).toEqual([
      'hola',
      'ayuda',
      'gracias',
      'llevo',
      '100000',
      'pesos',
    ]);
  });

  it('when words are read, then each is at most 40 characters and the limit is kept', () => {
    const long = 'abcdefghij'.repeat(10);
    expect(words(`${long} canon`)).toEqual([long.slice(0, maxWordLength), 'canon']);
    expect(words('uno dos tres cuatro', 2)).toEqual(['uno', 'dos']);
  });
});
