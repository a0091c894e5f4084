import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  defaultTrainingOptions,
  type TrainingOptions,
} from '../../knowledge/classifier/softmax-classifier';
import {
  defaultTrainingDir,
  labelledMessageFiles,
  labelledMessagesFolder,
} from '../../knowledge/classifier/training-set';
import { projectRoot } from '../../kernel/project-root';
import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import {
  defaultThresholds,
  type DecisionThresholds,
} from '../../knowledge/retrieval/answer-decision';
import { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import { runAnswerBenchmark, type BlindItem } from './answer-benchmark';
import { numbersFlag, numbersListFlag } from './numbers-flag';
import { addFigures, describeFigures, describeTotals, emptyTotals, itemOf } from './writer-figures';

/**
 * `node dist/bench/answers/run-writer-folds.js [--folds writer-wa,writer-wb]
 * [--options '{"epochs":12}'] [--grid '[{"none":0.4},{"agreement":0.5}]'] [--misses]`: leave one
 * writer out.
 *
 * The blind set's tuning half has 162 messages, so a change is judged on a handful of them. The
 * writers of knowledge/training/messages/ wrote thousands more the same way (from the list of
 * topics, without the knowledge base in view). For each writer, the classifier is trained without
 * that writer's messages and asked them as a citizen would ask: a writer's way of writing is then
 * as new to the model as the blind writer's. Their labels are the writers' own, reviewed by a
 * second reader (bench/README.md), so a figure here is a second opinion on a change, never the
 * held-out figure. Each fold trains a model (a minute or so, then cached in
 * .tools/classifier-folds/): `--folds` runs some of them, so that two processes can share the
 * work; the counts of several runs add up.
 */

interface Fold {
  name: string;
  items: BlindItem[];
}

function folds(trainingDir: string): Fold[] {
  return labelledMessageFiles(trainingDir).map(({ name, messages }) => ({
    name,
    items: messages.map(({ text, label }, position) => itemOf(name, position, text, label)),
  }));
}

/** A copy of the training folder without one writer's messages. */
function trainingWithout(trainingDir: string, fold: Fold): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'anm-writer-fold-'));
  cpSync(trainingDir, copy, { recursive: true });
  rmSync(path.join(copy, labelledMessagesFolder, `${fold.name}.yaml`));
  return copy;
}

const showMisses = process.argv.includes('--misses');
const trainingDir = defaultTrainingDir();
const allFolds = folds(trainingDir);
const foldsFlag = process.argv.indexOf('--folds');
const chosen =
  foldsFlag === -1
    ? allFolds
    : allFolds.filter((fold) => (process.argv[foldsFlag + 1] ?? '').split(',').includes(fold.name));
if (chosen.length === 0) {
  console.error(`--folds names none of: ${allFolds.map((fold) => fold.name).join(', ')}`);
  process.exit(2);
}
const options: TrainingOptions = {
  ...defaultTrainingOptions,
  ...numbersFlag('--options', Object.keys(defaultTrainingOptions)),
};
const grid: Partial<DecisionThresholds>[] = [
  {},
  ...numbersListFlag('--grid', Object.keys(defaultThresholds)),
];

const entries = loadKnowledgeBase();
const analyzer = new SpanishAnalyzer(loadLexicon());
const totals = grid.map(() => emptyTotals());

for (const fold of chosen) {
  const copy = trainingWithout(trainingDir, fold);
  try {
    const index = new KnowledgeIndex(entries, analyzer, {
      // Each fold's weights are kept in a folder of their own (the cache keeps one model per
      // folder), so trying thresholds or a decision rule again trains nothing.
      classifier: {
        trainingDir: copy,
        cacheDir: path.join(projectRoot(), '.tools', 'classifier-folds', fold.name),
        options,
      },
    });
    grid.forEach((change, at) => {
      const thresholds = { ...defaultThresholds, ...change };
      const { figures, results } = runAnswerBenchmark(
        index,
        fold.items,
        [],
        fold.items,
        thresholds,
      );
      const total = totals[at];
      if (total) addFigures(total, figures);
      if (at !== 0) return;
      console.log(`${fold.name}: ${describeFigures(figures)}`);
      // The writers' messages are training data, not an evaluation set kept unseen: their
      // misses may be read.
      if (showMisses)
        for (const { item, outcome, verdict } of results)
          if (verdict !== 'direct-right' && verdict !== 'none-declined')
            console.log(
              `  ${verdict.padEnd(20)} ${item.expect} → ${JSON.stringify(outcome)}: ${item.q}`,
            );
    });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

grid.forEach((change, at) => {
  const total = totals[at];
  if (!total) return;
  console.log(`${JSON.stringify(change)}: ${describeTotals(total)}`);
});
