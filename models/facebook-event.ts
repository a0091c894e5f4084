import { Schema, type Connection, type Model } from 'mongoose';

import { isDuplicateKeyError } from './mongo-errors';

/**
 * A Page webhook delivery, stored before the bot answers Meta, processed after. `_id` is the
 * SHA-256 of the signed body: Meta's retries of a delivery are the same bytes, so they are
 * stored once. Commenters' names are removed before storing (see withoutProfiles).
 */
export interface FacebookEventDocument {
  _id: string;
  receivedAt: Date;
  /** The notification; null once processed (its questions hold what mattered). */
  payload: unknown;
  state: 'received' | 'processed' | 'failed';
  attempts: number;
  processedAt: Date | null;
  /** An error code, never a message that could carry a comment's text. */
  lastError: string | null;
}

const facebookEventSchema = new Schema<FacebookEventDocument>(
  {
    _id: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    payload: { type: Schema.Types.Mixed, default: null },
    state: { type: String, enum: ['received', 'processed', 'failed'], required: true },
    attempts: { type: Number, required: true },
    processedAt: { type: Date, default: null },
    lastError: { type: String, default: null },
  },
  { collection: 'facebook_events', versionKey: false, minimize: false },
);
facebookEventSchema.index({ state: 1, receivedAt: 1 });

export type FacebookEventModel = Model<FacebookEventDocument>;

export function facebookEventModel(connection: Connection): FacebookEventModel {
  return connection.model<FacebookEventDocument>('FacebookEvent', facebookEventSchema);
}

/** Stores a delivery; false when the same delivery was stored before (a retry by Meta). */
export async function storeFacebookEvent(
  model: FacebookEventModel,
  id: string,
  payload: unknown,
  receivedAt: Date,
): Promise<boolean> {
  try {
    await model.create({
      _id: id,
      receivedAt,
      payload,
      state: 'received',
      attempts: 0,
      processedAt: null,
      lastError: null,
    });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * Drops deliveries processed before `before`. Meta retries a delivery for up to 36 hours, so
 * keeping them a little longer still recognises a late retry; after that, a retry is processed
 * again and changes nothing (captures and replies are idempotent by comment id).
 */
export async function purgeProcessedEvents(
  model: FacebookEventModel,
  before: Date,
): Promise<number> {
  const result = await model.deleteMany({ state: 'processed', processedAt: { $lt: before } });
  return result.deletedCount;
}

export async function eventsToProcess(
  model: FacebookEventModel,
  limit: number,
): Promise<FacebookEventDocument[]> {
  return model.find({ state: 'received' }).sort({ receivedAt: 1 }).limit(limit).lean();
}

/**
 * A comment's private reply. The insert of `_id` = comment id is the claim: one reply per
 * comment, however many times the delivery is processed.
 */
export interface FacebookReplyDocument {
  _id: string;
  questionId: string;
  state: 'sending' | 'sent' | 'failed';
  attempts: number;
  status: number | null;
  claimedAt: Date;
  sentAt: Date | null;
}

const facebookReplySchema = new Schema<FacebookReplyDocument>(
  {
    _id: { type: String, required: true },
    questionId: { type: String, required: true },
    state: { type: String, enum: ['sending', 'sent', 'failed'], required: true },
    attempts: { type: Number, required: true },
    status: { type: Number, default: null },
    claimedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { collection: 'facebook_replies', versionKey: false },
);
facebookReplySchema.index({ state: 1 });

export type FacebookReplyModel = Model<FacebookReplyDocument>;

export function facebookReplyModel(connection: Connection): FacebookReplyModel {
  return connection.model<FacebookReplyDocument>('FacebookReply', facebookReplySchema);
}

/** True for the one caller that may send the reply to this comment. */
export async function claimFacebookReply(
  model: FacebookReplyModel,
  commentId: string,
  questionId: string,
): Promise<boolean> {
  try {
    await model.create({
      _id: commentId,
      questionId,
      state: 'sending',
      attempts: 0,
      status: null,
      claimedAt: new Date(),
      sentAt: null,
    });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
