import { parseSatisfactionReply } from './satisfaction-reply';

describe('parseSatisfactionReply', () => {
  it.each([
    ['4', 4],
    ['cuatro', 4],
    ['Cinco', 5],
    ['uno', 1],
    ['5!', 5],
    ['4.', 4],
    ['(3)', 3],
    ['4/5', 4],
    ['4 de 5', 4],
    ['3 sobre 5', 3],
    ['4 estrellas', 4],
    ['le doy un 4', 4],
    ['Mi calificación es 2', 2],
    ['nota 5', 5],
    ['⭐⭐⭐⭐', 4],
    ['  2  ', 2],
  ])('when a citizen writes "%s", then it is the rating %s with no comment', (text, rating) => {
    expect(parseSatisfactionReply(text)).toEqual({ kind: 'rating', rating, comment: null });
  });

  it.each([
    ['5 muy clara la respuesta', 5, 'muy clara la respuesta'],
    ['4, pero tardaron mucho', 4, 'pero tardaron mucho'],
    ['2 - no entendí el último párrafo', 2, 'no entendí el último párrafo'],
    ['cinco, muy clara', 5, 'muy clara'],
    ['cuatro: bien explicada', 4, 'bien explicada'],
    ['4 de 5, le faltó el enlace', 4, 'le faltó el enlace'],
    ['le doy 3 porque llegó tarde', 3, 'porque llegó tarde'],
  ])(
    'when a citizen writes "%s", then it is the rating %s with the comment "%s"',
    (text, rating, comment) => {
      expect(parseSatisfactionReply(text)).toEqual({ kind: 'rating', rating, comment });
    },
  );

  it.each([
    'no gracias',
    'No',
    'omitir',
    'Omitir',
    'prefiero no responder',
    'ahora no',
    'cancelar',
  ])('when a citizen writes "%s", then they prefer not to answer', (text) => {
    expect(parseSatisfactionReply(text)).toEqual({ kind: 'skip' });
  });

  it.each([
    ['a new question', '¿Qué es el canon superficiario?'],
    ['a command', 'mis preguntas'],
    ['the erasure command', 'borrar mis datos'],
    ['a greeting', 'hola'],
    ['a number out of the scale', '6'],
    ['zero', '0'],
    ['a ten', '10'],
    ['a decimal', '4,5'],
    ['a decimal with a point', '4.5'],
    ['a large number', '45'],
    ['a rating followed by a question', '5 ¿y cuándo pagan las regalías?'],
    ['a spelled number that starts a sentence', 'dos cuadras de la mina hay un socavón'],
    ['"uno" as a pronoun', 'uno no entiende nada de esto'],
    ['too many stars', '⭐⭐⭐⭐⭐⭐'],
    ['an empty message', '   '],
  ])('when a citizen writes %s ("%s"), then it is not an answer to the survey', (_what, text) => {
    expect(parseSatisfactionReply(text)).toBeUndefined();
  });
});
