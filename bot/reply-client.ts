import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

import { createSerializer } from '@azure/core-client';
import type { Activity, ResourceResponse } from 'botbuilder';
// The SDK's own wire mappers, so that an activity is serialised exactly as the connector does.
import * as mappers from 'botframework-connector/lib/connectorApi/models/mappers';

/**
 * The two Bot Framework connector calls every reply makes (`sendToConversation`,
 * `replyToActivity`), as one JSON POST on a keep-alive agent, without the SDK's per-request
 * pipeline (fourteen policies, built for every turn with its `ConnectorClient`). A CPU profile of
 * the bot under load put that pipeline at ≈ 16 % of the bot's CPU.
 *
 * What is kept from the SDK, exactly:
 * - authentication: the `Authorization` header is what the connector client's own credentials
 *   write (`credentials.signRequest`, the same object the SDK built for this turn): a bearer
 *   token when the bot has an app id, none when the SDK would send none;
 * - the body: the activity serialised with the SDK's mappers and serializer;
 * - the URL: the connector's path under the turn's `serviceUrl` (which the HTTP edge checked
 *   against the allow-list, or the token's claim vouches for), ids URL-encoded;
 * - retries: the SDK's default policy, three retries: a 429 or 503 with `Retry-After` waits as
 *   told; a 408 or 5xx (not 501, 505) and the network errors it names wait 1 s, 2 s, 4 s (± half,
 *   at random);
 * - failures: a refused send rejects with an error named `RestError` carrying `statusCode` and the
 *   channel's error `code`, as the SDK's does (callers tell 403/404 apart by `statusCode`); a
 *   network failure rejects with the system error's `code`.
 * Added: each attempt gives up after `attemptTimeoutMs` without a byte from the channel (the SDK
 * sets no timeout, so a channel that holds the connection would hold the turn, or a delivery, for
 * ever), as the network error `ETIMEDOUT`, which the retry policy retries; and an answer larger
 * than `maxResponseBytes` (a connector answers with a small `ResourceResponse`) is not read on:
 * the send fails with the code `REPLY_RESPONSE_TOO_LARGE`, not retried.
 * Not kept: the SDK's redirect following (a connector answers a POST with a redirect only if
 * misconfigured; a 3xx is a failure here) and its request logging (off by default). Outbound
 * proxies (`HTTPS_PROXY`, `ALL_PROXY`, `HTTP_PROXY`) are not handled here: with one configured,
 * the adapter sends replies through the SDK's own pipeline instead.
 */

/** What a `ConnectorClient` exposes that a reply needs: where, and the credentials. */
export interface ReplyConnector {
  baseUri?: string;
  credentials: {
    signRequest(resource: {
      headers: { set(name: string, value: string): void };
    }): Promise<unknown>;
  };
}

const serializer = createSerializer({ ...mappers });
const userAgent = 'Microsoft-BotFramework/3.1 botframework-connector (anm reply client)';
const maxRetries = 3;
const retryDelayMs = 1_000;
const maxRetryDelayMs = 64_000;
const defaultAttemptTimeoutMs = 30_000;
const defaultMaxResponseBytes = 1024 * 1024;
const responseTooLarge = 'REPLY_RESPONSE_TOO_LARGE';
const retriedSystemErrors = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'ENOTFOUND',
]);

/** A send the channel refused, shaped as the SDK's `RestError` (name, statusCode, code). */
export class ReplyRefusedError extends Error {
  override readonly name = 'RestError';
  readonly response: { status: number };
  constructor(
    readonly statusCode: number,
    readonly code: string | undefined,
  ) {
    super(`the channel answered the reply with HTTP ${statusCode}`);
    this.response = { status: statusCode };
  }
}

/**
 * A send that did not reach the channel (connection refused, reset…), as the SDK reports it: the
 * system error's code, not the system error itself. Chained as a `cause`, its `syscall` would make
 * the channel's failure read as the database's (`isDatabaseUnavailableError`), and the turn would
 * wait in the journal and be replayed for ever instead of failing.
 */
export class ReplyNetworkError extends Error {
  override readonly name = 'RestError';
  readonly code: string;
  constructor(failure: unknown) {
    super('the reply could not be sent');
    const code = (failure as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : 'REQUEST_SEND_ERROR';
  }
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ReplyClientOptions {
  /** An attempt fails when the channel sends nothing for this long (default 30 s). */
  attemptTimeoutMs?: number;
  /** The largest answer read from the channel (default 1 MiB). */
  maxResponseBytes?: number;
}

export class ReplyClient {
  private readonly targets = new ReplyTargets();
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });
  private readonly attemptTimeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(options: ReplyClientOptions = {}) {
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? defaultAttemptTimeoutMs;
    this.maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
  }

  /** Posts one activity to its conversation (as a reply when it has `replyToId`). */
  async send(connector: ReplyConnector, activity: Partial<Activity>): Promise<ResourceResponse> {
    const conversationId = activity.conversation?.id;
    if (!connector.baseUri) throw new Error('the connector has no service URL');
    if (!conversationId) throw new Error('the activity has no conversation id');
    const base = connector.baseUri.replace(/\/+$/, '');
    const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities${
      activity.replyToId ? `/${encodeURIComponent(activity.replyToId)}` : ''
    }`;
    const url = this.targets.of(base, path);
    const body = JSON.stringify(serializer.serialize(mappers.Activity, activity, 'activity'));
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': userAgent,
    };
    await connector.credentials.signRequest({
      headers: { set: (name, value) => (headers[name.toLowerCase()] = value) },
    });
    const response = await this.postWithRetries(url, headers, body);
    if (response.status < 200 || response.status >= 300) {
      throw new ReplyRefusedError(response.status, errorCodeOf(response.body));
    }
    return resourceResponseOf(response.body);
  }

  /** Closes the idle keep-alive sockets (at shutdown). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async postWithRetries(
    url: ReplyTarget,
    headers: Record<string, string>,
    body: string,
  ): Promise<RawResponse> {
    // One request id for every attempt, as the SDK's pipeline sets it before its retry policy.
    const attempt = { ...headers, 'x-ms-client-request-id': randomUUID() };
    for (let retry = 0; ; retry++) {
      let response: RawResponse | undefined;
      let failure: unknown;
      try {
        response = await this.post(url, attempt, body);
      } catch (error) {
        failure = error;
      }
      const waitMs = retry < maxRetries ? retryWaitMs(retry, response, failure) : undefined;
      if (waitMs === undefined) {
        if (response) return response;
        throw new ReplyNetworkError(failure);
      }
      await delay(waitMs);
    }
  }

  private post(
    url: ReplyTarget,
    headers: Record<string, string>,
    body: string,
  ): Promise<RawResponse> {
    const secure = url.protocol === 'https:';
    const request = (secure ? https : http).request;
    return new Promise<RawResponse>((resolve, reject) => {
      const outgoing = request(
        {
          ...url,
          method: 'POST',
          headers,
          agent: secure ? this.httpsAgent : this.httpAgent,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxResponseBytes) {
              outgoing.destroy(systemError('the channel answered too much', responseTooLarge));
              return;
            }
            chunks.push(chunk);
          });
          incoming.on('error', reject);
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      outgoing.setTimeout(this.attemptTimeoutMs, () => {
        outgoing.destroy(systemError('the channel did not answer in time', 'ETIMEDOUT'));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

function systemError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Where a request goes: `http.request`'s options as `urlToHttpOptions` gives them for a URL. */
type ReplyTarget = ReturnType<typeof urlToHttpOptions>;

/** How many service URLs' parsed forms are kept. */
const maxParsedBases = 64;

/**
 * The request target of `${base}/${path}`, as `new URL` parses it, with each service URL parsed
 * once: the path appended is made of `encodeURIComponent` output and fixed segments, which the
 * URL parser leaves as they are, so the target's path is the base's path followed by it. Where
 * that would not hold (a service URL with a query or fragment, a dot segment such as a
 * conversation id ".."), the whole URL is parsed as before.
 */
class ReplyTargets {
  private readonly bases = new Map<string, ReplyTarget>();

  of(base: string, path: string): ReplyTarget {
    if (/[?#]/.test(base) || /(^|\/)\.\.?(\/|$)/.test(path)) {
      return urlToHttpOptions(new URL(`${base}/${path}`));
    }
    let parsed = this.bases.get(base);
    if (!parsed) {
      parsed = urlToHttpOptions(new URL(`${base}/`));
      if (this.bases.size >= maxParsedBases) {
        const oldest = this.bases.keys().next();
        if (!oldest.done) this.bases.delete(oldest.value);
      }
      this.bases.set(base, parsed);
    }
    // Without a query, the parsed base's `path` is its path name, ending in "/".
    return { ...parsed, path: `${parsed.path ?? '/'}${path}` };
  }
}

/** The SDK's retry strategies (throttling, then exponential); undefined = do not retry. */
function retryWaitMs(
  retry: number,
  response: RawResponse | undefined,
  failure: unknown,
): number | undefined {
  if (response) {
    const throttled = retryAfterMs(response);
    if (throttled !== undefined) return throttled;
    const { status } = response;
    if (!((status >= 500 || status === 408) && status !== 501 && status !== 505)) return undefined;
  } else {
    const code = (failure as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !retriedSystemErrors.has(code)) return undefined;
  }
  const clamped = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** retry);
  return clamped / 2 + Math.floor(Math.random() * (clamped / 2 + 1));
}

function retryAfterMs(response: RawResponse): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  for (const [header, factor] of [
    ['retry-after-ms', 1],
    ['x-ms-retry-after-ms', 1],
    ['retry-after', 1_000],
  ] as const) {
    const value = response.headers[header];
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (Number.isFinite(number)) return number * factor;
  }
  const text = response.headers['retry-after'];
  if (typeof text !== 'string') return undefined;
  const diff = Date.parse(text) - Date.now();
  return Number.isFinite(diff) ? Math.max(0, diff) : undefined;
}

function parsed(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function errorCodeOf(body: string): string | undefined {
  const code = (parsed(body) as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

function resourceResponseOf(body: string): ResourceResponse {
  const id = (parsed(body) as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? { id } : ({} as ResourceResponse);
}
