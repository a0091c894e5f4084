import type { KnowledgeEntry } from '../entry';
import type { FigureAsked } from './figure-question';
import type { LawQuestion } from './law-references';

/** What a search of the knowledge base finds for one question (knowledge-index.ts). */

export interface Candidate {
  entry: KnowledgeEntry;
  /**
   * How close the question is to the nearest way this entry is asked (its title, sample
   * questions, keywords, or a citizen's phrasing it is trained on), in [0, 1]: cosine similarity
   * of IDF-weighted stems. A word the knowledge base never uses ("fútbol") weighs the most and
   * pulls the similarity down.
   */
  similarity: number;
  /** MiniSearch's BM25 score over every field, relative to the best one for this question (0..1). */
  relevance: number;
  /** The classifier's calibrated probability that the question asks for this entry. */
  probability: number;
  /** Lexical score: similarity and relevance combined (0..1). */
  lexical: number;
  /** What the candidates are ranked by: the probability, with the lexical score as a second signal. */
  score: number;
}

export interface SearchOutcome {
  candidates: Candidate[];
  /** Stems of the question's meaningful words, after typo correction. */
  questionStems: string[];
  /** Question stems that the knowledge base uses somewhere. */
  knownStems: string[];
  /**
   * Question stems of real Spanish words that neither the knowledge base nor the examples its
   * entries are trained on use ("fútbol"): a sign of another subject. A typo or a name is not one.
   */
  foreignStems: string[];
  /** The classifier's probability that no entry answers the question (own case, other subject). */
  noneProbability: number;
  /** The law the question asks about ("¿qué dice la Ley 1755?"), if any. */
  lawQuestion: LawQuestion | undefined;
  /** "¿Qué es…?" about one word: a question, not a subject typed alone. */
  definitionQuestion?: boolean;
  /** A price or a time the question asks for ("¿cuánto cuesta…?", "¿a qué hora…?"), if any. */
  figureAsked?: FigureAsked;
  /**
   * Two signs or more that the message is about the writer's own case ("pedí la prórroga hace
   * ocho meses y todavía no me han dicho nada"): own-case-cues.ts.
   */
  ownCase?: boolean;
}
