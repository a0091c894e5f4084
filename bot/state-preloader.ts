import type { BotState, Middleware, TurnContext } from 'botbuilder';

/**
 * Reads every state of a citizen's message (conversation and user) at once, at the start: each
 * is one lookup by `_id`, so they cost one round-trip's wait together instead of one each when
 * the dialogs first touch them. The SDK keeps what it read for the rest of the turn. Other
 * activities (events, proactive turns, which may have no user) load their state when used.
 */
export class StatePreloader implements Middleware {
  constructor(private readonly states: readonly BotState[]) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type === 'message' && activity.from.id && activity.conversation.id) {
      // Settled, not raced: a read still running when the turn ends would touch a revoked context.
      const loads = await Promise.allSettled(this.states.map((state) => state.load(context)));
      for (const load of loads) if (load.status === 'rejected') throw load.reason;
    }
    await next();
  }
}
