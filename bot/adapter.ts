import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ActivityHandler,
  type Middleware,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';

import type { BotFrameworkAuthSettings } from './config';
import { errorCodes } from './errors';
import { describeError, type Logger } from './logger';
import { correlationId, turnLogger } from './turn-logging';

/**
 * The seam between HTTP and the Bot Framework SDK. The server only sees `MessageEndpoint`; moving
 * to the SDK's successor (@microsoft/agents-hosting) changes this file, not the server or the bot.
 */
export interface MessageEndpoint {
  process(request: Request, response: Response): Promise<void>;
}

/**
 * CloudAdapter authenticated from configuration. With MicrosoftAppId empty, authentication is
 * disabled, as Bot Framework bots run for the Emulator. The override keys (OpenID metadata URLs,
 * token issuer, login URL…) pass through unchanged, so tests can use a local OpenID provider.
 */
export function createCloudAdapter(
  settings: BotFrameworkAuthSettings,
  logger: Logger,
  middleware: Middleware[],
): CloudAdapter {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings));
  for (const step of middleware) adapter.use(step);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
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

export function turnFailedMessage(reference: string | undefined): string {
  return [
    'Lo sentimos: tuvimos un problema técnico y no pudimos responder este mensaje.',
    'No se perdió nada de lo que usted ya nos había enviado. Por favor, escríbanos de nuevo en unos minutos.',
    ...(reference ? [`Código de referencia: ${reference.slice(0, 8)}`] : []),
  ].join(' ');
}

export function messageEndpoint(adapter: CloudAdapter, bot: ActivityHandler): MessageEndpoint {
  return {
    async process(request, response) {
      const body = request.body as unknown;
      if (
        !body ||
        typeof body !== 'object' ||
        typeof (body as { type?: unknown }).type !== 'string'
      ) {
        response.status(400);
        response.send({
          error: 'the body must be a Bot Framework activity: a JSON object with a string "type"',
        });
        response.end();
        return;
      }
      await adapter.process(request, response, (context) => bot.run(context));
    },
  };
}
