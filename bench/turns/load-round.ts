import autocannon from 'autocannon';

import { messageActivity } from '../../test/support/activities';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /** What the requests ask, in turn: request n asks `texts[n % texts.length]`. */
  texts: readonly string[];
  /** The channel simulator's URL, where the bot sends its replies. */
  serviceUrl: string;
  /** Prefix of this round's conversation and user ids: each request is a conversation of its own. */
  idPrefix: string;
}

export interface LoadFigures {
  /** Responses 2xx per second of the round. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  responses2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Requests sent (some may still have been in flight when the round ended). */
  sent: number;
}

/**
 * One round of autocannon against /api/messages: `connections` connections for `durationSeconds`,
 * each request a message from a distinct conversation and user (setupRequest builds its body).
 */
export async function runLoadRound(url: string, options: LoadOptions): Promise<LoadFigures> {
  let next = 0;
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections: options.connections,
    duration: options.durationSeconds,
    // Slow turns must be measured, not cut at autocannon's default 10 s.
    timeout: 120,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const n = next++;
          const party = {
            conversationId: `${options.idPrefix}-conv-${n}`,
            userId: `${options.idPrefix}-user-${n}`,
            serviceUrl: options.serviceUrl,
          };
          const text = options.texts[n % options.texts.length] ?? '';
          return { ...request, body: JSON.stringify(messageActivity(party, text)) };
        },
      },
    ],
  });
  return {
    throughput: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    responses2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    sent: result.requests.sent,
  };
}
