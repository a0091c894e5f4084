import path from 'node:path';

import type { Activity, TurnContext } from 'botbuilder';

import type { Database } from '../../models/database';
import type { AnmCloudAdapter } from '../adapter';
import type { Logger } from '../../kernel/logger';
import type { FacebookWebhookEndpoint } from '../server';
import { DurableJournal } from './durable-journal';
import { parseJournalEntry } from './journal-entries';
import { journaledWebhook } from './journaled-webhook';
import { JournalReplayer } from './journal-replayer';
import { TurnDeferral } from './turn-deferral';

export interface DurableJournalService {
  /** Entries waiting for the database. */
  readonly size: number;
  /** The Facebook webhook with the journal in front of it; undefined without Facebook. */
  readonly webhook: FacebookWebhookEndpoint | undefined;
  /** Resolves true once nothing waits (false after the timeout). */
  drained(timeoutMs?: number): Promise<boolean>;
  /** Lets the replay in progress finish and closes the file; entries left wait for the next start. */
  stop(): Promise<void>;
}

export interface DurableJournalOptions {
  dataDir: string;
  adapter: AnmCloudAdapter;
  /** The bot's turn, as for a request. */
  logic: (context: TurnContext) => Promise<void>;
  database: Pick<Database, 'available' | 'ping'>;
  forgetProcessedMark(activity: Activity): Promise<void>;
  facebook: { webhook: FacebookWebhookEndpoint; appSecret: string } | undefined;
  logger: Logger;
}

export function journalFile(dataDir: string): string {
  return path.join(dataDir, 'journal', 'pending.jsonl');
}

/**
 * What arrives while the database is away waits in `DATA_DIR/journal/pending.jsonl` (owner-only,
 * fsync'd before the channel is answered) and is replayed in order when the database returns.
 * Entries left by a stop or a crash are replayed after the next start.
 */
export async function startDurableJournal(
  options: DurableJournalOptions,
): Promise<DurableJournalService> {
  const { adapter, logger } = options;
  const { journal, skipped } = await DurableJournal.open(
    journalFile(options.dataDir),
    parseJournalEntry,
  );
  if (skipped > 0) logger.warn({ skipped }, 'unreadable journal lines skipped');
  let replayer: JournalReplayer | undefined = undefined;
  const deferral = new TurnDeferral(journal, options.database.available, () => replayer?.wake());
  const { facebook } = options;
  replayer = new JournalReplayer({
    journal,
    deferral,
    ping: (timeoutMs) => options.database.ping(timeoutMs),
    processMessage: (authentication, activity) =>
      adapter.processAuthenticated(authentication, activity, options.logic),
    createConnectorFactory: (identity) => adapter.connectorFactoryFor(identity),
    forgetProcessedMark: (activity) => options.forgetProcessedMark(activity),
    receiveWebhook: (rawBody, signature) =>
      facebook
        ? facebook.webhook.receive(rawBody, signature)
        : Promise.reject(new Error('the Facebook webhook is not configured')),
    logger,
  });
  adapter.deferral = deferral;
  if (journal.size > 0) logger.info({ waiting: journal.size }, 'journal entries to replay');
  replayer.wake();

  const activeReplayer = replayer;
  return {
    get size() {
      return journal.size;
    },
    webhook: facebook && journaledWebhook(facebook.webhook, deferral, facebook.appSecret),
    drained: (timeoutMs) => activeReplayer.drained(timeoutMs),
    async stop() {
      await activeReplayer.stop();
      adapter.deferral = undefined;
      await journal.close();
    },
  };
}
