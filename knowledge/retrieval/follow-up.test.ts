import { isFollowUp, questionInContext } from './follow-up';

describe('follow-ups', () => {
  it.each([
    '¿y se puede alargar?',
    'y eso cuanto cuesta',
    'ok y despues como la consulto',
    'listo, y en el Huila?',
  ])('when a citizen writes "%s" after an answer, then it is a follow-up', (text) => {
    expect(isFollowUp(text)).toBe(true);
  });

  it('when a message names its own topic at length, then it is not a follow-up', () => {
    expect(isFollowUp('y cuales son los requisitos para pedir un titulo minero en colombia')).toBe(
      false,
    );
  });

  it('when a follow-up comes, then it is searched with the previous question', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const topic = {
      question: 'cuanto dura un contrato de concesion',
      entryId: 'duracion-contrato-concesion',
      answeredAt: '2026-11-30T11:59:00Z',
    };
    expect(questionInContext('¿y se puede alargar?', topic, now)).toBe(
      'cuanto dura un contrato de concesion ¿y se puede alargar?',
    );
  });
});
