import type { ProactiveSender } from '../kernel/proactive-sender';
import { bogotaDate, bogotaHour, isBusinessDay } from '../legal-terms/business-days';
import type { ConversationReferenceStore } from '../models/conversation-reference';
import { claimJobSlot, releaseJobSlot, type JobRunModel } from '../models/job-runs';
import { deadlineDigest, digestFilters } from './deadline-digest';
import type { ModerationService } from './moderation-service';

export interface DeadlineDigestTarget {
  /** Where the moderators read it: a Teams channel or chat the bot was added to. */
  channelId: string;
  conversationId: string;
  /** The hour of the morning (Bogotá) after which the day's digest goes out. */
  hour: number;
}

export interface DeadlineDigestOptions {
  moderation: Pick<ModerationService, 'queue'>;
  references: Pick<ConversationReferenceStore, 'find'>;
  sender: ProactiveSender;
  jobRuns: JobRunModel;
  target: DeadlineDigestTarget;
  now?: () => Date;
}

export type DigestOutcome = 'sent' | 'nothing-due' | 'not-today' | 'already-sent' | 'no-reference';

/**
 * One check: on a business day in Bogotá, from the configured hour, the first replica to claim
 * the day (`deadline-digest@<date>` in job_runs) sends the moderators' digest; every other check
 * that day, on any replica, does nothing. A run that could not send gives the day back, so the
 * next check tries again.
 */
export async function sendDeadlineDigest(options: DeadlineDigestOptions): Promise<DigestOutcome> {
  const now = (options.now ?? (() => new Date()))();
  if (!isBusinessDay(now) || bogotaHour(now) < options.target.hour) return 'not-today';
  const slot = bogotaDate(now);
  if (!(await claimJobSlot(options.jobRuns, 'deadline-digest', slot, now))) return 'already-sent';
  try {
    const outcome = await composeAndSend(options);
    if (outcome === 'no-reference') await releaseJobSlot(options.jobRuns, 'deadline-digest', slot);
    return outcome;
  } catch (error) {
    await releaseJobSlot(options.jobRuns, 'deadline-digest', slot);
    throw error;
  }
}

async function composeAndSend(options: DeadlineDigestOptions): Promise<DigestOutcome> {
  const { channelId, conversationId } = options.target;
  const digest = deadlineDigest({
    due: await options.moderation.queue(digestFilters.due),
    overdue: await options.moderation.queue(digestFilters.overdue),
  });
  if (!digest) return 'nothing-due';
  const reference = await options.references.find(channelId, conversationId);
  if (!reference) return 'no-reference';
  await options.sender.send(reference, { type: 'message', text: digest.text });
  return 'sent';
}
