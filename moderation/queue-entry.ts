import type { Types } from 'mongoose';

import { foldText } from '../kernel/text-folding';
import type { StaffRef } from '../kernel/staff-identity';
import { closedStatuses, type QuestionOrigin, type QuestionStatus } from '../models/question';
import type { QueueRow } from '../models/question-queue';

/** One question as the queue keeps it in memory. */
export interface QueueEntry {
  id: string;
  objectId: Types.ObjectId;
  trackingCode: string;
  text: string;
  /** Text and tracking code folded (lower case, no accents), for the search. */
  folded: string;
  status: QuestionStatus;
  open: boolean;
  spaceId: string | null;
  channelId: string;
  origin: QuestionOrigin;
  groupId: string | null;
  petitionKind: QueueRow['petitionKind'];
  receivedAt: number;
  dueAt: number;
  area: string | null;
  /** The area folded, for the filter. */
  foldedArea: string | null;
  assignee: StaffRef | null;
  version: number;
}

export function entryOf(row: QueueRow): QueueEntry {
  return {
    id: row._id.toHexString(),
    objectId: row._id,
    trackingCode: row.trackingCode,
    text: row.text,
    folded: foldText(`${row.text} ${row.trackingCode}`),
    status: row.status,
    open: !closedStatuses.includes(row.status),
    spaceId: row.spaceId?.toHexString() ?? null,
    channelId: row.channelId,
    origin: row.origin,
    groupId: row.groupId?.toHexString() ?? null,
    petitionKind: row.petitionKind,
    receivedAt: row.receivedAt.getTime(),
    dueAt: row.dueAt.getTime(),
    area: row.area ?? null,
    foldedArea: row.area ? foldText(row.area) : null,
    assignee: row.assignee ? { subject: row.assignee.subject, name: row.assignee.name } : null,
    version: row.version,
  };
}
