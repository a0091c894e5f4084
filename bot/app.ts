import { ConversationState, UserState } from 'botbuilder';

import { MongoStateStorage } from '../models/bot-state-storage';
import { ConversationReferenceStore } from '../models/conversation-reference';
import { openDatabase, type Database } from '../models/database';
import { createCloudAdapter, messageEndpoint, type AnmCloudAdapter } from './adapter';
import { AnmBot } from './anm-bot';
import type { AppConfig } from './config';
import { ConversationReferenceRecorder } from './conversation-reference-recorder';
import { createLogger, type Logger } from './logger';
import { Pseudonymizer, resolvePseudonymSecret } from './pseudonym';
import { createHttpServer } from './server';
import { TurnLoggingMiddleware } from './turn-logging';

export interface RunningApp {
  readonly port: number;
  readonly url: string;
  readonly adapter: AnmCloudAdapter;
  readonly database: Database;
  readonly conversationReferences: ConversationReferenceStore;
  readonly logger: Logger;
  /** Graceful stop: no new requests, turns in flight finish (bounded), database closed. */
  stop(): Promise<void>;
}

/** Wires config → database → storage → adapter → bot → server, top to bottom. */
export async function startApp(
  config: AppConfig,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningApp> {
  const { secret, source } = resolvePseudonymSecret(config.pseudonymSecret, config.dataDir);
  if (source === 'data-dir') {
    logger.info(
      'PSEUDONYM_SECRET not set: using the secret kept in DATA_DIR (set it when several instances share a database)',
    );
  }
  const pseudonymizer = new Pseudonymizer(secret);

  const database = await openDatabase(config.database, logger);
  try {
    const storage = new MongoStateStorage(database.models.botState);
    const conversationReferences = new ConversationReferenceStore(
      database.models.conversationReferences,
    );
    const bot = new AnmBot({
      conversationState: new ConversationState(storage),
      userState: new UserState(storage),
    });
    const adapter = createCloudAdapter(config.botAuth, logger, [
      new TurnLoggingMiddleware(logger, pseudonymizer),
      new ConversationReferenceRecorder(conversationReferences, pseudonymizer),
    ]);
    const http = createHttpServer({
      messages: messageEndpoint(adapter, bot, logger),
      health: database,
      logger,
    });
    const port = await http.listen(config.port, config.host);
    const authenticated = Boolean(config.botAuth.MicrosoftAppId);
    logger.info({ port, authenticated }, 'server listening');

    let stopping: Promise<void> | undefined;
    return {
      port,
      url: `http://127.0.0.1:${port}`,
      adapter,
      database,
      conversationReferences,
      logger,
      stop() {
        stopping ??= (async () => {
          await http.close(config.shutdownTimeoutMs);
          await database.close();
          logger.info('stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
