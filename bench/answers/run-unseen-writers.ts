import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import { describeRankingFigures, rankingFigures, runAnswerBenchmark } from './answer-benchmark';
import {
  addFigures,
  describeFigures,
  describeTotals,
  emptyTotals,
  unseenWriters,
} from './writer-figures';

/**
 * `node dist/bench/answers/run-unseen-writers.js`: the bot's own model (trained on
 * knowledge/training/) asked the messages of bench/answers/unseen-writers/, written and labelled
 * like the training writers' messages (bench/README.md) but never trained on: a second blind
 * evaluation, larger than the held-out half of the blind set and with its writers' labels. Only
 * figures are printed, so that the messages stay unread.
 */

const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
const total = emptyTotals();
const writers = unseenWriters();
for (const { name, items } of writers) {
  const { figures } = runAnswerBenchmark(index, items, [], items);
  addFigures(total, figures);
  console.log(`${name}: ${describeFigures(figures)}`);
}
console.log(`all: ${describeTotals(total)}`);
console.log(
  describeRankingFigures(
    rankingFigures(
      index,
      writers.flatMap(({ items }) => items),
    ),
  ),
);
