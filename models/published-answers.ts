import type { Types } from 'mongoose';

import { findQuestion, type QuestionDocument, type QuestionModel } from './question';

/**
 * What the public answers page reads of a question. `contactName` is read only to mask the name
 * wherever the citizen's text repeats it; the page never shows or keeps it.
 */
export type PublicationRow = Pick<
  QuestionDocument,
  | '_id'
  | 'trackingCode'
  | 'text'
  | 'status'
  | 'spaceId'
  | 'groupId'
  | 'area'
  | 'receivedAt'
  | 'dueAt'
  | 'publishedAt'
  | 'version'
> & {
  draft?: { text?: string } | null;
  contact?: { name?: string | null } | null;
};

const publicationProjection = {
  trackingCode: 1,
  text: 1,
  status: 1,
  spaceId: 1,
  groupId: 1,
  area: 1,
  receivedAt: 1,
  dueAt: 1,
  publishedAt: 1,
  version: 1,
  'draft.text': 1,
  'contact.name': 1,
} as const;

/**
 * Every published question, once, for a process that keeps the published answers in memory. On
 * the embedded FerretDB the status filter reads the whole collection (as the moderators' queue
 * does at start): it is not for a request.
 */
export async function readPublicationRows(model: QuestionModel): Promise<PublicationRow[]> {
  return model.find({ status: 'published' }, publicationProjection).lean<PublicationRow[]>();
}

/** One question's publication fields, by `_id`. */
export async function findPublicationRow(
  model: QuestionModel,
  questionId: Types.ObjectId,
): Promise<PublicationRow | null> {
  return model.findById(questionId, publicationProjection).lean<PublicationRow>();
}

/** Group links followed at most this far: two merges racing can leave a chain (A → B → C). */
const maxGroupHops = 5;

/**
 * The official answer of a published question: its own approved draft, or, for a question
 * grouped under another one (approving the canonical question publishes every member), the
 * canonical question's. Each step is a read by `_id`. Null when the question is not published.
 */
export async function publishedAnswerOf(
  model: QuestionModel,
  question: Pick<QuestionDocument, '_id' | 'status' | 'groupId'> & {
    draft?: { text?: string } | null;
  },
): Promise<string | null> {
  if (question.status !== 'published') return null;
  let current: typeof question | null = question;
  const seen = new Set<string>();
  for (let hop = 0; current && hop <= maxGroupHops; hop++) {
    if (current.draft?.text && current.status === 'published') return current.draft.text;
    if (!current.groupId || seen.has(current.groupId.toHexString())) return null;
    seen.add(current._id.toHexString());
    current = await findQuestion(model, current.groupId);
  }
  return null;
}
