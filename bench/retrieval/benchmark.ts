import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { projectRoot } from '../../kernel/project-root';
import {
  decide,
  type AnswerDecision,
  type DecisionThresholds,
} from '../../knowledge/retrieval/answer-decision';
import type { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';

const questionsSchema = z
  .array(
    z
      .object({
        q: z.string().min(2),
        expect: z.string().min(1),
        // Entries that answer the question as well (a more precise sibling added later).
        also: z.array(z.string().min(1)).optional(),
      })
      .strict(),
  )
  .min(1);

export interface LabelledQuestion {
  q: string;
  expect: string;
  also?: string[] | undefined;
}

function isExpected(question: LabelledQuestion, id: string | undefined): boolean {
  return id !== undefined && (id === question.expect || (question.also ?? []).includes(id));
}

export function loadBenchmarkQuestions(
  file = path.join(projectRoot(), 'bench', 'retrieval', 'questions.yaml'),
): LabelledQuestion[] {
  return questionsSchema.parse(parseYaml(readFileSync(file, 'utf8')));
}

export interface QuestionResult {
  question: LabelledQuestion;
  decision: AnswerDecision;
  topId: string | undefined;
  millis: number;
}

export interface BenchmarkFigures {
  inScope: number;
  none: number;
  /** In-scope questions whose best-ranked entry is the expected one. */
  top1Correct: number;
  /** In-scope questions answered directly with the expected entry. */
  answeredCorrectly: number;
  /** In-scope questions answered directly with another entry: the costly error. */
  answeredWrongly: number;
  /** In-scope questions answered with "¿Se refiere a…?" that lists the expected entry. */
  clarifiedWithExpected: number;
  /** "none" questions the bot declined or offered to register (not answered, not clarified). */
  noneDeclined: number;
  latency: { p50: number; p95: number; max: number };
}

export function percentile(sortedValues: number[], fraction: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  const index = Math.min(sortedValues.length - 1, Math.ceil(fraction * sortedValues.length) - 1);
  return sortedValues[Math.max(0, index)] ?? Number.NaN;
}

export function runRetrievalBenchmark(
  index: KnowledgeIndex,
  questions: LabelledQuestion[],
  thresholds?: DecisionThresholds,
): { figures: BenchmarkFigures; results: QuestionResult[] } {
  const results = questions.map((question): QuestionResult => {
    const started = performance.now();
    const outcome = index.search(question.q);
    const decision = decide(outcome, thresholds);
    const millis = performance.now() - started;
    return { question, decision, topId: outcome.candidates[0]?.entry.id, millis };
  });
  const inScope = results.filter((result) => result.question.expect !== 'none');
  const none = results.filter((result) => result.question.expect === 'none');
  const answeredWith = (result: QuestionResult) =>
    result.decision.kind === 'answer' ? result.decision.entry.id : undefined;
  const millis = results.map((result) => result.millis).sort((a, b) => a - b);
  return {
    results,
    figures: {
      inScope: inScope.length,
      none: none.length,
      top1Correct: inScope.filter((result) => isExpected(result.question, result.topId)).length,
      answeredCorrectly: inScope.filter((result) =>
        isExpected(result.question, answeredWith(result)),
      ).length,
      answeredWrongly: inScope.filter((result) => {
        const answered = answeredWith(result);
        return answered !== undefined && !isExpected(result.question, answered);
      }).length,
      clarifiedWithExpected: inScope.filter(
        (result) =>
          result.decision.kind === 'clarify' &&
          result.decision.options.some((option) => isExpected(result.question, option.id)),
      ).length,
      noneDeclined: none.filter((result) => result.decision.kind === 'unknown').length,
      latency: {
        p50: percentile(millis, 0.5),
        p95: percentile(millis, 0.95),
        max: millis.at(-1) ?? Number.NaN,
      },
    },
  };
}

/** The floors the test suite enforces (issue #4). */
export const benchmarkFloors = { top1: 0.9, wrongAnswers: 0.03, noneDeclined: 0.9 } as const;

export function describeFigures(figures: BenchmarkFigures): string[] {
  const share = (count: number, total: number) =>
    `${count}/${total} (${((100 * count) / total).toFixed(1)} %)`;
  return [
    `questions: ${figures.inScope + figures.none} (${figures.inScope} in scope, ${figures.none} "none")`,
    `top-1 correct (in scope): ${share(figures.top1Correct, figures.inScope)}  floor ≥ 90 %`,
    `answered with the expected entry: ${share(figures.answeredCorrectly, figures.inScope)}`,
    `"¿Se refiere a…?" listing the expected entry: ${share(figures.clarifiedWithExpected, figures.inScope)}`,
    `answered with a wrong entry: ${share(figures.answeredWrongly, figures.inScope)}  ceiling ≤ 3 %`,
    `"none" declined or offered registration: ${share(figures.noneDeclined, figures.none)}  floor ≥ 90 %`,
    `latency per question (in process): p50 ${figures.latency.p50.toFixed(2)} ms, p95 ${figures.latency.p95.toFixed(2)} ms, max ${figures.latency.max.toFixed(2)} ms`,
  ];
}
