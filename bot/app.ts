import { ConversationState, UserState } from 'botbuilder';

import { loadKnowledgeBase } from '../knowledge/knowledge-base';
import type { ConversationTopic } from '../knowledge/retrieval/follow-up';
import { KnowledgeIndex } from '../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { MongoStateStorage } from '../models/bot-state-storage';
import { ConversationReferenceStore } from '../models/conversation-reference';
import { openDatabase, type Database } from '../models/database';
import {
  createCloudAdapter,
  messageEndpoint,
  proactiveSender,
  type AnmCloudAdapter,
} from './adapter';
import { AnmBot } from './anm-bot';
import { OpenAiAnswerComposer } from '../answers/generative/answer-composer';
import { KnowledgeAnswerer, type OfferedChoices } from '../answers/knowledge-answerer';
import type { AppConfig } from './config';
import { ConversationReferenceRecorder } from './conversation-reference-recorder';
import { dateInWords } from '../legal-terms/legal-terms';
import { FacebookEvents } from '../live/facebook/facebook-events';
import { GraphClient } from '../live/facebook/graph-client';
import { FacebookLiveComments } from '../live/facebook/live-comments';
import { HearingLookup } from '../answers/hearing-lookup';
import { LivePanelApi } from '../live/live-panel-api';
import { readTabFile, tabFileNames } from './http/live-panel-pages';
import { LiveQuestions } from '../live/live-questions';
import { MeetingChatAnnouncer } from '../live/meeting-chat-announcer';
import { SimilarQuestions } from '../live/similar-questions';
import { TeamsMeetingSessions } from '../live/teams-meeting';
import { legalDeadlines } from '../legal-terms/legal-deadlines';
import { captureConsole } from '../kernel/console-capture';
import { startDurableJournal, type DurableJournalService } from './journal/journal-service';
import { createLogger, type Logger } from '../kernel/logger';
import { Pseudonymizer, resolvePseudonymSecret } from '../kernel/pseudonym';
import { startRetentionJob } from './retention-job';
import { QuestionFollowUp } from '../dialogs/question-follow-up';
import { processedActivityKey, RetryFilterMiddleware } from './retry-filter';
import { createHttpServer } from './server';
import { SubmittedTextMiddleware } from './submitted-text';
import { TurnLoggingMiddleware } from './turn-logging';

export interface RunningApp {
  readonly port: number;
  readonly url: string;
  readonly adapter: AnmCloudAdapter;
  readonly database: Database;
  readonly conversationReferences: ConversationReferenceStore;
  readonly logger: Logger;
  /** The Facebook Page webhook's processing; undefined when Facebook is not configured. */
  readonly facebook: FacebookEvents | undefined;
  /** What waits for the database (see bot/journal). */
  readonly journal: DurableJournalService;
  /** Graceful stop: no new requests, turns in flight finish (bounded), database closed. */
  stop(): Promise<void>;
}

/** Wires config → knowledge → database → storage → adapter → bot → server, top to bottom. */
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
  // Loaded before the database opens: a broken knowledge base stops the start with its list of problems.
  const analyzer = new SpanishAnalyzer(loadLexicon());
  const index = new KnowledgeIndex(loadKnowledgeBase(), analyzer);

  const database = await openDatabase(config.database, logger);
  // What the Bot Framework SDK prints with console.* goes into the JSON log, scrubbed.
  const consoleCapture = captureConsole(logger);
  try {
    const { models } = database;
    const storage = new MongoStateStorage(models.botState, pseudonymizer);
    const retention = startRetentionJob({
      models,
      retentionDays: config.personalDataRetentionDays,
      logger,
    });
    const conversationReferences = new ConversationReferenceStore(models.conversationReferences);
    const liveQuestions = new LiveQuestions({
      models,
      similar: new SimilarQuestions(analyzer),
      deadlines: legalDeadlines,
    });
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const bot = new AnmBot({
      conversationState,
      userState,
      answerer: new KnowledgeAnswerer({
        index,
        offered: conversationState.createProperty<OfferedChoices | undefined>('offeredChoices'),
        topic: conversationState.createProperty<ConversationTopic | undefined>('conversationTopic'),
        composer: config.generative && new OpenAiAnswerComposer(config.generative),
        logger,
      }),
      hearings: new HearingLookup(models.hearings),
      followUp: new QuestionFollowUp({ models, pseudonymizer, inWords: dateInWords }),
      registration: {
        models,
        pseudonymizer,
        deadlines: legalDeadlines,
        privacyPolicyUrl: config.privacyPolicyUrl,
      },
      eraseData: { models, pseudonymizer },
      meetings: new TeamsMeetingSessions({ models, liveQuestions, logger }),
      publicationUrl: config.publicationUrl,
      inWords: dateInWords,
    });
    const adapter = createCloudAdapter(config.botAuth, logger, [
      new TurnLoggingMiddleware(logger, pseudonymizer),
      new RetryFilterMiddleware(models.processedActivities, pseudonymizer, logger),
      new ConversationReferenceRecorder(conversationReferences, pseudonymizer),
      new SubmittedTextMiddleware(),
    ]);
    const facebook =
      config.facebook &&
      new FacebookEvents({
        models,
        liveComments: new FacebookLiveComments({
          models,
          liveQuestions,
          graph: new GraphClient(config.facebook),
          pageId: config.facebook.pageId,
          inWords: dateInWords,
          logger,
        }),
        appSecret: config.facebook.appSecret,
        verifyToken: config.facebook.verifyToken,
        logger,
        resumeIntervalMs: config.facebook.resumeIntervalMs,
      });
    // Deliveries stored before a restart but not processed are processed now.
    facebook?.start();
    const journal = await startDurableJournal({
      dataDir: config.dataDir,
      adapter,
      logic: (context) => bot.run(context),
      database,
      forgetProcessedMark: async (activity) => {
        const key = processedActivityKey(pseudonymizer, activity);
        await models.processedActivities.deleteOne({ _id: key });
      },
      facebook: facebook &&
        config.facebook && { webhook: facebook, appSecret: config.facebook.appSecret },
      logger,
    });
    const livePanelApi =
      config.livePanelEnabled &&
      new LivePanelApi({
        models,
        announcer: new MeetingChatAnnouncer({
          models,
          references: conversationReferences,
          sender: proactiveSender(adapter, config.botAuth.MicrosoftAppId ?? ''),
          publicationUrl: config.publicationUrl,
          inWords: dateInWords,
          logger,
        }),
        logger,
      });
    const http = createHttpServer({
      messages: messageEndpoint(adapter, bot, logger),
      health: database,
      facebook: journal.webhook,
      livePanel: livePanelApi
        ? {
            api: (action, request) => livePanelApi.handle(action, request),
            tabFile: readTabFile,
            tabFileNames,
          }
        : undefined,
      edge: config.edge,
      logger,
    });
    const port = await http.listen(config.port, config.host);
    const authenticated = Boolean(config.botAuth.MicrosoftAppId);
    logger.info(
      {
        port,
        authenticated,
        knowledgeEntries: index.size,
        generative: Boolean(config.generative),
        facebook: Boolean(facebook),
        livePanel: config.livePanelEnabled,
      },
      'server listening',
    );

    let stopping: Promise<void> | undefined;
    return {
      port,
      url: `http://127.0.0.1:${port}`,
      adapter,
      database,
      conversationReferences,
      logger,
      facebook,
      journal,
      stop() {
        stopping ??= (async () => {
          await http.close(config.shutdownTimeoutMs);
          await journal.stop();
          if (facebook) {
            facebook.stop();
            await Promise.race([
              facebook.settled(),
              new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref()),
            ]);
          }
          await retention.stop();
          await database.close();
          logger.info('stopped');
          consoleCapture.release();
        })();
        return stopping;
      },
    };
  } catch (error) {
    consoleCapture.release();
    await database.close();
    throw error;
  }
}
