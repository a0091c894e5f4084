import { spellAsSpoken } from './spanish-analyzer';

/** A rejoined word must be at least this long: short joins ("a" + "si") are ordinary words. */
const shortestJoin = 6;

/**
 * Words a phone's dictation or a hurried thumb split in two ("salva mento minero", "con sesion",
 * "a n m"), joined again when the joined word is one the knowledge base uses and a part of it is
 * not: "licencia ambiental" stays two words, "salva mento" becomes "salvamento". Runs of single
 * letters ("a n m") are joined when they spell a known word. Words are compared as spoken
 * (spellAsSpoken), so "con sesion" meets "concesion".
 *
 * `known` holds the knowledge base's words, folded and spelled as spoken.
 */
export function rejoinSplitWords(words: string[], known: ReadonlySet<string>): string[] {
  const joined: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const letters = singleLetterRun(words, index);
    if (letters > 1) {
      const spelled = words.slice(index, index + letters).join('');
      if (known.has(spellAsSpoken(spelled))) {
        joined.push(spelled);
        index += letters - 1;
        continue;
      }
    }
    const next = words[index + 1];
    if (next !== undefined && isSplitPair(word, next, known)) {
      joined.push(word + next);
      index += 1;
      continue;
    }
    joined.push(word);
  }
  return joined;
}

function isSplitPair(first: string, second: string, known: ReadonlySet<string>): boolean {
  if (/\d/.test(first) || /\d/.test(second)) return false;
  const whole = first + second;
  if (whole.length < shortestJoin || !known.has(spellAsSpoken(whole))) return false;
  return !known.has(spellAsSpoken(first)) || !known.has(spellAsSpoken(second));
}

/** How many single letters follow from `start` (0 when the word there is not one letter). */
function singleLetterRun(words: string[], start: number): number {
  let count = 0;
  while (/^[a-z]$/.test(words[start + count] ?? '')) count++;
  return count;
}
