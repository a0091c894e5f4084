import type { Types } from 'mongoose';

import type { StaffRef } from '../kernel/staff-identity';
import {
  claimReplyRetry,
  failedReplies,
  reopenFailedReply,
  replyClaimOfQuestion,
  replyOutcome,
  replyRetryCount,
  type FacebookReplyOutcomeDocument,
  type FailedReply,
} from '../models/facebook-reply';
import { parseObjectId } from '../models/object-id';
import { findQuestion } from '../models/question';
import { findSpace } from '../models/space';
import {
  auditDetail,
  followUpNotFound,
  retriedMeanwhile,
  type FollowUpContext,
} from './follow-up-context';
import { encodeFollowUpCursor, type FollowUpPageRequest } from './follow-up-inputs';
import { changeAsModerator, loadQuestion } from './moderation-context';
import { notAllowed } from './moderation-refusals';

/**
 * The private replies to Facebook Live comments that failed (the Graph API refused them or did
 * not answer), listed for moderators, and their retry. The reply is the acknowledgement the
 * commenter gets in Messenger during the session: their tracking code and due date. Moderators
 * see the space, when the comment arrived, the tracking code and why it failed; never the
 * commenter's name, their Facebook id or the comment's.
 */

/** Meta accepts a private reply within 7 days of the comment. */
const privateReplyWindowMs = 7 * 24 * 60 * 60_000;
/** A retry needs time for the worker's next resume round (one minute by default) and its send. */
const windowMarginMs = 15 * 60_000;
/** Failed replies read per request: far above what 7 days of live sessions leave. */
const maxFailedRead = 2_000;

export interface FailedReplyItem {
  /** The question the comment registered: the retry's id (the comment's id is never shown). */
  id: string;
  trackingCode: string | null;
  space: { id: string; title: string } | null;
  commentedAt: string | null;
  failedAt: string;
  /** The Graph API's last HTTP status; null when it did not answer (network, timeout). */
  graphStatus: number | null;
  attempts: number;
  reason: string;
  retryable: boolean;
  /** The state the retry must name: how many times moderators retried it already. */
  version: number;
}

/** Why it failed, in words, from what the Graph call recorded (its status, never its body). */
export function replyFailureReason(outcome: FacebookReplyOutcomeDocument): string {
  const { status, via } = outcome;
  if (via === 'erased') {
    return 'la persona pidió borrar sus datos antes de que saliera: ya no se envía';
  }
  if (via === 'check') {
    return 'al comprobarla, Facebook indicó que ya no se puede responder ese comentario (borrado, sin permiso o fuera de plazo)';
  }
  if (status === null) return 'Facebook no respondió a tiempo (red o tiempo de espera agotado)';
  if (status === 429) return 'Facebook limitó los envíos de la página por un tiempo (HTTP 429)';
  if (status >= 500) return `Facebook tuvo un error al recibirla (HTTP ${status})`;
  if (status === 401 || status === 403)
    return `la página no tiene permiso para responder en privado: revise el token de la página (HTTP ${status})`;
  if (status === 404) return 'el comentario ya no existe en Facebook (HTTP 404)';
  return `Facebook rechazó la respuesta (HTTP ${status})`;
}

function withinWindow(claimedAt: Date, now: Date): boolean {
  return now.getTime() < claimedAt.getTime() + privateReplyWindowMs - windowMarginMs;
}

const byLatest = (a: FailedReply, b: FailedReply) =>
  b.outcome.at.getTime() - a.outcome.at.getTime() ||
  (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0);

function isAfter(row: FailedReply, cursor: { at: number; id: string }): boolean {
  const at = row.outcome.at.getTime();
  return at < cursor.at || (at === cursor.at && row.questionId > cursor.id);
}

/** One page of failed private replies, latest failure first. */
export async function failedReplyPage(
  context: FollowUpContext,
  request: FollowUpPageRequest<'failed'>,
): Promise<{ items: FailedReplyItem[]; nextCursor: string | null }> {
  const { models } = context;
  const now = context.now();
  const { after } = request;
  const rows = (await failedReplies(models, maxFailedRead))
    .sort(byLatest)
    .filter((row) => !after || isAfter(row, after));
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  const spaces = new Map<string, Promise<{ id: string; title: string } | null>>();
  const spaceOf = (id: Types.ObjectId) => {
    const key = id.toHexString();
    let found = spaces.get(key);
    if (!found) {
      found = findSpace(models, id).then((space) => space && { id: key, title: space.title });
      spaces.set(key, found);
    }
    return found;
  };
  const items = await Promise.all(
    page.map(async (row): Promise<FailedReplyItem> => {
      const questionId = parseObjectId(row.questionId);
      const question = questionId ? await findQuestion(models.questions, questionId) : null;
      return {
        id: row.questionId,
        trackingCode: question?.trackingCode ?? null,
        space: question?.spaceId ? await spaceOf(question.spaceId) : null,
        commentedAt: question?.receivedAt.toISOString() ?? null,
        failedAt: row.outcome.at.toISOString(),
        graphStatus: row.outcome.status,
        attempts: row.outcome.attempts,
        reason: replyFailureReason(row.outcome),
        retryable:
          question !== null &&
          row.sendable &&
          context.facebookConfigured &&
          withinWindow(row.claimedAt, now),
        version: await replyRetryCount(models, row.replyKey),
      };
    }),
  );
  return {
    items,
    nextCursor:
      rows.length > request.limit && last
        ? encodeFollowUpCursor({ at: last.outcome.at.getTime(), id: last.questionId })
        : null,
  };
}

/**
 * A moderator's "Reintentar" on a failed private reply. It does not send: it takes the failed
 * outcome off the reply's claim, and the Facebook event worker's resume round, which looks for
 * claims without an outcome (every minute, FACEBOOK_RESUME_INTERVAL_MS), first asks the Graph
 * API whether the comment already got its one private reply, and sends only if not. That check
 * is what keeps a reply from going out twice: a claim without an outcome is never sent blindly.
 * A claim less than 5 minutes old waits until then (its sender could still be running).
 *
 * Only a recorded failure is retried: no outcome means a send or a check in flight (or a sender
 * that died, which the worker resumes by itself), and `sent` is final. Two moderators at once:
 * the insert-once of "<replyKey>@<n>" lets one retry it and refuses the other (409).
 */
export async function retryFailedReply(
  context: FollowUpContext,
  questionId: Types.ObjectId,
  version: number,
  staff: StaffRef,
): Promise<{ reply: { id: string; state: 'queued'; version: number } }> {
  const { models } = context;
  const id = questionId.toHexString();
  const claim = await replyClaimOfQuestion(models, id);
  if (!claim)
    throw followUpNotFound('No encontramos una respuesta privada de Facebook para esa pregunta.');
  const outcome = await replyOutcome(models, claim._id);
  if (!outcome) {
    throw notAllowed(
      'La respuesta privada de esa pregunta se está enviando o comprobando: aún no tiene resultado. No se reintenta a ciegas, para no enviarla dos veces.',
    );
  }
  if (outcome.state === 'sent') throw notAllowed('La respuesta privada ya se envió.');
  if (claim.commentId === undefined) {
    throw notAllowed(
      'La persona pidió borrar sus datos: ya no guardamos su comentario y la respuesta privada no se puede enviar.',
    );
  }
  if (!context.facebookConfigured) {
    throw notAllowed(
      'Facebook no está configurado en este servidor: no hay quién envíe la respuesta privada.',
    );
  }
  const now = context.now();
  if (!withinWindow(claim.claimedAt, now)) {
    throw notAllowed(
      'Facebook solo admite la respuesta privada durante los 7 días siguientes al comentario: ya no se puede enviar.',
    );
  }
  const retries = await replyRetryCount(models, claim._id);
  if (retries !== version) {
    throw retriedMeanwhile(
      'Esta respuesta cambió desde que la vio: otra persona la reintentó. Actualice la lista.',
    );
  }
  await loadQuestion(context, questionId);
  const failed = {
    status: outcome.status,
    attempts: outcome.attempts,
    at: outcome.at,
    via: outcome.via ?? 'send',
  };
  const claimed = await claimReplyRetry(models, {
    replyKey: claim._id,
    questionId: id,
    retry: retries + 1,
    requestedBy: staff,
    requestedAt: now,
    failed,
  });
  if (!claimed)
    throw retriedMeanwhile('Otra persona acaba de pedir que se reintente esta respuesta.');
  await changeAsModerator(context, questionId, 'private-reply-retried', staff, () =>
    auditDetail('retriedPrivateReply', {
      graphStatus: outcome.status,
      attempts: outcome.attempts,
      failedAt: outcome.at.toISOString(),
      reason: replyFailureReason(outcome),
    }),
  );
  // A process that dies here leaves the retry recorded and the failure in place: the list shows
  // it failed, at the next version, and a new "Reintentar" completes it.
  await reopenFailedReply(models, claim._id, outcome.at);
  return { reply: { id, state: 'queued', version: retries + 1 } };
}
