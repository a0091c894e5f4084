import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import {
  describeAnswerFigures,
  loadBlindSet,
  runAnswerBenchmark,
  sampleCalendarPlaces,
  type BlindHalf,
} from './answer-benchmark';

/**
 * `npm run bench:answers [-- tune|held-out|all] [-- --misses]`: the outcome of each turn on the
 * blind set. Print misses only for the tuning half: the held-out half is read as a figure.
 */
const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
const half = (['tune', 'held-out', 'all'] as const).find((name) => process.argv.includes(name));
const halves: BlindHalf[] = half ? [half] : ['tune', 'held-out'];
const places = sampleCalendarPlaces();
const allItems = loadBlindSet('all');
for (const name of halves) {
  const { figures, results } = runAnswerBenchmark(index, loadBlindSet(name), places, allItems);
  console.log(`== ${name} ==`);
  for (const line of describeAnswerFigures(figures)) console.log(line);
  if (process.argv.includes('--misses') && name === 'tune') {
    for (const { item, outcome, verdict } of results) {
      if (['direct-right', 'none-declined', 'emergency-right'].includes(verdict)) continue;
      console.log(
        `${verdict.padEnd(20)} ${item.id} expect ${item.expect} got ${JSON.stringify(outcome)}: ${item.q}`,
      );
    }
  }
}
