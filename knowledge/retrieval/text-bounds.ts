/*
 * How much of what a citizen types is read. Every reader of citizen text (intents, question
 * detection, analysis, retrieval) reads within these bounds, so that what one message can cost
 * does not grow with what a channel lets through (Teams about 28 KB, a Facebook comment about
 * 8,000 characters, a forged request far more).
 */

/** Longest message read, analysed and registered: a question to the ANM fits in far less. */
export const maxMessageLength = 2000;

/**
 * Longest word analysed. A longer run of letters is no Spanish word: it is cut, so that stemming,
 * typo correction and fuzzy search (whose cost grows with the square of a word's length) stay
 * cheap.
 */
export const maxWordLength = 40;

/** Most words of one question that are analysed: more than a 2,000-character message holds. */
export const maxQuestionWords = 400;

/**
 * The part of a text that is read: its first `maxMessageLength` characters. A chat message is
 * already cut at a word, and the citizen told so, where it arrives (dialogs/understanding/incoming-text.ts); this
 * guards every other way text comes in (live comments, meeting chats, stored questions).
 */
export function readablePart(text: string): string {
  return text.length <= maxMessageLength ? text : text.slice(0, maxMessageLength);
}
