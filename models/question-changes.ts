import { Schema, type Connection, type Model, type Types } from 'mongoose';

import { insertOnce } from './mongo-errors';

/**
 * The change feed of questions: one record per question write (a registration or a new
 * version), `_id` "<questionId>#<version>", so recording the same version twice (a replayed
 * change) leaves one record. Whoever keeps questions in memory (the moderators' queue on each
 * replica) polls it by time and reloads the questions it names by `_id`.
 *
 * It is kept small on purpose: records older than an hour are purged by the housekeeping job
 * (`forgetQuestionChanges`). A filter on `at` reads the whole collection on the embedded
 * FerretDB, which is cheap only while the collection stays that small.
 */
/**
 * How long a record is kept (`forgetQuestionChanges(model, now − this)`). A reader that has not
 * read the feed for longer may have missed records, and reads every question again instead.
 */
export const questionChangeRetentionMs = 60 * 60_000;

export interface QuestionChangeDocument {
  _id: string;
  questionId: Types.ObjectId;
  version: number;
  at: Date;
}

export const questionChangeSchema = new Schema<QuestionChangeDocument>(
  {
    _id: { type: String, required: true },
    questionId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'question_changes', versionKey: false },
);

export type QuestionChangeModel = Model<QuestionChangeDocument>;

export function questionChangeModel(connection: Connection): QuestionChangeModel {
  return connection.model<QuestionChangeDocument>('QuestionChange', questionChangeSchema);
}

export async function recordQuestionChange(
  model: QuestionChangeModel,
  questionId: Types.ObjectId,
  version: number,
  at: Date,
): Promise<void> {
  await insertOnce(model, {
    _id: `${questionId.toHexString()}#${version}`,
    questionId,
    version,
    at,
  });
}

/** The changes recorded at or after `since`, in no particular order. */
export async function questionChangesSince(
  model: QuestionChangeModel,
  since: Date,
): Promise<QuestionChangeDocument[]> {
  return model.find({ at: { $gte: since } }).lean();
}

/**
 * For the housekeeping job, with `before` = now − `questionChangeRetentionMs`. Each read of the
 * feed costs about 0.07 ms per record on the embedded store (bench/README.md): purging often
 * keeps it small.
 */
export async function forgetQuestionChanges(
  model: QuestionChangeModel,
  before: Date,
): Promise<number> {
  const result = await model.deleteMany({ at: { $lt: before } });
  return result.deletedCount;
}
