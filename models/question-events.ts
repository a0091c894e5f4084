import { Schema, Types, type Connection, type Model } from 'mongoose';

import { isDuplicateKeyError } from './mongo-errors';

export type QuestionActor = 'citizen' | 'moderator' | 'staff' | 'system';

/**
 * The history of a question, one event per version: `_id` "<questionId>#<version>".
 *
 * Inserting the event for version n+1 is how a writer claims the right to change the question:
 * FerretDB 1.x makes only inserts under a unique key atomic (an update filtered on `version` can
 * match twice under concurrency). The event also carries the fields it set, so a change whose
 * process died between the claim and the update of the question can be replayed.
 */
export interface QuestionEventDocument {
  _id: string;
  questionId: Types.ObjectId;
  version: number;
  type: string;
  at: Date;
  actor: QuestionActor;
  /** The question fields this event set (never the citizen's contact data). */
  changes: Record<string, unknown>;
}

export const questionEventSchema = new Schema<QuestionEventDocument>(
  {
    _id: { type: String, required: true },
    questionId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, enum: ['citizen', 'moderator', 'staff', 'system'], required: true },
    changes: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'question_events', versionKey: false, minimize: false },
);
questionEventSchema.index({ questionId: 1, version: 1 });

export type QuestionEventModel = Model<QuestionEventDocument>;

export function questionEventModel(connection: Connection): QuestionEventModel {
  return connection.model<QuestionEventDocument>('QuestionEvent', questionEventSchema);
}

export function questionEventId(questionId: Types.ObjectId, version: number): string {
  return `${questionId.toHexString()}#${version}`;
}

/** Inserts the event; false when another writer already holds that version. */
export async function claimQuestionVersion(
  model: QuestionEventModel,
  event: Omit<QuestionEventDocument, '_id'>,
): Promise<boolean> {
  try {
    await model.create({ _id: questionEventId(event.questionId, event.version), ...event });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

export async function eventsAfter(
  model: QuestionEventModel,
  questionId: Types.ObjectId,
  version: number,
): Promise<QuestionEventDocument[]> {
  return model
    .find({ questionId, version: { $gt: version } })
    .sort({ version: 1 })
    .lean();
}

/**
 * Once a question is anonymised, its history must not keep what the question no longer holds:
 * earlier events lose the text, contact, citizen key and conversation (with its raw channel id)
 * they set. Only events up to `appliedVersion`, which the question already reflects, are touched:
 * a later event may still be needed to replay a change.
 */
export async function forgetPersonalDataInEvents(
  model: QuestionEventModel,
  questionId: Types.ObjectId,
  appliedVersion: number,
): Promise<void> {
  await model.updateMany(
    {
      questionId,
      version: { $lt: appliedVersion },
      $or: personalEventFields.map((field) => ({ [`changes.${field}`]: { $exists: true } })),
    },
    { $unset: Object.fromEntries(personalEventFields.map((field) => [`changes.${field}`, 1])) },
  );
}

const personalEventFields = ['text', 'contact', 'citizenKey', 'conversationKey'] as const;
