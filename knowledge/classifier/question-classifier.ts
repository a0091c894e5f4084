import { readFileSync } from 'node:fs';

import type { KnowledgeEntry } from '../entry';
import { defaultLexiconPath } from '../retrieval/lexicon';
import type { SpanishAnalyzer } from '../retrieval/spanish-analyzer';
import { cachedOrTrained, defaultCacheDir } from './model-cache';
import { QuestionFeatureRows, questionFeatures } from './question-features';
import {
  defaultTrainingOptions,
  logits,
  softmax,
  trainSoftmax,
  type SoftmaxModel,
  type TrainingOptions,
} from './softmax-classifier';
import {
  defaultTrainingDir,
  loadTrainingSet,
  noneLabel,
  type TrainingPhrasing,
} from './training-set';

/** Bump when the features or the training change in a way the inputs' hash cannot see. */
const modelVersion = 'softmax-v5';

/**
 * Divides the logits before the softmax so that probabilities match how often the model is
 * right: fitted (least negative log-likelihood) on the tuning half of the blind set
 * (bench/answers), never on its held-out half.
 */
export const calibratedTemperature = 1;

export interface LabelProbability {
  /** An entry id, or `noneLabel` for questions no entry answers. */
  label: string;
  probability: number;
}

export interface ClassifierSources {
  trainingDir?: string;
  lexiconFile?: string;
  /** Where trained weights are kept between starts; `false` trains every time. */
  cacheDir?: string | false;
  options?: TrainingOptions;
  /** Told before training starts (no cached weights for these inputs): it takes a minute or two. */
  onTraining?: (exampleCount: number) => void;
}

/** Which entry a question asks for, as calibrated probabilities over every entry and "none". */
export class QuestionClassifier {
  /** A question's known feature rows, each distinct word's share computed once. */
  private readonly featureRows: QuestionFeatureRows;

  /** The examples of entries (not "none") it was trained on: how citizens ask for each entry. */
  readonly entryExamples: readonly TrainingPhrasing[];

  private constructor(
    private readonly model: SoftmaxModel,
    analyzer: SpanishAnalyzer,
    private readonly temperature: number,
    /** Every example it was trained on, "none" included, read once for the other readers too. */
    readonly examples: readonly TrainingPhrasing[],
  ) {
    this.featureRows = new QuestionFeatureRows(analyzer, (feature) =>
      model.featureRows.get(feature),
    );
    this.entryExamples = examples.filter((example) => example.label !== noneLabel);
  }

  static build(
    entries: KnowledgeEntry[],
    analyzer: SpanishAnalyzer,
    sources: ClassifierSources = {},
  ): QuestionClassifier {
    const options = sources.options ?? defaultTrainingOptions;
    const examples = loadTrainingSet(entries, sources.trainingDir ?? defaultTrainingDir());
    const model = cachedOrTrained(
      sources.cacheDir ?? defaultCacheDir(),
      [
        modelVersion,
        JSON.stringify(options),
        readFileSync(sources.lexiconFile ?? defaultLexiconPath(), 'utf8'),
        ...examples.map((example) => `${example.label}\t${example.text}`),
      ],
      () => {
        sources.onTraining?.(examples.length);
        return trainSoftmax(
          examples.map((example) => ({
            label: example.label,
            features: questionFeatures(analyzer, example.text),
          })),
          options,
        );
      },
    );
    return new QuestionClassifier(model, analyzer, calibratedTemperature, examples);
  }

  /** Every label with its probability, most probable first; none when no feature is known. */
  classify(question: string): LabelProbability[] {
    const rows = this.featureRows.rows(question);
    if (rows.length === 0) return [];
    const probabilities = softmax(logits(this.model, rows), this.temperature);
    const { labels } = this.model;
    // Most probable first; equal probabilities keep the labels' order (as a stable sort would).
    const order = labels.map((_label, index) => index);
    order.sort((a, b) => (probabilities[b] ?? 0) - (probabilities[a] ?? 0) || a - b);
    return order.map((index) => ({
      label: labels[index] ?? '',
      probability: probabilities[index] ?? 0,
    }));
  }

  /** How many of the question's features the model knows: none means it cannot tell. */
  knownFeatureCount(question: string): number {
    return this.featureRows.rows(question).length;
  }
}

export { noneLabel };
