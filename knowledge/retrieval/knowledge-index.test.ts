import { loadKnowledgeBase } from '../knowledge-base';
import { KnowledgeIndex } from './knowledge-index';
import { loadLexicon } from './lexicon';
import { SpanishAnalyzer } from './spanish-analyzer';

describe('searching the same question twice in a turn', () => {
  const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));

  it('when the emergency readers and then the answerer read one question, then both get the same reading', () => {
    const first = index.search('¿Qué es el canon superficiario?');
    const second = index.search('¿Qué es el canon superficiario?');
    expect(second).toBe(first);
    expect(first.candidates[0]?.entry.id).toBe('que-es-canon-superficiario');
  });

  it('when another question or another number of candidates is asked, then it is searched anew', () => {
    const canon = index.search('¿Qué es el canon superficiario?');
    const regalias = index.search('¿Qué son las regalías?');
    expect(regalias).not.toBe(canon);
    expect(regalias.candidates[0]?.entry.id).not.toBe('que-es-canon-superficiario');
    const three = index.search('¿Qué son las regalías?', 3);
    expect(three.candidates.length).toBeLessThanOrEqual(3);
    expect(index.search('¿Qué son las regalías?')).not.toBe(three);
  });

  it('when a reader tries to change the reading it shares, then it cannot', () => {
    const outcome = index.search('¿Qué es el canon superficiario?');
    expect(() => (outcome.candidates as unknown[]).push(undefined)).toThrow(TypeError);
    expect(Object.isFrozen(outcome)).toBe(true);
  });
});
