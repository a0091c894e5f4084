import { Schema, Types, type Connection, type Model } from 'mongoose';

export type { PetitionKind } from '../legal-terms/legal-terms';
export {
  noModeration,
  withModerationDefaults,
  type QuestionApproval,
  type QuestionDraft,
  type QuestionExtension,
  type QuestionForwarding,
  type QuestionModeration,
  type QuestionRejection,
} from './question-moderation';

import { AppError, errorCodes } from '../kernel/errors';
import { scrubPersonalData } from '../kernel/personal-data';
import type { StaffRef } from '../kernel/staff-identity';
import { petitionKinds, type PetitionKind } from '../legal-terms/legal-terms';
import { isDuplicateKeyError } from './mongo-errors';
import { recordQuestionChange, type QuestionChangeModel } from './question-changes';
import {
  noModeration,
  questionModerationFields,
  withModerationDefaults,
  type QuestionModeration,
} from './question-moderation';
import {
  claimQuestionVersion,
  eventsAfter,
  forgetPersonalDataInEvents,
  personalEventFields,
  type QuestionActor,
  type QuestionAuthor,
  type QuestionEventModel,
} from './question-events';
import { generateTrackingCode } from './tracking-code';
import { questionIdOfCode, recordTrackingCode, type TrackingCodeModel } from './tracking-codes';

/**
 * pending → in_review (a moderator drafted an answer) → published (a second moderator approved
 * it); also answered (earlier versions), answered_live (during a live session), duplicate
 * (grouped with another question), withdrawn (by the citizen), forwarded (to the competent
 * authority, Ley 1755 de 2015 art. 21) and rejected (not a question the ANM must answer).
 */
export const questionStatuses = [
  'pending',
  'in_review',
  'answered',
  'published',
  'answered_live',
  'duplicate',
  'withdrawn',
  'forwarded',
  'rejected',
] as const;
export type QuestionStatus = (typeof questionStatuses)[number];

/** Statuses in which the question no longer waits for an answer. */
export const closedStatuses: readonly QuestionStatus[] = [
  'answered',
  'published',
  'answered_live',
  'duplicate',
  'withdrawn',
  'forwarded',
  'rejected',
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

export interface QuestionDocument extends QuestionModeration {
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
  /**
   * The knowledge base's topic the question is about (knowledge/entry.ts `topics`), found when it
   * was stored, for the reports; null when none was clear. Absent on questions stored before.
   */
  knowledgeTopic?: string | null;
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
    knowledgeTopic: { type: String, default: null },
    ...questionModerationFields,
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
  /** The change feed: every write of a question is announced there (see question-changes.ts). */
  questionChanges: QuestionChangeModel;
  /** Tracking code → question id (see tracking-codes.ts), for lookups by code without a scan. */
  trackingCodes: TrackingCodeModel;
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
  Partial<Pick<QuestionDocument, 'origin' | 'groupId' | 'knowledgeTopic'>>;

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
  // Every write announces itself in the change feed after the question is stored (a reader that
  // sees the record finds the write). A process that dies in between leaves other replicas'
  // queues without this question until its next change: the one gap, accepted and documented.
  for (let attempt = 1; ; attempt++) {
    const now = new Date();
    const question: QuestionDocument = {
      _id: new Types.ObjectId(),
      trackingCode: generateTrackingCode(),
      origin: 'chat',
      groupId: null,
      knowledgeTopic: null,
      ...noModeration,
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
      if (existing) {
        // A retry after a crash between the two inserts below completes the code record.
        await recordTrackingCode(models.trackingCodes, existing.trackingCode, existing._id);
        return { question: withModerationDefaults(existing), created: false };
      }
      // Otherwise the tracking code collided (1 in 31^7 per pair): draw another one.
      if (attempt >= maxCodeAttempts) throw error;
      continue;
    }
    // Insert-only, after the question (whose unique index settled the code): lookups by code
    // read this record by `_id` instead of scanning the questions (findQuestionByTrackingCode).
    await recordTrackingCode(models.trackingCodes, question.trackingCode, question._id);
    await claimQuestionVersion(models.questionEvents, {
      questionId: question._id,
      version: 1,
      type: 'registered',
      at: now,
      actor,
      changes: { status: 'pending' },
    });
    await recordQuestionChange(models.questionChanges, question._id, 1, now);
    return { question, created: true };
  }
}

/**
 * The question with this well-formed code (`parseTrackingCode`), in two `_id` reads: the code
 * record, then the question: it never scans, so anyone may call it.
 */
export async function findQuestionByTrackingCode(
  models: Pick<QuestionModels, 'questions' | 'trackingCodes'>,
  trackingCode: string,
): Promise<QuestionDocument | null> {
  const questionId = await questionIdOfCode(models.trackingCodes, trackingCode);
  return questionId && findQuestion(models.questions, questionId);
}

export async function findQuestion(
  model: QuestionModel,
  questionId: Types.ObjectId | string,
): Promise<QuestionDocument | null> {
  const stored = await model.findById(questionId).lean();
  return stored && withModerationDefaults(stored);
}

/** The questions with these ids that exist, each read by `_id` (the embedded store's index). */
export async function findQuestions(
  model: QuestionModel,
  questionIds: readonly Types.ObjectId[],
): Promise<QuestionDocument[]> {
  const found = await Promise.all(questionIds.map((id) => findQuestion(model, id)));
  return found.filter((question): question is QuestionDocument => question !== null);
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

export class QuestionChangedError extends AppError {
  constructor(readonly trackingCode: string) {
    super(
      errorCodes.questionChanged,
      `question ${trackingCode} kept changing while it was being updated`,
    );
    this.name = 'QuestionChangedError';
  }
}

/** The fields a change may set: anything but the identity, version and timestamps. */
export type QuestionUpdate = Partial<
  Omit<QuestionDocument, '_id' | 'version' | 'createdAt' | 'updatedAt'>
>;
type Change = QuestionUpdate;

function authorOf(author: QuestionAuthor): { actor: QuestionActor; by: StaffRef | null } {
  return typeof author === 'string'
    ? { actor: author, by: null }
    : { actor: author.actor, by: { subject: author.staff.subject, name: author.staff.name } };
}

const personalFields: ReadonlySet<string> = new Set(personalEventFields);

/** What the changed fields held before, for the history; personal fields are never copied. */
function valuesBefore(current: QuestionDocument, changes: Change): Record<string, unknown> {
  const before: Record<string, unknown> = {};
  for (const field of Object.keys(changes)) {
    if (personalFields.has(field)) continue;
    before[field] = (current as unknown as Record<string, unknown>)[field] ?? null;
  }
  return before;
}

/**
 * Applies a change to the current version of a question. `decide` sees the stored question and
 * returns the fields to set, or undefined to leave it as it is; it may throw to refuse (the
 * refusal reaches the caller, nothing is written). If another writer changed the question
 * meanwhile, `decide` runs again on the new version.
 *
 * Concurrency: the writer claims version n+1 by inserting its event (`_id` "<id>#<n+1>"), the one
 * atomic write of FerretDB 1.x; only the claimant updates the question. Then the change feed
 * records the new version, for the other replicas' in-memory queues.
 */
export async function changeQuestion(
  models: QuestionModels,
  questionId: Types.ObjectId,
  type: string,
  author: QuestionAuthor,
  decide: (current: QuestionDocument) => Change | undefined,
  maxAttempts = 5,
): Promise<QuestionDocument | undefined> {
  const { actor, by } = authorOf(author);
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
        by,
        changes,
        before: valuesBefore(current, changes),
      })
    ) {
      await models.questions.updateOne(
        { _id: questionId },
        { $set: { ...changes, version, updatedAt: at } },
      );
      await recordQuestionChange(models.questionChanges, questionId, version, at);
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
  const stored = await findQuestion(models.questions, questionId);
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
    await recordQuestionChange(models.questionChanges, questionId, event.version, event.at);
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
  author: QuestionAuthor,
  applies: (current: QuestionDocument) => Change | boolean,
): Promise<QuestionDocument | undefined> {
  // Decided again on each version another writer left: only the last decision counts.
  const last = { anonymised: false };
  const updated = await changeQuestion(models, questionId, type, author, (current) => {
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
