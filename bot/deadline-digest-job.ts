import { describeError, type Logger } from '../kernel/logger';
import { sendDeadlineDigest, type DeadlineDigestOptions } from '../moderation/deadline-digest-run';

export interface DeadlineDigestJobOptions extends DeadlineDigestOptions {
  logger: Logger;
  checkEveryMs?: number;
}

export interface DeadlineDigestJob {
  stop(): Promise<void>;
}

/**
 * The digest's timer: every replica checks every few minutes; `sendDeadlineDigest` makes one of
 * them send the day's digest. The log names the setting an operator must fix.
 */
export function startDeadlineDigestJob(options: DeadlineDigestJobOptions): DeadlineDigestJob {
  let running: Promise<void> | undefined;
  let stopped = false;
  const check = () => {
    if (running || stopped) return;
    running = sendDeadlineDigest(options)
      .then((outcome) => {
        options.logger.debug({ outcome }, 'deadline digest checked');
        if (outcome === 'sent') options.logger.info('deadline digest sent to the moderators');
        if (outcome === 'no-reference')
          options.logger.error(
            { channelId: options.target.channelId },
            'deadline digest not sent: the bot has no conversation reference for MODERATION_DIGEST_CONVERSATION_ID (add the bot to that channel or chat)',
          );
      })
      .catch((error: unknown) =>
        options.logger.error(describeError(error), 'deadline digest failed'),
      )
      .finally(() => (running = undefined));
  };
  // A replica that starts (or restarts) after the hour sends the day's digest at once if no
  // other replica has, rather than up to one period later.
  const first = setTimeout(check, 0);
  const timer = setInterval(check, options.checkEveryMs ?? 5 * 60_000);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
