import { Schema, type Connection, type Model } from 'mongoose';

import type { StaffRef } from '../kernel/staff-identity';
import { insertOnce } from './mongo-errors';

/**
 * The claim on a comment's private reply. The insert of `_id` = the comment's reply key (its
 * question's submission key, a pseudonym: models/submission-keys.ts) is the claim: one reply per
 * comment, however many times its delivery is processed. The raw comment id, which the Graph API
 * needs to send, is kept beside it until the commenter asks for their data to be erased. Like the
 * deliveries, claims and outcomes are inserted, never updated otherwise (see facebook-event.ts).
 */
export interface FacebookReplyClaimDocument {
  _id: string;
  /** Facebook's comment id; absent once the commenter's data was erased. */
  commentId?: string;
  questionId: string;
  claimedAt: Date;
}

const facebookReplyClaimSchema = new Schema<FacebookReplyClaimDocument>(
  {
    _id: { type: String, required: true },
    commentId: { type: String },
    questionId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'facebook_replies', versionKey: false },
);

/** How a private reply ended; a claim without one is being sent, or its sender died. */
export interface FacebookReplyOutcomeDocument {
  /** The comment's reply key (the claim's `_id`). */
  _id: string;
  state: 'sent' | 'failed';
  /** The Graph API's last HTTP status; null for a network failure or a timeout. */
  status: number | null;
  attempts: number;
  at: Date;
  /**
   * 'send': the outcome of our own Graph call. 'check': a claim resumed after a crash, found
   * already answered by the Graph API (the reply went out before the crash; its message id is
   * unknown) or not answerable any more; nothing was sent then. 'erased': the commenter asked for
   * their data to be erased before the reply went out; it is never sent.
   */
  via?: 'send' | 'check' | 'erased';
}

const facebookReplyOutcomeSchema = new Schema<FacebookReplyOutcomeDocument>(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ['sent', 'failed'], required: true },
    status: { type: Number, default: null },
    attempts: { type: Number, required: true },
    at: { type: Date, required: true },
    via: { type: String, enum: ['send', 'check', 'erased'], default: 'send' },
  },
  { collection: 'facebook_reply_outcomes', versionKey: false },
);

/**
 * A moderator's request to try a failed private reply again: `_id` "<replyKey>@<n>", the n-th
 * retry of that comment's reply. Inserting it is the claim that makes two moderators clicking at
 * once retry it once; it keeps the failed outcome it replaced (outcomes are never updated: the
 * retry removes the failed one, see `reopenFailedReply`).
 */
export interface FacebookReplyRetryDocument {
  _id: string;
  replyKey: string;
  questionId: string;
  retry: number;
  requestedBy: StaffRef;
  requestedAt: Date;
  failed: Pick<FacebookReplyOutcomeDocument, 'status' | 'attempts' | 'at' | 'via'>;
}

const facebookReplyRetrySchema = new Schema<FacebookReplyRetryDocument>(
  {
    _id: { type: String, required: true },
    replyKey: { type: String, required: true },
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
  claim: { replyKey: string; commentId: string; questionId: string },
  at: Date = new Date(),
): Promise<boolean> {
  return insertOnce(models.facebookReplies, {
    _id: claim.replyKey,
    commentId: claim.commentId,
    questionId: claim.questionId,
    claimedAt: at,
  });
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
  replyKey: string,
): Promise<FacebookReplyOutcomeDocument | null> {
  return models.facebookReplyOutcomes.findById(replyKey).lean();
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
    .filter(
      (claim) => claim.commentId !== undefined && !ended.has(claim._id) && !excluded.has(claim._id),
    )
    .slice(0, limit);
}

/**
 * Ley 1581 de 2012, art. 8: the private replies to an erased commenter's comments keep no
 * comment id. A reply not sent yet never will be (an 'erased' outcome ends its claim, so no
 * replica resumes it); the claims stay, under their pseudonymous keys, so that a late redelivery
 * of the comment is not answered again. Returns how many claims were found.
 */
export async function forgetReplyComments(
  models: FacebookReplyModels,
  replyKeys: readonly string[],
  at: Date,
): Promise<number> {
  if (replyKeys.length === 0) return 0;
  const claims = await models.facebookReplies.find({ _id: { $in: replyKeys } }, { _id: 1 }).lean();
  if (claims.length === 0) return 0;
  const ids = claims.map((claim) => claim._id);
  for (const _id of ids) {
    await insertOnce(models.facebookReplyOutcomes, {
      _id,
      state: 'failed',
      status: null,
      attempts: 0,
      at,
      via: 'erased',
    });
  }
  await models.facebookReplies.updateMany({ _id: { $in: ids } }, { $unset: { commentId: 1 } });
  return ids.length;
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
  await retriesBeside(models).deleteMany({ replyKey: { $in: ids } });
  await models.facebookReplyOutcomes.deleteMany({ _id: { $in: ids } });
  await models.facebookReplies.deleteMany({ _id: { $in: ids } });
  return ids.length;
}

/** A failed private reply as the moderators' list reads it: the outcome and its claim. */
export interface FailedReply {
  replyKey: string;
  /** False once the commenter's data was erased: the reply cannot be sent any more. */
  sendable: boolean;
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
            replyKey: claim._id,
            sendable: claim.commentId !== undefined,
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

export function replyRetryId(replyKey: string, retry: number): string {
  return `${replyKey}@${retry}`;
}

/** How many times moderators retried this reply: read one `_id` at a time, at most `max`. */
export async function replyRetryCount(
  models: FacebookReplyModels,
  replyKey: string,
  max = 100,
): Promise<number> {
  const retries = retriesBeside(models);
  let count = 0;
  while (count < max && (await retries.exists({ _id: replyRetryId(replyKey, count + 1) }))) count++;
  return count;
}

/** True for the one caller, across every replica, that makes retry number `retry.retry`. */
export function claimReplyRetry(
  models: FacebookReplyModels,
  retry: Omit<FacebookReplyRetryDocument, '_id'>,
): Promise<boolean> {
  return insertOnce(retriesBeside(models), {
    _id: replyRetryId(retry.replyKey, retry.retry),
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
  replyKey: string,
  failedAt: Date,
): Promise<boolean> {
  const result = await models.facebookReplyOutcomes.deleteOne({
    _id: replyKey,
    state: 'failed',
    at: failedAt,
  });
  return result.deletedCount > 0;
}
