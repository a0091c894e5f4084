import { AppError, errorCodes, RequestRefusal } from '../../kernel/errors';
import {
  DirectLineTokens,
  derivedSecret,
  directLineSigningKey,
} from '../../webchat/direct-line-tokens';
import { embeddedConnectorUrl } from '../../webchat/embedded-connector-address';
import { EmbeddedDirectLine, type BotTurns } from '../../webchat/embedded-direct-line';
import type { MessageEndpoint } from '../adapter';
import type { EdgeLimits } from '../config';
import { activityOf } from './activity-schema';
import { registerClientRoutes } from './direct-line-client-routes';
import { registerBotConnectorRoutes } from './direct-line-connector-routes';
import {
  conversationResumes,
  registerPageTokenRoute,
  type DirectLineEndpoint,
} from './direct-line-http';
import { registerServiceRoutes } from './direct-line-service-routes';
import { RateLimiter } from './rate-limiter';
import type { RouteContext } from './route-context';
import { isServiceUrlAllowed } from './service-url-allowlist';

export type { DirectLineEndpoint } from './direct-line-http';

/** The activity through the same path as /api/messages: shape, serviceUrl allow-list, adapter. */
function turnsThrough(messages: MessageEndpoint, edge: EdgeLimits): BotTurns {
  return {
    async run(activity) {
      const checked = activityOf(activity);
      if (
        edge.serviceUrlAllowlist &&
        !isServiceUrlAllowed(checked.serviceUrl, edge.serviceUrlAllowlist)
      ) {
        throw new RequestRefusal(
          errorCodes.serviceUrlNotAllowed,
          'La dirección de este chat no está en SERVICE_URL_ALLOWLIST.',
        );
      }
      const result = await messages.process({ body: checked, authorization: '' });
      if (result.status >= 400) {
        throw new AppError(
          errorCodes.internal,
          `the bot refused a web chat turn (${result.status})`,
        );
      }
    },
  };
}

/** The bot's own address as its connector client reaches it (see direct-line-connector-routes). */
function serviceUrlOf(context: RouteContext, connectorKey: string): () => string {
  return () => {
    const address = context.server.address() as { address: string; port: number } | null;
    if (!address) throw new AppError(errorCodes.internal, 'the server is not listening');
    return embeddedConnectorUrl(address, connectorKey);
  };
}

/**
 * The web chat's Direct Line routes. With a secret: the page's token route only (the page then
 * talks to the service). Without: the embedded Direct Line, its token routes and the connector
 * endpoint the bot's replies come back to.
 */
export function registerDirectLineRoutes(
  context: RouteContext,
  endpoint: DirectLineEndpoint,
): void {
  const { config } = endpoint;
  const tokenLimiter = new RateLimiter({ perMinute: config.tokensPerAddressPerMinute });
  if (config.mode === 'service') {
    registerServiceRoutes(context, endpoint, config, tokenLimiter);
    return;
  }
  const key = directLineSigningKey(config.tokenSecret, endpoint.pseudonymSecret);
  const connectorKey = derivedSecret(key, 'anm direct line bot connector path');
  const clock = config.clock ?? Date.now;
  const now = () => new Date(clock());
  const serviceUrl = serviceUrlOf(context, connectorKey);
  endpoint.connectorAddress?.attach(serviceUrl);
  const directLine = new EmbeddedDirectLine({
    models: endpoint.models,
    tokens: new DirectLineTokens(key, config.tokenLifetimeSeconds, clock),
    resumes: conversationResumes(endpoint, key, config.resumeLifetimeSeconds, now),
    turns: turnsThrough(endpoint.messages, context.edge),
    serviceUrl,
    logger: context.logger,
    now,
  });
  registerPageTokenRoute(context, tokenLimiter, () =>
    Promise.resolve({ ...directLine.generate() }),
  );
  registerClientRoutes(context, directLine, tokenLimiter);
  registerBotConnectorRoutes(context, directLine, connectorKey);
}
