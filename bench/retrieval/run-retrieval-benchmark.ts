import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import { describeFigures, loadBenchmarkQuestions, runRetrievalBenchmark } from './benchmark';

/**
 * `npm run bench:retrieval [-- --misses] [-- file.yaml]`: prints the figures of the labelled
 * questions (bench/retrieval/questions.yaml unless a file is given), and each miss with --misses.
 */
const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
const file = process.argv.find((argument) => argument.endsWith('.yaml'));
const questions = file ? loadBenchmarkQuestions(file) : loadBenchmarkQuestions();
// One warm-up pass so that the figures measure the steady state, not the first JIT compilation.
runRetrievalBenchmark(index, questions);
const { figures, results } = runRetrievalBenchmark(index, questions);
for (const line of describeFigures(figures)) console.log(line);
if (process.argv.includes('--misses')) {
  for (const result of results) {
    const { decision, question } = result;
    const got =
      decision.kind === 'answer'
        ? decision.entry.id
        : decision.kind === 'clarify'
          ? `clarify[${decision.options.map((o) => o.id).join(',')}]`
          : `unknown${decision.inDomain ? '(in domain)' : ''}`;
    const ok =
      question.expect === 'none'
        ? decision.kind === 'unknown'
        : decision.kind === 'answer' && decision.entry.id === question.expect;
    if (!ok)
      console.log(
        `MISS ${question.expect.padEnd(38)} got ${got} (top ${result.topId ?? '-'}, ${decision.confidence.toFixed(2)}): ${question.q}`,
      );
  }
}
