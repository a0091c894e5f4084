import { TurnContext, type Middleware } from 'botbuilder';

import type { ConversationReferenceStore } from '../models/conversation-reference';
import { citizenKeyOf } from '../dialogs/citizen-data';
import { isGroupConversation } from '../kernel/conversation-kind';
import type { Pseudonymizer } from '../kernel/pseudonym';

/**
 * The SDK's name for the identity it gives a turn when authentication is off
 * (`AuthenticationConstants.AnonymousAuthType`).
 */
const anonymousAuthType = 'anonymous';

/**
 * True when the turn's activity came with a token the SDK validated. The identity of an
 * unauthenticated turn is "anonymous" with no audience claim; an identity rebuilt later (a
 * journaled turn) may lose its authentication type but keeps its claims, so the audience decides.
 */
function isAuthenticatedTurn(context: TurnContext): boolean {
  const identity = context.turnState.get<
    | {
        isAuthenticated?: boolean;
        authenticationType?: unknown;
        claims?: readonly { type: string; value: string }[];
      }
    | undefined
  >(context.adapter.BotIdentityKey);
  return (
    identity?.isAuthenticated === true &&
    identity.authenticationType !== anonymousAuthType &&
    (identity.claims ?? []).some((claim) => claim.type === 'aud' && claim.value !== '')
  );
}

/**
 * Upserts the conversation reference of every incoming activity, so that later answers can be
 * delivered proactively on the channel the citizen used, even after a restart. A group chat (a
 * meeting chat) belongs to nobody: its reference keeps no participant, so that one person erasing
 * their data does not take the meeting's chat away from the end-of-session summary.
 *
 * Only an authenticated activity replaces a stored reference. Unauthenticated (the Emulator, local
 * use), a conversation's first activity is stored and later ones never overwrite it, so a request
 * cannot redirect a known conversation's answers and summaries elsewhere; the Emulator starts a new
 * conversation each time, which is stored as usual.
 */
export class ConversationReferenceRecorder implements Middleware {
  constructor(
    private readonly store: ConversationReferenceStore,
    private readonly pseudonymizer: Pseudonymizer,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const reference = TurnContext.getConversationReference(activity);
    const replace = isAuthenticatedTurn(context);
    if (isGroupConversation(activity)) {
      delete reference.user;
      await this.store.remember(reference, undefined, { replace });
    } else {
      await this.store.remember(
        reference,
        activity.from.id ? citizenKeyOf(context, this.pseudonymizer) : undefined,
        { replace },
      );
    }
    await next();
  }
}
