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
  expires_in: z.number().int().positive(),
});

export class DirectLineServiceClient {
  constructor(private readonly settings: DirectLineServiceSettings) {}

  /** Where the browser's Direct Line client talks to the service. */
  get domain(): string {
    return `${this.settings.baseUrl}/v3/directline`;
  }

  /** A token for a new conversation, from `POST /v3/directline/tokens/generate`. */
  async conversationToken(): Promise<ConversationGrant> {
    let response: Response;
    try {
      response = await fetch(`${this.domain}/tokens/generate`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.settings.secret}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ user: { id: newUserId() } }),
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
      throw new AppError(
        errorCodes.internal,
        `the Direct Line service refused the token request (${response.status})`,
      );
    }
    const grant = grantSchema.safeParse(await response.json().catch(() => undefined));
    if (!grant.success) {
      throw new AppError(errorCodes.internal, 'the Direct Line service answered an unknown shape');
    }
    return grant.data;
  }
}
