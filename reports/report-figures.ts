import { bogotaDate, businessDaysLeft } from '../legal-terms/business-days';
import type { DeliveryStatus } from '../models/deliveries';
import type { ReportQuestionRow } from '../models/report-questions';
import type { ReportSurveyRow } from '../models/report-satisfaction';
import { topicLabels } from '../knowledge/topic-labels';
import type { Rating, ReportFigures, SatisfactionFigures } from './report-types';

/** What the figures of a space (or of several, for totals) are computed from. */
export interface FigureInputs {
  questions: readonly ReportQuestionRow[];
  deliveries: readonly { status: DeliveryStatus }[];
  surveys: readonly ReportSurveyRow[];
}

const maxTopics = 10;

/**
 * Where each stored status lands in the figures. `answered` (earlier versions) counts as a
 * published answer; `duplicate` (earlier versions, never written now: duplicates are grouped with
 * `groupId`) closed the question without an answer of its own, as a rejection does.
 */
type Outcome = 'live' | 'answered' | 'waiting' | 'forwarded' | 'withdrawn' | 'rejected';
const outcomeOf: Record<ReportQuestionRow['status'], Outcome> = {
  pending: 'waiting',
  in_review: 'waiting',
  answered: 'answered',
  published: 'answered',
  answered_live: 'live',
  duplicate: 'rejected',
  withdrawn: 'withdrawn',
  forwarded: 'forwarded',
  rejected: 'rejected',
};

const elapsedByDates = new Map<string, number>();

/**
 * Business days from receipt to answer, counted as legal terms are (from the business day after
 * receipt): `businessDaysLeft(answeredAt, receivedAt)` is exactly that count seen from the receipt.
 * Remembered by the pair of Bogotá dates: many answers share them.
 */
export function businessDaysToAnswer(receivedAt: Date, answeredAt: Date): number {
  const key = `${bogotaDate(receivedAt)}|${bogotaDate(answeredAt)}`;
  let elapsed = elapsedByDates.get(key);
  if (elapsed === undefined) {
    elapsed = Math.max(0, businessDaysLeft(answeredAt, receivedAt));
    if (elapsedByDates.size >= 50_000) elapsedByDates.clear();
    elapsedByDates.set(key, elapsed);
  }
  return elapsed;
}

/** The middle value; for an even count the mean of the two middle ones. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** Nearest rank: the smallest value that at least `quantile` of the values do not exceed. */
export function nearestRank(sorted: readonly number[], quantile: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(quantile * sorted.length));
  return sorted[rank - 1] ?? null;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function satisfactionOf(surveys: readonly ReportSurveyRow[]): SatisfactionFigures {
  const distribution: Record<Rating, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let responded = 0;
  let rated = 0;
  let ratingSum = 0;
  for (const survey of surveys) {
    if (survey.responded) responded++;
    if (survey.rating !== null) {
      distribution[String(survey.rating) as Rating]++;
      rated++;
      ratingSum += survey.rating;
    }
  }
  const asked = surveys.length;
  return {
    asked,
    responded,
    responseRate: asked === 0 ? null : round(responded / asked, 4),
    mean: rated === 0 ? null : round(ratingSum / rated, 2),
    distribution,
  };
}

/** The most frequent values, most first then by name, at most 10; and how many had none. */
function mostAsked(values: readonly (string | null)[]): {
  top: { value: string; questions: number }[];
  without: number;
} {
  const counts = new Map<string, number>();
  let without = 0;
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed) counts.set(trimmed, (counts.get(trimmed) ?? 0) + 1);
    else without++;
  }
  const top = [...counts.entries()]
    .map(([value, questions]) => ({ value, questions }))
    .sort((a, b) => b.questions - a.questions || a.value.localeCompare(b.value, 'es'))
    .slice(0, maxTopics);
  return { top, without };
}

function topTopics(questions: readonly ReportQuestionRow[]): ReportFigures['topics'] {
  const areas = mostAsked(questions.map((question) => question.area));
  const knowledge = mostAsked(questions.map((question) => question.knowledgeTopic));
  return {
    areas: areas.top.map(({ value, questions: count }) => ({ area: value, questions: count })),
    withoutArea: areas.without,
    knowledge: knowledge.top.map(({ value, questions: count }) => ({
      topic: value,
      label: (topicLabels as Record<string, string | undefined>)[value] ?? value,
      questions: count,
    })),
    withoutKnowledgeTopic: knowledge.without,
  };
}

/** The figures of a set of questions, their deliveries and surveys, with waiting seen at `asOf`. */
export function figuresOf(inputs: FigureInputs, asOf: Date): ReportFigures {
  const counts = { live: 0, onTime: 0, late: 0, pending: 0, overdue: 0 };
  const closed = { forwarded: 0, withdrawn: 0, rejected: 0 };
  const elapsed: number[] = [];
  const capturedByChannel: Record<string, number> = {};
  let duplicatesGrouped = 0;
  for (const question of inputs.questions) {
    capturedByChannel[question.channelId] = (capturedByChannel[question.channelId] ?? 0) + 1;
    if (question.groupId !== null) duplicatesGrouped++;
    const outcome = outcomeOf[question.status];
    switch (outcome) {
      case 'live':
        counts.live++;
        break;
      case 'answered': {
        const answeredAt = question.publishedAt ?? question.updatedAt;
        if (answeredAt.getTime() <= question.dueAt.getTime()) counts.onTime++;
        else counts.late++;
        elapsed.push(businessDaysToAnswer(question.receivedAt, answeredAt));
        break;
      }
      case 'waiting':
        if (asOf.getTime() > question.dueAt.getTime()) counts.overdue++;
        else counts.pending++;
        break;
      default:
        closed[outcome]++;
    }
  }
  elapsed.sort((a, b) => a - b);
  const deliveries = { sent: 0, failed: 0, unreachable: 0, pending: 0 };
  for (const delivery of inputs.deliveries) deliveries[delivery.status]++;
  const captured = inputs.questions.length;
  return {
    captured,
    answeredLive: counts.live,
    registered: captured - counts.live,
    answeredOnTime: counts.onTime,
    answeredLate: counts.late,
    pending: counts.pending,
    overdue: counts.overdue,
    ...closed,
    businessDaysToAnswer: {
      answered: elapsed.length,
      median: median(elapsed),
      p90: nearestRank(elapsed, 0.9),
    },
    duplicatesGrouped,
    distinctQuestions: captured - duplicatesGrouped,
    deliveries,
    satisfaction: satisfactionOf(inputs.surveys),
    capturedByChannel,
    topics: topTopics(inputs.questions),
  };
}
