import { ConversationState, UserState, type TurnContext } from 'botbuilder';

import { loadKnowledgeBase } from '../knowledge/knowledge-base';
import type { ConversationTopic } from '../knowledge/retrieval/follow-up';
import { KnowledgeIndex } from '../knowledge/retrieval/knowledge-index';
import { questionTopic } from '../knowledge/retrieval/question-topic';
import { readsAsEmergency } from '../answers/emergency-reading';
import { backfillQuestionTopics } from '../answers/question-topics-backfill';
import { loadLexicon } from '../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { MongoStateStorage } from '../models/bot-state-storage';
import { claimWelcome, releaseWelcome } from '../models/welcome';
import { ConversationReferenceStore } from '../models/conversation-reference';
import { openDatabase, type Database } from '../models/database';
import { forgetProcessedActivity } from '../models/processed-activity';
import {
  createCloudAdapter,
  messageEndpoint,
  proactiveSender,
  type AnmCloudAdapter,
  type MessageEndpoint,
} from './adapter';
import { AnmBot } from './anm-bot';
import { OpenAiAnswerComposer } from '../answers/generative/answer-composer';
import { KnowledgeAnswerer, type OfferedChoices } from '../answers/knowledge-answerer';
import type { AppConfig } from './config';
import { ConversationReferenceRecorder } from './conversation-reference-recorder';
import { dateInWords } from '../legal-terms/legal-terms';
import { FacebookEventWorker } from '../live/facebook/facebook-event-worker';
import { GraphClient } from '../live/facebook/graph-client';
import { FacebookLiveComments } from '../live/facebook/live-comments';
import { HearingLookup } from '../answers/hearing-lookup';
import { LivePanelApi } from '../live/live-panel-api';
import { FacebookWebhook } from './http/facebook-webhook';
import { tabFileReader, tabFileNames } from './http/live-panel-pages';
import type { TabSignIn } from './http/live-panel-routes';
import { createStaffAuthenticator, type StaffAuthenticator } from './http/staff-auth';
import { RateLimiter } from './http/rate-limiter';
import { LiveQuestions } from '../live/live-questions';
import { MeetingChatAnnouncer } from '../live/meeting-chat-announcer';
import { SimilarQuestions } from '../live/similar-questions';
import { TeamsMeetingSessions } from '../live/teams-meeting';
import { legalDeadlines } from '../legal-terms/legal-deadlines';
import { captureConsole } from '../kernel/console-capture';
import { startDurableJournal, type DurableJournalService } from './journal/journal-service';
import { createLogger, describeError, type Logger } from '../kernel/logger';
import { Pseudonymizer, resolvePseudonymSecret } from '../kernel/pseudonym';
import { startHousekeepingJob, type HousekeepingJob } from './housekeeping-job';
import { QuestionFollowUp } from '../dialogs/question-follow-up';
import { citizenKeyOf } from '../dialogs/citizen-data';
import { processedActivityKey, RetryFilterMiddleware } from './retry-filter';
import { WelcomeClaims } from './welcome-claims';
import {
  createHttpServer,
  type HttpServer,
  type HttpServerDependencies,
  type LivePanelEndpoint,
} from './server';
import { SubmittedTextMiddleware } from './submitted-text';
import { TurnLoggingMiddleware } from './turn-logging';
import { KnowledgeDraftSuggester } from '../moderation/draft-suggester';
import { ModerationService } from '../moderation/moderation-service';
import { ModerationFollowUp } from '../moderation/follow-up-service';
import { startDeadlineDigestJob, type DeadlineDigestJob } from './deadline-digest-job';
import { DeliveryWorker } from '../delivery/delivery-worker';
import { SatisfactionSurveyInvitations } from '../delivery/satisfaction-invitation';
import { createEmailSender, type EmailSender } from '../delivery/email-sender';
import { PublicAnswers } from '../publication/public-answers';
import { SpaceMemoirs } from '../publication/space-memoirs';
import { reportModelsOf } from '../models/report-sources';
import { ReportsService } from '../reports/reports-service';
import { EmbeddedConnectorAddress } from '../webchat/embedded-connector-address';

export interface RunningApp {
  readonly port: number;
  readonly url: string;
  readonly adapter: AnmCloudAdapter;
  readonly database: Database;
  readonly conversationReferences: ConversationReferenceStore;
  readonly logger: Logger;
  /** Makes the keyed hashes stored in place of channel ids (state keys, submission keys). */
  readonly pseudonymizer: Pseudonymizer;
  /** The worker processing the Facebook Page webhook's deliveries; undefined without Facebook. */
  readonly facebook: FacebookEventWorker | undefined;
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
  const pseudonymizer = pseudonymizerOf(config, logger);
  // Loaded before the database opens: a broken knowledge base stops the start with its list of problems.
  const knowledge = buildKnowledge(logger);
  const database = await openDatabase(config.database, logger, { pseudonymizer });
  // What the Bot Framework SDK prints with console.* goes into the JSON log, scrubbed.
  const consoleCapture = captureConsole(logger);
  try {
    const stores = openStores(config, database, knowledge, pseudonymizer, logger);
    const welcomeClaims = buildWelcomeClaims(stores, logger);
    const bot = buildBot(config, stores, knowledge, welcomeClaims, logger);
    const adapter = buildAdapter(config, database, stores, welcomeClaims, logger);
    const facebook = buildFacebook(config, stores, knowledge, logger);
    // Deliveries stored before a restart but not processed are processed now, then on a timer.
    facebook?.worker.start();
    const journal = await startJournal(config, {
      adapter,
      bot,
      database,
      stores,
      facebook,
      logger,
    });
    const staffAuth = staffAuthOf(config, logger);
    const answers = startAnswerWork(config, {
      database,
      knowledge,
      stores,
      adapter,
      staffAuth,
      logger,
    });
    const publicAnswers = startPublicAnswers(database, logger);
    const parts = { adapter, bot, database, stores, staffAuth, facebook, answers, logger };
    const http = buildHttpServer(config, {
      ...parts,
      publicAnswers,
      facebookWebhook: journal.webhook,
    });
    const port = await http.listen(config.port, config.host);
    logListening(config, port, knowledge, logger);
    return {
      port,
      url: `http://127.0.0.1:${port}`,
      adapter,
      database,
      conversationReferences: stores.conversationReferences,
      logger,
      pseudonymizer,
      facebook: facebook?.worker,
      journal,
      stop: stopper(config, {
        http,
        journal,
        facebook,
        ...answers,
        publicAnswers,
        stores,
        database,
        consoleCapture,
        logger,
      }),
    };
  } catch (error) {
    consoleCapture.release();
    await database.close();
    throw error;
  }
}

interface HttpServerParts extends StaffEndpointParts {
  adapter: AnmCloudAdapter;
  bot: ReturnType<typeof buildBot>;
  stores: Stores;
  publicAnswers: ReturnType<typeof startPublicAnswers>;
  facebookWebhook: HttpServerDependencies['facebook'];
}

/** Every route of the edge, each given only what it serves. */
function buildHttpServer(config: AppConfig, parts: HttpServerParts): HttpServer {
  const { adapter, bot, database, stores, staffAuth, publicAnswers, logger } = parts;
  const messages = messageEndpoint(adapter, bot, logger);
  return createHttpServer({
    messages,
    health: database,
    facebook: parts.facebookWebhook,
    livePanel: buildLivePanel(config, stores, adapter, staffAuth, logger),
    ...staffEndpoints(config, parts),
    publicAnswers: { answers: publicAnswers },
    spaceMemoirs: {
      memoirs: new SpaceMemoirs({ models: database.models, index: publicAnswers.index }),
    },
    webChat: buildWebChat(config, messages, database, adapter, logger),
    edge: config.edge,
    logger,
  });
}

/** The CloudAdapter with the turn middleware, in the order a turn goes through it. */
function buildAdapter(
  config: AppConfig,
  database: Database,
  stores: Stores,
  welcomeClaims: WelcomeClaims,
  logger: Logger,
) {
  const { pseudonymizer } = stores;
  return createCloudAdapter(config.botAuth, logger, [
    new TurnLoggingMiddleware(logger, pseudonymizer),
    new RetryFilterMiddleware(
      database.models.processedActivities,
      pseudonymizer,
      logger,
      async (context) => {
        await stores.conversationState.load(context);
        welcomeClaims.startEarly(context);
      },
    ),
    // After the retry filter: a dropped copy of an activity leaves its claim to the turn that runs.
    welcomeClaims,
    new ConversationReferenceRecorder(
      stores.conversationReferences,
      pseudonymizer,
      stores.conversationState,
    ),
    new SubmittedTextMiddleware(),
  ]);
}

interface AnswerWorkParts {
  database: Database;
  knowledge: Knowledge;
  stores: Stores;
  adapter: AnmCloudAdapter;
  staffAuth: StaffAuthenticator | undefined;
  logger: Logger;
}

/**
 * The work behind official answers: the deliverer (always: deliveries queued before a restart
 * go out), and, where staff can sign in, moderation and the moderators' daily digest.
 */
function startAnswerWork(config: AppConfig, parts: AnswerWorkParts) {
  const { database, knowledge, stores, adapter, staffAuth, logger } = parts;
  const delivery = startDelivery(config, database, adapter, logger, stores);
  backfillQuestionTopics({ models: database.models, topicOf: knowledge.topicOf, logger }).catch(
    (error: unknown) => {
      logger.warn(
        describeError(error),
        'knowledge topics backfill stopped: the next start goes on',
      );
    },
  );
  const moderation =
    staffAuth && startModeration(config, database, knowledge, logger, () => delivery.worker.wake());
  const digest =
    moderation &&
    config.moderationDigest &&
    startDeadlineDigestJob({
      moderation,
      references: stores.conversationReferences,
      sender: proactiveSender(adapter, config.botAuth.MicrosoftAppId ?? ''),
      jobRuns: database.models.jobRuns,
      target: config.moderationDigest,
      logger,
    });
  return { delivery, moderation, digest };
}

interface StaffEndpointParts {
  database: Database;
  staffAuth: StaffAuthenticator | undefined;
  facebook: ReturnType<typeof buildFacebook>;
  answers: ReturnType<typeof startAnswerWork>;
  logger: Logger;
}

/** The moderators' API and the reports, both behind the staff sign-in. */
function staffEndpoints(
  config: AppConfig,
  parts: StaffEndpointParts,
): Pick<HttpServerDependencies, 'moderation' | 'reports'> {
  const { database, staffAuth, facebook, answers, logger } = parts;
  const { moderation, delivery } = answers;
  return {
    moderation: staffAuth &&
      moderation && {
        authorize: (request, role) => staffAuth.authorize(request, role),
        moderation,
        followUp: new ModerationFollowUp({
          models: database.models,
          projection: moderation.projection,
          onDeliveriesQueued: () => delivery.worker.wake(),
          facebookConfigured: facebook !== undefined,
        }),
      },
    reports: staffAuth && {
      staffAuth,
      reports: new ReportsService({
        models: reportModelsOf(database.models, config.database.timeoutMs),
        logger,
      }),
    },
  };
}

/**
 * The public answers page's published answers, kept in memory and fed by the change feed. Loaded
 * in the background (14 s at 100,000 stored questions); list requests wait for it.
 */
function startPublicAnswers(database: Database, logger: Logger): PublicAnswers {
  const answers = new PublicAnswers({ models: database.models, logger });
  answers.start().catch((error: unknown) => {
    logger.error(describeError(error), 'the published answers could not be loaded');
  });
  return answers;
}

/**
 * Sends what the outbox holds (official answers, legal notices) to each asker on their channel,
 * and by e-mail where SMTP is configured; every replica runs it, each attempt is claimed once.
 */
function startDelivery(
  config: AppConfig,
  database: Database,
  adapter: AnmCloudAdapter,
  logger: Logger,
  stores: Stores,
): { worker: DeliveryWorker; email: EmailSender | undefined } {
  const email = config.email && createEmailSender(config.email);
  const sender = proactiveSender(adapter, config.botAuth.MicrosoftAppId ?? '');
  const worker = new DeliveryWorker({
    models: database.models,
    sender,
    email,
    // After an answer reaches a chat: one satisfaction question, marked in the bot's state.
    survey: new SatisfactionSurveyInvitations({
      models: database.models,
      state: { storage: stores.stateStorage, conversationState: stores.conversationState },
      sender,
      logger,
    }),
    publicBaseUrl: config.publicBaseUrl,
    publicationUrl: config.publicationUrl,
    logger,
  });
  worker.start();
  return { worker, email };
}

/**
 * The moderators' queue and actions. The queue loads in the background (20 s at 100,000 stored
 * questions); its requests wait for it, the start does not.
 */
function startModeration(
  config: AppConfig,
  database: Database,
  knowledge: Knowledge,
  logger: Logger,
  onDeliveriesQueued: () => void,
): ModerationService {
  const moderation = new ModerationService({
    models: database.models,
    logger,
    onDeliveriesQueued,
    suggester:
      config.generative &&
      new KnowledgeDraftSuggester(knowledge.index, new OpenAiAnswerComposer(config.generative)),
  });
  moderation.start().catch((error: unknown) => {
    logger.error(describeError(error), 'the moderators queue could not be loaded');
  });
  return moderation;
}

/** The citizens' web chat: the embedded Direct Line, the Direct Line service's token, or off. */
function buildWebChat(
  config: AppConfig,
  messages: MessageEndpoint,
  database: Database,
  adapter: AnmCloudAdapter,
  logger: Logger,
): HttpServerDependencies['webChat'] {
  const { webChat } = config;
  if (webChat.mode === 'off') {
    logger.info('web chat off: MicrosoftAppId is set and DIRECT_LINE_SECRET is not');
    return undefined;
  }
  // Official answers reach a web chat conversation at today's port, not the one it began on.
  const connectorAddress = new EmbeddedConnectorAddress();
  adapter.currentServiceUrl = (reference) => connectorAddress.serviceUrlFor(reference);
  return {
    directLine: {
      config: webChat,
      messages,
      models: database.models,
      pseudonymSecret: resolvePseudonymSecret(config.pseudonymSecret, config.dataDir).secret,
      connectorAddress,
    },
    page: {
      privacyPolicyUrl: config.privacyPolicyUrl,
      allowedEmbedders: webChat.allowedEmbedders,
      serviceOrigin: webChat.mode === 'service' ? webChat.baseUrl : undefined,
    },
  };
}

function pseudonymizerOf(config: AppConfig, logger: Logger): Pseudonymizer {
  const { secret, source } = resolvePseudonymSecret(config.pseudonymSecret, config.dataDir);
  if (source === 'data-dir') {
    logger.info(
      'PSEUDONYM_SECRET not set: using the secret kept in DATA_DIR (set it when several instances share a database)',
    );
  }
  return new Pseudonymizer(secret);
}

/** The durable journal: turns and deliveries wait in it while the database is away. */
function startJournal(
  config: AppConfig,
  parts: {
    adapter: AnmCloudAdapter;
    bot: AnmBot;
    database: Database;
    stores: Stores;
    facebook: Facebook | undefined;
    logger: Logger;
  },
): Promise<DurableJournalService> {
  const { adapter, bot, database, stores, facebook, logger } = parts;
  return startDurableJournal({
    dataDir: config.dataDir,
    adapter,
    logic: (context) => bot.run(context),
    database,
    forgetProcessedMark: async (activity) => {
      const key = processedActivityKey(stores.pseudonymizer, activity);
      await forgetProcessedActivity(database.models.processedActivities, key);
    },
    facebook: facebook &&
      config.facebook && { webhook: facebook.webhook, appSecret: config.facebook.appSecret },
    logger,
  });
}

function logListening(config: AppConfig, port: number, knowledge: Knowledge, logger: Logger) {
  logger.info(
    {
      port,
      authenticated: Boolean(config.botAuth.MicrosoftAppId),
      knowledgeEntries: knowledge.index.size,
      generative: Boolean(config.generative),
      facebook: Boolean(config.facebook),
      staffAuth: config.staffAuth?.mode ?? 'off',
    },
    'server listening',
  );
}

interface Knowledge {
  analyzer: SpanishAnalyzer;
  index: KnowledgeIndex;
  /** The topic stored with each question, for the reports. */
  topicOf: (text: string) => string | null;
  /** The emergency check, then the knowledge base as a second reader. */
  isEmergency: (text: string) => boolean;
}

function buildKnowledge(logger: Logger): Knowledge {
  const analyzer = new SpanishAnalyzer(loadLexicon());
  const index = new KnowledgeIndex(loadKnowledgeBase(), analyzer, {
    classifier: {
      onTraining: (examples) =>
        logger.info(
          { examples },
          'training the question classifier (first start after the knowledge base changed; about two minutes)',
        ),
    },
  });
  return {
    analyzer,
    index,
    topicOf: (text) => questionTopic(index, text),
    isEmergency: (text) => readsAsEmergency(index, text),
  };
}

/** What the bot keeps in the database, and the services built directly on it. */
interface Stores {
  models: Database['models'];
  pseudonymizer: Pseudonymizer;
  conversationState: ConversationState;
  userState: UserState;
  conversationReferences: ConversationReferenceStore;
  liveQuestions: LiveQuestions;
  housekeeping: HousekeepingJob;
  /** The storage of the bot's state, for writers outside a turn (the pending survey's mark). */
  stateStorage: MongoStateStorage;
}

function openStores(
  config: AppConfig,
  database: Database,
  knowledge: Knowledge,
  pseudonymizer: Pseudonymizer,
  logger: Logger,
): Stores {
  const { models } = database;
  const storage = new MongoStateStorage(models, pseudonymizer);
  return {
    models,
    pseudonymizer,
    conversationState: new ConversationState(storage),
    stateStorage: storage,
    userState: new UserState(storage),
    conversationReferences: new ConversationReferenceStore(models.conversationReferences),
    liveQuestions: new LiveQuestions({
      models,
      similar: new SimilarQuestions(knowledge.analyzer),
      deadlines: legalDeadlines,
      topicOf: knowledge.topicOf,
    }),
    housekeeping: startHousekeepingJob({
      models,
      retentionDays: config.personalDataRetentionDays,
      logger,
    }),
  };
}

/** Welcome claims by the citizen's pseudonymous key, started early in a first message's turn. */
function buildWelcomeClaims(stores: Stores, logger: Logger): WelcomeClaims {
  const { models, pseudonymizer, conversationState } = stores;
  const claimOf = (context: TurnContext) => ({
    citizenKey: citizenKeyOf(context, pseudonymizer),
    activityKey: processedActivityKey(pseudonymizer, context.activity),
  });
  return new WelcomeClaims(
    {
      claim: (context) => claimWelcome(models.welcomes, { ...claimOf(context), at: new Date() }),
      release: (context) => releaseWelcome(models.welcomes, claimOf(context)),
    },
    conversationState,
    logger,
  );
}

function buildBot(
  config: AppConfig,
  stores: Stores,
  knowledge: Knowledge,
  welcomeClaims: WelcomeClaims,
  logger: Logger,
): AnmBot {
  const { models, pseudonymizer, conversationState, userState, liveQuestions } = stores;
  const conversationTopic = conversationState.createProperty<ConversationTopic | undefined>(
    'conversationTopic',
  );
  return new AnmBot({
    conversationState,
    userState,
    answerer: new KnowledgeAnswerer({
      index: knowledge.index,
      offered: conversationState.createProperty<OfferedChoices | undefined>('offeredChoices'),
      topic: conversationTopic,
      composer: config.generative && new OpenAiAnswerComposer(config.generative),
      logger,
    }),
    hearings: new HearingLookup(models.hearings),
    conversationTopic,
    followUp: new QuestionFollowUp({
      models,
      pseudonymizer,
      inWords: dateInWords,
      publicBaseUrl: config.publicBaseUrl,
    }),
    registration: {
      models,
      pseudonymizer,
      deadlines: legalDeadlines,
      privacyPolicyUrl: config.privacyPolicyUrl,
      topicOf: knowledge.topicOf,
    },
    eraseData: { models, pseudonymizer },
    satisfaction: { models, pseudonymizer },
    meetings: new TeamsMeetingSessions({ models, liveQuestions, pseudonymizer, logger }),
    claimWelcome: (context) => welcomeClaims.claim(context),
    publicationUrl: config.publicationUrl,
    inWords: dateInWords,
    isEmergency: knowledge.isEmergency,
  });
}

/** The Page webhook (verify, store, answer 200) and the worker that processes its deliveries. */
interface Facebook {
  worker: FacebookEventWorker;
  webhook: FacebookWebhook;
}

function buildFacebook(
  config: AppConfig,
  stores: Stores,
  knowledge: Knowledge,
  logger: Logger,
): Facebook | undefined {
  if (!config.facebook) return undefined;
  const { models, liveQuestions } = stores;
  const worker = new FacebookEventWorker({
    models,
    liveComments: new FacebookLiveComments({
      models,
      liveQuestions,
      graph: new GraphClient(config.facebook),
      pageId: config.facebook.pageId,
      inWords: dateInWords,
      pseudonymizer: stores.pseudonymizer,
      logger,
      isEmergency: knowledge.isEmergency,
    }),
    logger,
    resumeIntervalMs: config.facebook.resumeIntervalMs,
    commenterBudget: new RateLimiter({ perMinute: config.facebook.commentsPerCommenterPerMinute }),
  });
  const webhook = new FacebookWebhook({
    models,
    worker,
    appSecret: config.facebook.appSecret,
    verifyToken: config.facebook.verifyToken,
    logger,
  });
  return { worker, webhook };
}

/** Checks staff tokens on every staff API; undefined without staff sign-in configured. */
function staffAuthOf(config: AppConfig, logger: Logger): StaffAuthenticator | undefined {
  return (
    config.staffAuth &&
    createStaffAuthenticator(config.staffAuth, logger, {
      perStaffPerMinute: config.edge.perStaffPerMinute,
    })
  );
}

/** How the tab pages sign staff in, and where their browser may send requests for it. */
function tabSignInOf(config: AppConfig): { signIn: TabSignIn; connectOrigins: string[] } {
  const { staffAuth, staffSignIn } = config;
  const browser =
    staffAuth?.mode === 'issuer' && staffSignIn
      ? {
          issuer: staffAuth.issuer,
          clientId: staffSignIn.clientId,
          scope: `openid profile ${staffSignIn.apiScope}`,
        }
      : null;
  return {
    signIn: { teams: staffAuth?.mode === 'issuer', browser, devTokens: staffAuth?.mode === 'dev' },
    connectOrigins: browser ? [new URL(browser.issuer).origin] : [],
  };
}

function buildLivePanel(
  config: AppConfig,
  stores: Stores,
  adapter: AnmCloudAdapter,
  staffAuth: StaffAuthenticator | undefined,
  logger: Logger,
): LivePanelEndpoint | undefined {
  // The panel is for signed-in staff only: without a way to sign in, it is not served at all.
  if (!staffAuth) return undefined;
  const { models, conversationReferences } = stores;
  const api = new LivePanelApi({
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
  const { signIn, connectOrigins } = tabSignInOf(config);
  return {
    api: (action, request) => api.handle(action, request),
    staffAuth,
    signIn,
    tabFile: tabFileReader(connectOrigins),
    tabFileNames,
  };
}

/** Graceful stop, once however often it is called: each part stops after what feeds it. */
function stopper(
  config: AppConfig,
  running: {
    http: HttpServer;
    journal: DurableJournalService;
    facebook: Facebook | undefined;
    moderation: ModerationService | undefined;
    digest: DeadlineDigestJob | undefined;
    delivery: { worker: DeliveryWorker; email: EmailSender | undefined };
    publicAnswers: PublicAnswers;
    stores: Stores;
    database: Database;
    consoleCapture: ReturnType<typeof captureConsole>;
    logger: Logger;
  },
): () => Promise<void> {
  const { http, journal, facebook, moderation, digest, delivery, stores, database } = running;
  const { publicAnswers, consoleCapture, logger } = running;
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      await http.close(config.shutdownTimeoutMs);
      await journal.stop();
      if (facebook) {
        facebook.worker.stop();
        await Promise.race([
          facebook.worker.settled(),
          new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref()),
        ]);
      }
      await stores.housekeeping.stop();
      await digest?.stop();
      await delivery.worker.stop();
      delivery.email?.close();
      await moderation?.stop();
      await publicAnswers.stop();
      await database.close();
      logger.info('stopped');
      consoleCapture.release();
    })();
    return stopping;
  };
}
