import { forgetStateClaims, type BotStateModels } from '../models/bot-state-storage';
import { forgetDeliveryAttempts, type DeliveryAttemptModel } from '../models/delivery-attempts';
import { claimJobRun, forgetJobRuns, type JobRunModel } from '../models/job-runs';
import { anonymiseExpiredQuestions, type RetentionModels } from '../models/personal-data-retention';
import {
  forgetQuestionChanges,
  questionChangeRetentionMs,
  type QuestionChangeModel,
} from '../models/question-changes';
import {
  forgetProcessedActivities,
  type ProcessedActivityModel,
} from '../models/processed-activity';
import { describeError, type Logger } from '../kernel/logger';

export interface HousekeepingModels extends RetentionModels, BotStateModels {
  processedActivities: ProcessedActivityModel;
  questionChanges: QuestionChangeModel;
  deliveryAttempts: DeliveryAttemptModel;
  jobRuns: JobRunModel;
}

export interface HousekeepingJobOptions {
  models: HousekeepingModels;
  retentionDays: number;
  logger: Logger;
  /** First run after start: later than the start itself, which has enough to do. */
  firstRunDelayMs?: number;
  intervalMs?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

export interface HousekeepingJob {
  /** Stops the timer and waits for a run in progress, so the database can close after it. */
  stop(): Promise<void>;
}

const hourMs = 60 * 60_000;
const sixHours = 6 * hourMs;
/** Channels retry a message within minutes; its retry-filter key is kept a day. */
const processedActivityRetentionMs = 24 * hourMs;
/** A state claim matters while a writer that read its eTag may still write: seconds. */
const stateClaimRetentionMs = hourMs;
const jobRunRetentionMs = 7 * 24 * hourMs;
/** A delivery is retried for about three hours; its attempts are kept a month for moderators. */
const deliveryAttemptRetentionMs = 30 * 24 * hourMs;

/**
 * What keeps the store bounded and lawful, off the chat path: anonymises expired personal data
 * (PERSONAL_DATA_RETENTION_DAYS) and forgets what was kept only for idempotency or concurrency.
 * Every replica runs the timer; one run per period happens, on whichever replica claims it.
 */
export async function runHousekeeping(
  models: HousekeepingModels,
  retentionDays: number,
  now: Date,
): Promise<{ anonymised: number; forgotten: number } | undefined> {
  if (!(await claimJobRun(models.jobRuns, 'housekeeping', sixHours, now))) return undefined;
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
const feedPurgePeriodMs = 5 * 60_000;

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

export function startHousekeepingJob(options: HousekeepingJobOptions): HousekeepingJob {
  const { models, retentionDays, logger } = options;
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = runHousekeeping(models, retentionDays, now())
      .then((outcome) => {
        if (outcome && outcome.anonymised > 0)
          logger.info(
            { anonymised: outcome.anonymised, retentionDays },
            'expired personal data anonymised',
          );
      })
      .catch((error: unknown) => logger.error(describeError(error), 'housekeeping failed'))
      .finally(() => (running = undefined));
  };
  let purging: Promise<void> | undefined;
  const purgeFeed = () => {
    if (purging || stopped) return;
    purging = purgeQuestionChanges(models, now())
      .then(() => undefined)
      .catch((error: unknown) => logger.error(describeError(error), 'feed purge failed'))
      .finally(() => (purging = undefined));
  };
  const first = setTimeout(run, options.firstRunDelayMs ?? 60_000);
  const every = setInterval(run, options.intervalMs ?? hourMs);
  const feed = setInterval(purgeFeed, feedPurgePeriodMs);
  for (const timer of [first, every, feed]) timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      clearInterval(feed);
      await Promise.all([running, purging]);
    },
  };
}
