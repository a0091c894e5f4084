import type { Request, Response } from 'restify';

import type { SpaceMemoirs } from '../../publication/space-memoirs';
import { handledBy } from './error-handler';
import { notFoundCacheControl, pageHeaders, publicCacheControl } from './public-answers-page';
import { limitedByAddress, type RouteContext } from './route-context';
import {
  memoirStylesheetPath,
  readMemoirStylesheet,
  spaceMemoirHtml,
  spaceNotFoundHtml,
} from './space-memoir-page';
import { registerStylesheetRoute } from './page-stylesheet';

export interface SpaceMemoirEndpoint {
  memoirs: SpaceMemoirs;
}

/**
 * `GET /respuestas/espacios/{id}`: the public memoir of an accountability space (issue 16), and
 * its print style sheet. Public like the answers page: no sign-in, the same per-address limit,
 * the same policy (no script); an unknown or malformed id is a Spanish 404 page.
 */
export function registerSpaceMemoirRoutes(
  context: RouteContext,
  { memoirs }: SpaceMemoirEndpoint,
): void {
  const { server, logger } = context;
  const byAddress = limitedByAddress(context);
  // A fixed path: it wins over the id parameter below.
  registerStylesheetRoute(context, byAddress, memoirStylesheetPath, readMemoirStylesheet);
  server.get(
    '/respuestas/espacios/:id',
    byAddress,
    handledBy(logger, async (request: Request, response: Response) => {
      const id = (request.params as { id?: unknown }).id;
      const memoir = await memoirs.memoir(typeof id === 'string' ? id : '');
      if (!memoir) {
        response.writeHead(404, pageHeaders(notFoundCacheControl));
        response.end(spaceNotFoundHtml());
        return;
      }
      response.writeHead(200, pageHeaders(publicCacheControl));
      response.end(spaceMemoirHtml(memoir));
    }),
  );
}
