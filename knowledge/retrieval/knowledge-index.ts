import MiniSearch, { type SearchResult } from 'minisearch';

import type { KnowledgeEntry } from '../entry';
import { words, type SpanishAnalyzer } from './spanish-analyzer';

export interface Candidate {
  entry: KnowledgeEntry;
  /** MiniSearch's relevance score (BM25 with field boosts); only comparable within one query. */
  score: number;
  /**
   * Share of the question's meaning this entry covers, in [0, 1]: the IDF-weighted fraction of
   * the question's terms the entry matches. Rare words ("barequeo") weigh more than common ones
   * ("mina"), and a word the knowledge base never uses ("fútbol") weighs the most.
   */
  coverage: number;
}

export interface SearchOutcome {
  candidates: Candidate[];
  /** Stems of the question's meaningful words. */
  questionStems: string[];
  /** Question stems that the knowledge base uses somewhere. */
  knownStems: string[];
}

type IndexedEntry = Pick<KnowledgeEntry, 'id' | 'title' | 'answer'> & {
  questions: string;
  keywords: string;
};

const fieldBoosts = { questions: 3, title: 2, keywords: 2, answer: 1 };

/** Local, in-process retrieval over the knowledge base with Spanish analysis. */
export class KnowledgeIndex {
  private readonly search_: MiniSearch<IndexedEntry>;
  private readonly entries: Map<string, KnowledgeEntry>;
  private readonly documentFrequency = new Map<string, number>();

  constructor(
    entries: KnowledgeEntry[],
    private readonly analyzer: SpanishAnalyzer,
  ) {
    this.entries = new Map(entries.map((entry) => [entry.id, entry]));
    this.search_ = new MiniSearch<IndexedEntry>({
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
    this.search_.addAll(
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
        this.analyzer.stems(
          [entry.title, ...entry.questions, ...entry.keywords, entry.answer].join('\n'),
        ),
      );
      for (const stem of stems)
        this.documentFrequency.set(stem, (this.documentFrequency.get(stem) ?? 0) + 1);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  entry(id: string): KnowledgeEntry | undefined {
    return this.entries.get(id);
  }

  /** Weight of a stem: inverse document frequency; unknown stems weigh the most. */
  private weight(stem: string): number {
    const frequency = this.documentFrequency.get(stem) ?? 0;
    return Math.log(1 + this.entries.size / (1 + frequency));
  }

  search(question: string, limit = 5): SearchOutcome {
    const questionStems = [...new Set(this.analyzer.stems(question))];
    const knownStems = questionStems.filter((stem) => this.documentFrequency.has(stem));
    if (questionStems.length === 0) return { candidates: [], questionStems, knownStems };
    const totalWeight = questionStems.reduce((sum, stem) => sum + this.weight(stem), 0);
    const results: SearchResult[] = this.search_.search(question);
    const candidates = results.slice(0, limit).flatMap((result): Candidate[] => {
      const entry = this.entries.get(String(result.id));
      if (!entry) return [];
      const matched = new Set(result.queryTerms);
      const coveredWeight = questionStems
        .filter((stem) => matched.has(stem))
        .reduce((sum, stem) => sum + this.weight(stem), 0);
      return [{ entry, score: result.score, coverage: coveredWeight / totalWeight }];
    });
    return { candidates, questionStems, knownStems };
  }
}
