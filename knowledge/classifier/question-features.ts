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

/** How many distinct words `QuestionFeatureRows` remembers (a word's features never change). */
const maxRememberedWords = 20_000;

/** What one written word contributes, as feature rows of one model (−1: a feature it lacks). */
interface WordRows {
  written: number;
  fileNumber: boolean;
  /** The word's stem, or undefined for a word the analyzer drops (stop words). */
  stem: string | undefined;
  stemRow: number;
  /** Rows of its character n-grams, in the order `questionFeatures` lists them. */
  gramRows: number[];
}

/**
 * The known feature rows of a question, exactly as `featureRowsOf(model, questionFeatures(…))`
 * gives them (same rows, same order: the order of each known feature's first occurrence), with
 * what each distinct word contributes (its analysis, n-grams and their rows) computed once and
 * remembered: a question costs its words' lookups, its word pairs and its own-case cues.
 */
export class QuestionFeatureRows {
  private readonly byWord = new Map<string, WordRows>();
  private readonly fileNumberRow: number;

  constructor(
    private readonly analyzer: SpanishAnalyzer,
    private readonly rowOf: (feature: string) => number | undefined,
  ) {
    this.fileNumberRow = rowOf('x:file-number') ?? -1;
  }

  rows(text: string): number[] {
    const readable = withoutCourtesyFormulae(readablePart(text));
    const written = words(readable, maxQuestionWords);
    const rows: number[] = [];
    const seen = new Set<number>();
    const add = (row: number | undefined) => {
      if (row === undefined || row < 0 || seen.has(row)) return;
      seen.add(row);
      rows.push(row);
    };
    const analysed = written.map((word) => this.word(word));
    for (const word of analysed) {
      add(word.written);
      if (word.fileNumber) add(this.fileNumberRow);
    }
    for (const cue of ownCaseCues(written)) add(this.rowOf(cue));
    let previousStem: string | undefined;
    for (const word of analysed) {
      const { stem } = word;
      if (stem === undefined) continue;
      add(word.stemRow);
      if (previousStem !== undefined) add(this.rowOf(`b:${previousStem}_${stem}`));
      previousStem = stem;
      for (const row of word.gramRows) add(row);
    }
    return rows;
  }

  private word(word: string): WordRows {
    const known = this.byWord.get(word);
    if (known) return known;
    // A word as `words()` gives it analyses alone as it does within its question.
    const term = this.analyzer.analyze(word)[0];
    const gramRows: number[] = [];
    if (term) {
      const marked = `<${term.spoken}>`;
      for (let size = shortestGram; size <= longestGram; size++) {
        for (let start = 0; start + size <= marked.length; start++) {
          const row = this.rowOf(marked.slice(start, start + size));
          if (row !== undefined) gramRows.push(row);
        }
      }
    }
    const rows: WordRows = {
      written: this.rowOf(`w:${word}`) ?? -1,
      fileNumber: looksLikeFileNumber(word),
      stem: term?.stem,
      stemRow: term ? (this.rowOf(`s:${term.stem}`) ?? -1) : -1,
      gramRows,
    };
    if (this.byWord.size >= maxRememberedWords) {
      const oldest = this.byWord.keys().next();
      if (!oldest.done) this.byWord.delete(oldest.value);
    }
    this.byWord.set(word, rows);
    return rows;
  }
}
