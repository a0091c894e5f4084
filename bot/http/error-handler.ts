import type { Request, Response } from 'restify';

import {
  AppError,
  errorCodes,
  RequestRefusal,
  type ErrorCode,
  type RefusalDetails,
} from '../../kernel/errors';
import { describeError, type Logger } from '../../kernel/logger';

/** The HTTP status of every code in the catalogue: the one place a code becomes a status. */
const statusByCode: Record<ErrorCode, number> = {
  [errorCodes.databaseUnavailable]: 500,
  [errorCodes.embeddedDatabaseMissingGo]: 500,
  [errorCodes.embeddedDatabaseStartFailed]: 500,
  [errorCodes.embeddedDatabaseLocked]: 500,
  [errorCodes.storageConflict]: 500,
  [errorCodes.unauthorized]: 401,
  [errorCodes.deadlineExtensionInvalid]: 500,
  [errorCodes.turnFailed]: 500,
  [errorCodes.emailFailed]: 502,
  // Failures of our own should they ever reach a route (each is handled before): a 500, as
  // any unexpected failure, with a precise code for the operator.
  [errorCodes.turnDeferred]: 500,
  [errorCodes.questionChanged]: 500,
  [errorCodes.spaceResourceTaken]: 500,
  [errorCodes.spaceClosedToChannels]: 500,
  [errorCodes.spaceChannelAlreadySet]: 500,
  [errorCodes.configInvalid]: 500,
  [errorCodes.webChatConfigInvalid]: 500,
  [errorCodes.knowledgeBaseInvalid]: 500,
  [errorCodes.teamsPackageInvalid]: 500,
  [errorCodes.internal]: 500,
  [errorCodes.tooManyRequests]: 429,
  [errorCodes.tooLarge]: 413,
  [errorCodes.requestTimeout]: 408,
  [errorCodes.incompleteBody]: 400,
  [errorCodes.unsupportedContentEncoding]: 415,
  [errorCodes.unsupportedMediaType]: 415,
  [errorCodes.invalidJson]: 400,
  [errorCodes.invalidActivity]: 400,
  [errorCodes.unauthenticated]: 401,
  [errorCodes.serviceUrlNotAllowed]: 403,
  [errorCodes.forbidden]: 403,
  [errorCodes.invalidId]: 400,
  [errorCodes.invalidBody]: 400,
  [errorCodes.invalidSpace]: 400,
  [errorCodes.notFound]: 404,
  [errorCodes.spaceClosed]: 409,
  [errorCodes.spaceNotOpen]: 409,
  [errorCodes.changedMeanwhile]: 409,
  [errorCodes.actionNotAllowed]: 409,
  [errorCodes.channelTaken]: 409,
  [errorCodes.channelAlreadySet]: 409,
  [errorCodes.differentSpaces]: 400,
};

export function httpStatusOf(code: ErrorCode): number {
  return statusByCode[code];
}

/**
 * Refusals that can come before the body was read (compressed, too large, too slow, too many
 * requests): the connection is closed rather than kept alive, so that the rest of that body is
 * never read.
 */
const closesConnection = new Set([408, 413, 415, 429]);

/** What people read when a request failed on our side (or was not authenticated). */
function failureMessage(status: number, reference: string): string {
  if (status === 401) return 'La solicitud no está autenticada.';
  return `Tuvimos un problema técnico. Intente de nuevo en unos segundos. Código de referencia: ${reference}`;
}

/** The route's pattern (`/api/live/spaces/:spaceId/close`), never the path a client typed. */
export function routeOf(request: Request): string {
  return String(request.getRoute().path);
}

/** The request's correlation id, shortened as people are shown it (as for a failed turn). */
function referenceOf(request: Request): string {
  return request.id().slice(0, 8);
}

function sendErrorBody(
  response: Response,
  status: number,
  error: { code: string; message: string },
  extra: RefusalDetails = {},
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) return;
  for (const [name, value] of Object.entries(headers)) response.header(name, value);
  response.header('cache-control', 'no-store');
  response.header('x-content-type-options', 'nosniff');
  if (closesConnection.has(status)) response.header('connection', 'close');
  response.send(status, { error: { ...error, ...extra } });
}

/**
 * The central error handler of every route: `{ error: { code, message } }` with a short Spanish
 * message and never a stack. A refusal is answered with its own code and sentence and logged at
 * debug; anything else is logged as an error with the request's correlation id and answered 500
 * (which also makes Meta and the Bot Connector deliver again later).
 */
export function answerError(
  request: Request,
  response: Response,
  error: unknown,
  logger: Logger,
): void {
  const correlationId = request.id();
  const route = routeOf(request);
  if (error instanceof RequestRefusal) {
    logger.debug({ code: error.code, correlationId, route }, 'request refused');
    const { retryAfterSeconds } = error;
    sendErrorBody(
      response,
      httpStatusOf(error.code),
      { code: error.code, message: error.message },
      error.details,
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    );
    return;
  }
  const code = error instanceof AppError ? error.code : errorCodes.internal;
  const status = httpStatusOf(code);
  const logged = { code, correlationId, route, ...describeError(error) };
  if (status >= 500) logger.error(logged, 'request failed');
  else logger.warn(logged, 'request refused');
  sendErrorBody(response, status, { code, message: failureMessage(status, referenceOf(request)) });
}

export type RouteHandler = (request: Request, response: Response) => Promise<void>;

/** A route's handler whose every failure goes through `answerError`; it never rejects. */
export function handledBy(logger: Logger, handler: RouteHandler): RouteHandler {
  return async (request, response) => {
    try {
      await handler(request, response);
    } catch (error) {
      answerError(request, response, error, logger);
    }
  };
}
