import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ActivityHandler,
  type ConversationReference,
  type Middleware,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type UserTokenClient,
} from 'botframework-connector';

import type { BotFrameworkAuthSettings } from './config';
import { AppError, errorCodes, type RefusalCode } from '../kernel/errors';
import { bearerTokenHasExpiry } from './http/bearer-token-expiry';
import { ReplyClient, type ReplyConnector } from './reply-client';
import { TurnDeferredError, type TurnDeferral } from './journal/turn-deferral';
import { describeError, type Logger } from '../kernel/logger';
import type { ProactiveSender } from '../kernel/proactive-sender';
import { correlationId, turnLogger } from '../kernel/turn-log';

export type { ProactiveSender };

/** What the HTTP edge hands over: the parsed JSON body and the Authorization header. */
export interface IncomingActivityRequest {
  body: unknown;
  authorization: string;
}

export interface ActivityResponse {
  status: number;
  body?: unknown;
}

/**
 * The seam between HTTP and the Bot Framework SDK. The server only sees `MessageEndpoint`; moving
 * to the SDK's successor (@microsoft/agents-hosting) changes this file, not the server or the bot.
 */
export interface MessageEndpoint {
  process(request: IncomingActivityRequest): Promise<ActivityResponse>;
}

/**
 * CloudAdapter that authenticates before it processes, so that every authentication failure is a
 * 401 (the SDK's own `process` answers some of them, such as a bad signature, with a 500 that
 * carries the error text) and no SDK error message reaches the response body.
 */
export class AnmCloudAdapter extends CloudAdapter {
  async authenticateAndProcess(
    activity: Activity,
    authorization: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<ActivityResponse> {
    if (authorization.trim() !== '' && !bearerTokenHasExpiry(authorization)) {
      throw new AppError(errorCodes.unauthorized, 'the bearer token has no expiry');
    }
    let authentication: Awaited<
      ReturnType<typeof this.botFrameworkAuthentication.authenticateRequest>
    >;
    try {
      authentication = await this.botFrameworkAuthentication.authenticateRequest(
        activity,
        authorization,
      );
    } catch (error) {
      throw new AppError(errorCodes.unauthorized, 'the request is not authenticated', {
        cause: error,
      });
    }
    const deferral = this.deferral;
    if (!deferral) return this.processAuthenticated(authentication, activity, logic);
    return deferral.processOrDefer(activity, authentication, () =>
      this.processAuthenticated(authentication, activity, logic),
    );
  }

  /** Where replies and proactive messages go out: one keep-alive agent, no per-request pipeline. */
  readonly replies = new ReplyClient();

  /** The SDK's connector clients, built once per bot identity, audience and service URL. */
  private readonly connectors = new ConnectorClientCache();

  /**
   * As the SDK's `CloudAdapterBase.sendActivities`, with the connector call through `replies`
   * (same credentials, body, retries and failures; see `reply-client.ts`). Activities the SDK
   * treats specially (a delay, an invoke response, a trace) take the SDK's own path.
   */
  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    if (
      outboundProxyConfigured() ||
      activities.some((activity) => specialActivityTypes.has(activity.type ?? ''))
    ) {
      return super.sendActivities(context, activities);
    }
    if (activities.length === 0) {
      throw new Error('Expecting one or more activities, but the array was empty.');
    }
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      delete activity.id;
      const connector = context.turnState.get<ReplyConnector | undefined>(this.ConnectorClientKey);
      if (!connector) throw new Error('Unable to extract ConnectorClient from turn context.');
      responses.push(await this.replies.send(connector, activity));
    }
    return responses;
  }

  /** Set by the app: turns wait in the durable journal while the database is away. */
  deferral: TurnDeferral | undefined;

  /** Runs a turn for an activity authenticated before (now, or when it was journaled). */
  async processAuthenticated(
    authentication: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<ActivityResponse> {
    const reused = { ...authentication, connectorFactory: this.connectors.reuse(authentication) };
    const invokeResponse = await this.processActivity(reused, activity, logic);
    return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body as unknown };
  }

  /** The connector a journaled activity's replies go through, from its stored claims. */
  connectorFactoryFor(identity: ClaimsIdentity): AuthenticateRequestResult['connectorFactory'] {
    return this.botFrameworkAuthentication.createConnectorFactory(identity);
  }

  /**
   * Set by the app: where a stored conversation is reached now when that is not its stored
   * serviceUrl (the embedded web chat's address names the port the bot listened on when the
   * conversation began); undefined = as stored.
   */
  currentServiceUrl:
    ((reference: Partial<ConversationReference>) => string | undefined) | undefined;
}

type ConnectorFactory = NonNullable<AuthenticateRequestResult['connectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;

/** How many connector clients are kept (one per bot identity, audience and service URL). */
const maxConnectorClients = 64;

/**
 * The SDK builds a `ConnectorClient` (credentials, and an HTTP pipeline of fourteen policies)
 * for every turn, from a factory it builds for every request. Two factories built from the same
 * configuration with the same bot identity build identical clients, and a client holds no state of
 * a turn, so one client per (identity, audience, service URL) serves every turn. Only the SDK's own
 * factory (`ConnectorFactoryImpl`, recognised by its fields) is reused; any other passes through.
 */
class ConnectorClientCache {
  /** By the SDK's credentials factory (one per authentication configuration), then by key. */
  private readonly clients = new WeakMap<object, Map<string, Promise<ConnectorClient>>>();

  reuse(authentication: AuthenticateRequestResult): ConnectorFactory | undefined {
    const factory = authentication.connectorFactory;
    if (!factory) return factory;
    const fields = factory as unknown as {
      appId?: unknown;
      toChannelFromBotOAuthScope?: unknown;
      loginEndpoint?: unknown;
      validateAuthority?: unknown;
      credentialFactory?: unknown;
    };
    const credentialFactory = fields.credentialFactory;
    if (
      factory.constructor.name !== 'ConnectorFactoryImpl' ||
      typeof credentialFactory !== 'object' ||
      credentialFactory === null
    ) {
      return factory;
    }
    let byKey = this.clients.get(credentialFactory);
    if (!byKey) {
      byKey = new Map();
      this.clients.set(credentialFactory, byKey);
    }
    const clients = byKey;
    const identity = [
      fields.appId,
      fields.toChannelFromBotOAuthScope,
      fields.loginEndpoint,
      fields.validateAuthority,
    ];
    // The same object for the SDK in every other respect (it is kept in the turn state).
    const reusing = Object.create(factory) as ConnectorFactory;
    reusing.create = (serviceUrl: string, audience?: string) => {
      const key = JSON.stringify([...identity, serviceUrl, audience ?? null]);
      const known = clients.get(key);
      if (known) return known;
      const created = factory.create(serviceUrl, audience);
      if (clients.size >= maxConnectorClients) {
        const oldest = clients.keys().next();
        if (!oldest.done) clients.delete(oldest.value);
      }
      clients.set(key, created);
      // A failed build (such as an invalid app id) is not kept: the next turn tries again.
      created.catch(() => {
        if (clients.get(key) === created) clients.delete(key);
      });
      return created;
    };
    return reusing;
  }
}

/** How many user-token clients are kept (one per bot app id). */
const maxUserTokenClients = 64;

/**
 * The SDK's authentication from configuration, with one user-token client per bot app id. The SDK
 * builds a `UserTokenClient` (credentials, and a `TokenApiClient` with its own HTTP pipeline) for
 * every turn, used only by sign-in prompts, which this bot has none of. The client depends on
 * nothing but the app id the SDK reads from the turn's claims (audience, else app id) and the
 * configuration, and holds no state of a turn, so one per app id serves every turn; a failed
 * build is not kept.
 */
export class AnmBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId =
      claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
      claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
      undefined;
    // The SDK's own key: the app id or its absence (an anonymous turn).
    const key = appId === undefined ? '' : `=${appId}`;
    const known = this.userTokenClients.get(key);
    if (known) return known;
    const created = super.createUserTokenClient(claimsIdentity);
    if (this.userTokenClients.size >= maxUserTokenClients) {
      const oldest = this.userTokenClients.keys().next();
      if (!oldest.done) this.userTokenClients.delete(oldest.value);
    }
    this.userTokenClients.set(key, created);
    created.catch(() => {
      if (this.userTokenClients.get(key) === created) this.userTokenClients.delete(key);
    });
    return created;
  }
}

/**
 * True when the environment names an outbound proxy, which the SDK's pipeline honours (its proxy
 * policy reads these variables, upper or lower case) and the reply client does not: replies then
 * take the SDK's own path, so a deployment behind a proxy keeps working as before.
 */
function outboundProxyConfigured(): boolean {
  return ['HTTPS_PROXY', 'ALL_PROXY', 'HTTP_PROXY'].some(
    (name) => Boolean(process.env[name]) || Boolean(process.env[name.toLowerCase()]),
  );
}

/** What the SDK's `sendActivities` handles without the connector, or with its own rules. */
const specialActivityTypes: ReadonlySet<string> = new Set(['delay', 'invokeResponse', 'trace']);

/**
 * Adapter authenticated from configuration. With MicrosoftAppId empty, authentication is
 * disabled, as Bot Framework bots run for the Emulator. The override keys (OpenID metadata URLs,
 * token issuer, login URL…) pass through unchanged, so tests can use a local OpenID provider.
 */
export function createCloudAdapter(
  settings: BotFrameworkAuthSettings,
  logger: Logger,
  middleware: Middleware[],
): AnmCloudAdapter {
  const adapter = new AnmCloudAdapter(new AnmBotFrameworkAuthentication(settings));
  for (const step of middleware) adapter.use(step);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    if (adapter.deferral?.takesOver(context, error)) throw new TurnDeferredError(error);
    const log = turnLogger(context, logger);
    log.error({ code: errorCodes.turnFailed, ...describeError(error) }, 'turn failed');
    try {
      await context.sendActivity(turnFailedMessage(correlationId(context)));
    } catch (sendError) {
      log.error(
        { code: errorCodes.turnFailed, ...describeError(sendError) },
        'could not tell the user that the turn failed',
      );
    }
  };
  return adapter;
}

/**
 * Proactive messages as the bot itself (its app id; empty when it runs unauthenticated). A send
 * the channel refuses rejects: the adapter would otherwise hand it to `onTurnError`, which logs
 * a failed turn, posts an apology the citizen never asked for, and lets the caller (a delivery)
 * record as sent what never arrived.
 */
export function proactiveSender(adapter: CloudAdapter, botAppId: string): ProactiveSender {
  return {
    send: async (reference, activity) => {
      const serviceUrl =
        adapter instanceof AnmCloudAdapter ? adapter.currentServiceUrl?.(reference) : undefined;
      const target = serviceUrl ? { ...reference, serviceUrl } : reference;
      let refusal: { error: unknown } | undefined;
      await adapter.continueConversationAsync(botAppId, target, async (context) => {
        try {
          await context.sendActivity(activity);
        } catch (error) {
          refusal = { error };
        }
      });
      if (refusal) throw refusal.error;
    },
  };
}

export function turnFailedMessage(reference: string | undefined): string {
  return [
    'Lo sentimos: tuvimos un problema técnico y no pudimos responder este mensaje.',
    'No se perdió nada de lo que usted ya nos había enviado. Por favor, escríbanos de nuevo en unos minutos.',
    ...(reference ? [`Código de referencia: ${reference.slice(0, 8)}`] : []),
  ].join(' ');
}

function asActivity(body: unknown): Activity | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const activity = body as Activity & { timestamp?: unknown; localTimestamp?: unknown };
  if (typeof activity.type !== 'string' || activity.type === '') return undefined;
  // JSON carries dates as text; the SDK's types (and its own request parsing) expect Date objects.
  if (typeof activity.timestamp === 'string') activity.timestamp = new Date(activity.timestamp);
  if (typeof activity.localTimestamp === 'string')
    activity.localTimestamp = new Date(activity.localTimestamp);
  return activity;
}

/** The catalogue's shape for a refusal (bot/http/error-handler.ts answers the others). */
function refusalBody(
  code: RefusalCode,
  message: string,
): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

export function messageEndpoint(
  adapter: AnmCloudAdapter,
  bot: ActivityHandler,
  logger: Logger,
): MessageEndpoint {
  return {
    async process({ body, authorization }) {
      const activity = asActivity(body);
      if (!activity) {
        return {
          status: 400,
          body: refusalBody(
            errorCodes.invalidActivity,
            'La actividad debe ser un objeto JSON con un "type".',
          ),
        };
      }
      try {
        return await adapter.authenticateAndProcess(activity, authorization, (context) =>
          bot.run(context),
        );
      } catch (error) {
        if (error instanceof AppError && error.code === errorCodes.unauthorized) {
          logger.warn(
            { code: error.code, channelId: activity.channelId, ...describeError(error.cause) },
            'request refused',
          );
          return {
            status: 401,
            body: refusalBody(errorCodes.unauthenticated, 'La solicitud no está autenticada.'),
          };
        }
        throw error;
      }
    },
  };
}
