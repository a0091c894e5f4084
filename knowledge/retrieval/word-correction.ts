import type { AnalyzedTerm, SpanishAnalyzer } from './spanish-analyzer';
import { soundAlikeSpellings } from './spanish-dictionary';
import { closestTerm } from './typo-tolerance';

/**
 * What a word of a question is read as when the knowledge base does not use its stem:
 * - a word of the Spanish dictionary stays itself ("concepto" is never "corrected" into
 *   "consentimiento", nor "resuelto" into "resultado"), unless the base uses another form of the
 *   same word ("entrando" / "entran", "relación" / "relacionado");
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
    if (this.knownStems.has(stem) || /\d/.test(stem)) return stem;
    if (this.isSpanishWord(word)) return this.otherFormOfSameWord(stem) ?? stem;
    for (const spelling of soundAlikeSpellings(word)) {
      const respelled = this.analyzer.term(spelling);
      if (this.isSpanishWord(spelling) || (respelled && this.knownStems.has(respelled)))
        return respelled;
    }
    if (stem.length < 5) return stem;
    return closestTerm(stem, this.vocabulary) ?? stem;
  }

  /**
   * The base's stem of another form of the same word, for a Spanish word whose own stem the base
   * does not use. The stemmer leaves some forms of one word a letter apart: "entrando" → entrand
   * and "entran" → entran, "relación" → relacion and "relacionado" → relasion (a suffix's
   * accent restored on one, c spelled as spoken on the other). Only those two kinds of gap are
   * bridged: the base's stem begins the word's, or they differ only by c and s. A typo's worth of
   * difference of any other kind is another word ("resuelto" is not "resultado").
   */
  private otherFormOfSameWord(stem: string): string | undefined {
    if (stem.length < 5) return undefined;
    const closest = closestTerm(stem, this.vocabulary);
    if (closest === undefined) return undefined;
    const sameSound = (text: string) => text.replace(/c/g, 's');
    if (stem.startsWith(closest) || sameSound(stem) === sameSound(closest)) return closest;
    return undefined;
  }
}
