import { loadLexicon } from '../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { SimilarQuestions } from './similar-questions';

const similar = new SimilarQuestions(new SpanishAnalyzer(loadLexicon()));
const findSame = (question: string, candidates: string[]) =>
  similar.closest(
    similar.stems(question),
    candidates.map((candidate) => similar.stems(candidate)),
  );

describe('SimilarQuestions.closest', () => {
  const asked = [
    '¿Cuándo le pagan las regalías al municipio de Pitalito?',
    '¿Qué pasa con la mina ilegal del río Magdalena?',
    '¿Cómo se inscribe un barequero en la alcaldía?',
  ];

  it.each([
    ['cuando pagan regalias al municipio pitalito', 0],
    ['que va a pasar con la mineria ilegal en el rio magdalena', 1],
    ['Como me inscribo como barequero en la alcaldia?', 2],
  ])('when "%s" is asked, then it joins question %i', (question, expected) => {
    expect(findSame(question, asked)).toBe(expected);
  });

  it.each([
    '¿Qué es el canon superficiario?',
    '¿Cuándo es la próxima audiencia en Pitalito?',
    '¿Quién otorga la licencia ambiental?',
  ])('when "%s" is asked, then it starts a group of its own', (question) => {
    expect(findSame(question, asked)).toBeUndefined();
  });
});
