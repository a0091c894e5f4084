import { describeError, type Logger } from '../kernel/logger';
import {
  feedPurgePeriodMs,
  purgeQuestionChanges,
  runHousekeeping,
  type HousekeepingModels,
} from '../models/housekeeping';

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

/**
 * The timers of housekeeping (models/housekeeping.ts: what is forgotten, and when). Every replica
 * runs them; one run per period happens, on whichever replica claims it.
 */
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
