import { TurnContext, type Middleware } from 'botbuilder';

import type { ConversationReferenceStore } from '../models/conversation-reference';
import { citizenKeyOf } from './citizen-data';
import type { Pseudonymizer } from './pseudonym';

/**
 * Upserts the conversation reference of every incoming activity, so that later answers can be
 * delivered proactively on the channel the citizen used, even after a restart.
 */
export class ConversationReferenceRecorder implements Middleware {
  constructor(
    private readonly store: ConversationReferenceStore,
    private readonly pseudonymizer: Pseudonymizer,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    await this.store.remember(
      TurnContext.getConversationReference(activity),
      activity.from.id ? citizenKeyOf(context, this.pseudonymizer) : undefined,
    );
    await next();
  }
}
