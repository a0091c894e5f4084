import { readFileSync } from 'node:fs';
import path from 'node:path';

import { defaultLexiconPath } from '../retrieval/lexicon';
import type { SpanishAnalyzer } from '../retrieval/spanish-analyzer';
import { maxQuestionWords, readablePart } from '../retrieval/text-bounds';
import { cachedOrTrained, defaultCacheDir } from './model-cache';
import { QuestionFeatureRows, questionFeatures } from './question-features';
import {
  defaultTrainingOptions,
  logits,
  softmax,
  trainSoftmax,
  type SoftmaxModel,
} from './softmax-classifier';
import type { ClassifierSources } from './question-classifier';
import { defaultTrainingDir, loadEmergencyMessages, type TrainingPhrasing } from './training-set';

/** Bump when the features or the training change in a way the inputs' hash cannot see. */
const modelVersion = 'emergency-report-v1';

const reportLabel = 'report';
const otherLabel = 'other';

/**
 * From this probability a message reads as a report. Chosen on the training sets alone (each of
 * the second and third sets asked of a model trained without it: no false alarm from 0.5 up),
 * before the fourth set, written blind, was first read (bench/README.md).
 */
export const reportProbability = 0.5;

/**
 * With fewer meaningful words (stems) than this, a message gives a linear model too little to read:
 * greetings to "la gente" ("hola gente buenas tardes": three stems, 0.65) read as reports, "gente"
 * being in so many. Every training report that only this reader catches has six or more; a short
 * report ("¡derrumbe en la mina!") is the word check's to catch.
 */
export const minReportStems = 4;

/**
 * Whether a message reports an emergency happening now, read as a whole: a binary logistic
 * regression over the question classifier's features, trained on emergency reports (writers'
 * messages labelled with the emergency entry, and knowledge/training/emergency/) against every
 * other training message and the reports' look-alikes (past accidents, safety questions,
 * figures of speech). It is the emergency check's third reader: the word lists read events word
 * by word, and the question classifier reads the emergency entry's topic, not whether it is
 * happening now.
 */
export class EmergencyReportClassifier {
  private readonly featureRows: QuestionFeatureRows;
  private readonly reportIndex: number;

  private constructor(
    private readonly model: SoftmaxModel,
    private readonly analyzer: SpanishAnalyzer,
  ) {
    this.featureRows = new QuestionFeatureRows(analyzer, (feature) =>
      model.featureRows.get(feature),
    );
    this.reportIndex = model.labels.indexOf(reportLabel);
  }

  /** Trained on the question classifier's examples (`trainingSet`) and the emergency folder. */
  static build(
    trainingSet: readonly TrainingPhrasing[],
    analyzer: SpanishAnalyzer,
    emergencyEntryId: string,
    sources: ClassifierSources = {},
  ): EmergencyReportClassifier {
    const options = sources.options ?? defaultTrainingOptions;
    const trainingDir = sources.trainingDir ?? defaultTrainingDir();
    const examples = reportExamples(trainingSet, trainingDir, emergencyEntryId);
    const cacheDir =
      sources.cacheDir === false
        ? false
        : path.join(sources.cacheDir ?? defaultCacheDir(), 'emergency-report');
    const model = cachedOrTrained(
      cacheDir,
      [
        modelVersion,
        JSON.stringify(options),
        readFileSync(sources.lexiconFile ?? defaultLexiconPath(), 'utf8'),
        ...examples.map((example) => `${example.label}\t${example.text}`),
      ],
      () =>
        trainSoftmax(
          examples.map((example) => ({
            label: example.label,
            features: questionFeatures(analyzer, example.text),
          })),
          options,
        ),
    );
    return new EmergencyReportClassifier(model, analyzer);
  }

  /** The probability that the message reports an emergency happening now. */
  reportProbability(text: string): number {
    if (this.reportIndex < 0) return 0;
    const rows = this.featureRows.rows(text);
    if (rows.length === 0) return 0;
    return softmax(logits(this.model, rows))[this.reportIndex] ?? 0;
  }

  isReport(text: string): boolean {
    return (
      this.analyzer.stems(readablePart(text), maxQuestionWords).length >= minReportStems &&
      this.reportProbability(text) >= reportProbability
    );
  }
}

/**
 * Reports: the writers' messages labelled with the emergency entry, and the emergency folder's
 * reports. Others: every other training example and the folder's look-alikes. The emergency
 * entry's own title, questions and phrasings ask what to do if something happens: neither.
 */
function reportExamples(
  trainingSet: readonly TrainingPhrasing[],
  trainingDir: string,
  emergencyEntryId: string,
): { label: string; text: string }[] {
  const examples: { label: string; text: string }[] = [];
  for (const { label, text, fromMessages } of trainingSet) {
    if (label !== emergencyEntryId) examples.push({ label: otherLabel, text });
    else if (fromMessages) examples.push({ label: reportLabel, text });
  }
  for (const { q, emergency } of loadEmergencyMessages(trainingDir))
    examples.push({ label: emergency ? reportLabel : otherLabel, text: q });
  return examples;
}
