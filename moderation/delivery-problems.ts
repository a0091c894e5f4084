import { needsModeratorAttention } from '../delivery/delivery-attention';
import type { StaffRef } from '../kernel/staff-identity';
import {
  findDeliveries,
  findDelivery,
  reopenDelivery,
  type DeliveryDocument,
} from '../models/deliveries';
import { findDeliveryAttempt } from '../models/delivery-attempts';
import {
  claimDeliveryRetry,
  findDeliveryRetry,
  forgetDeliveryProblem,
  listDeliveryProblems,
} from '../models/delivery-problems';
import {
  auditDetail,
  followUpNotFound,
  retriedMeanwhile,
  type FollowUpContext,
} from './follow-up-context';
import {
  encodeFollowUpCursor,
  type DeliveryProblemStatus,
  type FollowUpPageRequest,
} from './follow-up-inputs';
import { changeAsModerator, loadQuestion } from './moderation-context';
import { notAllowed } from './moderation-refusals';

/**
 * The deliveries that need a moderator (the deliverer gave up, or the asker could not be reached
 * for a reason that can change) and their retry. What moderators see of a delivery: its question's
 * tracking code, kind, channel, status, attempts and the deliverer's reason; never a name, an
 * address or a conversation.
 */

export interface DeliveryProblemItem {
  /** The delivery's id, for the retry: "<questionId>#<channel>" or "<questionId>#<kind>#<channel>". */
  id: string;
  questionId: string;
  trackingCode: string;
  kind: DeliveryDocument['kind'];
  channel: DeliveryDocument['channel'];
  status: DeliveryDocument['status'];
  attempts: number;
  reason: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
  /** Whether "Reintentar" may be offered (the retry checks again). */
  retryable: boolean;
  /** The state the retry must name: the number of attempts made when the list was read. */
  version: number;
}

export function deliveryProblemItem(delivery: DeliveryDocument): DeliveryProblemItem {
  return {
    id: delivery._id,
    questionId: delivery.questionId.toHexString(),
    trackingCode: delivery.trackingCode,
    kind: delivery.kind,
    channel: delivery.channel,
    status: delivery.status,
    attempts: delivery.attempts,
    reason: delivery.reason ?? null,
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    retryable: needsModeratorAttention(delivery),
    version: delivery.attempts,
  };
}

/**
 * One page of problems, latest first. An entry whose delivery was sent after all (a process
 * died between entering the problem and recording the outcome, then the delivery was retried
 * and sent) is dropped as the page meets it; one whose delivery has not ended is only skipped,
 * since its outcome may still make it a problem.
 */
export async function deliveryProblemPage(
  context: FollowUpContext,
  request: FollowUpPageRequest<DeliveryProblemStatus>,
): Promise<{ items: DeliveryProblemItem[]; nextCursor: string | null }> {
  const { models } = context;
  const after = request.after && { at: new Date(request.after.at), id: request.after.id };
  const entries = await listDeliveryProblems(
    models.deliveryProblems,
    request.statuses,
    after,
    request.limit + 1,
  );
  const page = entries.slice(0, request.limit);
  const last = page.at(-1);
  const nextCursor =
    entries.length > request.limit && last
      ? encodeFollowUpCursor({ at: last.at.getTime(), id: last._id })
      : null;
  const deliveries = new Map(
    (
      await findDeliveries(
        models.deliveries,
        page.map((entry) => entry._id),
      )
    ).map((delivery) => [delivery._id, delivery]),
  );
  const items: DeliveryProblemItem[] = [];
  for (const entry of page) {
    const delivery = deliveries.get(entry._id);
    if (!delivery || delivery.status === 'sent') {
      await forgetDeliveryProblem(models.deliveryProblems, entry._id);
      continue;
    }
    if (needsModeratorAttention(delivery)) items.push(deliveryProblemItem(delivery));
  }
  return { items, nextCursor };
}

function notRetryable(delivery: DeliveryDocument) {
  switch (delivery.status) {
    case 'sent':
      return notAllowed('Este envío ya se entregó: no se envía de nuevo.');
    case 'pending':
    case 'failed':
      return notAllowed(
        'Este envío sigue en curso: el asistente lo reintentará por su cuenta. Solo se reintentan a mano los envíos que dejó de intentar o que no se pudieron entregar.',
      );
    case 'unreachable':
      return notAllowed(
        `Este envío no se puede reintentar: ${delivery.reason ?? 'no hay cómo llegar a la persona'}. La respuesta queda en la página pública, con su código.`,
      );
  }
}

/**
 * A retry claimed this long ago whose delivery is still as it was belongs to a request that died
 * before reopening it: a new request completes it instead of being refused for ever.
 */
const retryCompletionMs = 2 * 60_000;

/**
 * A moderator's "Reintentar" on an ended delivery: one more attempt, by the deliverer, who finds
 * the asker's channel again from the question as it is now.
 *
 * Never a double send: only a delivery the deliverer ended (its last attempt's outcome is on the
 * delivery) may be retried, and not if an attempt after that one was claimed (sent or not, its
 * outcome is unknown); the attempt the retry allows is claimed by the deliverer as any other, by
 * an insert-once of "<deliveryId>@<n>", so with any number of replicas one of them sends it.
 * Two moderators at once: the insert-once of "<deliveryId>~<attempts>" lets one retry it and
 * refuses the other (409). The question's history records who retried what, and when.
 */
export async function retryDelivery(
  context: FollowUpContext,
  deliveryId: string,
  version: number,
  staff: StaffRef,
): Promise<{ delivery: DeliveryProblemItem }> {
  const { models } = context;
  const delivery = await findDelivery(models.deliveries, deliveryId);
  if (!delivery) throw followUpNotFound('No encontramos ese envío.');
  if (delivery.attempts !== version) {
    throw retriedMeanwhile(
      'Este envío cambió desde que lo vio (otra persona lo reintentó o el asistente volvió a intentarlo). Actualice la lista.',
    );
  }
  if (!needsModeratorAttention(delivery)) throw notRetryable(delivery);
  if (await findDeliveryAttempt(models.deliveryAttempts, deliveryId, delivery.attempts + 1)) {
    throw notAllowed(
      'Un intento de este envío no tiene resultado registrado: no se reintenta a ciegas, para no enviarlo dos veces. Avise al equipo técnico.',
    );
  }
  await loadQuestion(context, delivery.questionId);
  const now = context.now();
  const previousStatus = delivery.status === 'failed' ? 'failed' : 'unreachable';
  const claimed = await claimDeliveryRetry(models.deliveryRetries, {
    deliveryId,
    questionId: delivery.questionId,
    afterAttempts: delivery.attempts,
    previousStatus,
    previousReason: delivery.reason ?? null,
    requestedBy: staff,
    requestedAt: now,
  });
  if (!claimed) {
    const held = await findDeliveryRetry(models.deliveryRetries, deliveryId, delivery.attempts);
    if (!held || now.getTime() - held.requestedAt.getTime() < retryCompletionMs)
      throw retriedMeanwhile('Otra persona acaba de pedir que se reintente este envío.');
  }
  await changeAsModerator(context, delivery.questionId, 'delivery-retried', staff, () =>
    auditDetail('retriedDelivery', {
      delivery: deliveryId,
      kind: delivery.kind,
      channel: delivery.channel,
      status: previousStatus,
      attempts: delivery.attempts,
      reason: delivery.reason ?? null,
    }),
  );
  await reopenDelivery(models.deliveries, delivery, delivery.attempts + 1, now);
  context.onDeliveriesQueued?.();
  return {
    delivery: {
      ...deliveryProblemItem({ ...delivery, status: 'pending', reason: null, nextAttemptAt: now }),
      retryable: false,
    },
  };
}
