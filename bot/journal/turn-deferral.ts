import type { Activity, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';

import { AppError, errorCodes } from '../../kernel/errors';
import { isDatabaseUnavailableError } from '../../models/database';
import type { DurableJournal } from './durable-journal';
import { storeActivity, storeAuthentication, type JournalEntry } from './journal-entries';

/** Thrown out of a turn that failed on the database before any reply: the journal takes it. */
export class TurnDeferredError extends AppError {
  constructor(cause: unknown) {
    super(errorCodes.turnDeferred, 'the turn waits in the journal for the database', { cause });
    this.name = 'TurnDeferredError';
  }
}

export interface DeferredResponse {
  status: number;
  body?: unknown;
}

/** What the channel hears when its activity waits in the journal: accepted, answered later. */
const acceptedForLater: DeferredResponse = { status: 202 };

/**
 * Decides, per request, whether work waits in the durable journal instead of running now: while
 * the database is known to be away, and while older entries wait (so that order is kept).
 */
export class TurnDeferral {
  private readonly deferrable = new WeakSet<object>();
  private appending = 0;

  constructor(
    private readonly journal: DurableJournal<JournalEntry>,
    private readonly databaseAvailable: () => boolean,
    /** Called after each append, to wake the replayer. */
    private readonly onAppended: () => void,
  ) {}

  /** True while new work must go to the journal. */
  mustWait(): boolean {
    return this.appending > 0 || this.journal.size > 0 || !this.databaseAvailable();
  }

  /**
   * Only activities answered through the connector can wait; an invoke or an `expectReplies`
   * activity is answered in the HTTP response, which cannot be given later.
   */
  canWait(activity: Activity): boolean {
    return activity.type !== 'invoke' && activity.deliveryMode !== 'expectReplies';
  }

  /** Runs the turn now, or journals it: before it starts, or when it fails on the database. */
  async processOrDefer(
    activity: Activity,
    authentication: AuthenticateRequestResult,
    process: () => Promise<DeferredResponse>,
  ): Promise<DeferredResponse> {
    if (!this.canWait(activity)) return process();
    if (this.mustWait()) {
      await this.deferMessage(activity, authentication, false);
      return acceptedForLater;
    }
    this.deferrable.add(activity);
    try {
      return await process();
    } catch (error) {
      if (!(error instanceof TurnDeferredError)) throw error;
      await this.deferMessage(activity, authentication, true);
      return acceptedForLater;
    }
  }

  /** Marks an activity whose failed turn may be handed to the journal (a replay, for one). */
  allowDeferral(activity: Activity): void {
    this.deferrable.add(activity);
  }

  /** For the adapter's turn error handler: true when this failure goes to the journal. */
  takesOver(context: TurnContext, error: unknown): boolean {
    return (
      this.deferrable.has(context.activity) &&
      !context.responded &&
      isDatabaseUnavailableError(error)
    );
  }

  deferMessage(
    activity: Activity,
    authentication: AuthenticateRequestResult,
    afterFailedTurn: boolean,
  ): Promise<void> {
    return this.append({
      kind: 'message',
      activity: storeActivity(activity),
      authentication: storeAuthentication(authentication),
      afterFailedTurn,
    });
  }

  deferWebhook(rawBody: Buffer, signature: string): Promise<void> {
    return this.append({
      kind: 'facebook-webhook',
      body: rawBody.toString('base64'),
      signature,
    });
  }

  private async append(entry: JournalEntry): Promise<void> {
    this.appending++;
    try {
      await this.journal.append(entry);
    } finally {
      this.appending--;
    }
    this.onAppended();
  }
}
