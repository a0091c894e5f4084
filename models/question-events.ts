import { Schema, type Connection, type Model, type Types } from 'mongoose';

import type { StaffRef } from '../kernel/staff-identity';
import { isDuplicateKeyError } from './mongo-errors';

export type QuestionActor = 'citizen' | 'moderator' | 'staff' | 'system';

/**
 * Who changes a question: a kind of actor, and for staff the person (their token's subject and
 * display name, never an e-mail) so that the history says who did what.
 */
export type QuestionAuthor = QuestionActor | { actor: QuestionActor; staff: StaffRef };

/**
 * The history of a question, one event per version: `_id` "<questionId>#<version>".
 *
 * Inserting the event for version n+1 is how a writer claims the right to change the question:
 * FerretDB 1.x makes only inserts under a unique key atomic (an update filtered on `version` can
 * match twice under concurrency). The event also carries the fields it set, so a change whose
 * process died between the claim and the update of the question can be replayed, and what those
 * fields held before, so the history reads "who, when, what, before and after".
 */
export interface QuestionEventDocument {
  _id: string;
  questionId: Types.ObjectId;
  version: number;
  type: string;
  at: Date;
  actor: QuestionActor;
  /** The staff member who acted; null for citizens, the system and earlier events. */
  by: StaffRef | null;
  /** The question fields this event set (never the citizen's contact data). */
  changes: Record<string, unknown>;
  /**
   * What those fields held before, except the ones that can hold personal data (text, contact,
   * citizen key, conversation), which are never copied into the history.
   */
  before: Record<string, unknown>;
}

export const questionEventSchema = new Schema<QuestionEventDocument>(
  {
    _id: { type: String, required: true },
    questionId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, enum: ['citizen', 'moderator', 'staff', 'system'], required: true },
    by: {
      type: new Schema<StaffRef>({ subject: String, name: String }, { _id: false }),
      default: null,
    },
    changes: { type: Schema.Types.Mixed, default: {} },
    before: { type: Schema.Types.Mixed, default: {} },
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

/** The fields of a question that can hold personal data: never copied into `before`. */
export const personalEventFields = ['text', 'contact', 'citizenKey', 'conversationKey'] as const;

export type NewQuestionEvent = Omit<QuestionEventDocument, '_id' | 'by' | 'before'> &
  Partial<Pick<QuestionEventDocument, 'by' | 'before'>>;

/** Inserts the event; false when another writer already holds that version. */
export async function claimQuestionVersion(
  model: QuestionEventModel,
  event: NewQuestionEvent,
): Promise<boolean> {
  try {
    await model.create({
      _id: questionEventId(event.questionId, event.version),
      by: null,
      before: {},
      ...event,
    });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

async function eventAt(
  model: QuestionEventModel,
  questionId: Types.ObjectId,
  version: number,
): Promise<QuestionEventDocument | null> {
  return model.findOne({ _id: questionEventId(questionId, version) }).lean();
}

/**
 * The events claimed after `version`, in order. Read one `_id` at a time (version + 1, + 2, …
 * until one is missing), never with a filter on `questionId`: on the embedded FerretDB only a
 * lookup by `_id` is served by an index, and any other filter reads every event ever stored.
 * Usually there is none, so this is one lookup.
 */
export async function eventsAfter(
  model: QuestionEventModel,
  questionId: Types.ObjectId,
  version: number,
): Promise<QuestionEventDocument[]> {
  const events: QuestionEventDocument[] = [];
  for (let next = version + 1; ; next++) {
    const event = await eventAt(model, questionId, next);
    if (!event) return events;
    events.push(event);
  }
}

/** The history of a question up to `version` (its current one), oldest first, each by `_id`. */
export async function questionHistory(
  model: QuestionEventModel,
  questionId: Types.ObjectId,
  version: number,
): Promise<QuestionEventDocument[]> {
  const versions = Array.from({ length: Math.max(0, version) }, (_, index) => index + 1);
  const events = await Promise.all(versions.map((v) => eventAt(model, questionId, v)));
  return events.filter((event): event is QuestionEventDocument => event !== null);
}

/**
 * Once a question is anonymised, its history must not keep what the question no longer holds:
 * earlier events lose the text, contact, citizen key and conversation (with its raw channel id)
 * they set. Only events up to `appliedVersion`, which the question already reflects, are touched:
 * a later event may still be needed to replay a change. Each event is addressed by `_id` (see
 * `eventsAfter`), and only those that carry such a field are rewritten.
 */
export async function forgetPersonalDataInEvents(
  model: QuestionEventModel,
  questionId: Types.ObjectId,
  appliedVersion: number,
): Promise<void> {
  const events = await questionHistory(model, questionId, appliedVersion - 1);
  const personal = (record: Record<string, unknown> | undefined) =>
    personalEventFields.some((field) => record !== undefined && field in record);
  for (const event of events) {
    if (!personal(event.changes) && !personal(event.before)) continue;
    await model.updateOne(
      { _id: event._id },
      {
        $unset: Object.fromEntries(
          personalEventFields.flatMap((field) => [
            [`changes.${field}`, 1],
            [`before.${field}`, 1],
          ]),
        ),
      },
    );
  }
}
