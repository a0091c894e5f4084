/**
 * Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring):
 * insertions, deletions, substitutions and swaps of neighbours each cost 1.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // No typo allowed: equality, without the table (place names compare every word of a question).
  if (limit === 0) return a === b ? 0 : 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    let rowMinimum = Number.POSITIVE_INFINITY;
    const row = rows[i] as number[];
    const previous = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        a.charAt(i - 1) === b.charAt(j - 2) &&
        a.charAt(i - 2) === b.charAt(j - 1)
      ) {
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = value;
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * One typo is allowed in stems of seven letters or more, and none in shorter ones: short stems
 * one letter apart are often different words ("cement" and "coment"), and a citizen's typo in a
 * short word usually survives stemming anyway ("minerai" and "mineria" share "miner").
 */
export function allowedTypos(length: number): number {
  return length >= 7 ? 1 : 0;
}

/** The closest term of the vocabulary within the allowed typos; ties go to the first found. */
export function closestTerm(term: string, vocabulary: readonly string[]): string | undefined {
  const limit = allowedTypos(term.length);
  if (limit === 0) return undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of vocabulary) {
    if (Math.abs(candidate.length - term.length) > limit || candidate.charAt(0) !== term.charAt(0))
      continue;
    const distance = editDistance(term, candidate, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 1) break;
    }
  }
  return best;
}
