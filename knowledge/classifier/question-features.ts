import { withoutCourtesyFormulae } from '../retrieval/courtesy-formulae';
import { ownCaseCues } from './own-case-cues';
import { words, type SpanishAnalyzer } from '../retrieval/spanish-analyzer';
import { maxQuestionWords, readablePart } from '../retrieval/text-bounds';

/** Character n-grams cut from each meaningful word: robust to typos and to missing accents. */
const shortestGram = 3;
const longestGram = 5;

/**
 * The features of a question for the classifier, each counted once: the stems of its meaningful
 * words, pairs of neighbouring stems, and character n-grams (3 to 5) of each word as spoken, with
 * its boundaries marked ("<lisensia>" → "<li", "lis", … , "ia>"). A misspelt word ("lisensia",
 * "lisencia") still shares most of its n-grams with the right one.
 *
 * Every word, stop words included, is a feature too: "mi", "ya", "me", file numbers ("IH3-15001",
 * a radicado) and the own-case cues ("¿en qué va…?", "ya pagué", "me negaron") are what tell a
 * citizen's own case from a general question.
 */
export function questionFeatures(analyzer: SpanishAnalyzer, text: string): string[] {
  const readable = withoutCourtesyFormulae(readablePart(text));
  const terms = analyzer.analyze(readable, maxQuestionWords);
  const features = new Set<string>();
  const written = words(readable, maxQuestionWords);
  for (const word of written) {
    features.add(`w:${word}`);
    if (looksLikeFileNumber(word)) features.add('x:file-number');
  }
  for (const cue of ownCaseCues(written)) features.add(cue);
  let previousStem: string | undefined;
  for (const { spoken, stem } of terms) {
    features.add(`s:${stem}`);
    if (previousStem !== undefined) features.add(`b:${previousStem}_${stem}`);
    previousStem = stem;
    const marked = `<${spoken}>`;
    for (let size = shortestGram; size <= longestGram; size++) {
      for (let start = 0; start + size <= marked.length; start++) {
        features.add(marked.slice(start, start + size));
      }
    }
  }
  return [...features];
}

/** Letters and digits mixed ("ih3", "0023lh") or five digits and more: a file or radicado number. */
function looksLikeFileNumber(word: string): boolean {
  let digits = 0;
  for (const character of word) if (character >= '0' && character <= '9') digits++;
  return digits >= 5 || (digits > 0 && digits < word.length);
}
