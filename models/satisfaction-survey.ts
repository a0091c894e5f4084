import { Schema, type Connection, type Model, type Types } from 'mongoose';

import { scrubPersonalData } from '../kernel/personal-data';
import { insertOnce } from './mongo-errors';
import type { QuestionModel } from './question';

/**
 * The satisfaction question the bot asks an asker once, in their chat, after delivering the
 * official answer to their question: a rating from 1 to 5 and an optional comment. Reports count
 * the response rate as responded / asked.
 *
 * `_id` is the id of the asker's question (`questionId` holds the same value, under the unique
 * index reports and moderators rely on): one survey per question, claimed by the one insert that
 * lands, and every read or write of one survey is a lookup by `_id` alone, the one filter the
 * embedded FerretDB pushes down to its index (see `embedded/sqlite-lookup-indexes.ts`).
 */
export interface SatisfactionSurveyDocument {
  _id: Types.ObjectId;
  /** The asker's question document that was answered. */
  questionId: Types.ObjectId;
  /** Copied from the question: the accountability space it was asked in, or null. */
  spaceId: Types.ObjectId | null;
  /** The channel the survey was asked on (msteams, webchat, facebook…). */
  channelId: string;
  askedAt: Date;
  /** An integer from 1 (very bad) to 5 (very good); null until the asker answers. */
  rating: number | null;
  /** Free text, scrubbed of personal data and at most `maxSurveyCommentLength` characters. */
  comment: string | null;
  respondedAt: Date | null;
}

export const satisfactionRatings = [1, 2, 3, 4, 5] as const;
export type SatisfactionRating = (typeof satisfactionRatings)[number];

export const maxSurveyCommentLength = 500;

export const satisfactionSurveySchema = new Schema<SatisfactionSurveyDocument>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    questionId: { type: Schema.Types.ObjectId, required: true },
    spaceId: { type: Schema.Types.ObjectId, default: null },
    channelId: { type: String, required: true },
    askedAt: { type: Date, required: true },
    rating: { type: Number, default: null, min: 1, max: 5 },
    comment: { type: String, default: null, maxlength: maxSurveyCommentLength },
    respondedAt: { type: Date, default: null },
  },
  { collection: 'satisfaction_surveys', versionKey: false },
);
satisfactionSurveySchema.index({ questionId: 1 }, { unique: true });

export type SatisfactionSurveyModel = Model<SatisfactionSurveyDocument>;

export function satisfactionSurveyModel(connection: Connection): SatisfactionSurveyModel {
  return connection.model<SatisfactionSurveyDocument>(
    'SatisfactionSurvey',
    satisfactionSurveySchema,
  );
}

/** The surveys on the questions' own connection, for readers that hold only the question model. */
export function satisfactionSurveysBeside(questions: QuestionModel): SatisfactionSurveyModel {
  const registered = questions.db.models.SatisfactionSurvey as SatisfactionSurveyModel | undefined;
  return registered ?? satisfactionSurveyModel(questions.db);
}

export interface SurveyedQuestion {
  _id: Types.ObjectId;
  spaceId: Types.ObjectId | null;
}

/**
 * Records that the asker of `question` is being asked, unless they were already: true for the
 * one caller (process, replica, retried delivery) whose insert landed, which alone sends the
 * survey. Concurrency: an insert under a unique `_id` is atomic on FerretDB and MongoDB alike.
 */
export function claimSatisfactionSurvey(
  model: SatisfactionSurveyModel,
  question: SurveyedQuestion,
  channelId: string,
  askedAt: Date,
): Promise<boolean> {
  return insertOnce(model, {
    _id: question._id,
    questionId: question._id,
    spaceId: question.spaceId,
    channelId,
    askedAt,
    rating: null,
    comment: null,
    respondedAt: null,
  });
}

/** A survey claimed but never shown (the channel refused it) was not asked: it is not counted. */
export async function forgetUnaskedSurvey(
  model: SatisfactionSurveyModel,
  surveyId: Types.ObjectId,
): Promise<void> {
  await model.deleteOne({ _id: surveyId });
}

export interface SatisfactionResponse {
  rating: SatisfactionRating;
  comment: string | null;
}

/** The comment as stored: personal data masked (Ley 1581 de 2012), bounded, or null when empty. */
export function storedSurveyComment(comment: string | null): string | null {
  if (comment === null) return null;
  const scrubbed = scrubPersonalData(comment.trim()).slice(0, maxSurveyCommentLength).trim();
  return scrubbed === '' ? null : scrubbed;
}

/**
 * Stores the asker's answer; false when there is no such survey (never asked, or forgotten).
 * One update by `_id` alone, on the chat path. Concurrency: FerretDB runs an update as
 * read-then-replace, so two answers at once (a double click) both land and the last one stays:
 * both are the same citizen's, so either is right; nothing else writes a survey after its claim.
 */
export async function recordSatisfactionResponse(
  model: SatisfactionSurveyModel,
  surveyId: Types.ObjectId,
  response: SatisfactionResponse,
  respondedAt: Date,
): Promise<boolean> {
  if (!satisfactionRatings.includes(response.rating))
    throw new RangeError('a satisfaction rating is an integer from 1 to 5');
  const result = await model.updateOne(
    { _id: surveyId },
    {
      $set: {
        rating: response.rating,
        comment: storedSurveyComment(response.comment),
        respondedAt,
      },
    },
  );
  return result.matchedCount > 0;
}

export async function findSatisfactionSurvey(
  model: SatisfactionSurveyModel,
  questionId: Types.ObjectId,
): Promise<SatisfactionSurveyDocument | null> {
  return model.findById(questionId).lean();
}

/**
 * Ley 1581 de 2012, art. 8: the comments a citizen left on the answers to their questions are
 * removed with the rest of their data; the ratings stay, linked only to anonymised questions.
 * Run before the questions lose their link to the citizen (`eraseCitizenQuestions`).
 */
export async function eraseCitizenSurveyComments(
  models: { questions: QuestionModel; satisfactionSurveys: SatisfactionSurveyModel },
  citizenKey: string,
): Promise<number> {
  const questions = await models.questions.find({ citizenKey }, { _id: 1 }).lean();
  if (questions.length === 0) return 0;
  const result = await models.satisfactionSurveys.updateMany(
    { _id: { $in: questions.map(({ _id }) => _id) }, comment: { $ne: null } },
    { $set: { comment: null } },
  );
  return result.modifiedCount;
}

/**
 * Ley 1581 de 2012, art. 4 (finalidad): a comment is kept as long as the personal data of the
 * question it rates, `retentionDays` from when it was written; the rating stays.
 */
export async function forgetExpiredSurveyComments(
  model: SatisfactionSurveyModel,
  cutoff: Date,
): Promise<number> {
  const result = await model.updateMany(
    { respondedAt: { $lt: cutoff }, comment: { $ne: null } },
    { $set: { comment: null } },
  );
  return result.modifiedCount;
}
