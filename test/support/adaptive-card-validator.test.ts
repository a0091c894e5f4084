import { validateAdaptiveCard } from './adaptive-card-validator';

const valid = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Hola', wrap: true }],
};

describe('validateAdaptiveCard', () => {
  it('when a card is valid, then it reports nothing', () => {
    expect(validateAdaptiveCard(valid)).toEqual([]);
  });

  it('when a card has an unknown element, then it is reported', () => {
    expect(validateAdaptiveCard({ ...valid, body: [{ type: 'Carrusel' }] }).join()).toMatch(
      /Carrusel/,
    );
  });

  it('when an element has an unknown property, then it is reported', () => {
    const card = { ...valid, body: [{ type: 'TextBlock', text: 'x', colour: 'Good' }] };
    expect(validateAdaptiveCard(card).join()).toMatch(/unknown property "colour"/);
  });

  it('when a property has an invalid value, then it is reported', () => {
    const card = { ...valid, body: [{ type: 'TextBlock', text: 'x', weight: 'Heavy' }] };
    expect(validateAdaptiveCard(card)).not.toEqual([]);
  });

  it('when a card declares a version Teams cannot render, then it is reported', () => {
    expect(validateAdaptiveCard({ ...valid, version: '1.6' }).join()).toMatch(/1\.6/);
  });
});
