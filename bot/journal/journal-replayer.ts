import type { Activity } from 'botbuilder';
import type { AuthenticateRequestResult, ClaimsIdentity } from 'botframework-connector';

import { isDatabaseUnavailableError } from '../../models/database';
import type { Logger } from '../../kernel/logger';
import type { DurableJournal, JournalRecord } from './durable-journal';
import { restoreActivity, restoreAuthentication, type JournalEntry } from './journal-entries';
import { TurnDeferredError, type TurnDeferral } from './turn-deferral';

export interface JournalReplayerDependencies {
  journal: DurableJournal<JournalEntry>;
  deferral: TurnDeferral;
  /** True when the database answers now. */
  ping(timeoutMs: number): Promise<boolean>;
  /** Runs a turn as the adapter does for a request (replies go to the activity's serviceUrl). */
  processMessage(authentication: AuthenticateRequestResult, activity: Activity): Promise<unknown>;
  createConnectorFactory(identity: ClaimsIdentity): AuthenticateRequestResult['connectorFactory'];
  /** Clears the retry filter's "already processed" mark of an activity whose turn failed. */
  forgetProcessedMark(activity: Activity): Promise<void>;
  /** Stores a Facebook delivery as the webhook does; resolves with the HTTP status it would give. */
  receiveWebhook(rawBody: Buffer, signature: string): Promise<{ status: number }>;
  logger: Logger;
}

/** Attempts before an entry that fails for another reason than the database is dropped. */
const maxAttempts = 3;
const firstWaitMs = 250;
const longestWaitMs = 5_000;

/**
 * Replays the journal in order once the database answers: each entry goes through the same path
 * as when it arrived, and leaves the journal only after it was processed. Entries are processed
 * one at a time, oldest first, so that a conversation's messages keep their order.
 */
export class JournalReplayer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private waitMs = firstWaitMs;
  private readonly attempts = new Map<number, number>();

  constructor(private readonly dependencies: JournalReplayerDependencies) {}

  /** Makes sure a replay runs soon if anything waits (after an append, at start). */
  wake(): void {
    if (this.stopped || this.running || this.timer || this.dependencies.journal.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.replay()
        .catch((error: unknown) => {
          this.dependencies.logger.error(
            { error: error instanceof Error ? error.name : 'unknown' },
            'journal replay failed',
          );
        })
        .finally(() => {
          this.running = undefined;
          this.wake();
        });
    }, this.waitMs);
  }

  /** Resolves when nothing waits in the journal (for tests and benchmarks). */
  async drained(timeoutMs = 60_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const busy = () => this.dependencies.journal.size > 0 || this.running !== undefined;
    while (busy() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return !busy();
  }

  /** Lets the entry in progress finish; what is left stays in the journal for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async replay(): Promise<void> {
    const { journal, logger } = this.dependencies;
    if (!(await this.dependencies.ping(2_000))) {
      this.backOff();
      return;
    }
    let replayed = 0;
    for (let record = journal.oldest(); record && !this.stopped; record = journal.oldest()) {
      const outcome = await this.replayOne(record);
      if (outcome === 'database-away') {
        this.backOff();
        break;
      }
      this.waitMs = firstWaitMs;
      await journal.remove(record.seq);
      replayed++;
    }
    if (replayed > 0) logger.info({ replayed, left: journal.size }, 'journal replayed');
  }

  private backOff(): void {
    this.waitMs = Math.min(this.waitMs * 2, longestWaitMs);
  }

  private async replayOne(
    record: JournalRecord<JournalEntry>,
  ): Promise<'done' | 'dropped' | 'database-away'> {
    const { logger } = this.dependencies;
    try {
      await this.process(record.entry);
      this.attempts.delete(record.seq);
      return 'done';
    } catch (error) {
      if (error instanceof TurnDeferredError || isDatabaseUnavailableError(error)) {
        return 'database-away';
      }
      const attempts = (this.attempts.get(record.seq) ?? 0) + 1;
      const code = error instanceof Error ? error.name : 'unknown';
      if (attempts < maxAttempts) {
        this.attempts.set(record.seq, attempts);
        logger.warn({ seq: record.seq, attempts, error: code }, 'journal entry failed');
        return 'database-away';
      }
      this.attempts.delete(record.seq);
      logger.error({ seq: record.seq, attempts, error: code }, 'journal entry dropped');
      return 'dropped';
    }
  }

  private async process(entry: JournalEntry): Promise<void> {
    const dependencies = this.dependencies;
    if (entry.kind === 'facebook-webhook') {
      const response = await dependencies.receiveWebhook(
        Buffer.from(entry.body, 'base64'),
        entry.signature,
      );
      if (response.status >= 300) {
        dependencies.logger.warn({ status: response.status }, 'journaled delivery refused');
      }
      return;
    }
    const activity = restoreActivity(entry.activity);
    if (entry.afterFailedTurn) await dependencies.forgetProcessedMark(activity);
    dependencies.deferral.allowDeferral(activity);
    await dependencies.processMessage(
      restoreAuthentication(entry.authentication, (identity) =>
        dependencies.createConnectorFactory(identity),
      ),
      activity,
    );
  }
}
