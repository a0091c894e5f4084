import { anonymiseExpiredQuestions, type RetentionModels } from '../models/personal-data-retention';
import { describeError, type Logger } from '../kernel/logger';

export interface RetentionJobOptions {
  models: RetentionModels;
  retentionDays: number;
  logger: Logger;
  /** First run after start: later than the start itself, which has enough to do. */
  firstRunDelayMs?: number;
  intervalMs?: number;
}

export interface RetentionJob {
  /** Stops the timer and waits for a run in progress, so the database can close after it. */
  stop(): Promise<void>;
}

const sixHours = 6 * 60 * 60_000;

/** Anonymises expired personal data of answered questions on a timer (PERSONAL_DATA_RETENTION_DAYS). */
export function startRetentionJob(options: RetentionJobOptions): RetentionJob {
  const { models, retentionDays, logger } = options;
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = anonymiseExpiredQuestions(models, retentionDays, new Date())
      .then((anonymised) => {
        if (anonymised > 0)
          logger.info({ anonymised, retentionDays }, 'expired personal data anonymised');
      })
      .catch((error: unknown) => logger.error(describeError(error), 'retention job failed'))
      .finally(() => (running = undefined));
  };
  const first = setTimeout(run, options.firstRunDelayMs ?? 60_000);
  const every = setInterval(run, options.intervalMs ?? sixHours);
  first.unref();
  every.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
