import { isDatabaseUnavailableError } from '../../models/database';
import type { WebhookResponse } from '../http/facebook-webhook';
import { hasValidSignature } from '../http/facebook-signature';
import type { FacebookWebhookEndpoint } from '../server';
import type { TurnDeferral } from './turn-deferral';

const received: WebhookResponse = {
  status: 200,
  body: 'EVENT_RECEIVED',
  contentType: 'text/plain',
};

/**
 * The Facebook webhook with the journal in front: a delivery whose signature is valid and that
 * cannot be stored now (the database is away, or older entries wait) is journaled and
 * acknowledged with 200. Meta retries a 5xx only for 36 hours; the journal keeps it until the
 * database returns. Anything unsigned or badly signed goes to the webhook as before (401/403).
 */
export function journaledWebhook(
  webhook: FacebookWebhookEndpoint,
  deferral: TurnDeferral,
  appSecret: string,
): FacebookWebhookEndpoint {
  return {
    verifySubscription: (query) => webhook.verifySubscription(query),
    async receive(rawBody, signature) {
      const signed = signature !== undefined && hasValidSignature(rawBody, signature, appSecret);
      if (!signed) return webhook.receive(rawBody, signature);
      if (deferral.mustWait()) {
        await deferral.deferWebhook(rawBody, signature);
        return received;
      }
      try {
        return await webhook.receive(rawBody, signature);
      } catch (error) {
        if (!isDatabaseUnavailableError(error)) throw error;
        await deferral.deferWebhook(rawBody, signature);
        return received;
      }
    },
  };
}
