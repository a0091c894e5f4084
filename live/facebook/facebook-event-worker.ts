import { setTimeout as delay } from 'node:timers/promises';

import {
  purgeFailedEvents,
  purgeProcessedEvents,
  recordEventOutcome,
  unprocessedEvents,
  type FacebookEventModels,
} from '../../models/facebook-event';
import type { Logger } from '../../kernel/logger';
import type { FacebookLiveComments } from './live-comments';
import { pageChanges, pageNotificationSchema, type PageChange } from './webhook-payload';

/** A delivery the webhook stored: its id and the notification as stored (names removed). */
export interface StoredDelivery {
  id: string;
  notification: unknown;
}

const maxAttempts = 5;
const processedEventRetentionMs = 48 * 60 * 60_000;
const failedEventRetentionMs = 30 * 24 * 60 * 60_000;
const purgeIntervalMs = 60 * 60_000;
/** The first wait before a failed delivery is tried again; it doubles each time. */
const retryDelayMs = 250;
const defaultResumeIntervalMs = 60_000;

/**
 * How many comments each commenter may have processed: one `take` per comment, keyed by the
 * commenter's id (the edge's token buckets, bot/http/rate-limiter.ts, fit as they are).
 */
export interface CommenterBudget {
  take(commenterId: string): { allowed: boolean };
}

export interface FacebookEventWorkerDependencies {
  models: FacebookEventModels;
  liveComments: FacebookLiveComments;
  logger: Logger;
  /**
   * The per-commenter cap; absent: none. Meta is never answered 429 for a busy live (it retries,
   * then disables the webhook), so a commenter flooding a live is bounded here instead: their
   * excess comments are dropped from processing (not captured, no private reply).
   */
  commenterBudget?: CommenterBudget;
  /**
   * How often, after `start()`, stalled private replies and deliveries left by a database outage
   * are looked for without waiting for a webhook (default one minute).
   */
  resumeIntervalMs?: number;
}

/**
 * Processes the Page webhook's stored deliveries in order, one round at a time: captures the
 * Live comments, sends their private replies, and finds again in the database what was stored
 * but not processed (a restart, a database outage). It works only between `start()` and
 * `stop()`; the webhook tells it of each new delivery with `wake()`.
 */
export class FacebookEventWorker {
  private readonly queue: StoredDelivery[] = [];
  private readonly attempts = new Map<string, number>();
  /** A delivery's changes within the commenters' budgets, decided once for all its attempts. */
  private readonly admitted = new Map<string, PageChange[]>();
  private round: Promise<void> | undefined;
  /** False until the database has been searched for deliveries left from before. */
  private reconciled = false;
  private lastPurge = Number.NEGATIVE_INFINITY;
  /** Set at start and by the timer: the next round looks for stalled private replies. */
  private resumeDue = false;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly dependencies: FacebookEventWorkerDependencies) {}

  /**
   * Processes what was left from before (deliveries, private replies claimed but not finished)
   * now, then on a timer that does not keep the process alive. Call `stop()` on shutdown.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.resumeDue = true;
    this.startRound();
    this.timer = setInterval(() => {
      this.resumeDue = true;
      this.startRound();
    }, this.dependencies.resumeIntervalMs ?? defaultResumeIntervalMs);
    this.timer.unref();
  }

  /**
   * No new round starts; the one running finishes (await `settled()`). A delivery stored from
   * now on waits in the database for the next `start()`.
   */
  stop(): void {
    this.running = false;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The webhook stored a new delivery: it is queued, and a round starts if none runs. */
  wake(delivery: StoredDelivery): void {
    this.queue.push(delivery);
    this.startRound();
  }

  /** Resolves when the round running and the private replies it scheduled are done. */
  async settled(): Promise<void> {
    while (this.round) await this.round;
    await this.dependencies.liveComments.repliesSettled();
  }

  private startRound(): void {
    if (!this.running) return;
    this.round ??= this.processQueue()
      .catch((error: unknown) => {
        // The database went away: the next round searches it again for what is left.
        this.reconciled = false;
        this.dependencies.logger.error(
          { error: error instanceof Error ? error.name : 'unknown' },
          'facebook events could not be processed',
        );
      })
      .finally(() => {
        this.round = undefined;
        if ((this.queue.length > 0 || this.resumeDue) && this.reconciled) this.startRound();
      });
  }

  private async processQueue(): Promise<void> {
    const { liveComments } = this.dependencies;
    if (!this.reconciled) {
      const queued = new Set(this.queue.map((event) => event.id));
      const left = (await unprocessedEvents(this.dependencies.models))
        .filter((event) => !queued.has(event._id))
        .map((event) => ({ id: event._id, notification: event.payload }));
      this.queue.unshift(...left);
      this.reconciled = true;
    }
    if (this.resumeDue) {
      this.resumeDue = false;
      await liveComments.resumeStalledReplies();
    }
    await this.purgeOldEvents();
    for (let event = this.queue.shift(); event !== undefined; event = this.queue.shift()) {
      await this.processOne(event);
    }
  }

  private async processOne(event: StoredDelivery): Promise<void> {
    const { models, liveComments, logger } = this.dependencies;
    const { id } = event;
    const attempts = (this.attempts.get(id) ?? 0) + 1;
    try {
      for (const change of this.admittedChanges(event)) await liveComments.apply(change);
      this.attempts.delete(id);
      this.admitted.delete(id);
      await recordEventOutcome(models, {
        _id: id,
        state: 'processed',
        attempts,
        at: new Date(),
        lastError: null,
      });
    } catch (error) {
      const code = error instanceof Error ? error.name : 'unknown';
      logger.error({ event: id.slice(0, 12), attempts, error: code }, 'facebook event failed');
      if (attempts < maxAttempts) {
        this.attempts.set(id, attempts);
        this.queue.push(event);
        await delay(retryDelayMs * 2 ** (attempts - 1));
        return;
      }
      this.attempts.delete(id);
      this.admitted.delete(id);
      await recordEventOutcome(models, {
        _id: id,
        state: 'failed',
        attempts,
        at: new Date(),
        lastError: code,
      });
    }
  }

  /**
   * The delivery's changes without the comments over their commenter's budget. Decided on the
   * first attempt only, so that a retried delivery neither spends the budget again nor loses a
   * comment admitted before. Only a count is logged: a commenter's id is personal data.
   */
  private admittedChanges(event: StoredDelivery): PageChange[] {
    const known = this.admitted.get(event.id);
    if (known) return known;
    const changes = pageChanges(pageNotificationSchema.parse(event.notification));
    const budget = this.dependencies.commenterBudget;
    if (!budget) return changes;
    // A comment without its author's id (Meta leaves it out for some accounts) counts for no one.
    const admitted = changes.filter(
      (change) =>
        change.kind !== 'comment' || change.fromId === null || budget.take(change.fromId).allowed,
    );
    const dropped = changes.length - admitted.length;
    if (dropped > 0)
      this.dependencies.logger.warn({ dropped }, 'facebook comments over the per-commenter limit');
    this.admitted.set(event.id, admitted);
    return admitted;
  }

  /**
   * At most once an hour: deliveries processed more than two days ago are dropped, and those that
   * failed more than 30 days ago (an operator's time to look at them).
   */
  private async purgeOldEvents(now: Date = new Date()): Promise<void> {
    if (now.getTime() - this.lastPurge < purgeIntervalMs) return;
    this.lastPurge = now.getTime();
    const purged =
      (await purgeProcessedEvents(
        this.dependencies.models,
        new Date(now.getTime() - processedEventRetentionMs),
      )) +
      (await purgeFailedEvents(
        this.dependencies.models,
        new Date(now.getTime() - failedEventRetentionMs),
      ));
    const replies = await this.dependencies.liveComments.purgeOldReplies(now);
    if (purged + replies > 0)
      this.dependencies.logger.info({ purged, replies }, 'old facebook records purged');
  }
}
