import type { Request, Response } from 'restify';

import type { PublicAnswers } from '../../publication/public-answers';
import { handledBy } from './error-handler';
import {
  answersListHtml,
  codeNotFoundHtml,
  notFoundCacheControl,
  pageHeaders,
  publicCacheControl,
  questionStatusHtml,
  readStylesheet,
  stylesheetPath,
} from './public-answers-page';
import { limitedByAddress, type RouteContext } from './route-context';
import { registerStylesheetRoute } from './page-stylesheet';

export interface PublicAnswersEndpoint {
  answers: PublicAnswers;
}

/**
 * `GET /respuestas` (published answers: search, filters, pages), `GET /respuestas/{code}` (one
 * question's status, due date and answer) and the page's style sheet. Public: no sign-in, a
 * per-address rate limit of their own; the list is served from memory, a code costs two reads
 * by `_id`.
 */
export function registerPublicAnswersRoutes(
  context: RouteContext,
  { answers }: PublicAnswersEndpoint,
): void {
  const { server, logger } = context;
  const byAddress = limitedByAddress(context);
  // Registered before the code route: a fixed path wins over a parameter.
  registerStylesheetRoute(context, byAddress, stylesheetPath, readStylesheet);
  server.get(
    '/respuestas',
    byAddress,
    handledBy(logger, async (request: Request, response: Response) => {
      const page = await answers.list((request.query ?? {}) as Record<string, unknown>);
      response.writeHead(200, pageHeaders(publicCacheControl));
      response.end(answersListHtml(page));
    }),
  );
  server.get(
    '/respuestas/:code',
    byAddress,
    handledBy(logger, async (request: Request, response: Response) => {
      const code = (request.params as { code?: unknown }).code;
      const lookup = await answers.status(typeof code === 'string' ? code : '');
      if (!lookup.found) {
        response.writeHead(404, pageHeaders(notFoundCacheControl));
        response.end(codeNotFoundHtml(lookup.reason));
        return;
      }
      response.writeHead(200, pageHeaders(publicCacheControl));
      response.end(questionStatusHtml(lookup.question));
    }),
  );
}
