import { forgetStateClaims, type BotStateModels } from './bot-state-storage';
import { forgetDeliveryAttempts, type DeliveryAttemptModel } from './delivery-attempts';
import { claimJobRun, forgetJobRuns, type JobRunModel } from './job-runs';
import { anonymiseExpiredQuestions, type RetentionModels } from './personal-data-retention';
import { forgetProcessedActivities, type ProcessedActivityModel } from './processed-activity';
import {
  forgetQuestionChanges,
  questionChangeRetentionMs,
  type QuestionChangeModel,
} from './question-changes';

/**
 * What is forgotten, and when: the store kept bounded and lawful. The timer that runs it on every
 * replica is at the edge (bot/housekeeping-job.ts).
 */
export interface HousekeepingModels extends RetentionModels, BotStateModels {
  processedActivities: ProcessedActivityModel;
  questionChanges: QuestionChangeModel;
  deliveryAttempts: DeliveryAttemptModel;
  jobRuns: JobRunModel;
}

const hourMs = 60 * 60_000;
/** One housekeeping run per period, on whichever replica claims it. */
const housekeepingPeriodMs = 6 * hourMs;
/** Channels retry a message within minutes; its retry-filter key is kept a day. */
const processedActivityRetentionMs = 24 * hourMs;
/** A state claim matters while a writer that read its eTag may still write: seconds. */
const stateClaimRetentionMs = hourMs;
const jobRunRetentionMs = 7 * 24 * hourMs;
/** A delivery is retried for about three hours; its attempts are kept a month for moderators. */
const deliveryAttemptRetentionMs = 30 * 24 * hourMs;

/**
 * Anonymises expired personal data (PERSONAL_DATA_RETENTION_DAYS) and forgets what was kept only
 * for idempotency or concurrency. Undefined when another replica already ran it this period.
 */
export async function runHousekeeping(
  models: HousekeepingModels,
  retentionDays: number,
  now: Date,
): Promise<{ anonymised: number; forgotten: number } | undefined> {
  if (!(await claimJobRun(models.jobRuns, 'housekeeping', housekeepingPeriodMs, now)))
    return undefined;
  const anonymised = await anonymiseExpiredQuestions(models, retentionDays, now);
  const before = (ms: number) => new Date(now.getTime() - ms);
  const forgotten =
    (await forgetProcessedActivities(
      models.processedActivities,
      before(processedActivityRetentionMs),
    )) +
    (await forgetStateClaims(models, before(stateClaimRetentionMs))) +
    (await forgetJobRuns(models.jobRuns, before(jobRunRetentionMs))) +
    (await forgetDeliveryAttempts(models.deliveryAttempts, before(deliveryAttemptRetentionMs)));
  return { anonymised, forgotten };
}

/**
 * The moderators' change feed is read by every replica every few seconds and scanned on the
 * embedded store, so it is kept to its last hour far more often than the rest.
 */
export const feedPurgePeriodMs = 5 * 60_000;

/** Forgets the change feed's entries older than an hour; undefined when another replica did. */
export async function purgeQuestionChanges(
  models: Pick<HousekeepingModels, 'questionChanges' | 'jobRuns'>,
  now: Date,
): Promise<number | undefined> {
  if (!(await claimJobRun(models.jobRuns, 'question-changes-purge', feedPurgePeriodMs, now)))
    return undefined;
  return forgetQuestionChanges(
    models.questionChanges,
    new Date(now.getTime() - questionChangeRetentionMs),
  );
}
