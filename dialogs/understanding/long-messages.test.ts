import { parseCommand } from './commands';
import { smallTalkIntent } from './small-talk';

/*
 * The commands "a verb, then later an object" were regular expressions with `.*` between the two
 * that backtracked quadratically: 250 KB of "borrar " blocked the bot 14 s. They are now read on
 * the list of words of the first 2,000 characters. How long a call takes is measured in
 * bench/adversarial-input (npm run bench:adversarial), not here.
 */
describe('commands and small talk on long messages', () => {
  it('when 250 KB of "borrar " end in "mis datos", then only the first 2,000 characters are read and it is no command', () => {
    expect(parseCommand(`${'borrar '.repeat(36_000)}mis datos`)).toBeUndefined();
  });

  it('when 250 KB of "hablar " end in "persona", then only the first 2,000 characters are read and it is no small talk', () => {
    expect(smallTalkIntent(`${'hablar '.repeat(36_000)}persona`)).toBeUndefined();
  });

  it('when "borrar" and "mis datos" are 1,900 characters apart, then it is still the erase command', () => {
    const message = `quiero borrar ${'y luego '.repeat(237)}mis datos`;
    expect(message.length).toBeLessThan(2000);
    expect(parseCommand(message)).toEqual({ kind: 'erase-data' });
  });

  it('when "mis datos" comes before "borrar", then it is no erase command', () => {
    expect(parseCommand(`mis datos ${'no quiero '.repeat(100)}borrar`)).toBeUndefined();
  });

  it('when "retirar" comes long before "mi pregunta", then it is still the withdraw command', () => {
    expect(parseCommand(`retirar ${'ahora '.repeat(300)}mi pregunta`)).toEqual({
      kind: 'withdraw',
      codeText: undefined,
    });
  });

  it('when "hablar" comes long before "persona", then the citizen asks for a person', () => {
    expect(smallTalkIntent(`quiero hablar ${'ya '.repeat(500)}con una persona`)).toBe('human');
  });
});
