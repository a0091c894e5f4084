import type { Types } from 'mongoose';

import { scrubPersonalData } from '../kernel/personal-data';
import { foldText } from '../kernel/text-folding';
import type { PublicationRow } from '../models/published-answers';

/**
 * One published question as the public page keeps it in memory. Nothing here leads to a person:
 * no name, contact, channel, conversation or citizen key; the question text is scrubbed of
 * personal data the citizen may have typed (kernel/personal-data.ts), whether or not the question
 * was anonymised already.
 */
export interface PublishedAnswer {
  id: string;
  trackingCode: string;
  questionText: string;
  /** The approved answer; null for a question grouped under another (its answer is the group's). */
  ownAnswer: string | null;
  /** The canonical question this one was grouped under; null when it leads its group. */
  groupId: string | null;
  spaceId: string | null;
  /** The same id, to read the space's title by `_id`. */
  spaceObjectId: Types.ObjectId | null;
  /** The ANM area responsible for the answer: the page's topic. */
  topic: string | null;
  receivedAt: number;
  publishedAt: number;
  version: number;
  /** Code, question and topic folded (lower case, no accents), for the search. */
  folded: string;
  /** The own answer folded; a grouped question is searched with its group's. */
  foldedAnswer: string;
}

export function publishedAnswerEntry(row: PublicationRow): PublishedAnswer {
  const contactName = row.contact?.name;
  const questionText = scrubPersonalData(row.text, {
    knownNames: contactName ? [contactName] : [],
  });
  const ownAnswer = row.draft?.text ?? null;
  return {
    id: row._id.toHexString(),
    trackingCode: row.trackingCode,
    questionText,
    ownAnswer,
    groupId: row.groupId?.toHexString() ?? null,
    spaceId: row.spaceId?.toHexString() ?? null,
    spaceObjectId: row.spaceId ?? null,
    topic: row.area ?? null,
    receivedAt: row.receivedAt.getTime(),
    publishedAt: (row.publishedAt ?? row.receivedAt).getTime(),
    version: row.version,
    folded: foldText(`${row.trackingCode} ${questionText} ${row.area ?? ''}`),
    foldedAnswer: ownAnswer ? foldText(ownAnswer) : '',
  };
}
