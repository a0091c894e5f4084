import { countSyllables } from '../knowledge/plain-language/syllables';
import {
  infleszBand,
  szigrisztPazos,
  textStatistics,
  type InfleszBand,
} from '../knowledge/plain-language/readability';
import { readabilityFloors } from '../knowledge/plain-language/answer-readability';

/** The floor every official answer should reach: the knowledge base's own (INFLESZ 55, "normal"). */
export const draftReadabilityFloor = readabilityFloors.eachAnswer;

/** Plain-language guidance: a sentence past this many words is hard to follow on a phone. */
export const longSentenceWords = 20;
/** A word of this many syllables or more weighs on the INFLESZ score (syllables per word). */
export const longWordSyllables = 5;

const maxHints = 10;

export interface LongSentence {
  /** The sentence's first words, enough to find it. */
  start: string;
  words: number;
}

export interface DraftReadability {
  /** INFLESZ (Szigriszt-Pazos) score, one decimal. */
  score: number;
  band: InfleszBand;
  floor: number;
  meetsFloor: boolean;
  /** What to simplify, when below the floor: empty otherwise. */
  longSentences: LongSentence[];
  longWords: string[];
  /** One Spanish sentence for the moderator. */
  advice: string;
}

/** Sentences as the readability score counts them: line breaks and . ! ? … followed by a space. */
function sentencesOf(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?…])\s+/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

function firstWords(sentence: string, count = 8): string {
  const words = sentence.split(/\s+/);
  return words.length > count ? `${words.slice(0, count).join(' ')}…` : sentence;
}

function longSentencesOf(text: string): LongSentence[] {
  return sentencesOf(text)
    .map((sentence) => ({ start: firstWords(sentence), words: textStatistics(sentence).words }))
    .filter((sentence) => sentence.words > longSentenceWords)
    .sort((a, b) => b.words - a.words)
    .slice(0, maxHints);
}

function longWordsOf(text: string): string[] {
  const seen = new Map<string, number>();
  for (const word of text.match(/\p{L}+/gu) ?? []) {
    // Acronyms (ANM, PQRSD) are spelled, not simplified.
    if (word.length > 1 && word === word.toUpperCase()) continue;
    const lower = word.toLowerCase();
    if (seen.has(lower)) continue;
    const syllables = countSyllables(lower);
    if (syllables >= longWordSyllables) seen.set(lower, syllables);
  }
  return [...seen.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'es'))
    .slice(0, maxHints)
    .map(([word]) => word);
}

function adviceFor(
  meetsFloor: boolean,
  score: number,
  hints: { sentences: number; words: number },
) {
  const shown = score.toFixed(1).replace('.', ',');
  if (meetsFloor) return `Legibilidad ${shown}: se entiende bien.`;
  const parts: string[] = [];
  if (hints.sentences > 0) parts.push(`parta las frases de más de ${longSentenceWords} palabras`);
  if (hints.words > 0) parts.push('cambie las palabras largas por otras más comunes');
  if (parts.length === 0) parts.push('use frases más cortas y palabras más comunes');
  return `Legibilidad ${shown}: difícil de leer (la meta es ${draftReadabilityFloor} o más). Para mejorarla, ${parts.join(' y ')}.`;
}

/** The INFLESZ score of a draft and, below the floor, what to simplify. Undefined without words. */
export function draftReadability(text: string): DraftReadability | undefined {
  const { words, sentences } = textStatistics(text);
  if (words === 0 || sentences === 0) return undefined;
  const score = Math.round(szigrisztPazos(text) * 10) / 10;
  const meetsFloor = score >= draftReadabilityFloor;
  const longSentences = meetsFloor ? [] : longSentencesOf(text);
  const longWords = meetsFloor ? [] : longWordsOf(text);
  return {
    score,
    band: infleszBand(score),
    floor: draftReadabilityFloor,
    meetsFloor,
    longSentences,
    longWords,
    advice: adviceFor(meetsFloor, score, {
      sentences: longSentences.length,
      words: longWords.length,
    }),
  };
}
