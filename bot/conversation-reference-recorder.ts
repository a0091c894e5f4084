import { TurnContext, type Middleware } from 'botbuilder';

import type { ConversationReferenceStore } from '../models/conversation-reference';
import { citizenKeyOf } from './citizen-data';
import { isGroupConversation } from './conversation-kind';
import type { Pseudonymizer } from './pseudonym';

/**
 * Upserts the conversation reference of every incoming activity, so that later answers can be
 * delivered proactively on the channel the citizen used, even after a restart. A group chat (a
 * meeting chat) belongs to nobody: its reference keeps no participant, so that one person erasing
 * their data does not take the meeting's chat away from the end-of-session summary.
 */
export class ConversationReferenceRecorder implements Middleware {
  constructor(
    private readonly store: ConversationReferenceStore,
    private readonly pseudonymizer: Pseudonymizer,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const reference = TurnContext.getConversationReference(activity);
    if (isGroupConversation(activity)) {
      delete reference.user;
      await this.store.remember(reference, undefined);
    } else {
      await this.store.remember(
        reference,
        activity.from.id ? citizenKeyOf(context, this.pseudonymizer) : undefined,
      );
    }
    await next();
  }
}
