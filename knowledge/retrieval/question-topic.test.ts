import { loadKnowledgeBase } from '../knowledge-base';
import { KnowledgeIndex } from './knowledge-index';
import { loadLexicon } from './lexicon';
import { questionTopic } from './question-topic';
import { SpanishAnalyzer } from './spanish-analyzer';

describe('the knowledge topic stored with a question, for the reports', () => {
  const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));

  it.each([
    ['¿Cuándo van a pagar las regalías que le deben al municipio de Pitalito?', 'regalias'],
    ['¿Por qué no me han respondido mi derecho de petición?', 'pqrsd'],
    ['¿Qué va a hacer la ANM con la minería en el páramo de Santurbán?', 'areas-excluidas'],
  ])('when a citizen asks "%s", then it counts under %s', (text, topic) => {
    expect(questionTopic(index, text)).toBe(topic);
  });

  it("when the question is about the citizen's own case, then it still counts under its subject", () => {
    expect(
      questionTopic(
        index,
        'El canon superficiario que me cobraron esta mal calculado, revisen mi caso',
      ),
    ).toBe('canon-superficiario');
  });

  it.each(['hola buenas tardes', 'me gusta el futbol', 'cuanto gana un funcionario de la anm'])(
    'when nothing points to a subject ("%s"), then it counts under none rather than a guess',
    (text) => {
      expect(questionTopic(index, text)).toBeNull();
    },
  );
});
