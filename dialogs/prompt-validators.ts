import type { PromptValidator } from 'botbuilder-dialogs';

import { replyWord, type ReplyWord } from './understanding/reply-words';

/** RFC 5321 caps a path at 256 characters, 254 of them the address: nothing longer is read. */
const maxEmailLength = 254;
const namePattern = /^[\p{L}][\p{L}\s'.-]{1,79}$/u;
const whitespace = /\s/u;
const minimumQuestionLength = 5;

/**
 * Something that looks like an address one can write to: text without spaces, one "@" with
 * something before it, and after it a domain with a dot that has a label before it and at least
 * two characters after it ("nombre@ejemplo.com"). Written as plain scans, not a regular
 * expression that would backtrack on long input.
 */
export function isEmailAddress(text: string): boolean {
  if (text.length > maxEmailLength || whitespace.test(text)) return false;
  const at = text.indexOf('@');
  if (at < 1 || text.indexOf('@', at + 1) !== -1) return false;
  const domain = text.slice(at + 1);
  const dot = domain.indexOf('.', 1);
  return dot !== -1 && domain.length - dot - 1 >= 2;
}

/** A name as people write it: letters, spaces, apostrophes, dots and hyphens, 2 to 80 characters. */
export function isPersonName(text: string): boolean {
  return namePattern.test(text);
}

/** Long enough to be a question someone can answer in writing. */
export function isQuestionText(text: string): boolean {
  return text.trim().length >= minimumQuestionLength;
}

/** A text prompt whose answer, trimmed, passes `check`. */
export function textThat(check: (text: string) => boolean): PromptValidator<string> {
  return (prompt) => Promise.resolve(check((prompt.recognized.value ?? '').trim()));
}

/** A text prompt that accepts only some reply words ("sí", "acepto", …). */
export function oneOfReplyWords(...allowed: ReplyWord[]): PromptValidator<string> {
  return textThat((text) => {
    const word = replyWord(text);
    return word !== undefined && allowed.includes(word);
  });
}

/** A text prompt for something optional: an answer that passes `check`, or "omitir". */
export function answerOrSkip(check: (text: string) => boolean): PromptValidator<string> {
  return textThat((text) => replyWord(text) === 'skip' || check(text));
}

/** What an optional prompt received: the answer, or null for "omitir" or nothing. */
export function optionalAnswer(result: unknown): string | null {
  if (typeof result !== 'string') return null;
  const text = result.trim();
  return text === '' || replyWord(text) === 'skip' ? null : text;
}

/** The consent prompt's answers: to accept or decline, in the words people use for both. */
export const consentAnswer = oneOfReplyWords('accept', 'decline', 'yes', 'no');

/** Whether the answer to the consent prompt (see `consentAnswer`) grants it. */
export function grantsConsent(result: unknown): boolean {
  const word = replyWord(String(result));
  return word === 'accept' || word === 'yes';
}

/** Whether the answer to a yes/no prompt is yes. */
export function saysYes(result: unknown): boolean {
  return replyWord(String(result)) === 'yes';
}

/** Whether the answer to a yes/no prompt is no. */
export function saysNo(result: unknown): boolean {
  return replyWord(String(result)) === 'no';
}
