import type { Request, Response } from 'restify';

import type { LivePanelAction } from '../../live/live-panel-api';
import type { JsonResponse, LivePanelRequest } from '../../live/live-panel-requests';
import { handledBy } from './error-handler';
import { readRawBody } from './json-body';
import type { TabFile } from './live-panel-pages';
import { limitedByAddress, workRoute, type RouteContext } from './route-context';

/** The live panel (Teams tab and its API); absent unless enabled (the routes are then 404). */
export interface LivePanelEndpoint {
  api(action: LivePanelAction, request: LivePanelRequest): Promise<JsonResponse>;
  /** The tab's files, each served at /tab/<name>; undefined for a name not on the list. */
  tabFile(name: string): Promise<TabFile | undefined>;
  readonly tabFileNames: readonly string[];
}

const maxPanelBodyBytes = 16 * 1024;

const livePanelRoutes: [method: 'get' | 'post', path: string, action: LivePanelAction][] = [
  ['get', '/api/live/spaces', 'list-spaces'],
  ['post', '/api/live/spaces', 'schedule-space'],
  ['get', '/api/live/space-form-options', 'space-form-options'],
  ['post', '/api/live/spaces/:spaceId/details', 'update-space-details'],
  ['get', '/api/live/spaces/:spaceId/questions', 'space-questions'],
  ['post', '/api/live/spaces/:spaceId/close', 'close-space'],
  ['post', '/api/live/questions/:questionId/answered-live', 'answered-live'],
  ['post', '/api/live/questions/:questionId/split', 'split-question'],
  ['post', '/api/live/groups/merge', 'merge-groups'],
];

/** The panel's API under /api/live/, with one per-address limit for all of it. */
function registerLivePanelApi(context: RouteContext, livePanel: LivePanelEndpoint): void {
  const { server, edge } = context;
  const byAddress = limitedByAddress(context);
  const bodyLimit = Math.min(maxPanelBodyBytes, edge.maxRequestBytes);
  for (const [method, route, action] of livePanelRoutes) {
    server[method](
      route,
      byAddress,
      workRoute(context, async (request: Request, response: Response) => {
        const result = await livePanel.api(action, {
          params: (request.params ?? {}) as Record<string, string | undefined>,
          contentType: request.headers['content-type'],
          body:
            method === 'post'
              ? await readRawBody(request, bodyLimit, edge.requestTimeoutMs)
              : undefined,
        });
        response.header('cache-control', 'no-store');
        response.header('x-content-type-options', 'nosniff');
        response.send(result.status, result.body);
      }),
    );
  }
}

/** The Teams tab's files under /tab/: a fixed list, so no request can name another file. */
function registerTabPages({ server, logger }: RouteContext, livePanel: LivePanelEndpoint): void {
  for (const name of livePanel.tabFileNames) {
    server.get(
      `/tab/${name}`,
      handledBy(logger, async (_request: Request, response: Response) => {
        const file = await livePanel.tabFile(name);
        if (!file) {
          response.send(404);
          return;
        }
        response.writeHead(200, file.headers);
        response.end(file.body);
      }),
    );
  }
}

export function registerLivePanelRoutes(context: RouteContext, livePanel: LivePanelEndpoint): void {
  registerLivePanelApi(context, livePanel);
  registerTabPages(context, livePanel);
}
