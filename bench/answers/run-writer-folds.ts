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
  noneLabel,
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
import { runAnswerBenchmark, type AnswerFigures, type BlindItem } from './answer-benchmark';
import { numbersFlag, numbersListFlag } from './numbers-flag';

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

/** Writers labelled a mine emergency being reported with this entry: the bot must raise the alarm. */
const emergencyLabel = 'emergencia-en-una-mina';

function itemOf(name: string, position: number, text: string, label: string): BlindItem {
  const id = `${name}#${position}`;
  if (label === noneLabel) return { id, q: text, kind: 'out-of-scope', topic: '', expect: 'none' };
  if (label === emergencyLabel)
    return { id, q: text, kind: 'emergency', topic: '', expect: 'emergency' };
  return { id, q: text, kind: 'info', topic: '', expect: label };
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
const totals = grid.map(() => ({
  direct: 0,
  wrong: 0,
  inScope: 0,
  noneDeclined: 0,
  none: 0,
  alarms: 0,
  emergencies: 0,
  falseAlarms: 0,
}));

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
      add(totals[at], figures);
      if (at !== 0) return;
      console.log(`${fold.name}: ${describe(figures)}`);
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

function add(total: (typeof totals)[number] | undefined, figures: AnswerFigures): void {
  if (!total) return;
  total.direct += figures.counts['direct-right'];
  total.wrong += figures.counts.wrong;
  total.inScope += figures.inScope;
  total.noneDeclined += figures.counts['none-declined'];
  total.none += figures.none;
  total.alarms += figures.counts['emergency-right'];
  total.emergencies += figures.emergencies;
  total.falseAlarms += figures.counts['false-alarm'];
}

function describe(figures: AnswerFigures): string {
  return `direct ${figures.counts['direct-right']}/${figures.inScope}, wrong ${figures.counts.wrong}, none declined ${figures.counts['none-declined']}/${figures.none}, emergencies ${figures.counts['emergency-right']}/${figures.emergencies}, false alarms ${figures.counts['false-alarm']}`;
}

const percent = (count: number, of: number) => (of === 0 ? '-' : ((100 * count) / of).toFixed(1));
grid.forEach((change, at) => {
  const total = totals[at];
  if (!total) return;
  console.log(
    `${JSON.stringify(change)}: direct ${total.direct}/${total.inScope} (${percent(total.direct, total.inScope)} %), wrong ${total.wrong} (${percent(total.wrong, total.inScope)} %), none declined ${total.noneDeclined}/${total.none} (${percent(total.noneDeclined, total.none)} %), emergencies ${total.alarms}/${total.emergencies}, false alarms ${total.falseAlarms}`,
  );
});
