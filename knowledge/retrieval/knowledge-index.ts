import { asksForDefinition } from './definition-question';
import MiniSearch from 'minisearch';

import { EmergencyReportClassifier } from '../classifier/emergency-report-classifier';
import {
  noneLabel,
  QuestionClassifier,
  type ClassifierSources,
} from '../classifier/question-classifier';
import type { KnowledgeEntry } from '../entry';
import { ownCaseCues } from '../classifier/own-case-cues';
import type { TrainingPhrasing } from '../classifier/training-set';
import { withoutCourtesyFormulae } from './courtesy-formulae';
import { emergencyEntryId } from './emergency-entry';
import { figureAsked } from './figure-question';
import { lawQuestion } from './law-references';
import { blendOutcomes } from './outcome-blend';
import { questionFocus } from './question-focus';
import type { Candidate, SearchOutcome } from './search-outcome';
import { spellAsSpoken, words, type SpanishAnalyzer } from './spanish-analyzer';
import { rejoinSplitWords } from './split-words';
import { maxQuestionWords, readablePart } from './text-bounds';
import { spanishDictionary } from './spanish-dictionary';
import { WordCorrector } from './word-correction';

export type { Candidate, SearchOutcome } from './search-outcome';

export interface KnowledgeIndexOptions {
  /** Weight of the paraphrase similarity in the lexical score; the rest is BM25 relevance. */
  similarityWeight?: number;
  /** Weight of the lexical score in the ranking score; the rest is the classifier's probability. */
  lexicalWeight?: number;
  /** A trained classifier, or where to train (or load) one; by default knowledge/training. */
  classifier?: QuestionClassifier | ClassifierSources;
  /** Whether a folded word is Spanish; by default hunspell's Spanish dictionary, loaded here once. */
  isSpanishWord?: (foldedWord: string) => boolean;
}

type IndexedEntry = Pick<KnowledgeEntry, 'id' | 'title' | 'answer'> & {
  questions: string;
  keywords: string;
};
type SparseVector = Map<string, number>;

const fieldBoosts = { questions: 3, title: 2, keywords: 2, answer: 1 };
/** Weight of the paraphrase similarity in the lexical score; the rest is BM25 relevance. */
export const defaultSimilarityWeight = 0.7;
/** Weight of the lexical score in the ranking; the classifier generalises better, so it leads. */
export const defaultLexicalWeight = 0.2;
/** Weight of a long message's question sentences, read alone, against the whole message. */
const focusWeight = 0.5;
/**
 * From this many own-case signs ("pedí…", "hace ocho meses", "todavía no…", a file number), a
 * message is the writer's own case: of the writers' messages with two or more, 50 were labelled
 * "no entry answers it" and 4 asked how to follow a request up (bench/README.md).
 */
const ownCaseCueCount = 2;
/** Classifier labels below this probability are not candidates unless the lexical search finds them. */
const candidateProbability = 0.01;

/** Local, in-process retrieval over the knowledge base with Spanish analysis. */
export class KnowledgeIndex {
  private readonly miniSearch: MiniSearch<IndexedEntry>;
  private readonly entries: Map<string, KnowledgeEntry>;
  private readonly documentFrequency = new Map<string, number>();
  private readonly corrector: WordCorrector;
  private readonly isSpanishWord: (foldedWord: string) => boolean;
  /**
   * Stems that at least two of the entries' samples use: the words citizens ask about the base's
   * subjects with ("hola", "quisiera", "vereda"), beyond the entries' own. Never foreign.
   */
  private readonly sampleStems = new Set<string>();
  /** Every word the entries use, spelled as spoken: what a split word is rejoined into. */
  private readonly knownWords = new Set<string>();
  /**
   * Each entry's ways of being asked (samples): its title, sample questions and keywords, and the
   * citizens' phrasings the classifier is trained on for it. Per sample, its entry (an index into
   * `entryIds`) and its vector norm; typed arrays, as every turn reads thousands of them.
   */
  private sampleEntry = new Int32Array(0);
  private sampleNorm = new Float64Array(0);
  private readonly entryIds: string[] = [];
  /** Each sample's dot product with the question being read; zero between questions. */
  private sampleDots = new Float64Array(0);
  /** Stem → the samples that use it: a question touches only samples it shares a stem with. */
  private readonly postings = new Map<string, number[]>();

  private readonly similarityWeight: number;
  private readonly lexicalWeight: number;
  readonly classifier: QuestionClassifier;
  /** Whether a message reports an emergency happening now, read as a whole. */
  readonly emergencyReports: EmergencyReportClassifier;
  /**
   * The last search: a citizen's first question is read by the emergency readers before the
   * welcome, then by the answerer (bot/anm-bot.ts), and searched once.
   */
  private lastSearch: { question: string; limit: number; outcome: SearchOutcome } | undefined;

  constructor(
    entries: KnowledgeEntry[],
    private readonly analyzer: SpanishAnalyzer,
    options: KnowledgeIndexOptions = {},
  ) {
    this.similarityWeight = options.similarityWeight ?? defaultSimilarityWeight;
    this.lexicalWeight = options.lexicalWeight ?? defaultLexicalWeight;
    this.classifier =
      options.classifier instanceof QuestionClassifier
        ? options.classifier
        : QuestionClassifier.build(entries, analyzer, options.classifier);
    // Trained (or loaded) from the same sources as the classifier.
    this.emergencyReports = EmergencyReportClassifier.build(
      this.classifier.examples,
      analyzer,
      emergencyEntryId,
      options.classifier instanceof QuestionClassifier ? {} : options.classifier,
    );
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
      for (const word of words(
        [entry.title, ...entry.questions, ...entry.keywords, entry.answer].join('\n'),
      ))
        this.knownWords.add(spellAsSpoken(word));
      const stems = new Set(
        analyzer.stems(
          [entry.title, ...entry.questions, ...entry.keywords, entry.answer].join('\n'),
        ),
      );
      for (const stem of stems)
        this.documentFrequency.set(stem, (this.documentFrequency.get(stem) ?? 0) + 1);
    }
    // The Spanish dictionary is loaded here, at start-up, once per process (from its cache on disk,
    // or built in ≈ 1.8 s the first time): never in a turn.
    let isSpanishWord = options.isSpanishWord;
    if (isSpanishWord === undefined) {
      const dictionary = spanishDictionary();
      isSpanishWord = (word) => dictionary.has(word);
    }
    this.isSpanishWord = isSpanishWord;
    this.corrector = new WordCorrector(
      analyzer,
      this.documentFrequency,
      [...this.documentFrequency.keys()],
      isSpanishWord,
    );
    this.indexSamples(this.classifier.entryExamples);
  }

  /** Indexes each sample once per distinct set of stems of its entry. */
  private indexSamples(examples: readonly TrainingPhrasing[]): void {
    const indexed = new Set<string>();
    const stemUses = new Map<string, number>();
    const entryOrdinals = new Map<string, number>();
    const sampleEntry: number[] = [];
    const sampleNorm: number[] = [];
    for (const { label, text } of examples) {
      if (!this.entries.has(label)) continue;
      const stems = [...new Set(this.analyzer.stems(text))].sort();
      for (const stem of stems) stemUses.set(stem, (stemUses.get(stem) ?? 0) + 1);
      const key = `${label}\t${stems.join(' ')}`;
      if (stems.length === 0 || indexed.has(key)) continue;
      indexed.add(key);
      let ordinal = entryOrdinals.get(label);
      if (ordinal === undefined) {
        ordinal = this.entryIds.length;
        entryOrdinals.set(label, ordinal);
        this.entryIds.push(label);
      }
      let squares = 0;
      for (const stem of stems) {
        const weight = this.weight(stem);
        squares += weight * weight;
        const list = this.postings.get(stem) ?? [];
        list.push(sampleEntry.length);
        this.postings.set(stem, list);
      }
      sampleEntry.push(ordinal);
      sampleNorm.push(Math.sqrt(squares));
    }
    for (const [stem, uses] of stemUses) if (uses >= 2) this.sampleStems.add(stem);
    this.sampleEntry = Int32Array.from(sampleEntry);
    this.sampleNorm = Float64Array.from(sampleNorm);
    this.sampleDots = new Float64Array(sampleEntry.length);
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

  /**
   * The entries that may answer a question, best first. A long message is read whole and by its
   * question sentences alone (question-focus.ts), the two readings weighed together.
   */
  search(question: string, limit = 5): SearchOutcome {
    const last = this.lastSearch;
    if (last?.question === question && last.limit === limit) return last.outcome;
    const whole = this.searchText(question, limit);
    const focus = questionFocus(readablePart(question));
    const outcome =
      focus === undefined
        ? whole
        : blendOutcomes(whole, this.searchText(focus, limit), focusWeight);
    // Frozen: the same outcome is handed to whoever asks the same question next.
    Object.freeze(outcome.candidates);
    this.lastSearch = { question, limit, outcome: Object.freeze(outcome) };
    return outcome;
  }

  private searchText(question: string, limit: number): SearchOutcome {
    // The question's first words, each of bounded length: what a question can cost is bounded
    // before stemming, typo correction and fuzzy search, whatever was pasted.
    // Courtesy formulae ("Cordial saludo, me permito consultar…") are dropped first: they
    // would dilute the words that carry the topic.
    // Words split by dictation ("salva mento", "a n m") are joined again first.
    const query = rejoinSplitWords(
      words(withoutCourtesyFormulae(readablePart(question)), maxQuestionWords),
      this.knownWords,
    ).join(' ');
    const corrected = this.analyzer
      .analyze(query)
      .map((term) => ({ word: term.word, stem: this.corrector.stem(term) }));
    const questionStems = [...new Set(corrected.flatMap(({ stem }) => stem ?? []))];
    const knownStems = questionStems.filter((stem) => this.documentFrequency.has(stem));
    const foreignStems = [
      ...new Set(
        corrected.flatMap(({ word, stem }) =>
          stem !== undefined &&
          !this.documentFrequency.has(stem) &&
          !this.sampleStems.has(stem) &&
          this.isSpanishWord(word)
            ? [stem]
            : [],
        ),
      ),
    ];
    const asked = lawQuestion(query);
    const definitionQuestion = asksForDefinition(query);
    const queryWords = query.split(' ');
    const figure = figureAsked(queryWords);
    const ownCase = ownCaseCues(queryWords).length >= ownCaseCueCount;
    if (questionStems.length === 0)
      return {
        candidates: [],
        questionStems,
        knownStems,
        foreignStems,
        noneProbability: 1,
        lawQuestion: asked,
        definitionQuestion,
        ...(figure && { figureAsked: figure }),
        ownCase,
      };

    const classified = this.classifier.classify(query);
    const probability = new Map(classified.map((label) => [label.label, label.probability]));
    // Nothing the classifier knows (a pasted run of letters): no entry is likely.
    const noneProbability = classified.length === 0 ? 1 : (probability.get(noneLabel) ?? 0);
    const likely = classified
      .filter((label) => label.label !== noneLabel && label.probability >= candidateProbability)
      .map((label) => label.label);

    const similarity = this.paraphraseSimilarity(this.vector(questionStems));
    const results = this.miniSearch.search(query);
    const bestScore = results[0]?.score ?? 0;
    const relevance = new Map(
      results.map((result) => [String(result.id), bestScore > 0 ? result.score / bestScore : 0]),
    );

    const candidates = [...new Set([...likely, ...similarity.keys(), ...relevance.keys()])].flatMap(
      (id): Candidate[] => {
        const entry = this.entries.get(id);
        if (!entry) return [];
        const entrySimilarity = similarity.get(id) ?? 0;
        const entryRelevance = relevance.get(id) ?? 0;
        const lexical =
          this.similarityWeight * entrySimilarity + (1 - this.similarityWeight) * entryRelevance;
        const entryProbability = probability.get(id) ?? 0;
        const score = this.lexicalWeight * lexical + (1 - this.lexicalWeight) * entryProbability;
        return [
          {
            entry,
            similarity: entrySimilarity,
            relevance: entryRelevance,
            probability: entryProbability,
            lexical,
            score,
          },
        ];
      },
    );
    candidates.sort((a, b) => b.score - a.score);
    return {
      candidates: candidates.slice(0, limit),
      questionStems,
      knownStems,
      foreignStems,
      noneProbability,
      lawQuestion: asked,
      definitionQuestion,
      ...(figure && { figureAsked: figure }),
      ownCase,
    };
  }

  /** Per entry, the best cosine similarity between the question and one of its samples. */
  private paraphraseSimilarity(query: SparseVector): Map<string, number> {
    const queryNorm = Math.sqrt(
      [...query.values()].reduce((sum, weight) => sum + weight * weight, 0),
    );
    // A typed buffer, not a Map: a common stem touches thousands of samples. A sample still at 0
    // is untouched, as every product below is positive (a stem's IDF weight always is).
    const dots = this.sampleDots;
    const touched: number[] = [];
    for (const [stem, queryWeight] of query) {
      // A stem weighs the same in every sample that uses it.
      const product = queryWeight * this.weight(stem);
      for (const sample of this.postings.get(stem) ?? []) {
        if (dots[sample] === 0) touched.push(sample);
        dots[sample] = (dots[sample] ?? 0) + product;
      }
    }
    const bestCosine = new Float64Array(this.entryIds.length);
    for (const index of touched) {
      const dot = dots[index] ?? 0;
      dots[index] = 0;
      const entry = this.sampleEntry[index] ?? 0;
      const cosine = dot / (queryNorm * (this.sampleNorm[index] ?? 1));
      if (cosine > (bestCosine[entry] ?? 0)) bestCosine[entry] = cosine;
    }
    const best = new Map<string, number>();
    bestCosine.forEach((cosine, entry) => {
      if (cosine > 0) best.set(this.entryIds[entry] ?? '', cosine);
    });
    return best;
  }
}
