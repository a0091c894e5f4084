import type { Request, Response } from 'restify';

import type { LivePanelAction } from '../../live/live-panel-api';
import type { JsonResponse, LivePanelRequest } from '../../live/live-panel-requests';
import { staffRefOf, type StaffRole } from '../../kernel/staff-identity';
import { handledBy } from './error-handler';
import { readRawBody } from './json-body';
import type { TabFile } from './live-panel-pages';
import { limitedByAddress, workRoute, type RouteContext } from './route-context';
import { staffIdentityOf, type StaffAuthenticator } from './staff-auth';

/**
 * What /tab/sign-in.json tells the tab pages about signing staff in: Teams SSO inside Teams, an
 * OpenID Connect sign-in (authorization code + PKCE, a public client) in a browser, or a pasted
 * development token (AUTH_DEV_MODE).
 */
export interface TabSignIn {
  teams: boolean;
  browser: { issuer: string; clientId: string; scope: string } | null;
  devTokens: boolean;
}

/** The live panel (Teams tab and its API); absent without staff sign-in (the routes are 404). */
export interface LivePanelEndpoint {
  api(action: LivePanelAction, request: LivePanelRequest): Promise<JsonResponse>;
  staffAuth: StaffAuthenticator;
  signIn: TabSignIn;
  /** The tab's files, each served at /tab/<name>; undefined for a name not on the list. */
  tabFile(name: string): Promise<TabFile | undefined>;
  readonly tabFileNames: readonly string[];
}

const maxPanelBodyBytes = 16 * 1024;

/**
 * Who may do what. `staff` runs live sessions: everything here. `admin` manages spaces: it may
 * read them and schedule or edit one, but the live work on questions (answering, grouping, closing
 * a session with its summary in the meeting chat) is for whoever runs the session.
 */
const runsSessions: StaffRole[] = ['staff'];
const managesSpaces: StaffRole[] = ['staff', 'admin'];

const livePanelRoutes: [
  method: 'get' | 'post',
  path: string,
  action: LivePanelAction,
  anyOf: StaffRole[],
][] = [
  ['get', '/api/live/spaces', 'list-spaces', managesSpaces],
  ['post', '/api/live/spaces', 'schedule-space', managesSpaces],
  ['get', '/api/live/space-form-options', 'space-form-options', managesSpaces],
  ['post', '/api/live/spaces/:spaceId/details', 'update-space-details', managesSpaces],
  ['get', '/api/live/spaces/:spaceId/questions', 'space-questions', managesSpaces],
  ['post', '/api/live/spaces/:spaceId/close', 'close-space', runsSessions],
  ['post', '/api/live/questions/:questionId/answered-live', 'answered-live', runsSessions],
  ['post', '/api/live/questions/:questionId/split', 'split-question', runsSessions],
  ['post', '/api/live/groups/merge', 'merge-groups', runsSessions],
];

/**
 * The panel's API under /api/live/, with one per-address limit for all of it. The limit comes
 * first (a flood of bad tokens costs nothing), then the sign-in, then the body is read.
 */
function registerLivePanelApi(context: RouteContext, livePanel: LivePanelEndpoint): void {
  const { server, edge } = context;
  const byAddress = limitedByAddress(context);
  const bodyLimit = Math.min(maxPanelBodyBytes, edge.maxRequestBytes);
  for (const [method, route, action, anyOf] of livePanelRoutes) {
    server[method](
      route,
      byAddress,
      livePanel.staffAuth.requireRole(...anyOf),
      workRoute(context, async (request: Request, response: Response) => {
        const result = await livePanel.api(action, {
          params: (request.params ?? {}) as Record<string, string | undefined>,
          contentType: request.headers['content-type'],
          body:
            method === 'post'
              ? await readRawBody(request, bodyLimit, edge.requestTimeoutMs)
              : undefined,
          staff: staffRefOf(staffIdentityOf(request)),
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
  // Public by design: it names the sign-in, never a secret (the browser is a public client).
  server.get(
    '/tab/sign-in.json',
    handledBy(logger, (_request: Request, response: Response) => {
      response.header('cache-control', 'no-store');
      response.header('x-content-type-options', 'nosniff');
      response.send(200, livePanel.signIn);
      return Promise.resolve();
    }),
  );
}

export function registerLivePanelRoutes(context: RouteContext, livePanel: LivePanelEndpoint): void {
  registerLivePanelApi(context, livePanel);
  registerTabPages(context, livePanel);
}
