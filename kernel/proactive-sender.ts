import type { Activity, ConversationReference } from 'botbuilder';

/**
 * Sends one activity into a stored conversation, outside any turn (a proactive message). The
 * edge implements it on the adapter; capabilities that speak first (meeting summaries, official
 * answers) receive it.
 */
export interface ProactiveSender {
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<void>;
}
