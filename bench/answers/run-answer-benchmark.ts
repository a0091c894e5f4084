import {
  defaultTrainingOptions,
  type TrainingOptions,
} from '../../knowledge/classifier/softmax-classifier';
import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import {
  defaultThresholds,
  type DecisionThresholds,
} from '../../knowledge/retrieval/answer-decision';
import { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import {
  describeAnswerFigures,
  describeRankingFigures,
  emergencyFigures,
  heldOutEmergencySets,
  loadBlindSet,
  loadEmergencyMessages,
  rankingFigures,
  readHeldOutEmergencySet,
  runAnswerBenchmark,
  sampleCalendarPlaces,
  type AnswerFigures,
  type BlindHalf,
  type Verdict,
} from './answer-benchmark';
import { numbersFlag } from './numbers-flag';

/**
 * `npm run bench:answers [-- tune|held-out|all] [-- --misses] [-- --seeds 20261,1,2,3]
 * [-- --thresholds '{"none":0.4}'] [-- --options '{"epochs":12}']`: the
 * outcome of each turn on the blind set. Print misses only for the tuning half: the held-out half
 * is read as a figure.
 *
 * The classifier's shuffle seed alone moves each half by about two items (bench/README.md), so a
 * change is judged on the mean over several seeds: `--seeds` trains one model per seed (without
 * the weights cache, 10–40 s each) and prints each seed's figures and their mean. Misses are then
 * those of the first seed. `--thresholds` tries other decision thresholds than the bot's own
 * (knowledge/retrieval/answer-decision.ts), on the tuning half.
 */
const seedsFlag = process.argv.indexOf('--seeds');
const seeds =
  seedsFlag === -1
    ? []
    : (process.argv[seedsFlag + 1] ?? '')
        .split(',')
        .map(Number)
        .filter((seed) => Number.isInteger(seed));
if (seedsFlag !== -1 && seeds.length === 0) {
  console.error('--seeds needs a comma-separated list of integers, e.g. --seeds 20261,1,2,3');
  process.exit(2);
}

const thresholds = thresholdsFlag();
const trainingOptions = trainingOptionsFlag();
const entries = loadKnowledgeBase();
const analyzer = new SpanishAnalyzer(loadLexicon());
const indexes =
  seeds.length === 0
    ? [new KnowledgeIndex(entries, analyzer)]
    : seeds.map(
        (seed) =>
          new KnowledgeIndex(entries, analyzer, {
            classifier: { cacheDir: false, options: { ...trainingOptions, seed } },
          }),
      );
const half = (['tune', 'held-out', 'all'] as const).find((name) => process.argv.includes(name));
const halves: BlindHalf[] = half ? [half] : ['tune', 'held-out'];
const places = sampleCalendarPlaces();
const allItems = loadBlindSet('all');
const meanVerdicts: Verdict[] = [
  'direct-right',
  'clarify-right-first',
  'wrong',
  'declined',
  'none-declined',
  'emergency-right',
  'false-alarm',
];

for (const name of halves) {
  const items = loadBlindSet(name);
  const runs = indexes.map((index) =>
    runAnswerBenchmark(index, items, places, allItems, thresholds),
  );
  const [first] = runs;
  if (!first) continue;
  console.log(`== ${name} ==`);
  if (seeds.length === 0) {
    for (const line of describeAnswerFigures(first.figures)) console.log(line);
  } else {
    runs.forEach(({ figures }, position) => {
      console.log(`seed ${seeds[position]}: ${compactFigures(figures)}`);
    });
    const mean = (verdict: Verdict) =>
      (runs.reduce((sum, run) => sum + run.figures.counts[verdict], 0) / runs.length).toFixed(2);
    console.log(
      `mean of ${runs.length} seeds: ${meanVerdicts.map((verdict) => `${verdict} ${mean(verdict)}`).join(', ')}`,
    );
  }
  const [firstIndex] = indexes;
  if (firstIndex) {
    console.log(describeRankingFigures(rankingFigures(firstIndex, items)));
    const sets = [
      ...(name === 'held-out'
        ? []
        : [{ set: 'knowledge/training/emergency/', items: loadEmergencyMessages('tune') }]),
      ...(name === 'tune'
        ? []
        : heldOutEmergencySets.map((set) => ({ set, items: readHeldOutEmergencySet(set) }))),
    ];
    for (const { set, items } of sets) {
      const emergency = emergencyFigures(firstIndex, items);
      console.log(
        `emergency messages (${set}): ${emergency.caught}/${emergency.emergencies} emergencies get the emergency reply, ${emergency.falseAlarms}/${emergency.others} other messages do`,
      );
    }
  }
  if (process.argv.includes('--misses') && name === 'tune') {
    for (const { item, outcome, verdict } of first.results) {
      if (['direct-right', 'none-declined', 'emergency-right'].includes(verdict)) continue;
      console.log(
        `${verdict.padEnd(20)} ${item.id} expect ${item.expect} got ${JSON.stringify(outcome)}: ${item.q}`,
      );
    }
  }
}

function compactFigures({ counts, inScope, none, emergencies }: AnswerFigures): string {
  return [
    `direct ${counts['direct-right']}/${inScope}`,
    `clarify, right first ${counts['clarify-right-first']}`,
    `wrong ${counts.wrong}`,
    `declined ${counts.declined}`,
    `"none" declined ${counts['none-declined']}/${none}`,
    `emergencies ${counts['emergency-right']}/${emergencies}`,
    `false alarms ${counts['false-alarm']}`,
  ].join(', ');
}

/** The classifier's training options with those given by `--options '{"epochs":12}'` (with `--seeds`). */
function trainingOptionsFlag(): TrainingOptions {
  if (process.argv.includes('--options') && seeds.length === 0) {
    console.error('--options goes with --seeds: it trains a model per seed');
    process.exit(2);
  }
  const given = numbersFlag('--options', Object.keys(defaultTrainingOptions));
  return { ...defaultTrainingOptions, ...given };
}

/** The bot's thresholds with those given by `--thresholds '{"none":0.4}'` in their place. */
function thresholdsFlag(): DecisionThresholds | undefined {
  const given = numbersFlag('--thresholds', Object.keys(defaultThresholds));
  return given && { ...defaultThresholds, ...given };
}
