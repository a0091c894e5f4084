import { Schema, Types, type Connection, type Model } from 'mongoose';

export type { PetitionKind } from '../legal-terms/legal-terms';

import { scrubPersonalData } from '../kernel/personal-data';
import { petitionKinds, type PetitionKind } from '../legal-terms/legal-terms';
import { isDuplicateKeyError } from './mongo-errors';
import {
  claimQuestionVersion,
  eventsAfter,
  forgetPersonalDataInEvents,
  type QuestionActor,
  type QuestionEventModel,
} from './question-events';
import { generateTrackingCode } from './tracking-code';

/**
 * pending → in_review → answered → published; also answered_live (during a live session),
 * duplicate (grouped with another question) and withdrawn (by the citizen).
 */
export const questionStatuses = [
  'pending',
  'in_review',
  'answered',
  'published',
  'answered_live',
  'duplicate',
  'withdrawn',
] as const;
export type QuestionStatus = (typeof questionStatuses)[number];

/** Statuses in which the question no longer waits for an answer. */
export const closedStatuses: readonly QuestionStatus[] = [
  'answered',
  'published',
  'answered_live',
  'duplicate',
  'withdrawn',
];

export interface QuestionContact {
  name: string | null;
  email: string | null;
}

/** Where the question was asked: a chat with the bot, a Teams meeting chat, a Facebook Live comment. */
export const questionOrigins = ['chat', 'meeting-chat', 'live-comment'] as const;
export type QuestionOrigin = (typeof questionOrigins)[number];

export interface ConversationKey {
  channelId: string;
  conversationId: string;
}

export interface QuestionDocument {
  _id: Types.ObjectId;
  trackingCode: string;
  /** Idempotency key: a retried submission (same activity or comment) never makes a second record. */
  submissionKey: string;
  text: string;
  channelId: string;
  /** The accountability space it was asked in; null for ordinary chat. */
  spaceId: Types.ObjectId | null;
  origin: QuestionOrigin;
  /**
   * Near-duplicates in a space form a group: the first question asked is its canonical one
   * (groupId null), the others point to it. Answering the group answers every asker.
   */
  groupId: Types.ObjectId | null;
  status: QuestionStatus;
  petitionKind: PetitionKind;
  receivedAt: Date;
  dueAt: Date;
  consentId: string | null;
  /** Only with consent; never logged. */
  contact: QuestionContact | null;
  /** Pseudonym of channel + user id; null when asked anonymously or after erasure. */
  citizenKey: string | null;
  /** Where to deliver the answer (the stored conversation reference); null without consent. */
  conversationKey: ConversationKey | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const questionSchema = new Schema<QuestionDocument>(
  {
    trackingCode: { type: String, required: true },
    submissionKey: { type: String, required: true },
    text: { type: String, required: true },
    channelId: { type: String, required: true },
    spaceId: { type: Schema.Types.ObjectId, default: null },
    origin: { type: String, enum: questionOrigins, default: 'chat' },
    groupId: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, enum: questionStatuses, required: true },
    petitionKind: { type: String, enum: petitionKinds, required: true },
    receivedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    consentId: { type: String, default: null },
    contact: {
      type: new Schema<QuestionContact>({ name: String, email: String }, { _id: false }),
      default: null,
    },
    citizenKey: { type: String, default: null },
    conversationKey: {
      type: new Schema<ConversationKey>(
        { channelId: String, conversationId: String },
        { _id: false },
      ),
      default: null,
    },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'questions', versionKey: false },
);
questionSchema.index({ trackingCode: 1 }, { unique: true });
questionSchema.index({ submissionKey: 1 }, { unique: true });
questionSchema.index({ citizenKey: 1, receivedAt: -1 });
questionSchema.index({ status: 1, dueAt: 1 });
questionSchema.index({ spaceId: 1, receivedAt: -1 });

export type QuestionModel = Model<QuestionDocument>;

export function questionModel(connection: Connection): QuestionModel {
  return connection.model<QuestionDocument>('Question', questionSchema);
}

export interface QuestionModels {
  questions: QuestionModel;
  questionEvents: QuestionEventModel;
}

export type NewQuestion = Pick<
  QuestionDocument,
  | 'submissionKey'
  | 'text'
  | 'channelId'
  | 'spaceId'
  | 'petitionKind'
  | 'receivedAt'
  | 'dueAt'
  | 'consentId'
  | 'contact'
  | 'citizenKey'
  | 'conversationKey'
> &
  Partial<Pick<QuestionDocument, 'origin' | 'groupId'>>;

const maxCodeAttempts = 5;

/**
 * Stores a new question with a fresh tracking code. A second call with the same submission key
 * (a retried activity) returns the stored question with `created: false`.
 */
export async function registerQuestion(
  models: QuestionModels,
  input: NewQuestion,
  actor: QuestionActor = 'citizen',
): Promise<{ question: QuestionDocument; created: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const now = new Date();
    const question: QuestionDocument = {
      _id: new Types.ObjectId(),
      trackingCode: generateTrackingCode(),
      origin: 'chat',
      groupId: null,
      ...input,
      status: 'pending',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await models.questions.create(question);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await models.questions
        .findOne({ submissionKey: input.submissionKey })
        .lean();
      if (existing) return { question: existing, created: false };
      // Otherwise the tracking code collided (1 in 31^7 per pair): draw another one.
      if (attempt >= maxCodeAttempts) throw error;
      continue;
    }
    await claimQuestionVersion(models.questionEvents, {
      questionId: question._id,
      version: 1,
      type: 'registered',
      at: now,
      actor,
      changes: { status: 'pending' },
    });
    return { question, created: true };
  }
}

export async function findQuestionByCode(
  model: QuestionModel,
  trackingCode: string,
): Promise<QuestionDocument | null> {
  return model.findOne({ trackingCode }).lean();
}

export async function findQuestion(
  model: QuestionModel,
  questionId: Types.ObjectId | string,
): Promise<QuestionDocument | null> {
  return model.findById(questionId).lean();
}

/** A question and the live space it was asked in (null when asked outside one). */
export type QuestionSpace = Pick<QuestionDocument, '_id' | 'spaceId'>;

export async function findQuestionSpace(
  model: QuestionModel,
  questionId: Types.ObjectId,
): Promise<QuestionSpace | null> {
  return model.findById(questionId, { spaceId: 1 }).lean();
}

/** The spaces of the questions that exist among `questionIds`. */
export async function findQuestionSpaces(
  model: QuestionModel,
  questionIds: Types.ObjectId[],
): Promise<QuestionSpace[]> {
  return model.find({ _id: { $in: questionIds } }, { spaceId: 1 }).lean();
}

/** A citizen's questions on one channel, newest first. */
export async function listCitizenQuestions(
  model: QuestionModel,
  citizenKey: string,
  channelId: string,
  limit = 10,
): Promise<QuestionDocument[]> {
  return model.find({ citizenKey, channelId }).sort({ receivedAt: -1 }).limit(limit).lean();
}

export class QuestionChangedError extends Error {
  constructor(readonly trackingCode: string) {
    super(`question ${trackingCode} kept changing while it was being updated`);
    this.name = 'QuestionChangedError';
  }
}

type Change = Partial<Omit<QuestionDocument, '_id' | 'version' | 'createdAt' | 'updatedAt'>>;

/**
 * Applies a change to the current version of a question. `decide` sees the stored question and
 * returns the fields to set, or undefined to leave it as it is. If another writer changed the
 * question meanwhile, `decide` runs again on the new version.
 */
export async function changeQuestion(
  models: QuestionModels,
  questionId: Types.ObjectId,
  type: string,
  actor: QuestionActor,
  decide: (current: QuestionDocument) => Change | undefined,
  maxAttempts = 5,
): Promise<QuestionDocument | undefined> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const current = await currentQuestion(models, questionId);
    if (!current) return undefined;
    const changes = decide(current);
    if (!changes) return current;
    const at = new Date();
    const version = current.version + 1;
    if (
      await claimQuestionVersion(models.questionEvents, {
        questionId,
        version,
        type,
        at,
        actor,
        changes,
      })
    ) {
      await models.questions.updateOne(
        { _id: questionId },
        { $set: { ...changes, version, updatedAt: at } },
      );
      return { ...current, ...changes, version, updatedAt: at };
    }
  }
  const stored = await models.questions.findById(questionId).lean();
  throw new QuestionChangedError(stored?.trackingCode ?? questionId.toHexString());
}

/** The question with any claimed-but-unapplied events replayed (a writer that died mid-change). */
async function currentQuestion(
  models: QuestionModels,
  questionId: Types.ObjectId,
): Promise<QuestionDocument | null> {
  const stored = await models.questions.findById(questionId).lean();
  if (!stored) return null;
  const pending = await eventsAfter(models.questionEvents, questionId, stored.version);
  if (pending.length === 0) return stored;
  let repaired = stored;
  for (const event of pending) {
    repaired = {
      ...repaired,
      ...(event.changes as Change),
      version: event.version,
      updatedAt: event.at,
    };
    await models.questions.updateOne(
      { _id: questionId },
      { $set: { ...event.changes, version: event.version, updatedAt: event.at } },
    );
  }
  return repaired;
}

/**
 * What a withdrawn, erased or expired question keeps: the text without personal data (the name
 * the citizen gave is masked wherever the text repeats it), no way to reach anyone.
 */
function anonymised(question: QuestionDocument): Change {
  return {
    text: scrubPersonalData(question.text, {
      knownNames: question.contact?.name ? [question.contact.name] : [],
    }),
    contact: null,
    citizenKey: null,
    conversationKey: null,
  };
}

/** True when anonymising would change something: a link to a person, or personal data in the text. */
export function holdsPersonalData(
  question: Pick<QuestionDocument, 'text' | 'contact' | 'citizenKey' | 'conversationKey'>,
): boolean {
  return (
    question.contact !== null ||
    question.citizenKey !== null ||
    question.conversationKey !== null ||
    scrubPersonalData(question.text) !== question.text
  );
}

/**
 * Anonymises one question (see `anonymised`) if `applies` still holds on its current version,
 * and strips the same data from its history. Returns the anonymised question, or undefined.
 */
export async function anonymiseQuestion(
  models: QuestionModels,
  questionId: Types.ObjectId,
  type: string,
  actor: QuestionActor,
  applies: (current: QuestionDocument) => Change | boolean,
): Promise<QuestionDocument | undefined> {
  // Decided again on each version another writer left: only the last decision counts.
  const last = { anonymised: false };
  const updated = await changeQuestion(models, questionId, type, actor, (current) => {
    last.anonymised = false;
    const decision = applies(current);
    if (decision === false) return undefined;
    const alongside = decision === true ? {} : decision;
    if (!holdsPersonalData(current) && Object.keys(alongside).length === 0) return undefined;
    last.anonymised = true;
    return { ...alongside, ...anonymised(current) };
  });
  if (!last.anonymised || !updated) return undefined;
  await forgetPersonalDataInEvents(models.questionEvents, questionId, updated.version);
  return updated;
}

export type WithdrawalResult =
  | { outcome: 'withdrawn'; question: QuestionDocument }
  | { outcome: 'not-found' }
  | { outcome: 'already-closed'; question: QuestionDocument };

/** The citizen withdraws their own question; it stays, anonymised, for the public record. */
export async function withdrawQuestion(
  models: QuestionModels,
  trackingCode: string,
  citizenKey: string,
): Promise<WithdrawalResult> {
  const question = await models.questions.findOne({ trackingCode, citizenKey }).lean();
  if (!question) return { outcome: 'not-found' };
  let closedAs: QuestionDocument | undefined;
  const updated = await anonymiseQuestion(
    models,
    question._id,
    'withdrawn',
    'citizen',
    (current) => {
      closedAs = undefined;
      if (current.citizenKey !== citizenKey) return false;
      if (closedStatuses.includes(current.status)) {
        closedAs = current;
        return false;
      }
      return { status: 'withdrawn' };
    },
  );
  if (closedAs) return { outcome: 'already-closed', question: closedAs };
  if (!updated || updated.status !== 'withdrawn') return { outcome: 'not-found' };
  return { outcome: 'withdrawn', question: updated };
}

/**
 * Ley 1581 de 2012, art. 8: the citizen asks to delete their data. Every question of theirs loses
 * its contact, its link to them and to their conversation; the texts stay, anonymised.
 */
export async function eraseCitizenQuestions(
  models: QuestionModels,
  citizenKey: string,
): Promise<number> {
  const questions = await models.questions.find({ citizenKey }, { _id: 1 }).lean();
  let erased = 0;
  for (const { _id } of questions) {
    const updated = await anonymiseQuestion(
      models,
      _id,
      'personal-data-erased',
      'citizen',
      (current) => current.citizenKey === citizenKey,
    );
    if (updated) erased++;
  }
  return erased;
}
