import { loadKnowledgeBase } from '../knowledge-base';
import { answerInConversation } from './conversation-answer';
import { KnowledgeIndex } from './knowledge-index';
import { loadLexicon } from './lexicon';
import { SpanishAnalyzer } from './spanish-analyzer';

const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));

function answered(question: string, topic?: Parameters<typeof answerInConversation>[2]) {
  const { decision, topic: next } = answerInConversation(index, question, topic);
  return { id: decision.kind === 'answer' ? decision.entry.id : decision.kind, topic: next };
}

describe('answers in a conversation', () => {
  it('when "¿y se puede alargar?" follows the duration of a contract, then the extension is answered', () => {
    const first = answered('cuanto dura un contrato de concesion minera');
    expect(first.id).toBe('duracion-contrato-concesion');
    expect(answered('¿y se puede alargar?', first.topic).id).toBe('prorroga-contrato-concesion');
  });

  it('when a long story ends with its question, then the question decides the answer', () => {
    expect(
      answered(
        'Hola, les escribo desde Segovia. Aquí todo el mundo vive del oro y hace poco llegaron unos compradores nuevos que pagan mejor, pero no sé si son legales. Yo saco oro con batea. ¿A quién le puedo vender el oro de forma legal?',
      ).id,
    ).toBe('vender-mineral-legal');
  });

  it('when a citizen asks how their own file is going, then no entry is answered', () => {
    expect(
      answered('ya radiqué la cesión hace tres meses y no me han dicho nada, en qué va').id,
    ).toBe('unknown');
  });

  it('when a citizen asks what a law the base does not explain changed, then no entry is answered', () => {
    expect(answered('que cambio la ley 2056 de 2020 en las regalias').id).toBe('unknown');
  });
});
