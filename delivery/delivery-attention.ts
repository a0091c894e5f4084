import type { DeliveryStatus } from '../models/deliveries';
import { unreachableReasons } from './delivery-targets';

/**
 * Which ended deliveries a moderator should look at, and may send again with "Reintentar". Pure
 * rules, no I/O: the deliverer applies them when it records an outcome (so that the list of
 * problems stays small) and the retry applies them again before it reopens a delivery.
 *
 * - `failed` with no next attempt: the deliverer gave up after its last attempt.
 * - `unreachable` for a reason that can change without the citizen doing anything the law asks
 *   of them: no mail server configured (an operator adds one), the stored conversation missing or
 *   gone (the bot was removed or blocked, and added again). A retry finds the target again from
 *   the question as it is then, so it sends only if the asker can now be reached.
 *
 * Not listed, not retryable: the asker gave no consent or did not subscribe (anonymous askers
 * read the public page, by design); the question no longer holds what was to be sent (erased or
 * withdrawn); the e-mail address is gone (erased); and outside Messenger's 24-hour window, where
 * Meta's policy keeps the answer on the public page and the citizen was told so. Listing those
 * would bury the real problems under every anonymous asker.
 */
export const retryableUnreachableReasons: ReadonlySet<string> = new Set([
  unreachableReasons.noMailServer,
  unreachableReasons.noConversation,
  unreachableReasons.conversationGone,
]);

export interface DeliveryState {
  status: DeliveryStatus;
  reason?: string | null;
  nextAttemptAt?: Date | null;
}

/** True when the delivery has ended in a way a moderator should see and may retry. */
export function needsModeratorAttention(state: DeliveryState): boolean {
  if (state.status === 'failed') return !state.nextAttemptAt;
  if (state.status === 'unreachable')
    return typeof state.reason === 'string' && retryableUnreachableReasons.has(state.reason);
  return false;
}
