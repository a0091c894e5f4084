import type { Activity } from 'botbuilder';

import { maxMessageLength } from '../../knowledge/retrieval/text-bounds';

export { maxMessageLength };

/** How far back from the limit a space is looked for, so that a word is not cut in two. */
const longestWord = 100;

export interface BoundedText {
  /** Trimmed, and at most `maxMessageLength` characters, cut after a whole word. */
  text: string;
  /** Whether the text was longer and only its beginning is kept. */
  cut: boolean;
}

function isSpace(character: string): boolean {
  return character.trim() === '' && character !== '';
}

/** The beginning of a text that the bot reads, cut at a space when it is too long. */
export function boundedText(raw: string, limit = maxMessageLength): BoundedText {
  const text = raw.trim();
  if (text.length <= limit) return { text, cut: false };
  let end = limit;
  if (!isSpace(text.charAt(end))) {
    const lowest = Math.max(limit - longestWord, 1);
    let space = end - 1;
    while (space >= lowest && !isSpace(text.charAt(space))) space--;
    if (space >= lowest) end = space;
  }
  // Never half of a character written with two UTF-16 units (emoji, some scripts).
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(0, end).trimEnd(), cut: true };
}

/** The text of a message as written: typed text, or the text behind a card button. */
function writtenText(activity: Partial<Activity>): string {
  if (typeof activity.text === 'string' && activity.text.trim() !== '') return activity.text;
  const value = activity.value as { text?: unknown } | undefined;
  if (value && typeof value.text === 'string') return value.text;
  return '';
}

/**
 * What the user said, bounded: the typed text, or the text behind a card button (`value.text`,
 * see `submitAction`). Both arrive here the same way, so a button and its typed label always agree.
 */
export function boundedIncomingText(activity: Partial<Activity>): BoundedText {
  return boundedText(writtenText(activity));
}

/** What the user said (see `boundedIncomingText`), at most `maxMessageLength` characters. */
export function incomingText(activity: Partial<Activity>): string {
  return boundedIncomingText(activity).text;
}
