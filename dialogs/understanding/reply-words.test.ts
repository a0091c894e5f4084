import { replyLabels, replyWord, type ReplyWord } from './reply-words';

describe('replyWord', () => {
  it.each(Object.entries(replyLabels))(
    'when the button "%s" is typed as its label "%s", then it is understood',
    (word, label) => {
      expect(replyWord(label)).toBe(word as ReplyWord);
    },
  );

  it.each([
    ['Si', 'yes'],
    ['sí, por favor', 'yes'],
    ['SI!', 'yes'],
    ['dale', 'yes'],
    ['no gracias', 'no'],
    ['No acepto.', 'decline'],
    ['acepto', 'accept'],
    ['omitir', 'skip'],
    ['Cancelar', 'cancel'],
    ['¿qué es el canon?', undefined],
  ])('when a citizen writes "%s", then it means %s', (text, word) => {
    expect(replyWord(text)).toBe(word);
  });
});
