import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * The satisfaction question asked after an answer is delivered, as the reports read it: the
 * collection `satisfaction_surveys` (`{ _id, questionId, spaceId, channelId, askedAt, rating: 1..5
 * | null, comment, respondedAt }`, written by the delivery side, models/satisfaction-survey.ts) is
 * read by its name with a model of the reports' own, which knows only the fields they count.
 * `comment` (free text a citizen wrote) is never read.
 */
export interface SurveyReadDocument {
  _id: Types.ObjectId;
  spaceId: Types.ObjectId | null;
  channelId: string;
  rating: number | null;
  respondedAt: Date | null;
}

export const satisfactionSurveysCollection = 'satisfaction_surveys';

const surveyReadSchema = new Schema<SurveyReadDocument>(
  {
    spaceId: { type: Schema.Types.ObjectId, default: null },
    channelId: { type: String, required: true },
    rating: { type: Number, default: null },
    respondedAt: { type: Date, default: null },
  },
  { collection: satisfactionSurveysCollection, versionKey: false },
);

export type SatisfactionSurveyReadModel = Model<SurveyReadDocument>;

/** A name of its own, so that it never clashes with the model of whoever writes the surveys. */
const modelName = 'SatisfactionSurveyReport';

export function satisfactionSurveyReadModel(connection: Connection): SatisfactionSurveyReadModel {
  return (
    (connection.models[modelName] as SatisfactionSurveyReadModel | undefined) ??
    connection.model<SurveyReadDocument>(modelName, surveyReadSchema)
  );
}

/** What the reports read of one survey: its space and channel, the rating, whether answered. */
export interface ReportSurveyRow {
  spaceId: Types.ObjectId;
  channelId: string;
  /** 1–5, or null when the citizen did not rate (yet). */
  rating: number | null;
  responded: boolean;
}

/**
 * The surveys of every space, each as `{ spaceId, channelId, rating, respondedAt }`: `$match` then
 * `$project`. Counting them in a `$group` by space, channel and rating is what MongoDB would do,
 * but FerretDB 1.24 groups by comparing each document with every group found so far: with 687
 * groups over 3,443 surveys it took 4–5 times as long as this projection (bench/README.md,
 * "Reports"), and that gap grows with every space. They are counted in TypeScript instead.
 */
export async function readReportSurveyRows(
  model: SatisfactionSurveyReadModel,
): Promise<ReportSurveyRow[]> {
  const rows = await model.aggregate<Partial<SurveyReadDocument>>([
    { $match: { spaceId: { $ne: null } } },
    { $project: { _id: 0, spaceId: 1, channelId: 1, rating: 1, respondedAt: 1 } },
  ]);
  return rows.flatMap((row): ReportSurveyRow[] => {
    if (!row.spaceId || typeof row.channelId !== 'string') return [];
    const rating =
      typeof row.rating === 'number' &&
      Number.isInteger(row.rating) &&
      row.rating >= 1 &&
      row.rating <= 5
        ? row.rating
        : null;
    return [
      {
        spaceId: row.spaceId,
        channelId: row.channelId,
        rating,
        responded: row.respondedAt instanceof Date,
      },
    ];
  });
}
