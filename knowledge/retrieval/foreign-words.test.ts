import { loadKnowledgeBase } from '../knowledge-base';
import { decide } from './answer-decision';
import { KnowledgeIndex } from './knowledge-index';
import { loadLexicon } from './lexicon';
import { SpanishAnalyzer } from './spanish-analyzer';

/** Real Spanish words the knowledge base never uses mark a question about another subject. */
describe('foreign words in a question', () => {
  const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));

  it('when a citizen asks about football, then "fútbol" is foreign and the bot does not answer with a mining entry', () => {
    const outcome = index.search('cual es el mejor equipo de futbol');
    expect(outcome.foreignStems).toHaveLength(1);
    expect(decide(outcome).kind).toBe('unknown');
  });

  it('when a citizen misspells a word of the knowledge base, then the typo is not foreign and the question is answered', () => {
    const outcome = index.search('que es un titlo minero');
    expect(outcome.foreignStems).toEqual([]);
    expect(decide(outcome)).toMatchObject({
      kind: 'answer',
      entry: { id: 'que-es-titulo-minero' },
    });
  });

  it('when a citizen asks "en qué consiste", then the frame verb is not foreign', () => {
    const outcome = index.search('en que consiste el barequeo');
    expect(outcome.foreignStems).toEqual([]);
    expect(decide(outcome)).toMatchObject({ kind: 'answer', entry: { id: 'que-es-barequeo' } });
  });

  it('when a citizen greets and asks politely, then "hola" and "quisiera" are not foreign and the bot does not decline', () => {
    // Neither word is in an entry; citizens' in-scope examples use both.
    const outcome = index.search('hola quisiera saber sobre las regalias');
    expect(outcome.foreignStems).toEqual([]);
    expect(decide(outcome).kind).not.toBe('unknown');
  });
});
