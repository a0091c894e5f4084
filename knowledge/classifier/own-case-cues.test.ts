import { words } from '../retrieval/spanish-analyzer';
import { ownCaseCues } from './own-case-cues';

describe('ownCaseCues', () => {
  it.each([
    ['en que va mi solicitud de titulo', 'x:status'],
    ['ya pagué el canon y me sigue saliendo la deuda', 'x:done'],
    ['me negaron la inscripción como barequero', 'x:done-to-me'],
    ['revisen mi caso por favor', 'x:review-mine'],
    ['radiqué la cesión hace tres meses', 'x:waiting'],
  ])('when a citizen writes "%s", then the cue %s is found', (text, cue) => {
    expect(ownCaseCues(words(text))).toContain(cue);
  });

  it('when a general question uses "mi", then no cue is found', () => {
    expect(ownCaseCues(words('¿cómo renuncio a mi título minero?'))).toEqual([]);
  });
});
