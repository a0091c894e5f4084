import type { Request, Response } from 'restify';

import type { StaffIdentity, StaffRef, StaffRole } from '../../kernel/staff-identity';
import { staffRefOf } from '../../kernel/staff-identity';
import {
  queueFiltersOf,
  questionIdOf,
  type ModerationAction,
} from '../../moderation/moderation-inputs';
import type { ModerationFollowUp } from '../../moderation/follow-up-service';
import type { ModerationService } from '../../moderation/moderation-service';
import { handledBy } from './error-handler';
import { readJsonBody } from './json-body';
import { limitedByAddress, workRoute, type RouteContext } from './route-context';

/**
 * Who is asking, with the role the route needs: the staff sign-in (bot/http/staff-auth.ts)
 * verifies the bearer token and refuses with 401 (no or bad token) or 403 (no such role).
 */
export type StaffAuthorizer = (request: Request, role: StaffRole) => Promise<StaffIdentity>;

export interface ModerationEndpoint {
  authorize: StaffAuthorizer;
  moderation: ModerationService;
  /** Deliveries needing attention, failed Facebook private replies, the queue's spaces. */
  followUp?: ModerationFollowUp | undefined;
}

/** A draft is at most 5,000 characters; the rest of a body is a few fields. */
const maxModerationBodyBytes = 32 * 1024;

/** Every action is one POST on the question, with its body validated by moderation/. */
const actions: readonly ModerationAction[] = [
  'assign',
  'reclassify',
  'extend',
  'group',
  'ungroup',
  'forward',
  'reject',
  'withdraw',
  'answer',
  'suggest',
  'approve',
];

/**
 * The caller's identity with the role; a refusal of the sign-in carries its `WWW-Authenticate`
 * challenge (RFC 6750), which is answered with it.
 */
async function identityFor(
  authorize: StaffAuthorizer,
  request: Request,
  response: Response,
): Promise<StaffIdentity> {
  try {
    return await authorize(request, 'moderator');
  } catch (error) {
    const { challenge } = error as { challenge?: unknown };
    if (typeof challenge === 'string') response.header('www-authenticate', challenge);
    throw error;
  }
}

function noStore(response: Response): void {
  response.header('cache-control', 'no-store');
  response.header('x-content-type-options', 'nosniff');
}

/** The query string as restify received it: repeated names become lists (refused later). */
function queryOf(request: Request): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(request.getQuery())) {
    const known = query[name];
    query[name] =
      known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  return query;
}

/**
 * The moderators' API under /api/moderation/, every route for the `moderator` role:
 *
 * - `GET /api/moderation/questions?status=&spaceId=&area=&channel=&overdue=&dueWithin=&q=&cursor=&limit=`
 *   → `{ items, nextCursor, counts }`
 * - `GET /api/moderation/questions/:questionId` → `{ question, group, space, history, deliveries }`
 * - `POST /api/moderation/questions/:questionId/<action>` with a JSON body carrying the `version`
 *   the moderator saw: assign, reclassify, extend, group, ungroup, forward, reject, withdraw,
 *   answer, suggest, approve.
 *
 * The sign-in is checked before the body is read. Errors are `{ error: { code, message } }`
 * (bot/http/error-handler.ts): 400 invalid input (with `problems`), 401/403 sign-in and role,
 * 404 unknown question, 409 stale version or an action the question's state does not allow.
 */
export function registerModerationRoutes(
  context: RouteContext,
  endpoint: ModerationEndpoint,
): void {
  const { server, edge, logger } = context;
  const { authorize, moderation } = endpoint;
  const byAddress = limitedByAddress(context);
  const bodyLimit = Math.min(maxModerationBodyBytes, edge.maxRequestBytes);

  server.get(
    '/api/moderation/questions',
    byAddress,
    handledBy(logger, async (request: Request, response: Response) => {
      await identityFor(authorize, request, response);
      const page = await moderation.queue(queueFiltersOf(queryOf(request)));
      noStore(response);
      response.send(200, page);
    }),
  );

  server.get(
    '/api/moderation/questions/:questionId',
    byAddress,
    handledBy(logger, async (request: Request, response: Response) => {
      await identityFor(authorize, request, response);
      const questionId = questionIdOf((request.params as Record<string, unknown>).questionId);
      const detail = await moderation.question(questionId);
      noStore(response);
      response.send(200, detail);
    }),
  );

  for (const action of actions) {
    server.post(
      `/api/moderation/questions/:questionId/${action}`,
      byAddress,
      workRoute(context, async (request: Request, response: Response) => {
        const identity = await identityFor(authorize, request, response);
        const questionId = questionIdOf((request.params as Record<string, unknown>).questionId);
        const body = await readJsonBody(request, bodyLimit, edge.requestTimeoutMs);
        const result = await moderation.act(action, questionId, staffRefOf(identity), body);
        logger.info(
          { action, question: questionId.toHexString(), correlationId: request.id() },
          'moderation action',
        );
        noStore(response);
        response.send(200, result);
      }),
    );
  }
  if (endpoint.followUp) registerFollowUpRoutes(context, endpoint.followUp, authorize);
}

/**
 * The follow-up of deliveries, for the `moderator` role like the rest of this API:
 *
 * - `GET /api/moderation/deliveries?status=failed,unreachable&cursor=&limit=` → `{ items, nextCursor }`
 * - `POST /api/moderation/deliveries/:deliveryId/retry` `{ version }` (the id URL-encoded: it has `#`)
 * - `GET /api/moderation/facebook-replies?status=failed&cursor=&limit=` → `{ items, nextCursor }`
 * - `POST /api/moderation/facebook-replies/:questionId/retry` `{ version }`
 * - `GET /api/moderation/spaces` → `{ spaces }` (the queue's space filter)
 *
 * Retrying a Facebook private reply is the moderators' too, not the live-session staff's: the
 * reply carries the question's tracking code and legal due date, an official word to the citizen
 * like the answers moderators deliver; the failures outlive the session (up to Meta's 7 days)
 * and are followed up in the moderators' tab with the rest; and one role per route family keeps
 * who may do what readable. A retry is a 409 when another moderator retried first
 * (`changed-meanwhile`) or the state does not allow it (`action-not-allowed`); nothing changes.
 */
function registerFollowUpRoutes(
  context: RouteContext,
  followUp: ModerationFollowUp,
  authorize: StaffAuthorizer,
): void {
  const { server, edge, logger } = context;
  const byAddress = limitedByAddress(context);
  const bodyLimit = Math.min(maxModerationBodyBytes, edge.maxRequestBytes);
  const reads: [string, (request: Request) => Promise<unknown>][] = [
    ['/api/moderation/deliveries', (request) => followUp.deliveries(queryOf(request))],
    ['/api/moderation/facebook-replies', (request) => followUp.facebookReplies(queryOf(request))],
    ['/api/moderation/spaces', () => followUp.spaces()],
  ];
  for (const [path, read] of reads) {
    server.get(
      path,
      byAddress,
      handledBy(logger, async (request: Request, response: Response) => {
        await identityFor(authorize, request, response);
        const result = await read(request);
        noStore(response);
        response.send(200, result);
      }),
    );
  }
  type Retry = (id: unknown, staff: StaffRef, body: unknown) => Promise<unknown>;
  const retries: [string, string, Retry][] = [
    [
      '/api/moderation/deliveries/:id/retry',
      'retry-delivery',
      (id, staff, body) => followUp.retryDelivery(id, staff, body),
    ],
    [
      '/api/moderation/facebook-replies/:id/retry',
      'retry-facebook-reply',
      (id, staff, body) => followUp.retryFacebookReply(id, staff, body),
    ],
  ];
  for (const [path, action, retry] of retries) {
    server.post(
      path,
      byAddress,
      workRoute(context, async (request: Request, response: Response) => {
        const identity = await identityFor(authorize, request, response);
        const id = (request.params as Record<string, unknown>).id;
        const body = await readJsonBody(request, bodyLimit, edge.requestTimeoutMs);
        const result = await retry(id, staffRefOf(identity), body);
        // The ids name a question and a channel (never a person): safe in the log.
        logger.info({ action, id: String(id), correlationId: request.id() }, 'moderation action');
        noStore(response);
        response.send(200, result);
      }),
    );
  }
}
