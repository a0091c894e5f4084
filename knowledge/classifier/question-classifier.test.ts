import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadKnowledgeBase } from '../knowledge-base';
import { loadLexicon } from '../retrieval/lexicon';
import { SpanishAnalyzer } from '../retrieval/spanish-analyzer';
import { QuestionClassifier } from './question-classifier';
import { defaultTrainingOptions } from './softmax-classifier';

describe('QuestionClassifier.build', () => {
  const entries = loadKnowledgeBase().slice(0, 3);
  const analyzer = new SpanishAnalyzer(loadLexicon());
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'classifier-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('when no weights are cached for its inputs, then it says it is training, once, and the next start loads them', () => {
    const trainings: number[] = [];
    const sources = {
      trainingDir: folder,
      cacheDir: path.join(folder, 'cache'),
      options: { ...defaultTrainingOptions, epochs: 1, shuffles: 2 },
      onTraining: (examples: number) => trainings.push(examples),
    };
    const first = QuestionClassifier.build(entries, analyzer, sources);
    const second = QuestionClassifier.build(entries, analyzer, sources);
    expect(trainings).toHaveLength(1);
    expect(trainings[0]).toBeGreaterThan(0);
    const question = entries[0]?.title ?? '';
    expect(second.classify(question)).toEqual(first.classify(question));
  });
});
