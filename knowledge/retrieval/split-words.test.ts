import { spellAsSpoken } from './spanish-analyzer';
import { rejoinSplitWords } from './split-words';

const known = new Set(
  ['salvamento', 'minero', 'concesion', 'anm', 'licencia', 'ambiental', 'la', 'de', 'que'].map(
    spellAsSpoken,
  ),
);

describe('rejoinSplitWords', () => {
  it('when dictation splits a known word in two, then the two parts are read as that word', () => {
    expect(rejoinSplitWords(['salva', 'mento', 'minero'], known)).toEqual(['salvamento', 'minero']);
    expect(rejoinSplitWords(['con', 'sesion'], known)).toEqual(['consesion']);
  });

  it('when letters are spelled one by one, then they are read as the word they spell', () => {
    expect(rejoinSplitWords(['la', 'a', 'n', 'm', 'que'], known)).toEqual(['la', 'anm', 'que']);
  });

  it('when two known words stand side by side, then they stay apart', () => {
    expect(rejoinSplitWords(['licencia', 'ambiental'], known)).toEqual(['licencia', 'ambiental']);
    expect(rejoinSplitWords(['que', 'de'], known)).toEqual(['que', 'de']);
  });

  it('when single letters spell nothing known, then they stay as they are', () => {
    expect(rejoinSplitWords(['x', 'y', 'minero'], known)).toEqual(['x', 'y', 'minero']);
  });
});
