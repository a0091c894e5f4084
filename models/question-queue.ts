import type { Types } from 'mongoose';

import type { QuestionDocument, QuestionModel } from './question';

/** What the moderators' queue keeps of each question in memory: no contact, no citizen key. */
export type QueueRow = Pick<
  QuestionDocument,
  | '_id'
  | 'trackingCode'
  | 'text'
  | 'status'
  | 'spaceId'
  | 'channelId'
  | 'origin'
  | 'groupId'
  | 'petitionKind'
  | 'receivedAt'
  | 'dueAt'
  | 'area'
  | 'assignee'
  | 'version'
>;

const queueProjection = {
  trackingCode: 1,
  text: 1,
  status: 1,
  spaceId: 1,
  channelId: 1,
  origin: 1,
  groupId: 1,
  petitionKind: 1,
  receivedAt: 1,
  dueAt: 1,
  area: 1,
  assignee: 1,
  version: 1,
} as const;

/**
 * Every question, with only the fields the queue needs: one read of the whole collection, for
 * a process that keeps the queue in memory (at start, or after losing the change feed).
 */
export async function readQueueRows(model: QuestionModel): Promise<QueueRow[]> {
  return model.find({}, queueProjection).lean<QueueRow[]>();
}

/** One question's queue fields, by `_id`. */
export async function findQueueRow(
  model: QuestionModel,
  questionId: Types.ObjectId,
): Promise<QueueRow | null> {
  return model.findById(questionId, queueProjection).lean<QueueRow>();
}
