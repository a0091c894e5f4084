/** A word and, where one typo is allowed, the word with one letter left out (each letter in turn). */
function spellingKeys(word: string, typoAllowed: boolean): string[] {
  const keys = [word];
  if (typoAllowed) {
    for (let index = 0; index < word.length; index++)
      keys.push(word.slice(0, index) + word.slice(index + 1));
  }
  return keys;
}

/**
 * Which names a word of a question may begin: those whose first word it is, or is one typo away
 * from where the name allows a typo. Comparing every word of a long question with every name of
 * the calendar grew with their product; this looks up a handful of keys per word instead. Two
 * words one edit apart (substitution, insertion, deletion or swap of neighbours) always share a
 * key (symmetric deletion); callers still check each candidate in full.
 */
export class FirstWordIndex {
  private readonly positions = new Map<string, number[]>();
  private longestWord = 0;

  /** The name at `position` (in the caller's list) begins with `firstWord`. */
  add(position: number, firstWord: string, typoAllowed: boolean): void {
    for (const key of new Set(spellingKeys(firstWord, typoAllowed))) {
      const list = this.positions.get(key);
      if (list) list.push(position);
      else this.positions.set(key, [position]);
    }
    this.longestWord = Math.max(this.longestWord, firstWord.length);
  }

  /** Positions of the names the word may begin, in ascending order. */
  candidates(word: string): number[] {
    // A word longer than every first word plus one letter begins no name.
    if (word.length > this.longestWord + 1) return [];
    const found = new Set<number>();
    for (const key of spellingKeys(word, true)) {
      for (const position of this.positions.get(key) ?? []) found.add(position);
    }
    return [...found].sort((a, b) => a - b);
  }
}
