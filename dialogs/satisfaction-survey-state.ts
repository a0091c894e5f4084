import type { ConversationState, StatePropertyAccessor, Storage } from 'botbuilder';

import { StorageConflictError } from '../models/bot-state-storage';
import { contextOf } from './citizen-data';

/**
 * The satisfaction survey waiting for the citizen's next message, kept in the conversation's
 * state: the bot reads that state in every turn anyway, so knowing whether a survey is pending
 * costs no database round-trip. Only a turn that answers the survey writes its record.
 */
export interface PendingSatisfactionSurvey {
  /** The survey's id (24 hexadecimal digits: the asker's question id, nothing personal). */
  surveyId: string;
  /** When it was asked, as ISO text (state is stored as JSON). */
  askedAt: string;
}

const pendingSurveyProperty = 'pendingSatisfactionSurvey';

export function pendingSurveyAccessor(
  conversationState: ConversationState,
): StatePropertyAccessor<PendingSatisfactionSurvey | undefined> {
  return conversationState.createProperty<PendingSatisfactionSurvey | undefined>(
    pendingSurveyProperty,
  );
}

const maxMarkAttempts = 3;

/**
 * Marks a survey pending in a conversation's state from outside any turn (after the proactive
 * send of the survey). True when the mark was written.
 *
 * Concurrency: the write is a compare-and-set on the state's eTag (see `MongoStateStorage`),
 * retried on a conflict, so it does not replace what a turn of this conversation saved after the
 * mark read the state (only a save landing inside the storage's own check-then-replace, a few
 * milliseconds once per delivered answer, could be). A turn saves unconditionally (botbuilder
 * writes with `*`), so a turn that read the state before the mark and saves a change after it
 * drops the mark: then a typed rating is read as an ordinary message, and the survey stays
 * answerable by its buttons, which carry the survey's id. The survey record never lives here.
 */
export async function markPendingSurvey(
  state: { storage: Storage; conversationState: ConversationState },
  conversation: { channelId: string; conversationId: string },
  pending: PendingSatisfactionSurvey,
): Promise<boolean> {
  const key = state.conversationState.getStorageKey(contextOf(conversation));
  if (!key) return false;
  for (let attempt = 1; attempt <= maxMarkAttempts; attempt++) {
    const items = await state.storage.read([key]);
    const current = (items[key] ?? {}) as Record<string, unknown>;
    const eTag = typeof current.eTag === 'string' ? current.eTag : '*';
    try {
      await state.storage.write({ [key]: { ...current, [pendingSurveyProperty]: pending, eTag } });
      return true;
    } catch (error) {
      if (!(error instanceof StorageConflictError)) throw error;
    }
  }
  return false;
}
