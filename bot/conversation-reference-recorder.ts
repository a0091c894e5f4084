import {
  TurnContext,
  type ConversationState,
  type Middleware,
  type StatePropertyAccessor,
} from 'botbuilder';

import {
  conversationReferenceDigest,
  type ConversationReferenceStore,
} from '../models/conversation-reference';
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
 *
 * The conversation's state remembers a digest of the reference last stored, so an unchanged
 * reference costs no round-trip: the state is read in every turn anyway. Erasing a citizen's data
 * erases that state too, so the next turn stores the reference again.
 */
export class ConversationReferenceRecorder implements Middleware {
  private readonly storedDigest: StatePropertyAccessor<string | undefined>;

  constructor(
    private readonly store: ConversationReferenceStore,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly conversationState: ConversationState,
  ) {
    this.storedDigest = conversationState.createProperty('storedReferenceDigest');
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const reference = TurnContext.getConversationReference(activity);
    const replace = isAuthenticatedTurn(context);
    let userPseudonym: string | undefined;
    if (isGroupConversation(activity)) delete reference.user;
    else if (activity.from.id) userPseudonym = citizenKeyOf(context, this.pseudonymizer);

    await this.conversationState.load(context);
    const stored = await this.storedDigest.get(context);
    const digest = conversationReferenceDigest(reference, userPseudonym);
    // Unauthenticated, a stored reference is never replaced: once one is stored, nothing to do.
    if (stored === digest || (stored !== undefined && !replace)) {
      await next();
      return;
    }
    // No digest in the conversation's state: most likely the conversation's first activity. The
    // write runs while the turn does (one wait for the store fewer in a first turn); the digest
    // goes into the state the turn saves, and is taken back if the write failed.
    const remembering = this.store
      .remember(reference, userPseudonym, { replace, likelyNew: stored === undefined })
      .then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
    await this.storedDigest.set(context, digest);
    let turn: { error: unknown } | undefined;
    try {
      await next();
    } catch (error) {
      turn = { error };
    }
    const failed = await remembering;
    if (failed) await this.forgetDigest(context);
    if (turn) throw turn.error;
    if (failed) throw failed.error;
  }

  /** The reference was not stored: the next turn must try again, so its digest must not say so. */
  private async forgetDigest(context: TurnContext): Promise<void> {
    try {
      await this.storedDigest.delete(context);
      await this.conversationState.saveChanges(context);
    } catch {
      // The database is away: the turn's own state save failed then too, so no digest was kept.
      // Only if it came back in between does a digest outlive the failed write; the reference is
      // stored again when it next changes.
    }
  }
}
