import { setTimeout as delay } from 'node:timers/promises';

import type { FacebookConfig } from '../config';

export type GraphSendResult =
  | { ok: true; messageId: string | null }
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

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * The one Graph API call the bot makes: a private reply to a comment (a Page message whose
 * recipient is the comment). Retries 429, 5xx and network failures with exponential backoff.
 * The token travels in the Authorization header, never in a URL that could be logged.
 */
export class GraphClient {
  constructor(
    private readonly config: Pick<FacebookConfig, 'graphApiUrl' | 'pageId' | 'pageAccessToken'>,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {}

  async sendPrivateReply(commentId: string, text: string): Promise<GraphSendResult> {
    const url = `${this.config.graphApiUrl}/${encodeURIComponent(this.config.pageId)}/messages`;
    const body = JSON.stringify({ recipient: { comment_id: commentId }, message: { text } });
    let lastStatus: number | null = null;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      let wait: number | undefined;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.config.pageAccessToken}`,
          },
          body,
          signal: AbortSignal.timeout(this.retry.timeoutMs),
        });
        lastStatus = response.status;
        if (response.ok) {
          const parsed = (await response.json().catch(() => ({}))) as { message_id?: unknown };
          return {
            ok: true,
            messageId: typeof parsed.message_id === 'string' ? parsed.message_id : null,
          };
        }
        await response.body?.cancel();
        if (response.status !== 429 && response.status < 500) {
          return { ok: false, status: response.status, attempts: attempt, retryable: false };
        }
        wait = retryAfterMs(response.headers.get('retry-after'));
      } catch {
        lastStatus = null; // network failure or timeout: worth another try
      }
      if (attempt < this.retry.attempts) {
        const backoff = this.retry.baseDelayMs * 2 ** (attempt - 1);
        await delay(Math.min(this.retry.maxDelayMs, wait ?? backoff * (1 + Math.random() * 0.2)));
      }
    }
    return { ok: false, status: lastStatus, attempts: this.retry.attempts, retryable: true };
  }
}
