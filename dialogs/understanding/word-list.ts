/*
 * Intents that say "a verb, then later an object" ("borrar … mis datos") are read on a list of
 * words, not with a regular expression like `\b(borr\w*)\b.*\b(mis datos)\b`: on a long message
 * such an expression backtracks quadratically (250 KB of "borrar " blocked the event loop 14 s),
 * while a pass over a list of words is linear by construction.
 */

/** A phrase of whole words, split once. */
export type Phrase = readonly string[];

export function phrases(...texts: string[]): Phrase[] {
  return texts.map((text) => text.split(' '));
}

/**
 * The words of a simplified text (lower case, letters, digits, single spaces, maybe hyphens):
 * spaces and hyphens end a word, as `\b` does there.
 */
export function wordList(simple: string): string[] {
  return simple === '' ? [] : simple.split(/[ -]/);
}

/** Index of the first word that starts with one of the prefixes ("borr" for "borrar"), or -1. */
export function firstWordStartingWith(
  words: readonly string[],
  prefixes: readonly string[],
): number {
  return words.findIndex((word) => prefixes.some((prefix) => word.startsWith(prefix)));
}

/** Whether the words end with one of the phrases ("… sobre mi"). */
export function endsWithPhrase(words: readonly string[], candidates: readonly Phrase[]): boolean {
  return candidates.some(
    (phrase) =>
      phrase.length <= words.length &&
      phrase.every((word, offset) => words[words.length - phrase.length + offset] === word),
  );
}

/** Whether one of the phrases occurs as whole, consecutive words at `from` or later. */
export function containsPhrase(
  words: readonly string[],
  candidates: readonly Phrase[],
  from = 0,
): boolean {
  for (let start = Math.max(from, 0); start < words.length; start++) {
    for (const phrase of candidates) {
      if (phrase.every((word, offset) => words[start + offset] === word)) return true;
    }
  }
  return false;
}
