import type { Types } from 'mongoose';

import { sessionSummaryReply } from '../cards/live-session-replies';
import type { Reply } from '../cards/reply';
import { closeSpace, type SpaceDocument, type SpaceModels } from '../models/space';
import { spaceQuestions, tallySpace, type SpaceTally } from '../models/space-questions';

/** What the end-of-session summary says: the closed space and the count of its questions. */
export interface SessionSummary extends SpaceTally {
  space: SpaceDocument;
}

export type SessionClosingModels = SpaceModels & Parameters<typeof spaceQuestions>[0];

/**
 * Closes a live session, whoever ends it (the meeting's end, the live panel). `closedNow` is
 * true for the one caller that closed it, the only one that announces the summary.
 */
export async function closeSession(
  models: SessionClosingModels,
  spaceId: Types.ObjectId,
  at: Date,
): Promise<{ summary: SessionSummary; closedNow: boolean } | undefined> {
  const closed = await closeSpace(models, spaceId, at);
  if (!closed) return undefined;
  const tally = tallySpace(await spaceQuestions(models, spaceId));
  return { summary: { space: closed.space, ...tally }, closedNow: closed.closedNow };
}

export interface SummaryWording {
  /** Where official answers are published. */
  publicationUrl: string;
  inWords: (date: Date) => string;
}

/** The summary card posted in the meeting chat when a session closes. */
export function sessionSummaryOf(summary: SessionSummary, wording: SummaryWording): Reply {
  return sessionSummaryReply({
    title: summary.space.title,
    captured: summary.captured,
    groups: summary.groups,
    answeredLive: summary.answeredLive,
    pending: summary.pending,
    dueInWords: summary.latestDueAt ? wording.inWords(summary.latestDueAt) : null,
    publicationUrl: wording.publicationUrl,
  });
}
