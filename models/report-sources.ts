import type { Model } from 'mongoose';

import type { DeliveryModel } from './deliveries';
import { applyOperationDeadline } from './operation-deadline';
import type { QuestionModel } from './question';
import type { QuestionChangeModel } from './question-changes';
import { readReportDeliveryRows, type ReportDeliveryRow } from './report-deliveries';
import { readReportQuestionRows, type ReportQuestionRow } from './report-questions';
import {
  readReportSurveyRows,
  satisfactionSurveyReadModel,
  type ReportSurveyRow,
  type SatisfactionSurveyReadModel,
} from './report-satisfaction';
import { readReportSpaceRows, type ReportSpaceRow } from './report-spaces';
import type { SpaceDocument } from './space-document';

/** The collections the reports read; nothing else, and never a write. */
export interface ReportModels {
  questions: QuestionModel;
  spaces: Model<SpaceDocument>;
  deliveries: DeliveryModel;
  satisfactionSurveys: SatisfactionSurveyReadModel;
  /** The questions' change feed: with it the reports keep the questions' rows between reads. */
  questionChanges?: QuestionChangeModel;
}

/**
 * The report models on the product's connection: its own questions, spaces and deliveries, and a
 * read model of the satisfaction surveys. `operationTimeoutMs` gives the survey model the deadline
 * the other models got when the database was opened (models/operation-deadline.ts).
 */
export function reportModelsOf(
  models: Pick<ReportModels, 'questions' | 'spaces' | 'deliveries' | 'questionChanges'>,
  operationTimeoutMs?: number,
): ReportModels {
  const satisfactionSurveys = satisfactionSurveyReadModel(models.questions.db);
  if (operationTimeoutMs !== undefined)
    applyOperationDeadline({ satisfactionSurveys }, operationTimeoutMs);
  return { ...models, satisfactionSurveys };
}

/** Everything a report is computed from, as read at `readAt`. */
export interface ReportSources {
  readAt: Date;
  spaces: ReportSpaceRow[];
  questions: ReportQuestionRow[];
  deliveries: ReportDeliveryRow[];
  surveys: ReportSurveyRow[];
}

/**
 * The four pipelines, side by side (each reads its own collection); the questions' rows come from
 * `questionRows` when given (rows kept in memory and brought up to date, reports/report-question-rows.ts).
 */
export async function readReportSources(
  models: ReportModels,
  now: Date,
  questionRows?: () => Promise<ReportQuestionRow[]>,
): Promise<ReportSources> {
  const [spaces, questions, deliveries, surveys] = await Promise.all([
    readReportSpaceRows(models.spaces),
    questionRows ? questionRows() : readReportQuestionRows(models.questions),
    readReportDeliveryRows(models.deliveries),
    readReportSurveyRows(models.satisfactionSurveys),
  ]);
  return { readAt: now, spaces, questions, deliveries, surveys };
}
