import { stemmer } from '@orama/stemmers/spanish';
import { stopwords } from '@orama/stopwords/spanish';

import type { Lexicon } from './lexicon';
import { maxWordLength } from './text-bounds';

import { foldText } from '../../kernel/text-folding';

/**
 * "holaaaa" → "hola", "graciasss" → "gracias": no Spanish word has a letter three times in a
 * row, so a longer run is typed emphasis. Digits keep their runs ("100000", a radicado).
 */
function withoutStretchedLetters(word: string): string {
  let kept = '';
  let run = 0;
  for (let at = 0; at < word.length; at++) {
    const character = word.charAt(at);
    run = at > 0 && character === word.charAt(at - 1) ? run + 1 : 1;
    const isLetter = character >= 'a' && character <= 'z';
    if (!isLetter || run <= 2) kept += character;
    else if (run === 3) kept = kept.slice(0, -1);
  }
  return kept;
}

/**
 * Words (letters and digits) of a folded text, each cut to `maxWordLength` and with stretched
 * letters typed once, at most `limit`.
 */
export function words(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const found: string[] = [];
  const folded = foldText(text);
  const word = /[a-z0-9]+/g;
  for (let match = word.exec(folded); match && found.length < limit; match = word.exec(folded)) {
    found.push(withoutStretchedLetters(match[0].slice(0, maxWordLength)));
  }
  return found;
}

const stopWords = new Set(stopwords.map(foldText));
// Words that carry the meaning of a citizen's question and must not be dropped as stop words.
for (const keep of [
  'como',
  'cuando',
  'donde',
  'cuanto',
  'cuanta',
  'cuantos',
  'cuantas',
  'quien',
  'quienes',
  'no',
  'sin',
]) {
  stopWords.delete(keep);
}
// "¿En qué consiste…?" asks what something is; the verb names no topic of its own.
for (const frame of ['consiste', 'consisten', 'consistir']) stopWords.add(frame);

/**
 * Snowball's Spanish stemmer expects accented suffixes ("-ción"); citizens type "explotacion" or
 * "explotasion". Both sides are folded and spelled as spoken first, then "-sion" is written back
 * as "-ción", so that "explotacion", "explotación" and "explotar" share a stem.
 */
function restoreSuffixAccent(word: string): string {
  if (word.endsWith('sion')) return `${word.slice(0, -4)}ción`;
  if (word.endsWith('siones')) return `${word.slice(0, -6)}ciones`;
  return word;
}

/**
 * Colombian Spanish sounds c (before e, i), s and z alike, b and v alike, ll and y alike, and h
 * not at all, so citizens write "licensia", "concecion", "fiscalisacion", "obligasiones",
 * "distribullen". Both sides are spelled as they sound before stemming, so these meet the
 * correct spelling.
 */
export function spellAsSpoken(word: string): string {
  return word
    .replace(/ch/g, 'ç')
    .replace(/h/g, '')
    .replace(/ç/g, 'ch')
    .replace(/c(?=[ei])/g, 's')
    .replace(/z/g, 's')
    .replace(/v/g, 'b')
    .replace(/ll/g, 'y');
}

/**
 * Snowball leaves a final vowel on some forms and not on others of the same word ("metio" →
 * "meti", "metieron" → "met"; "minería" → "mineri", "minero" → "miner"). Dropping one final vowel
 * from stems of four letters or more makes these forms meet.
 */
function trimFinalVowel(stem: string): string {
  return stem.length >= 4 && 'aeiou'.includes(stem.charAt(stem.length - 1))
    ? stem.slice(0, -1)
    : stem;
}

export interface AnalyzedTerm {
  /** The word as written (folded). */
  word: string;
  /** The word after the lexicon's mapping, spelled as spoken: what character n-grams are cut from. */
  spoken: string;
  /** The stem used for matching. */
  stem: string;
}

/**
 * The analysis shared by the knowledge base and every question: fold, map colloquial spellings
 * and synonyms, drop stop words, stem.
 */
export class SpanishAnalyzer {
  constructor(private readonly lexicon: Lexicon) {}

  /** One word → its stem, or undefined for a stop word. */
  term(rawWord: string): string | undefined {
    return this.analyzedWord(rawWord)?.stem;
  }

  private analyzedWord(rawWord: string): { spoken: string; stem: string } | undefined {
    const folded = foldText(rawWord.slice(0, maxWordLength));
    const mapped = this.lexicon.get(folded) ?? folded;
    if (mapped === '') return undefined;
    const parts = mapped.split(' ');
    const word = parts.length > 1 ? parts.join('') : mapped;
    if (stopWords.has(word)) return undefined;
    if (/^\d+$/.test(word)) return { spoken: word, stem: word };
    const spoken = spellAsSpoken(word);
    return { spoken, stem: trimFinalVowel(foldText(stemmer(restoreSuffixAccent(spoken)))) };
  }

  /** Every meaningful term of a text (of its first `maxWords` words), in order, with repetitions. */
  analyze(text: string, maxWords = Number.POSITIVE_INFINITY): AnalyzedTerm[] {
    const terms: AnalyzedTerm[] = [];
    for (const word of words(text, maxWords)) {
      const analyzed = this.analyzedWord(word);
      if (analyzed !== undefined && analyzed.stem.length > 0) terms.push({ word, ...analyzed });
    }
    return terms;
  }

  stems(text: string, maxWords = Number.POSITIVE_INFINITY): string[] {
    return this.analyze(text, maxWords).map((term) => term.stem);
  }
}
