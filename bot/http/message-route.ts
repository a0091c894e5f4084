import type { Request, Response } from 'restify';

import type { MessageEndpoint } from '../adapter';
import type { EdgeLimits } from '../config';
import { errorCodes, RequestRefusal } from '../../kernel/errors';
import { activityOf, type EdgeActivity } from './activity-schema';
import { readJsonBody } from './json-body';
import { RateLimiter } from './rate-limiter';
import { limitedByAddress, tooManyRequests, workRoute, type RouteContext } from './route-context';
import { isServiceUrlAllowed } from './service-url-allowlist';

/** The activity a channel posted, read within the edge's bounds and checked before anything else. */
async function admittedActivity(request: Request, edge: EdgeLimits): Promise<EdgeActivity> {
  const activity = activityOf(
    await readJsonBody(request, edge.maxRequestBytes, edge.requestTimeoutMs),
  );
  const allowlist = edge.serviceUrlAllowlist;
  if (allowlist && !isServiceUrlAllowed(activity.serviceUrl, allowlist)) {
    throw new RequestRefusal(
      errorCodes.serviceUrlNotAllowed,
      'El serviceUrl de la actividad no está permitido (SERVICE_URL_ALLOWLIST).',
    );
  }
  return activity;
}

/** One sender in one conversation: a meeting chat is one conversation with many senders. */
function senderKeyOf(activity: EdgeActivity): string {
  return [activity.channelId, activity.conversation.id, activity.from.id].join('\n');
}

/** POST /api/messages: the Bot Framework channels' activities, one turn each. */
export function registerMessageRoute(context: RouteContext, messages: MessageEndpoint): void {
  const { server, edge } = context;
  const bySender = new RateLimiter({ perMinute: edge.perConversationPerMinute });
  server.post(
    '/api/messages',
    limitedByAddress(context),
    workRoute(context, async (request: Request, response: Response) => {
      const activity = await admittedActivity(request, edge);
      const senderKey = senderKeyOf(activity);
      const decision = bySender.take(senderKey);
      if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
      const authorization = request.headers.authorization ?? '';
      const result = await messages.process({ body: activity, authorization });
      // A request refused as unauthenticated does not use up the limit of the sender it names.
      if (result.status === 401) bySender.giveBack(senderKey);
      if (result.body === undefined) response.send(result.status);
      else response.send(result.status, result.body);
    }),
  );
}
