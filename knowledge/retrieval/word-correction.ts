import type { AnalyzedTerm, SpanishAnalyzer } from './spanish-analyzer';
import { soundAlikeSpellings } from './spanish-dictionary';
import { closestTerm } from './typo-tolerance';

/**
 * What a word of a question is read as when the knowledge base does not use its stem:
 * - a word of the Spanish dictionary stays itself ("concepto" is never "corrected" into
 *   "consentimiento", nor "resuelto" into "resultado");
 * - a non-word whose sound-alike respelling is a Spanish word or a word of the base is read as
 *   that respelling ("ajencia" → "agencia", "kien" → "quien");
 * - otherwise a stem one typo away from one of the base's stems replaces it ("minerai" →
 *   "mineri").
 * Each word costs at most its few respellings and one pass over the vocabulary.
 */
export class WordCorrector {
  constructor(
    private readonly analyzer: SpanishAnalyzer,
    private readonly knownStems: ReadonlyMap<string, unknown>,
    private readonly vocabulary: readonly string[],
    private readonly isSpanishWord: (foldedWord: string) => boolean,
  ) {}

  /** The stem a term is matched by; undefined when its respelling is a stop word ("ke" → "que"). */
  stem({ word, stem }: AnalyzedTerm): string | undefined {
    if (this.knownStems.has(stem) || /\d/.test(stem) || this.isSpanishWord(word)) return stem;
    for (const spelling of soundAlikeSpellings(word)) {
      const respelled = this.analyzer.term(spelling);
      if (this.isSpanishWord(spelling) || (respelled && this.knownStems.has(respelled)))
        return respelled;
    }
    if (stem.length < 5) return stem;
    return closestTerm(stem, this.vocabulary) ?? stem;
  }
}
