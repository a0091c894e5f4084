import type { KnowledgeEntry } from '../entry';
import { answersLawQuestion, lawNumbers, lawQuestion } from './law-references';

function entry(title: string, source: string, keywords: string[] = []): KnowledgeEntry {
  return {
    id: 'una-entrada',
    topic: 'pqrsd',
    title,
    questions: ['una pregunta de ejemplo'],
    answer: 'Una respuesta de ejemplo para la prueba.',
    source: { label: source },
    keywords,
    related: [],
    forOwnCase: false,
    reviewed: '2026-11-30',
  };
}

describe('law references', () => {
  it('when a text names laws and decrees, then their numbers are read and years are not', () => {
    expect(lawNumbers('la Ley 1755 de 2015 y el decreto 1886')).toEqual(['1755', '1886']);
  });

  it('when a question asks what a law says, then it is a law question', () => {
    expect(lawQuestion('que dice la ley 1755')).toEqual({ laws: ['1755'], asksChange: false });
    expect(lawQuestion('ley 2056 de 2020 regalias que cambio')).toEqual({
      laws: ['2056'],
      asksChange: true,
    });
  });

  it('when a question names a law for another purpose, then it is not a law question', () => {
    expect(lawQuestion('ley 1755 cuantos dias tienen para contestar')).toBeUndefined();
    expect(lawQuestion('que dice la ley sobre el barequeo')).toBeUndefined();
  });

  it('when the best entry rests on the law asked about, then it answers; otherwise it does not', () => {
    const question = { laws: ['1666'], asksChange: false };
    expect(
      answersLawQuestion(
        entry('¿Qué es la minería de subsistencia?', 'Decreto 1666 de 2016'),
        question,
      ),
    ).toBe(true);
    expect(
      answersLawQuestion(entry('¿Qué es la formalización minera?', 'Ley 1955 de 2019'), question),
    ).toBe(false);
  });

  it('when a question asks what a law changed, then no entry answers it', () => {
    const changed = { laws: ['2056'], asksChange: true };
    expect(answersLawQuestion(entry('¿Qué es el SGR?', 'Ley 2056 de 2020'), changed)).toBe(false);
  });
});
