import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import nspell from 'nspell';

import { toolsDir } from '../../kernel/project-root';
import { foldText } from '../../kernel/text-folding';
import { maxWordLength } from './text-bounds';

const asciiLetters = /^[a-z]+$/;
/** Words of lower-case ASCII letters, each ended by a line feed (one character class: linear). */
const packedText = /^[a-z\n]+$/;

/**
 * The common words of a Spanish dictionary (hunspell's `dictionary-es`, expanded by `nspell`),
 * folded as the analyzer folds text (lower case, no accents, ñ → n): "regalias" and "concesion"
 * are Spanish words, "nesecito" and "consesion" are not. Proper nouns (forms the dictionary
 * writes capitalised only: "Colombia") are left out, and it has no Colombian places ("Bogotá").
 *
 * The ≈ 590,000 folded forms are kept sorted in one string with their offsets (≈ 14 MB of heap)
 * rather than in a Set (≈ 42 MB) or in nspell itself (≈ 51 MB): a lookup is a binary search of
 * about 20 comparisons (≈ 0.5 µs). Building it costs ≈ 1.8 s, once: see `loadSpanishDictionary`.
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

  /**
   * A dictionary from `packed` as written by `packed` (sorted folded words, each followed by a
   * line feed); undefined when the text is not that (a truncated or foreign file).
   */
  static fromPacked(packed: string): SpanishDictionary | undefined {
    if (!packedText.test(packed) || !packed.endsWith('\n')) return undefined;
    const starts: number[] = [0];
    for (let at = packed.indexOf('\n'); at !== -1; at = packed.indexOf('\n', at + 1)) {
      const start = starts[starts.length - 1] as number;
      // Each word non-empty and after the one before it: the binary search needs both.
      if (at === start) return undefined;
      if (starts.length > 1) {
        const before = starts[starts.length - 2] as number;
        if (compareSlices(packed, before, start - 1, start, at) >= 0) return undefined;
      }
      starts.push(at + 1);
    }
    return new SpanishDictionary(packed, Uint32Array.from(starts));
  }

  /** The words, sorted, each followed by a line feed: what `fromPacked` reads. */
  get packedWords(): string {
    return this.packed;
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

/** `text.slice(aStart, aEnd)` compared with `text.slice(bStart, bEnd)`, without the slices. */
function compareSlices(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number) {
  const shared = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < shared; i++) {
    const difference = text.charCodeAt(aStart + i) - text.charCodeAt(bStart + i);
    if (difference !== 0) return difference;
  }
  return aEnd - aStart - (bEnd - bStart);
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

/** Bumped when what a form becomes changes (folding, what is left out): old caches are ignored. */
const formsVersion = 'folded-lowercase-ascii-1';

/**
 * hunspell's Spanish dictionary (`dictionary-es`, used unmodified as data under its GPL-3.0 /
 * LGPL-3.0 / MPL-1.1 licence), built once per process on first use and then shared. The package
 * is an ES module with a top-level await, which CommonJS cannot `require()`: its two files are
 * read from its folder instead. The knowledge index asks for it when it is built, at start-up,
 * so no turn pays the load.
 */
export function spanishDictionary(): SpanishDictionary {
  shared ??= loadSpanishDictionary(join(toolsDir(), 'spanish-dictionary'));
  return shared;
}

/**
 * Expanding the dictionary costs ≈ 1.8 s and passes through ≈ 80 MB; its folded forms are kept
 * on disk, keyed by a hash of the dictionary's files and of `formsVersion`, so that the app and
 * each test process read them in milliseconds. Inside the project's own git-ignored tools
 * folder, as the classifier's weights: another local user cannot plant a word list. The cache
 * changes how fast the dictionary is ready, never what it holds.
 */
export function loadSpanishDictionary(cacheDir: string | false): SpanishDictionary {
  const folder = dirname(require.resolve('dictionary-es'));
  const aff = readFileSync(join(folder, 'index.aff'));
  const dic = readFileSync(join(folder, 'index.dic'));
  const key = createHash('sha256')
    .update(formsVersion)
    .update(aff)
    .update(dic)
    .digest('hex')
    .slice(0, 32);
  const file = cacheDir === false ? undefined : join(cacheDir, `${key}.txt`);
  if (file !== undefined) {
    const cached = readPacked(file);
    if (cached) return cached;
  }
  const built = SpanishDictionary.fromHunspell(aff, dic);
  if (file !== undefined) writePacked(file, built);
  return built;
}

function readPacked(file: string): SpanishDictionary | undefined {
  try {
    return SpanishDictionary.fromPacked(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Written to a temporary name and renamed: a reader in another process never sees half a file. */
function writePacked(file: string, dictionary: SpanishDictionary): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, dictionary.packedWords, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // Only slower next time: the dictionary is built again.
    rmSync(temporary, { force: true });
  }
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
