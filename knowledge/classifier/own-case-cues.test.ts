import { words } from '../retrieval/spanish-analyzer';
import { ownCaseCues } from './own-case-cues';

describe('ownCaseCues', () => {
  it.each([
    ['en que va mi solicitud de titulo', 'x:status'],
    ['ya pagué el canon y me sigue saliendo la deuda', 'x:done'],
    ['me negaron la inscripción como barequero', 'x:done-to-me'],
    ['revisen mi caso por favor', 'x:review-mine'],
    ['radiqué la cesión hace tres meses', 'x:waiting'],
    ['estado de mi propuesta placa 501234', 'x:case-number'],
    ['tengo la propuesta OG2-1234, qué debo mandar', 'x:case-number'],
  ])('when a citizen writes "%s", then the cue %s is found', (text, cue) => {
    expect(ownCaseCues(words(text))).toContain(cue);
  });

  it('when a general question uses "mi", then no cue is found', () => {
    expect(ownCaseCues(words('¿cómo renuncio a mi título minero?'))).toEqual([]);
  });

  it('when a question names a law, an article or a year, then it is not read as a case number', () => {
    expect(ownCaseCues(words('que dice la ley 1755 de 2015 en el articulo 14'))).toEqual([]);
  });
});
