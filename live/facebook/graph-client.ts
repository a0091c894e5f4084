import { setTimeout as delay } from 'node:timers/promises';

import type { FacebookConfig } from './facebook-settings';

export type GraphSendResult =
  | { ok: true; messageId: string | null }
  | { ok: false; status: number | null; attempts: number; retryable: boolean };

/** Whether the page has already sent the one private reply a comment may get. */
export type PrivateReplyCheck =
  | { ok: true; replied: boolean }
  | { ok: false; status: number | null; attempts: number; retryable: boolean };

export interface RetryPolicy {
  attempts: number;
  /** The first wait; each retry doubles it (plus up to 20 % jitter), or follows Retry-After. */
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  timeoutMs: 10_000,
};

/** A check is tried again on the next resume round anyway: it does not wait long now. */
const maxCheckAttempts = 2;

type GraphCallResult =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: number | null; attempts: number; retryable: boolean };

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * The Graph API calls the bot makes: a private reply to a comment (a Page message whose
 * recipient is the comment), and the check whether a comment already got one. Retries 429, 5xx
 * and network failures with exponential backoff. The token travels in the Authorization header,
 * never in a URL that could be logged.
 */
export class GraphClient {
  constructor(
    private readonly config: Pick<FacebookConfig, 'graphApiUrl' | 'pageId' | 'pageAccessToken'>,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {}

  async sendPrivateReply(commentId: string, text: string): Promise<GraphSendResult> {
    const url = `${this.config.graphApiUrl}/${encodeURIComponent(this.config.pageId)}/messages`;
    const body = JSON.stringify({ recipient: { comment_id: commentId }, message: { text } });
    const result = await this.call(url, { method: 'POST', body }, this.retry.attempts);
    if (!result.ok) return result;
    const messageId = result.body.message_id;
    return { ok: true, messageId: typeof messageId === 'string' ? messageId : null };
  }

  /**
   * Meta allows one private reply per comment. `private_reply_conversation` is present once the
   * page has sent it and `can_reply_privately` turns false; either means "do not send again"
   * (false also once the 7-day window is over, when a send would be refused anyway).
   */
  async privateReplyState(commentId: string): Promise<PrivateReplyCheck> {
    const url = `${this.config.graphApiUrl}/${encodeURIComponent(commentId)}?fields=can_reply_privately,private_reply_conversation`;
    const attempts = Math.min(this.retry.attempts, maxCheckAttempts);
    const result = await this.call(url, { method: 'GET' }, attempts);
    if (!result.ok) return result;
    const conversation = result.body.private_reply_conversation;
    const canReply = result.body.can_reply_privately;
    if (conversation !== undefined && conversation !== null) return { ok: true, replied: true };
    // Without the field the answer is unknown: never a reason to send.
    if (typeof canReply !== 'boolean') return { ok: false, status: 200, attempts, retryable: true };
    return { ok: true, replied: !canReply };
  }

  private async call(
    url: string,
    init: { method: 'GET' | 'POST'; body?: string },
    attempts: number,
  ): Promise<GraphCallResult> {
    let lastStatus: number | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let wait: number | undefined;
      try {
        const response = await fetch(url, {
          ...init,
          headers: {
            ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
            authorization: `Bearer ${this.config.pageAccessToken}`,
          },
          signal: AbortSignal.timeout(this.retry.timeoutMs),
        });
        lastStatus = response.status;
        if (response.ok) {
          const parsed: unknown = await response.json().catch(() => ({}));
          const body =
            parsed !== null && typeof parsed === 'object'
              ? (parsed as Record<string, unknown>)
              : {};
          return { ok: true, body };
        }
        await response.body?.cancel();
        if (response.status !== 429 && response.status < 500) {
          return { ok: false, status: response.status, attempts: attempt, retryable: false };
        }
        wait = retryAfterMs(response.headers.get('retry-after'));
      } catch {
        lastStatus = null; // network failure or timeout: worth another try
      }
      if (attempt < attempts) {
        const backoff = this.retry.baseDelayMs * 2 ** (attempt - 1);
        await delay(Math.min(this.retry.maxDelayMs, wait ?? backoff * (1 + Math.random() * 0.2)));
      }
    }
    return { ok: false, status: lastStatus, attempts, retryable: true };
  }
}
