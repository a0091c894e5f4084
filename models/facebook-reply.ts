import { Schema, type Connection, type Model } from 'mongoose';

import type { StaffRef } from '../kernel/staff-identity';
import { insertOnce } from './mongo-errors';

/**
 * The claim on a comment's private reply. The insert of `_id` = comment id is the claim: one
 * reply per comment, however many times its delivery is processed. Like the deliveries, claims
 * and outcomes are inserted, never updated (see facebook-event.ts).
 */
export interface FacebookReplyClaimDocument {
  _id: string;
  questionId: string;
  claimedAt: Date;
}

const facebookReplyClaimSchema = new Schema<FacebookReplyClaimDocument>(
  {
    _id: { type: String, required: true },
    questionId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'facebook_replies', versionKey: false },
);

/** How a private reply ended; a claim without one is being sent, or its sender died. */
export interface FacebookReplyOutcomeDocument {
  /** The comment id. */
  _id: string;
  state: 'sent' | 'failed';
  /** The Graph API's last HTTP status; null for a network failure or a timeout. */
  status: number | null;
  attempts: number;
  at: Date;
  /**
   * 'send': the outcome of our own Graph call. 'check': a claim resumed after a crash, found
   * already answered by the Graph API (the reply went out before the crash; its message id is
   * unknown) or not answerable any more; nothing was sent then.
   */
  via?: 'send' | 'check';
}

const facebookReplyOutcomeSchema = new Schema<FacebookReplyOutcomeDocument>(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ['sent', 'failed'], required: true },
    status: { type: Number, default: null },
    attempts: { type: Number, required: true },
    at: { type: Date, required: true },
    via: { type: String, enum: ['send', 'check'], default: 'send' },
  },
  { collection: 'facebook_reply_outcomes', versionKey: false },
);

/**
 * A moderator's request to try a failed private reply again: `_id` "<commentId>@<n>", the n-th
 * retry of that comment's reply. Inserting it is the claim that makes two moderators clicking at
 * once retry it once; it keeps the failed outcome it replaced (outcomes are never updated: the
 * retry removes the failed one, see `reopenFailedReply`).
 */
export interface FacebookReplyRetryDocument {
  _id: string;
  commentId: string;
  questionId: string;
  retry: number;
  requestedBy: StaffRef;
  requestedAt: Date;
  failed: Pick<FacebookReplyOutcomeDocument, 'status' | 'attempts' | 'at' | 'via'>;
}

const facebookReplyRetrySchema = new Schema<FacebookReplyRetryDocument>(
  {
    _id: { type: String, required: true },
    commentId: { type: String, required: true },
    questionId: { type: String, required: true },
    retry: { type: Number, required: true },
    requestedBy: {
      type: new Schema<StaffRef>({ subject: String, name: String }, { _id: false }),
      required: true,
    },
    requestedAt: { type: Date, required: true },
    failed: {
      type: new Schema({ status: Number, attempts: Number, at: Date, via: String }, { _id: false }),
      required: true,
    },
  },
  { collection: 'facebook_reply_retries', versionKey: false },
);

export interface FacebookReplyModels {
  facebookReplies: Model<FacebookReplyClaimDocument>;
  facebookReplyOutcomes: Model<FacebookReplyOutcomeDocument>;
}

export interface FacebookReplyRetryModels {
  facebookReplyRetries: Model<FacebookReplyRetryDocument>;
}

export function facebookReplyModels(
  connection: Connection,
): FacebookReplyModels & FacebookReplyRetryModels {
  return {
    facebookReplies: connection.model<FacebookReplyClaimDocument>(
      'FacebookReply',
      facebookReplyClaimSchema,
    ),
    facebookReplyOutcomes: connection.model<FacebookReplyOutcomeDocument>(
      'FacebookReplyOutcome',
      facebookReplyOutcomeSchema,
    ),
    facebookReplyRetries: connection.model<FacebookReplyRetryDocument>(
      'FacebookReplyRetry',
      facebookReplyRetrySchema,
    ),
  };
}

/** The retries' model on the claims' connection (callers that hold only the reply models). */
function retriesBeside(models: FacebookReplyModels): Model<FacebookReplyRetryDocument> {
  const registered = models.facebookReplies.db.models.FacebookReplyRetry as
    Model<FacebookReplyRetryDocument> | undefined;
  return registered ?? facebookReplyModels(models.facebookReplies.db).facebookReplyRetries;
}

/** True for the one caller that may send the reply to this comment. */
export async function claimFacebookReply(
  models: FacebookReplyModels,
  commentId: string,
  questionId: string,
  at: Date = new Date(),
): Promise<boolean> {
  return insertOnce(models.facebookReplies, { _id: commentId, questionId, claimedAt: at });
}

/** Records how a reply ended; when two senders raced (a resumed claim), the first one stands. */
export async function recordReplyOutcome(
  models: FacebookReplyModels,
  outcome: FacebookReplyOutcomeDocument,
): Promise<void> {
  await insertOnce(models.facebookReplyOutcomes, outcome);
}

export async function replyOutcome(
  models: FacebookReplyModels,
  commentId: string,
): Promise<FacebookReplyOutcomeDocument | null> {
  return models.facebookReplyOutcomes.findById(commentId).lean();
}

/**
 * Claims made between `after` and `before` that have no outcome (their sender died), leaving
 * out those in `excluded` (being sent by this process), oldest first.
 */
export async function stalledReplyClaims(
  models: FacebookReplyModels,
  after: Date,
  before: Date,
  limit: number,
  excluded: ReadonlySet<string> = new Set(),
): Promise<FacebookReplyClaimDocument[]> {
  const claims = await models.facebookReplies
    .find({ claimedAt: { $gt: after, $lt: before } })
    .sort({ claimedAt: 1 })
    .lean();
  if (claims.length === 0) return [];
  const ended = new Set(
    (
      await models.facebookReplyOutcomes
        .find({ _id: { $in: claims.map((claim) => claim._id) } }, { _id: 1 })
        .lean()
    ).map((outcome) => outcome._id),
  );
  return claims
    .filter((claim) => !ended.has(claim._id) && !excluded.has(claim._id))
    .slice(0, limit);
}

/**
 * Drops claims and outcomes older than `before`. Meta accepts a private reply within 7 days of
 * the comment, so after that a claim protects nothing.
 */
export async function purgeOldReplies(models: FacebookReplyModels, before: Date): Promise<number> {
  const ids = (
    await models.facebookReplies.find({ claimedAt: { $lt: before } }, { _id: 1 }).lean()
  ).map((claim) => claim._id);
  if (ids.length === 0) return 0;
  await retriesBeside(models).deleteMany({ commentId: { $in: ids } });
  await models.facebookReplyOutcomes.deleteMany({ _id: { $in: ids } });
  await models.facebookReplies.deleteMany({ _id: { $in: ids } });
  return ids.length;
}

/** A failed private reply as the moderators' list reads it: the outcome and its claim. */
export interface FailedReply {
  commentId: string;
  questionId: string;
  claimedAt: Date;
  outcome: FacebookReplyOutcomeDocument;
}

/**
 * Every private reply whose outcome is `failed`, latest first, at most `limit`. Claims and
 * outcomes are purged after Meta's 7-day window, so both collections stay small: one scan each.
 */
export async function failedReplies(
  models: FacebookReplyModels,
  limit: number,
): Promise<FailedReply[]> {
  const outcomes = await models.facebookReplyOutcomes
    .find({ state: 'failed' })
    .sort({ at: -1 })
    .limit(limit)
    .lean();
  if (outcomes.length === 0) return [];
  const claims = await models.facebookReplies
    .find({ _id: { $in: outcomes.map((outcome) => outcome._id) } })
    .lean();
  const claimOf = new Map(claims.map((claim) => [claim._id, claim]));
  return outcomes.flatMap((outcome) => {
    const claim = claimOf.get(outcome._id);
    return claim
      ? [
          {
            commentId: claim._id,
            questionId: claim.questionId,
            claimedAt: claim.claimedAt,
            outcome,
          },
        ]
      : [];
  });
}

/** The claim on the private reply to the comment that registered this question, if any. */
export async function replyClaimOfQuestion(
  models: FacebookReplyModels,
  questionId: string,
): Promise<FacebookReplyClaimDocument | null> {
  return models.facebookReplies.findOne({ questionId }).lean();
}

export function replyRetryId(commentId: string, retry: number): string {
  return `${commentId}@${retry}`;
}

/** How many times moderators retried this reply: read one `_id` at a time, at most `max`. */
export async function replyRetryCount(
  models: FacebookReplyModels,
  commentId: string,
  max = 100,
): Promise<number> {
  const retries = retriesBeside(models);
  let count = 0;
  while (count < max && (await retries.exists({ _id: replyRetryId(commentId, count + 1) })))
    count++;
  return count;
}

/** True for the one caller, across every replica, that makes retry number `retry.retry`. */
export function claimReplyRetry(
  models: FacebookReplyModels,
  retry: Omit<FacebookReplyRetryDocument, '_id'>,
): Promise<boolean> {
  return insertOnce(retriesBeside(models), {
    _id: replyRetryId(retry.commentId, retry.retry),
    ...retry,
  });
}

/**
 * Removes the failed outcome `failedAt` of a comment's reply, so that its claim is one without
 * an outcome again: the Facebook event worker's resume round (live/facebook/live-comments.ts)
 * then asks the Graph API whether the comment already got its reply and sends it only if not.
 * Called by the holder of the retry's claim only. False when that outcome was not there.
 */
export async function reopenFailedReply(
  models: FacebookReplyModels,
  commentId: string,
  failedAt: Date,
): Promise<boolean> {
  const result = await models.facebookReplyOutcomes.deleteOne({
    _id: commentId,
    state: 'failed',
    at: failedAt,
  });
  return result.deletedCount > 0;
}
