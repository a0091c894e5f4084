import { createHash } from 'node:crypto';

import {
  eventsToProcess,
  purgeProcessedEvents,
  storeFacebookEvent,
  type FacebookEventModel,
} from '../../models/facebook-event';
import type { Logger } from '../logger';
import type { FacebookLiveComments } from './live-comments';
import { hasValidSignature } from './signature';
import {
  pageChanges,
  pageNotificationSchema,
  withoutProfiles,
  type PageNotification,
} from './webhook-payload';

export interface WebhookResponse {
  status: number;
  body: string;
  contentType: 'text/plain' | 'application/json';
}

const maxAttempts = 5;
const processedEventRetentionMs = 48 * 60 * 60_000;
const batchSize = 50;

export interface FacebookEventsDependencies {
  events: FacebookEventModel;
  liveComments: FacebookLiveComments;
  appSecret: string;
  verifyToken: string;
  logger: Logger;
}

function text(status: number, body: string): WebhookResponse {
  return { status, body, contentType: 'text/plain' };
}

/**
 * The Page webhook: the subscription handshake, and deliveries that are verified, stored and
 * acknowledged at once, then processed in order by one worker (again after a restart, for
 * whatever was stored but not processed).
 */
export class FacebookEvents {
  private draining: Promise<void> | undefined;
  private drainAgain = false;
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(private readonly dependencies: FacebookEventsDependencies) {}

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
    const { appSecret, events, logger } = this.dependencies;
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
    const stored = await storeFacebookEvent(events, id, withoutProfiles(notification), new Date());
    if (stored) this.process();
    return text(200, 'EVENT_RECEIVED');
  }

  /** Starts processing stored deliveries (if it is not running already). */
  process(): void {
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => {
        // The database went away mid-drain: what is stored stays "received" for the next round.
        this.dependencies.logger.error(
          { error: error instanceof Error ? error.name : 'unknown' },
          'facebook events could not be processed',
        );
      })
      .finally(() => {
        this.draining = undefined;
        if (this.drainAgain) {
          this.drainAgain = false;
          this.process();
        }
      });
  }

  /** Resolves when every stored delivery has been processed (for tests, benchmarks, shutdown). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
    await this.dependencies.liveComments.repliesSettled();
  }

  /** At most once an hour: deliveries processed more than two days ago are dropped. */
  private async purgeOldEvents(now: Date = new Date()): Promise<void> {
    if (now.getTime() - this.lastPurge < 60 * 60_000) return;
    this.lastPurge = now.getTime();
    const purged = await purgeProcessedEvents(
      this.dependencies.events,
      new Date(now.getTime() - processedEventRetentionMs),
    );
    if (purged > 0) this.dependencies.logger.info({ purged }, 'processed facebook events purged');
  }

  private async drain(): Promise<void> {
    const { events, liveComments, logger } = this.dependencies;
    await liveComments.resumeStalledReplies();
    await this.purgeOldEvents();
    const failedThisRound = new Set<string>();
    for (;;) {
      const batch = (await eventsToProcess(events, batchSize + failedThisRound.size)).filter(
        (event) => !failedThisRound.has(event._id),
      );
      if (batch.length === 0) return;
      for (const event of batch) {
        try {
          const notification = pageNotificationSchema.parse(event.payload);
          for (const change of pageChanges(notification)) await liveComments.apply(change);
          await events.updateOne(
            { _id: event._id },
            {
              $set: {
                state: 'processed',
                processedAt: new Date(),
                attempts: event.attempts + 1,
                payload: null,
              },
            },
          );
        } catch (error) {
          failedThisRound.add(event._id);
          const attempts = event.attempts + 1;
          const code = error instanceof Error ? error.name : 'unknown';
          await events.updateOne(
            { _id: event._id },
            {
              $set: {
                attempts,
                lastError: code,
                state: attempts >= maxAttempts ? 'failed' : 'received',
              },
            },
          );
          logger.error(
            { event: event._id.slice(0, 12), attempts, error: code },
            'facebook event failed',
          );
        }
      }
    }
  }
}
