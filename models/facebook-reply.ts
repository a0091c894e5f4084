import { Schema, type Connection, type Model } from 'mongoose';

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

export interface FacebookReplyModels {
  facebookReplies: Model<FacebookReplyClaimDocument>;
  facebookReplyOutcomes: Model<FacebookReplyOutcomeDocument>;
}

export function facebookReplyModels(connection: Connection): FacebookReplyModels {
  return {
    facebookReplies: connection.model<FacebookReplyClaimDocument>(
      'FacebookReply',
      facebookReplyClaimSchema,
    ),
    facebookReplyOutcomes: connection.model<FacebookReplyOutcomeDocument>(
      'FacebookReplyOutcome',
      facebookReplyOutcomeSchema,
    ),
  };
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
  await models.facebookReplyOutcomes.deleteMany({ _id: { $in: ids } });
  await models.facebookReplies.deleteMany({ _id: { $in: ids } });
  return ids.length;
}
