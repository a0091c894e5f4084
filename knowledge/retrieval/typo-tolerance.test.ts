import { closestTerm, editDistance } from './typo-tolerance';

describe('editDistance', () => {
  it.each([
    ['mineria', 'mineria', 0],
    ['minerai', 'mineria', 1],
    ['titlo', 'titulo', 1],
    ['regalia', 'regalias', 1],
    ['canon', 'carbon', 2],
  ])('when "%s" is compared with "%s", then the distance is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closestTerm', () => {
  const vocabulary = ['superficiari', 'formaliz', 'coment', 'present'];

  it('when a long word has one typo, then the known word is found', () => {
    expect(closestTerm('superfciari', vocabulary)).toBe('superficiari');
    expect(closestTerm('formalix', vocabulary)).toBe('formaliz');
  });

  it('when a short word is one letter from a known one, then it is left alone', () => {
    expect(closestTerm('cement', vocabulary)).toBeUndefined();
  });

  it('when a word is two letters from a known one, then it is not a typo of it', () => {
    expect(closestTerm('president', vocabulary)).toBeUndefined();
  });
});
