import { Schema, type Connection, type Model } from 'mongoose';

import { insertOnce } from './mongo-errors';

/*
 * FerretDB 1.24 on SQLite inserts in constant time (unique indexes included), but every query,
 * update or delete scans the collection, even by `_id` (measured at 3,000 documents: 17 ms to
 * find the last one, 34 ms to update it, growing with the collection). The webhook's records
 * are therefore written once and never updated (a delivery, then its outcome in a collection of
 * its own), and the worker processes what it received from memory, reading the database only
 * after a restart.
 */

/**
 * A Page webhook delivery, stored before the bot answers Meta, processed after. `_id` is the
 * SHA-256 of the signed body: Meta's retries of a delivery are the same bytes, so they are
 * stored once. Only what the bot acts on is stored (see storedNotification).
 */
export interface FacebookEventDocument {
  _id: string;
  receivedAt: Date;
  payload: unknown;
}

const facebookEventSchema = new Schema<FacebookEventDocument>(
  {
    _id: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'facebook_events', versionKey: false, minimize: false },
);

/** What became of a delivery: processed, or failed after every attempt. */
export interface FacebookEventOutcomeDocument {
  /** The delivery's `_id`. */
  _id: string;
  state: 'processed' | 'failed';
  attempts: number;
  at: Date;
  /** An error code, never a message that could carry a comment's text. */
  lastError: string | null;
}

const facebookEventOutcomeSchema = new Schema<FacebookEventOutcomeDocument>(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ['processed', 'failed'], required: true },
    attempts: { type: Number, required: true },
    at: { type: Date, required: true },
    lastError: { type: String, default: null },
  },
  { collection: 'facebook_event_outcomes', versionKey: false },
);

export interface FacebookEventModels {
  facebookEvents: Model<FacebookEventDocument>;
  facebookEventOutcomes: Model<FacebookEventOutcomeDocument>;
}

export function facebookEventModels(connection: Connection): FacebookEventModels {
  return {
    facebookEvents: connection.model<FacebookEventDocument>('FacebookEvent', facebookEventSchema),
    facebookEventOutcomes: connection.model<FacebookEventOutcomeDocument>(
      'FacebookEventOutcome',
      facebookEventOutcomeSchema,
    ),
  };
}

/** Stores a delivery; false when the same delivery was stored before (a retry by Meta). */
export async function storeFacebookEvent(
  models: FacebookEventModels,
  id: string,
  payload: unknown,
  receivedAt: Date,
): Promise<boolean> {
  return insertOnce(models.facebookEvents, { _id: id, receivedAt, payload });
}

/** Records what became of a delivery; a second outcome for it (another worker) is ignored. */
export async function recordEventOutcome(
  models: FacebookEventModels,
  outcome: FacebookEventOutcomeDocument,
): Promise<void> {
  await insertOnce(models.facebookEventOutcomes, outcome);
}

/** True once the delivery has an outcome (processed, or failed after every attempt). */
export async function hasEventOutcome(models: FacebookEventModels, id: string): Promise<boolean> {
  return (await models.facebookEventOutcomes.exists({ _id: id })) !== null;
}

/** Deliveries stored without an outcome, oldest first (after a restart: what is left to do). */
export async function unprocessedEvents(
  models: FacebookEventModels,
): Promise<Pick<FacebookEventDocument, '_id' | 'payload'>[]> {
  const done = new Set(
    (await models.facebookEventOutcomes.find({}, { _id: 1 }).lean()).map((outcome) => outcome._id),
  );
  const stored = await models.facebookEvents
    .find({}, { _id: 1, payload: 1, receivedAt: 1 })
    .sort({ receivedAt: 1 })
    .lean();
  return stored
    .filter((event) => !done.has(event._id))
    .map((event) => ({ _id: event._id, payload: event.payload }));
}

/**
 * Drops deliveries processed before `before`, with their outcomes. Meta retries a delivery for
 * up to 36 hours, so keeping them a little longer still recognises a late retry; after that, a
 * retry is processed again and changes nothing (captures and replies are idempotent by comment
 * id). Failed deliveries stay for an operator to look at, until `purgeFailedEvents`.
 */
export function purgeProcessedEvents(models: FacebookEventModels, before: Date): Promise<number> {
  return purgeEventsWithOutcome(models, 'processed', before);
}

/**
 * Drops deliveries that failed before `before`: they hold comments' text and authors, so they
 * are kept only as long as an operator needs to look at them, not for ever.
 */
export function purgeFailedEvents(models: FacebookEventModels, before: Date): Promise<number> {
  return purgeEventsWithOutcome(models, 'failed', before);
}

async function purgeEventsWithOutcome(
  models: FacebookEventModels,
  state: FacebookEventOutcomeDocument['state'],
  before: Date,
): Promise<number> {
  const ids = (
    await models.facebookEventOutcomes.find({ state, at: { $lt: before } }, { _id: 1 }).lean()
  ).map((outcome) => outcome._id);
  if (ids.length === 0) return 0;
  await models.facebookEvents.deleteMany({ _id: { $in: ids } });
  await models.facebookEventOutcomes.deleteMany({ _id: { $in: ids } });
  return ids.length;
}
