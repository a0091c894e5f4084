import MiniSearch from 'minisearch';

import type { KnowledgeEntry } from '../entry';
import { words, type SpanishAnalyzer } from './spanish-analyzer';
import { closestTerm } from './typo-tolerance';

export interface Candidate {
  entry: KnowledgeEntry;
  /**
   * How close the question is to the nearest way this entry is asked (its title and sample
   * questions), in [0, 1]: cosine similarity of IDF-weighted stems. A word the knowledge base
   * never uses ("fútbol") weighs the most and pulls the similarity down.
   */
  similarity: number;
  /** MiniSearch's BM25 score over every field, relative to the best one for this question (0..1). */
  relevance: number;
  /** What the candidates are ranked by: similarity and relevance combined. */
  score: number;
}

export interface SearchOutcome {
  candidates: Candidate[];
  /** Stems of the question's meaningful words, after typo correction. */
  questionStems: string[];
  /** Question stems that the knowledge base uses somewhere. */
  knownStems: string[];
}

type IndexedEntry = Pick<KnowledgeEntry, 'id' | 'title' | 'answer'> & {
  questions: string;
  keywords: string;
};
type SparseVector = Map<string, number>;

const fieldBoosts = { questions: 3, title: 2, keywords: 2, answer: 1 };
/** Weight of the paraphrase similarity in the ranking score; the rest is BM25 relevance. */
export const defaultSimilarityWeight = 0.7;

/** Local, in-process retrieval over the knowledge base with Spanish analysis. */
export class KnowledgeIndex {
  private readonly miniSearch: MiniSearch<IndexedEntry>;
  private readonly entries: Map<string, KnowledgeEntry>;
  private readonly documentFrequency = new Map<string, number>();
  private readonly vocabulary: string[];
  /** Each entry's ways of being asked (title, sample questions, keywords) as stem sets. */
  private readonly samples: { entryId: string; stems: string[] }[] = [];

  constructor(
    entries: KnowledgeEntry[],
    private readonly analyzer: SpanishAnalyzer,
    private readonly similarityWeight = defaultSimilarityWeight,
  ) {
    this.entries = new Map(entries.map((entry) => [entry.id, entry]));
    this.miniSearch = new MiniSearch<IndexedEntry>({
      fields: ['questions', 'title', 'keywords', 'answer'],
      tokenize: (text) => words(text),
      processTerm: (term) => analyzer.term(term) ?? null,
      searchOptions: {
        boost: fieldBoosts,
        combineWith: 'OR',
        prefix: (term) => term.length >= 6,
        fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      },
    });
    this.miniSearch.addAll(
      entries.map((entry) => ({
        id: entry.id,
        title: entry.title,
        answer: entry.answer,
        questions: entry.questions.join('\n'),
        keywords: entry.keywords.join(' '),
      })),
    );
    for (const entry of entries) {
      const stems = new Set(
        analyzer.stems(
          [entry.title, ...entry.questions, ...entry.keywords, entry.answer].join('\n'),
        ),
      );
      for (const stem of stems)
        this.documentFrequency.set(stem, (this.documentFrequency.get(stem) ?? 0) + 1);
      for (const sample of [entry.title, ...entry.questions, entry.keywords.join(' ')]) {
        const sampleStems = [...new Set(analyzer.stems(sample))];
        if (sampleStems.length > 0) this.samples.push({ entryId: entry.id, stems: sampleStems });
      }
    }
    this.vocabulary = [...this.documentFrequency.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  entry(id: string): KnowledgeEntry | undefined {
    return this.entries.get(id);
  }

  /** Inverse document frequency; a stem the base never uses gets the highest weight. */
  private weight(stem: string): number {
    const frequency = this.documentFrequency.get(stem) ?? 0;
    return Math.log(1 + this.entries.size / (1 + frequency));
  }

  private vector(stems: string[]): SparseVector {
    return new Map(stems.map((stem) => [stem, this.weight(stem)]));
  }

  search(question: string, limit = 5): SearchOutcome {
    const questionStems = [
      ...new Set(this.analyzer.stems(question).map((stem) => this.corrected(stem))),
    ];
    const knownStems = questionStems.filter((stem) => this.documentFrequency.has(stem));
    if (questionStems.length === 0) return { candidates: [], questionStems, knownStems };

    const similarity = this.paraphraseSimilarity(this.vector(questionStems));
    const results = this.miniSearch.search(question);
    const bestScore = results[0]?.score ?? 0;
    const relevance = new Map(
      results.map((result) => [String(result.id), bestScore > 0 ? result.score / bestScore : 0]),
    );

    const candidates = [...new Set([...similarity.keys(), ...relevance.keys()])].flatMap(
      (id): Candidate[] => {
        const entry = this.entries.get(id);
        if (!entry) return [];
        const entrySimilarity = similarity.get(id) ?? 0;
        const entryRelevance = relevance.get(id) ?? 0;
        const score =
          this.similarityWeight * entrySimilarity + (1 - this.similarityWeight) * entryRelevance;
        return [{ entry, similarity: entrySimilarity, relevance: entryRelevance, score }];
      },
    );
    candidates.sort((a, b) => b.score - a.score);
    return { candidates: candidates.slice(0, limit), questionStems, knownStems };
  }

  /** Per entry, the best cosine similarity between the question and one of its samples. */
  private paraphraseSimilarity(query: SparseVector): Map<string, number> {
    const queryNorm = Math.sqrt(
      [...query.values()].reduce((sum, weight) => sum + weight * weight, 0),
    );
    const best = new Map<string, number>();
    for (const sample of this.samples) {
      let dot = 0;
      let norm = 0;
      for (const stem of sample.stems) {
        const weight = this.weight(stem);
        norm += weight * weight;
        const queryWeight = query.get(stem);
        if (queryWeight !== undefined) dot += queryWeight * weight;
      }
      if (dot === 0) continue;
      const cosine = dot / (queryNorm * Math.sqrt(norm));
      if (cosine > (best.get(sample.entryId) ?? 0)) best.set(sample.entryId, cosine);
    }
    return best;
  }

  /** A stem the base does not know, replaced by a known one a typo away ("minerai" → "mineri"). */
  private corrected(stem: string): string {
    if (this.documentFrequency.has(stem) || stem.length < 5 || /\d/.test(stem)) return stem;
    return closestTerm(stem, this.vocabulary) ?? stem;
  }
}
