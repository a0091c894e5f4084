import { z } from 'zod';

import { AppError, errorCodes } from '../kernel/errors';
import { newUserId } from './direct-line-tokens';
import type { ConversationGrant } from './embedded-direct-line';

/**
 * Production: the Direct Line service (Azure Bot Service's Direct Line channel). The bot exchanges
 * the channel's secret for a token of one new conversation, with a user id embedded in it (a `dl_`
 * id, which the service then enforces on every post: no client can speak as another user), and
 * gives the browser only that token. The secret never leaves this module's request.
 */
export interface DirectLineServiceSettings {
  /** The service's origin, e.g. https://directline.botframework.com. */
  baseUrl: string;
  secret: string;
  timeoutMs?: number;
}

const grantSchema = z.object({
  conversationId: z.string().min(1).max(200),
  token: z.string().min(1).max(4_000),
  // The reconnect may leave it out: a Direct Line token lasts 30 minutes.
  expires_in: z.number().int().positive().default(1800),
});

/** The service answered the request with an error status (kept: the caller tells 4xx from 5xx). */
export class DirectLineServiceRefusal extends AppError {
  constructor(
    readonly status: number,
    what: string,
  ) {
    super(errorCodes.internal, `the Direct Line service refused the ${what} request (${status})`);
    this.name = 'DirectLineServiceRefusal';
  }
}

export class DirectLineServiceClient {
  constructor(private readonly settings: DirectLineServiceSettings) {}

  /** Where the browser's Direct Line client talks to the service. */
  get domain(): string {
    return `${this.settings.baseUrl}/v3/directline`;
  }

  /** A token for a new conversation of `userId`, from `POST /v3/directline/tokens/generate`. */
  conversationToken(userId: string = newUserId()): Promise<ConversationGrant> {
    return this.call('token', `${this.domain}/tokens/generate`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.settings.secret}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ user: { id: userId } }),
    });
  }

  /**
   * A fresh token for an existing conversation (a citizen coming back after the page's token
   * expired), from `GET /v3/directline/conversations/{id}` with the secret: Direct Line's
   * reconnect. The watermark is left empty: the page reads the conversation from its start.
   */
  async reconnect(conversationId: string): Promise<ConversationGrant> {
    const url = `${this.domain}/conversations/${encodeURIComponent(conversationId)}?watermark=`;
    const grant = await this.call('reconnect', url, {
      method: 'GET',
      headers: { authorization: `Bearer ${this.settings.secret}` },
    });
    if (grant.conversationId !== conversationId) {
      throw new AppError(errorCodes.internal, 'the Direct Line service reconnected elsewhere');
    }
    return grant;
  }

  private async call(
    what: 'token' | 'reconnect',
    url: string,
    init: RequestInit,
  ): Promise<ConversationGrant> {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (error) {
      throw new AppError(errorCodes.internal, 'the Direct Line service did not answer', {
        cause: error,
      });
    }
    if (!response.ok) {
      await response.body?.cancel();
      // The status only: the service's error body is not ours to log.
      throw new DirectLineServiceRefusal(response.status, what);
    }
    const grant = grantSchema.safeParse(await response.json().catch(() => undefined));
    if (!grant.success) {
      throw new AppError(errorCodes.internal, 'the Direct Line service answered an unknown shape');
    }
    return grant.data;
  }
}
