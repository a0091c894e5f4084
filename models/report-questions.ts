import type { Types } from 'mongoose';

import type { QuestionModel, QuestionStatus } from './question';

/**
 * What the reports read of a question asked in an accountability space: where and on which
 * channel, its state, its group, its area and its dates. Nothing that identifies or quotes a
 * person (no text, contact, citizen key or conversation).
 */
export interface ReportQuestionRow {
  _id: Types.ObjectId;
  spaceId: Types.ObjectId;
  channelId: string;
  status: QuestionStatus;
  /** The question it is grouped under (a duplicate), or null. */
  groupId: Types.ObjectId | null;
  /** The ANM area a moderator assigned; null until then. */
  area: string | null;
  /** The knowledge base's topic found when it was stored; null when none was clear. */
  knowledgeTopic: string | null;
  receivedAt: Date;
  /** The legal due date as stored (computed at registration, again on reclassification or extension). */
  dueAt: Date;
  publishedAt: Date | null;
  updatedAt: Date;
}

/**
 * Every question of a space, with only those fields: `$match` then `$project`, a pipeline the
 * embedded FerretDB 1.24 runs. Its `$group` is left out on purpose: FerretDB 1.x has no
 * accumulator but `$sum`/`$count` and no expression operator but `$sum`/`$type` (so a question
 * cannot be compared with its due date in the pipeline), and it groups by comparing each document
 * with every group found so far. The report groups these rows in TypeScript instead.
 *
 * On the embedded store this reads the whole collection (FerretDB pushes down only `{_id}`), about
 * 0.2–0.3 ms per stored question: the reports service keeps the result for a while.
 */
export async function readReportQuestionRows(
  model: QuestionModel,
): Promise<VersionedReportQuestionRow[]> {
  const rows = await model.aggregate<StoredRow>([
    { $match: { spaceId: { $ne: null } } },
    { $project: reportQuestionFields },
  ]);
  return rows.flatMap(reportRowOf);
}

/** A row and the version of the question it was read from, for a reader of the change feed. */
export type VersionedReportQuestionRow = ReportQuestionRow & { version: number };

type StoredRow = Partial<ReportQuestionRow> & { version?: number };

const reportQuestionFields = {
  spaceId: 1,
  channelId: 1,
  status: 1,
  groupId: 1,
  area: 1,
  knowledgeTopic: 1,
  receivedAt: 1,
  dueAt: 1,
  publishedAt: 1,
  updatedAt: 1,
  version: 1,
} as const;

/** Documents written before moderation existed lack its fields: a projection leaves them out. */
function reportRowOf(row: StoredRow): VersionedReportQuestionRow[] {
  return row._id && row.spaceId && row.channelId && row.status && row.receivedAt && row.dueAt
    ? [
        {
          _id: row._id,
          spaceId: row.spaceId,
          channelId: row.channelId,
          status: row.status,
          groupId: row.groupId ?? null,
          area: row.area ?? null,
          knowledgeTopic: row.knowledgeTopic ?? null,
          receivedAt: row.receivedAt,
          dueAt: row.dueAt,
          publishedAt: row.publishedAt ?? null,
          updatedAt: row.updatedAt ?? row.receivedAt,
          version: row.version ?? 0,
        },
      ]
    : [];
}

/**
 * One question read by `_id` (the one filter the embedded store answers without reading the whole
 * collection): its version, and its row when it was asked in a space; undefined when it is gone.
 */
export async function findReportQuestionRow(
  model: QuestionModel,
  questionId: Types.ObjectId,
): Promise<{ version: number; row: VersionedReportQuestionRow | undefined } | undefined> {
  const stored = await model.findById(questionId, reportQuestionFields).lean<StoredRow>();
  return stored ? { version: stored.version ?? 0, row: reportRowOf(stored)[0] } : undefined;
}
