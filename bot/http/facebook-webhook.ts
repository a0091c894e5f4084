import { createHash } from 'node:crypto';

import {
  hasEventOutcome,
  storeFacebookEvent,
  type FacebookEventModels,
} from '../../models/facebook-event';
import type { Logger } from '../../kernel/logger';
import type { FacebookEventWorker } from '../../live/facebook/facebook-event-worker';
import {
  pageNotificationSchema,
  storedNotification,
  type PageNotification,
} from '../../live/facebook/webhook-payload';
import { hasValidSignature } from './facebook-signature';

export interface WebhookResponse {
  status: number;
  body: string;
  contentType: 'text/plain' | 'application/json';
}

export interface FacebookWebhookDependencies {
  models: FacebookEventModels;
  /** Told of each delivery stored, which it processes after the answer has gone. */
  worker: Pick<FacebookEventWorker, 'wake'>;
  appSecret: string;
  verifyToken: string;
  logger: Logger;
}

function text(status: number, body: string): WebhookResponse {
  return { status, body, contentType: 'text/plain' };
}

/**
 * The Page webhook: the subscription handshake, and deliveries that are verified, stored and
 * acknowledged at once. Processing is the event worker's (live/facebook), told by `wake()`.
 */
export class FacebookWebhook {
  constructor(private readonly dependencies: FacebookWebhookDependencies) {}

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
    const { appSecret, models, worker, logger } = this.dependencies;
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
    // Stored before but without an outcome: that store may have succeeded with its reply lost
    // (the database died), so the worker was never told. Processing twice is harmless: captures
    // and replies are idempotent by comment id.
    const stored = await storeFacebookEvent(models, id, payload, new Date());
    if (stored || !(await hasEventOutcome(models, id))) {
      worker.wake({ id, notification: payload });
    }
    return text(200, 'EVENT_RECEIVED');
  }
}
