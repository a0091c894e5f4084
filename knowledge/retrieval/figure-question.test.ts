import { answersFigure, figureAsked } from './figure-question';
import type { KnowledgeEntry } from '../entry';
import { words } from './spanish-analyzer';

function entryAnswering(answer: string): Pick<KnowledgeEntry, 'answer'> {
  return { answer };
}

describe('figureAsked', () => {
  it.each([
    ['¿Cuánto cuesta la póliza minero ambiental?', 'price'],
    ['cuanto vale radicar una propuesta', 'price'],
    ['cuanta plata de regalias le llego a mi municipio', 'price'],
    ['cual es el precio del oro hoy', 'price'],
    ['a que hora es el facebook live de la anm', 'time'],
    ['¿En qué fecha es la audiencia?', 'time'],
    ['cual es la fecha de la proxima audiencia', 'time'],
    ['que dia es la audiencia en neiva', 'time'],
  ])('when a citizen asks "%s", then a %s is asked for', (question, figure) => {
    expect(figureAsked(words(question))).toBe(figure);
  });

  it.each([
    'como se liquidan las regalias y cada cuanto se pagan',
    'cuanto se demora la respuesta de una peticion',
    'cuantos dias tienen para responder',
    'desde que dia se cuenta el plazo',
    '¿En qué fecha se paga el canon?',
    '¿qué es el canon superficiario?',
    'grupos de valor de la ANM',
  ])('when a citizen asks "%s", then no price or time is asked for', (question) => {
    expect(figureAsked(words(question))).toBeUndefined();
  });
});

describe('answersFigure', () => {
  it('when an answer says the procedure is free, then it answers what it costs', () => {
    const entry = entryAnswering('No. El derecho de petición es gratis y no necesita abogado.');
    expect(answersFigure(entry, 'price')).toBe(true);
  });

  it('when an answer says what the value depends on, then it answers what can be said of the price', () => {
    const entry = entryAnswering(
      'El valor se calcula por hectárea. Para conocer el valor de su título, escriba por PQRSD.',
    );
    expect(answersFigure(entry, 'price')).toBe(true);
  });

  it('when an answer says nothing of a price, then it does not answer what something costs', () => {
    const entry = entryAnswering('Entre a AnnA Minería, cree su usuario y radique la propuesta.');
    expect(answersFigure(entry, 'price')).toBe(false);
  });

  it('when an answer gives a time of day or says where the dates are, then it answers when', () => {
    expect(answersFigure(entryAnswering('La transmisión empieza a las 10 a. m.'), 'time')).toBe(
      true,
    );
    expect(answersFigure(entryAnswering('Las fechas se publican en el calendario.'), 'time')).toBe(
      true,
    );
    expect(answersFigure(entryAnswering('Escriba su pregunta en los comentarios.'), 'time')).toBe(
      false,
    );
  });
});
