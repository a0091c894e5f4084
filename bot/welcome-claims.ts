import type { ConversationState, Middleware, TurnContext } from 'botbuilder';

import { isGroupConversation } from '../kernel/conversation-kind';
import { describeError, type Logger } from '../kernel/logger';
import { turnLogger } from '../kernel/turn-log';

/** The conversation state's property that says this conversation's citizen was welcomed. */
export const citizenWelcomedProperty = 'citizenWelcomed';

const earlyClaimKey = Symbol('earlyWelcomeClaim');

interface EarlyClaim {
  outcome: Promise<boolean | { error: unknown }>;
  taken: boolean;
}

export interface WelcomeClaimStore {
  /** True for the one turn that may welcome this turn's citizen (see `models/welcome.ts`). */
  claim(context: TurnContext): Promise<boolean>;
  /** Gives the citizen's claim back, so that a later turn welcomes them. */
  release(context: TurnContext): Promise<void>;
}

/**
 * The welcome claim of a citizen's first message, started as soon as the conversation's state is
 * read (alongside the retry filter's write) instead of after both: a new citizen's turn then waits
 * for the store one write fewer in a row. The turn takes the claim when it welcomes (`claim`). A
 * claim won early that the turn did not take (its first message was an emergency, or the turn
 * failed before the welcome) is given back after the turn, so that the next message welcomes the
 * citizen as it would have without the early start. A copy of the activity that the retry filter
 * drops never reaches this middleware and keeps its claim: the claim is the activity's (see
 * `models/welcome.ts`), and the copy that runs takes it.
 */
export class WelcomeClaims implements Middleware {
  constructor(
    private readonly store: WelcomeClaimStore,
    private readonly conversationState: ConversationState,
    private readonly logger: Logger,
  ) {}

  /** Called once the conversation's state is loaded: starts the claim this turn is about to make. */
  startEarly(context: TurnContext): void {
    const { activity } = context;
    if (activity.type !== 'message' || !activity.from.id || isGroupConversation(activity)) return;
    const state = this.conversationState.get(context) as Record<string, unknown> | undefined;
    if (state?.[citizenWelcomedProperty] === true) return;
    if (context.turnState.get(earlyClaimKey)) return;
    const claim: EarlyClaim = {
      outcome: this.store.claim(context).catch((error: unknown) => ({ error })),
      taken: false,
    };
    context.turnState.set(earlyClaimKey, claim);
  }

  /** This turn's claim: the one started early if there is one, otherwise a new one. */
  async claim(context: TurnContext): Promise<boolean> {
    const early = context.turnState.get<EarlyClaim | undefined>(earlyClaimKey);
    if (!early || early.taken) return this.store.claim(context);
    early.taken = true;
    const outcome = await early.outcome;
    if (typeof outcome !== 'boolean') throw outcome.error;
    return outcome;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    try {
      await next();
    } finally {
      await this.giveBackUntaken(context);
    }
  }

  private async giveBackUntaken(context: TurnContext): Promise<void> {
    const early = context.turnState.get<EarlyClaim | undefined>(earlyClaimKey);
    if (!early || early.taken) return;
    early.taken = true;
    if ((await early.outcome) !== true) return;
    try {
      await this.store.release(context);
    } catch (error) {
      // Not the turn's failure: at worst this citizen is not welcomed by a later message.
      turnLogger(context, this.logger).warn(
        describeError(error),
        'unused welcome claim not given back',
      );
    }
  }
}
