import { Schema, type Connection, type Model } from 'mongoose';

import { insertIfAbsent, type BatchCollection } from './write-batch';

/**
 * Activities already processed, by a pseudonymous key of channel, conversation and activity id.
 * Channels retry a POST that timed out; without this a retried message would be answered (and
 * acted on) twice. The insert under a unique `_id` is atomic, also on FerretDB.
 */
export interface ProcessedActivityDocument {
  _id: string;
  processedAt: Date;
}

export const processedActivitySchema = new Schema<ProcessedActivityDocument>(
  { _id: { type: String, required: true }, processedAt: { type: Date, required: true } },
  { collection: 'processed_activities', versionKey: false },
);
processedActivitySchema.index({ processedAt: 1 });

export type ProcessedActivityModel = Model<ProcessedActivityDocument>;

export function processedActivityModel(connection: Connection): ProcessedActivityModel {
  return connection.model<ProcessedActivityDocument>('ProcessedActivity', processedActivitySchema);
}

/** True the first time a key is seen; false for a retry of the same activity. */
export async function markActivityProcessed(
  model: ProcessedActivityModel,
  key: string,
  at: Date,
): Promise<boolean> {
  // Through the driver: this runs in every turn, and a plain insert needs no mongoose document.
  // Grouped with the other turns' keys into one insert (`write-batch.ts`); a duplicate key is
  // still told apart per document.
  return insertIfAbsent(model.collection as unknown as BatchCollection, {
    _id: key,
    processedAt: at,
  });
}

/** Forgets one key, so that a retry of that activity is processed again. */
export async function forgetProcessedActivity(
  model: ProcessedActivityModel,
  key: string,
): Promise<void> {
  await model.deleteOne({ _id: key });
}

/** Channels retry within minutes; keys older than this are no longer needed. */
export async function forgetProcessedActivities(
  model: ProcessedActivityModel,
  before: Date,
): Promise<number> {
  const result = await model.deleteMany({ processedAt: { $lt: before } });
  return result.deletedCount;
}
