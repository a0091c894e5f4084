import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import {
  purgeProcessedEvents,
  recordEventOutcome,
  storeFacebookEvent,
  unprocessedEvents,
  type FacebookEventModels,
} from '../../models/facebook-event';
import type { Logger } from '../../kernel/logger';
import type { FacebookLiveComments } from './live-comments';
import { hasValidSignature } from './signature';
import {
  pageChanges,
  pageNotificationSchema,
  storedNotification,
  type PageNotification,
} from './webhook-payload';

export interface WebhookResponse {
  status: number;
  body: string;
  contentType: 'text/plain' | 'application/json';
}

const maxAttempts = 5;
const processedEventRetentionMs = 48 * 60 * 60_000;
const purgeIntervalMs = 60 * 60_000;
/** The first wait before a failed delivery is tried again; it doubles each time. */
const retryDelayMs = 250;
const defaultResumeIntervalMs = 60_000;

export interface FacebookEventsDependencies {
  models: FacebookEventModels;
  liveComments: FacebookLiveComments;
  appSecret: string;
  verifyToken: string;
  logger: Logger;
  /**
   * How often, after `start()`, stalled private replies and deliveries left by a database outage
   * are looked for without waiting for a webhook (default one minute).
   */
  resumeIntervalMs?: number;
}

/** A stored delivery waiting for the worker; the notification as stored (names removed). */
interface QueuedEvent {
  id: string;
  notification: unknown;
}

function text(status: number, body: string): WebhookResponse {
  return { status, body, contentType: 'text/plain' };
}

/**
 * The Page webhook: the subscription handshake, and deliveries that are verified, stored and
 * acknowledged at once, then processed in order by one worker from an in-memory queue. What was
 * stored but not processed (a restart, a database outage) is found again in the database.
 */
export class FacebookEvents {
  private readonly queue: QueuedEvent[] = [];
  private readonly attempts = new Map<string, number>();
  private draining: Promise<void> | undefined;
  /** False until the database has been searched for deliveries left from before. */
  private reconciled = false;
  private lastPurge = Number.NEGATIVE_INFINITY;
  /** Set at start and by the timer: the next round looks for stalled private replies. */
  private resumeDue = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly dependencies: FacebookEventsDependencies) {}

  /**
   * Processes what was left from before (deliveries, private replies claimed but not finished)
   * now, then on a timer that does not keep the process alive. Call `stop()` on shutdown.
   */
  start(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.resumeDue = true;
    this.process();
    this.timer = setInterval(() => {
      this.resumeDue = true;
      this.process();
    }, this.dependencies.resumeIntervalMs ?? defaultResumeIntervalMs);
    this.timer.unref();
  }

  /** Stops the timer; what runs finishes (await `settled()`), webhooks are still processed. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** GET: Meta checks that the endpoint is ours before it sends anything. */
  verifySubscription(query: Record<string, unknown>): WebhookResponse {
    const challenge = query['hub.challenge'];
    if (
      query['hub.mode'] === 'subscribe' &&
      typeof query['hub.verify_token'] === 'string' &&
      query['hub.verify_token'] === this.dependencies.verifyToken &&
      typeof challenge === 'string'
    ) {
      return text(200, challenge);
    }
    return text(403, 'Forbidden');
  }

  /** POST: nothing is parsed or stored unless the signature of the raw body is valid. */
  async receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookResponse> {
    const { appSecret, models, logger } = this.dependencies;
    if (!signature) return text(401, 'Missing X-Hub-Signature-256');
    if (!hasValidSignature(rawBody, signature, appSecret)) {
      logger.warn('facebook webhook with an invalid signature refused');
      return text(403, 'Invalid signature');
    }
    let notification: PageNotification;
    try {
      notification = pageNotificationSchema.parse(JSON.parse(rawBody.toString('utf8')));
    } catch {
      return text(400, 'Invalid notification');
    }
    if (notification.object !== 'page') return text(200, 'IGNORED');
    const id = createHash('sha256').update(rawBody).digest('hex');
    const payload = storedNotification(notification);
    const stored = await storeFacebookEvent(models, id, payload, new Date());
    if (stored) {
      this.queue.push({ id, notification: payload });
      this.process();
    }
    return text(200, 'EVENT_RECEIVED');
  }

  /** Starts processing the queued deliveries (if it is not running already). */
  process(): void {
    this.draining ??= this.drain()
      .catch((error: unknown) => {
        // The database went away: the next round searches it again for what is left.
        this.reconciled = false;
        this.dependencies.logger.error(
          { error: error instanceof Error ? error.name : 'unknown' },
          'facebook events could not be processed',
        );
      })
      .finally(() => {
        this.draining = undefined;
        if ((this.queue.length > 0 || this.resumeDue) && this.reconciled) this.process();
      });
  }

  /** Resolves when every queued delivery has been processed (for tests, benchmarks, shutdown). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
    await this.dependencies.liveComments.repliesSettled();
  }

  private async drain(): Promise<void> {
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

  private async processOne(event: QueuedEvent): Promise<void> {
    const { models, liveComments, logger } = this.dependencies;
    const { id } = event;
    const attempts = (this.attempts.get(id) ?? 0) + 1;
    try {
      const notification = pageNotificationSchema.parse(event.notification);
      for (const change of pageChanges(notification)) await liveComments.apply(change);
      this.attempts.delete(id);
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
      await recordEventOutcome(models, {
        _id: id,
        state: 'failed',
        attempts,
        at: new Date(),
        lastError: code,
      });
    }
  }

  /** At most once an hour: deliveries processed more than two days ago are dropped. */
  private async purgeOldEvents(now: Date = new Date()): Promise<void> {
    if (now.getTime() - this.lastPurge < purgeIntervalMs) return;
    this.lastPurge = now.getTime();
    const purged = await purgeProcessedEvents(
      this.dependencies.models,
      new Date(now.getTime() - processedEventRetentionMs),
    );
    const replies = await this.dependencies.liveComments.purgeOldReplies(now);
    if (purged + replies > 0)
      this.dependencies.logger.info({ purged, replies }, 'old facebook records purged');
  }
}
