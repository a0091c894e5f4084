import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';
import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import { benchmarkFloors, loadBenchmarkQuestions, runRetrievalBenchmark } from './benchmark';

const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
const ids = new Set(loadKnowledgeBase().map((entry) => entry.id));

describe('the labelled retrieval benchmark (bench/retrieval/questions.yaml)', () => {
  const questions = loadBenchmarkQuestions();
  const { figures } = runRetrievalBenchmark(index, questions);

  it('when it is read, then it has at least 200 questions, each labelled with an existing entry or "none"', () => {
    expect(questions.length).toBeGreaterThanOrEqual(200);
    expect(
      questions.filter((question) => question.expect !== 'none' && !ids.has(question.expect)),
    ).toEqual([]);
  });

  it('when in-scope questions are asked, then at least 90 % rank the right entry first', () => {
    expect(figures.top1Correct / figures.inScope).toBeGreaterThanOrEqual(benchmarkFloors.top1);
  });

  it('when in-scope questions are asked, then at most 3 % are answered with a wrong entry', () => {
    expect(figures.answeredWrongly / figures.inScope).toBeLessThanOrEqual(
      benchmarkFloors.wrongAnswers,
    );
  });

  it('when out-of-scope or unanswerable questions are asked, then at least 90 % are declined or offered registration', () => {
    expect(figures.noneDeclined / figures.none).toBeGreaterThanOrEqual(
      benchmarkFloors.noneDeclined,
    );
  });
});

describe('the held-out questions (bench/retrieval/held-out.yaml, never used for tuning)', () => {
  it('when they are asked, then at most 3 % are answered with a wrong entry', () => {
    const questions = loadBenchmarkQuestions(
      path.join(projectRoot(), 'bench', 'retrieval', 'held-out.yaml'),
    );
    const { figures } = runRetrievalBenchmark(index, questions);
    expect(figures.answeredWrongly / figures.inScope).toBeLessThanOrEqual(
      benchmarkFloors.wrongAnswers,
    );
  });
});
