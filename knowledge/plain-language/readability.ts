import { countSyllables } from './syllables';

/**
 * Readability of Spanish texts: Fernández-Huerta (1959) and Szigriszt-Pazos (1993), the latter
 * read on the INFLESZ scale (Barrio-Cantalejo et al., 2008), the usual measure of "lenguaje claro".
 *
 * Counting rules:
 * - sentences end at . ! ? … followed by a space or the end, and at every line break (list items,
 *   paragraphs). Abbreviations ("art.", "núm.", "Dr."), decimals ("40.8"), domains and e-mails
 *   have no space after their dot, or are listed below, so they do not end a sentence;
 * - a word is a run of letters (or digits); a web address or an e-mail is one word of 3 syllables
 *   (how "la página de la ANM" reads, not the spelled-out address);
 * - a number counts as many syllables as it has digits, from 1 to 4 ("15" quin-ce, "2015" dos-mil-
 *   quin-ce): a documented approximation, close for the numbers the answers use;
 * - an all-capitals acronym that reads as a word (ANLA, CAR) is syllabified as a word; one that
 *   does not (ANM, SGR, PQRSD: a consonant cluster Spanish cannot pronounce) is spelled, each
 *   letter counting the syllables of its name (N "e-ne" 2, Q "cu" 1…).
 */

export interface TextStatistics {
  sentences: number;
  words: number;
  syllables: number;
}

const abbreviations = new Set([
  'art',
  'arts',
  'núm',
  'num',
  'no',
  'dr',
  'dra',
  'sr',
  'sra',
  'etc',
  'p',
  'ej',
  'pág',
  'inc',
  'lit',
  'num',
]);
const addressPattern =
  /(?:https?:\/\/\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|com|org|edu|net)(?:\.co)?\b\S*)/gi;
const letterNameSyllables: Record<string, number> = {
  a: 1,
  b: 1,
  c: 1,
  d: 1,
  e: 1,
  f: 2,
  g: 1,
  h: 2,
  i: 1,
  j: 2,
  k: 1,
  l: 2,
  m: 2,
  n: 2,
  ñ: 2,
  o: 1,
  p: 1,
  q: 1,
  r: 2,
  s: 2,
  t: 1,
  u: 1,
  v: 2,
  w: 4,
  x: 2,
  y: 1,
  z: 2,
};

function countSentences(text: string): number {
  let count = 0;
  for (const line of text.split(/\n+/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const tokens = trimmed.split(/\s+/);
    let inSentence = false;
    for (const [index, token] of tokens.entries()) {
      inSentence = true;
      if (!/[.!?…]["'»)]*$/.test(token)) continue;
      const bare = token
        .replace(/[.!?…"'»)]+$/, '')
        .replace(/^[¿¡("'«]+/, '')
        .toLowerCase();
      const isAbbreviation =
        token.endsWith('.') && abbreviations.has(bare) && index < tokens.length - 1;
      if (!isAbbreviation) {
        count++;
        inSentence = false;
      }
    }
    if (inSentence) count++;
  }
  return count;
}

const inseparableOnset = /^(pl|pr|bl|br|fl|fr|cl|cr|gl|gr|dr|tr)/;

function acronymSyllables(acronym: string): number {
  const lower = acronym.toLowerCase();
  const pronounceable =
    /[aeiou]/.test(lower) &&
    !/[^aeiou]{3}/.test(lower) &&
    !/[^aeiou]{2}$/.test(lower) &&
    (!/^[^aeiou]{2}/.test(lower) || inseparableOnset.test(lower));
  if (pronounceable) return countSyllables(lower);
  return Array.from(lower).reduce((sum, letter) => sum + (letterNameSyllables[letter] ?? 1), 0);
}

function wordSyllables(word: string): number {
  if (/^\d/.test(word)) return Math.min(4, Math.max(1, word.replace(/\D/g, '').length));
  if (word.length >= 2 && word === word.toUpperCase() && /\p{Lu}/u.test(word))
    return acronymSyllables(word);
  return countSyllables(word);
}

export function textStatistics(text: string): TextStatistics {
  const addresses = text.match(addressPattern) ?? [];
  const withoutAddresses = text.replace(addressPattern, ' ');
  const words = withoutAddresses.match(/\d+(?:[.,]\d+)*|\p{L}+/gu) ?? [];
  const syllables =
    words.reduce((sum, word) => sum + wordSyllables(word), 0) + 3 * addresses.length;
  return {
    sentences: countSentences(text.replace(addressPattern, 'dirección')),
    words: words.length + addresses.length,
    syllables,
  };
}

function statisticsOrThrow(text: string): TextStatistics {
  const statistics = textStatistics(text);
  if (statistics.words === 0 || statistics.sentences === 0) {
    throw new Error('readability needs a text with at least one word');
  }
  return statistics;
}

/** Fernández-Huerta: 206.84 − 0.60·P − 1.02·F (P syllables and F sentences per 100 words). */
export function fernandezHuerta(text: string): number {
  const { sentences, words, syllables } = statisticsOrThrow(text);
  return 206.84 - 0.6 * ((100 * syllables) / words) - 1.02 * ((100 * sentences) / words);
}

/** Szigriszt-Pazos perspicuity, the INFLESZ score: 206.835 − 62.3·syllables/words − words/sentences. */
export function szigrisztPazos(text: string): number {
  const { sentences, words, syllables } = statisticsOrThrow(text);
  return 206.835 - 62.3 * (syllables / words) - words / sentences;
}

export type InfleszBand =
  'muy difícil' | 'algo difícil' | 'normal' | 'bastante fácil' | 'muy fácil';

/** INFLESZ bands; each boundary belongs to the easier band (55 is "normal", 65 "bastante fácil"). */
export function infleszBand(score: number): InfleszBand {
  if (score < 40) return 'muy difícil';
  if (score < 55) return 'algo difícil';
  if (score < 65) return 'normal';
  if (score < 80) return 'bastante fácil';
  return 'muy fácil';
}
