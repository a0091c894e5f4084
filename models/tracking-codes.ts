import { Schema, type Connection, type Model, type Types } from 'mongoose';

import { insertOnce } from './mongo-errors';

/**
 * Tracking code → question id, one record per question, inserted once when it is registered and
 * never changed. A question's code is asked for by anyone ("estado ANM-…", the public page
 * `/respuestas/{code}`); on the embedded FerretDB only an `{_id}` filter uses an index, so the
 * code is the `_id` here and the question is then read by its own `_id`: two indexed reads
 * instead of a scan of every question.
 */
export interface TrackingCodeDocument {
  _id: string;
  questionId: Types.ObjectId;
}

export const trackingCodeSchema = new Schema<TrackingCodeDocument>(
  {
    _id: { type: String, required: true },
    questionId: { type: Schema.Types.ObjectId, required: true },
  },
  { collection: 'tracking_codes', versionKey: false },
);

export type TrackingCodeModel = Model<TrackingCodeDocument>;

export function trackingCodeModel(connection: Connection): TrackingCodeModel {
  return connection.model<TrackingCodeDocument>('TrackingCode', trackingCodeSchema);
}

/** Idempotent: recording the same code again (a retried registration, the migration) is a no-op. */
export async function recordTrackingCode(
  model: TrackingCodeModel,
  trackingCode: string,
  questionId: Types.ObjectId,
): Promise<void> {
  await insertOnce(model, { _id: trackingCode, questionId });
}

/** The id of the question with this (well-formed) code, by `_id`; null when none has it. */
export async function questionIdOfCode(
  model: TrackingCodeModel,
  trackingCode: string,
): Promise<Types.ObjectId | null> {
  const record = await model.findById(trackingCode, { questionId: 1 }).lean();
  return record?.questionId ?? null;
}
