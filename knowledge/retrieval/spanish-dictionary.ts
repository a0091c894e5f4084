import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import nspell from 'nspell';

import { foldText } from '../../kernel/text-folding';
import { maxWordLength } from './text-bounds';

const asciiLetters = /^[a-z]+$/;

/**
 * The common words of a Spanish dictionary (hunspell's `dictionary-es`, expanded by `nspell`),
 * folded as the analyzer folds text (lower case, no accents, ñ → n): "regalias" and "concesion"
 * are Spanish words, "nesecito" and "consesion" are not. Proper nouns (forms the dictionary
 * writes capitalised only: "Colombia") are left out, and it has no Colombian places ("Bogotá").
 *
 * The ≈ 590,000 folded forms are kept sorted in one string with their offsets (≈ 14 MB of heap)
 * rather than in a Set (≈ 42 MB) or in nspell itself (≈ 51 MB): a lookup is a binary search of
 * about 20 comparisons (≈ 0.5 µs). Building it costs ≈ 1.8 s once per process.
 */
export class SpanishDictionary {
  private constructor(
    private readonly packed: string,
    private readonly starts: Uint32Array,
  ) {}

  /** Expands every form of a hunspell dictionary (≈ 80 MB while it runs) and keeps them folded. */
  static fromHunspell(aff: Buffer, dic: Buffer): SpanishDictionary {
    const spell = nspell({ aff, dic });
    // nspell keeps every form the affix rules make of each stem as a key of `data` (nspell 2.x);
    // its API checks one word at a time and cannot list them.
    const { data } = spell as unknown as { data?: Record<string, unknown> };
    if (data === undefined || typeof data !== 'object')
      throw new Error('nspell does not expose its word forms (nspell 2.x expected)');
    const forms = new Set<string>();
    for (const form of Object.keys(data)) {
      const first = form.charAt(0);
      if (first !== first.toLowerCase()) continue;
      // Most forms are plain ASCII already: folding (NFD) only the others halves the load time.
      const folded = asciiLetters.test(form) ? form : foldText(form);
      if (asciiLetters.test(folded)) forms.add(folded);
    }
    return SpanishDictionary.fromWords(forms);
  }

  /** A dictionary of the given folded words. */
  static fromWords(words: Iterable<string>): SpanishDictionary {
    const sorted = [...new Set(words)].sort();
    const starts = new Uint32Array(sorted.length + 1);
    let offset = 0;
    sorted.forEach((word, index) => {
      starts[index] = offset;
      offset += word.length + 1;
    });
    starts[sorted.length] = offset;
    return new SpanishDictionary(`${sorted.join('\n')}\n`, starts);
  }

  /** How many distinct folded forms it holds. */
  get size(): number {
    return this.starts.length - 1;
  }

  /** Whether a folded word (lower case, no accents, ñ → n) is a Spanish word in some spelling. */
  has(foldedWord: string): boolean {
    if (foldedWord.length === 0 || foldedWord.length > maxWordLength) return false;
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const start = this.starts[middle] as number;
      const end = (this.starts[middle + 1] as number) - 1;
      const order = compareWithSlice(foldedWord, this.packed, start, end);
      if (order === 0) return true;
      if (order < 0) high = middle - 1;
      else low = middle + 1;
    }
    return false;
  }
}

/** `word` compared with `text.slice(start, end)` in code-unit order, without the slice. */
function compareWithSlice(word: string, text: string, start: number, end: number): number {
  const length = end - start;
  const shared = Math.min(word.length, length);
  for (let i = 0; i < shared; i++) {
    const difference = word.charCodeAt(i) - text.charCodeAt(start + i);
    if (difference !== 0) return difference;
  }
  return word.length - length;
}

let shared: SpanishDictionary | undefined;

/**
 * hunspell's Spanish dictionary (`dictionary-es`, used unmodified as data under its GPL-3.0 /
 * LGPL-3.0 / MPL-1.1 licence), built once per process on first use and then shared. The package
 * is an ES module with a top-level await, which CommonJS cannot `require()`: its two files are
 * read from its folder instead. The knowledge index asks for it when it is built, at start-up,
 * so no turn pays the load.
 */
export function spanishDictionary(): SpanishDictionary {
  if (shared === undefined) {
    const folder = dirname(require.resolve('dictionary-es'));
    shared = SpanishDictionary.fromHunspell(
      readFileSync(join(folder, 'index.aff')),
      readFileSync(join(folder, 'index.dic')),
    );
  }
  return shared;
}

/** Whether a folded word (lower case, no accents, ñ → n) is a word of the Spanish dictionary. */
export function isSpanishWord(foldedWord: string): boolean {
  return spanishDictionary().has(foldedWord);
}

/**
 * Colombian Spanish sounds k like qu/c, j like g before e and i, "es-" like "ex-" and n like m
 * before p and b, and a word cannot start with rr; `spellAsSpoken` does not fold these. Each rule
 * is applied on top of the previous ones, and each spelling that changed is a candidate:
 * "kien" → "quien", "ajencia" → "agencia", "esplotacion" → "explotacion", "inpacto" →
 * "impacto", "rregalias" → "regalias". At most one candidate per rule (eight).
 */
const soundAlikeRules: readonly [RegExp, string][] = [
  [/^rr/, 'r'],
  [/k(?=[ei])/g, 'qu'],
  [/k/g, 'c'],
  [/q(?=[ei])/g, 'qu'],
  [/j(?=[ei])/g, 'g'],
  [/^es(?=[cpt])/, 'ex'],
  [/n(?=[pb])/g, 'm'],
  [/cs/g, 'x'],
];

/** The sound-alike respellings of a folded word, in order; none for words under three letters. */
export function soundAlikeSpellings(foldedWord: string): string[] {
  if (foldedWord.length < 3 || foldedWord.length > maxWordLength) return [];
  const spellings: string[] = [];
  let spelling = foldedWord;
  for (const [pattern, replacement] of soundAlikeRules) {
    const next = spelling.replace(pattern, replacement);
    if (next === spelling) continue;
    spelling = next;
    spellings.push(spelling);
  }
  return spellings;
}
