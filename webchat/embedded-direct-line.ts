import {
  findDirectLineConversation,
  startDirectLineConversation,
} from '../models/direct-line-conversation';
import {
  appendDirectLineActivity,
  readDirectLineActivities,
  type DirectLineModels,
} from '../models/direct-line-activity';
import { errorCodes, RequestRefusal } from '../kernel/errors';
import { describeError, type Logger } from '../kernel/logger';
import {
  botActivity,
  clientActivityOf,
  conversationStartActivity,
  directLineActivityId,
  isTransient,
  userActivity,
} from './direct-line-activities';
import type { ConversationResumes, ResumeGrant } from './conversation-resumes';
import {
  newConversationId,
  newUserId,
  type ConversationClaims,
  type DirectLineTokens,
} from './direct-line-tokens';

/**
 * The part of the Direct Line 3.0 protocol that Web Chat and directlinejs use, served by the bot
 * itself (no `DIRECT_LINE_SECRET`): tokens, start and resume, post, and activities after a
 * watermark (polling; no WebSocket stream, so no `streamUrl`). What a client posts goes to the bot
 * through the same CloudAdapter path as every channel (`turns`); what the bot sends comes back
 * through its connector client (`receiveFromBot`) and is kept in the transcript.
 */

/** A turn for an activity, through the adapter; fails when the bot did not take it. */
export interface BotTurns {
  run(activity: Record<string, unknown>): Promise<void>;
}

/** Direct Line's answer to generate, refresh, start and resume (`streamUrl` absent: polling). */
export interface ConversationGrant {
  conversationId: string;
  token: string;
  expires_in: number;
}

export interface EmbeddedDirectLineDependencies {
  models: DirectLineModels;
  tokens: DirectLineTokens;
  /** How a browser comes back to its conversation days later (see direct-line-resume.ts). */
  resumes: ConversationResumes;
  turns: BotTurns;
  /** Where the bot sends what it writes to these conversations (this bot's own address). */
  serviceUrl: () => string;
  logger: Logger;
  now?: () => Date;
}

/** One poll's bounds: a resumed conversation is read in a few polls, never in one huge answer. */
const pageLimits = { maxActivities: 50, maxCharacters: 512 * 1024 };

/** Watermarks are the transcript's counters: digits only, bounded (a huge one reads nothing). */
const watermarkPattern = /^\d{1,12}$/;

function notFound(): RequestRefusal {
  return new RequestRefusal(errorCodes.notFound, 'La conversación no existe.');
}

/** The credential of `Authorization: Bearer <credential>`; 401 without one. */
function bearerOf(authorization: string | undefined): string {
  const [scheme, credential, ...rest] = (authorization ?? '').trim().split(/\s+/);
  if (scheme?.toLowerCase() !== 'bearer' || !credential || rest.length > 0) {
    throw new RequestRefusal(errorCodes.unauthenticated, 'Falta el token de la conversación.');
  }
  return credential;
}

export class EmbeddedDirectLine {
  private readonly now: () => Date;

  constructor(private readonly dependencies: EmbeddedDirectLineDependencies) {
    this.now = dependencies.now ?? (() => new Date());
  }

  /**
   * The claims of a request's `Authorization: Bearer <token>`, for `conversationId` when given.
   * No token or a forged one: 401. Expired, or for another conversation: 403 (directlinejs takes a
   * 403 as "token expired", and stops).
   */
  authorize(authorization: string | undefined, conversationId?: string): ConversationClaims {
    const check = this.dependencies.tokens.check(bearerOf(authorization));
    if (!check.valid) {
      if (check.reason === 'expired') {
        throw new RequestRefusal(errorCodes.forbidden, 'El token expiró: pida uno nuevo.');
      }
      throw new RequestRefusal(errorCodes.unauthenticated, 'El token no es válido.');
    }
    if (conversationId !== undefined && conversationId !== check.claims.conversationId) {
      throw new RequestRefusal(errorCodes.forbidden, 'Este token no sirve para esa conversación.');
    }
    return check.claims;
  }

  /**
   * `tokens/generate`: a new conversation for a new user, with the secret that will let this
   * browser come back to it. Nothing is stored until it starts.
   */
  generate(): ConversationGrant & ResumeGrant {
    const conversationId = newConversationId();
    const userId = newUserId();
    return {
      ...this.grant(conversationId, userId),
      ...this.dependencies.resumes.first(conversationId, userId),
    };
  }

  /**
   * `POST /conversations/{id}/resume` with a resume secret: a fresh token for the conversation
   * and its user, and the secret's successor. The client then resumes as Direct Line does, with
   * the conversation id and that token (`GET /conversations/{id}`).
   */
  async resumeWith(
    conversationId: string,
    authorization: string | undefined,
  ): Promise<ConversationGrant & ResumeGrant> {
    const presented = bearerOf(authorization);
    const { userId, grant } = await this.dependencies.resumes.exchange(conversationId, presented);
    return { ...this.grant(conversationId, userId), ...grant };
  }

  /** `DELETE /conversations/{id}/resume`: no device can come back to this conversation. */
  forgetResume(claims: ConversationClaims): Promise<void> {
    return this.dependencies.resumes.forget(claims.conversationId);
  }

  /** `tokens/refresh`: the same conversation and user, a new expiry. */
  refresh(claims: ConversationClaims): ConversationGrant {
    return this.grant(claims.conversationId, claims.userId);
  }

  /**
   * `POST /conversations`: starts the token's conversation, once; the bot is told that the user
   * joined (it welcomes them). Starting it again answers the same conversation.
   */
  async start(
    claims: ConversationClaims,
    locale: string | undefined,
  ): Promise<{ created: boolean; grant: ConversationGrant }> {
    const { models, turns, logger } = this.dependencies;
    const at = this.now();
    const created = await startDirectLineConversation(
      models.directLineConversations,
      claims.conversationId,
      at,
    );
    if (created) {
      try {
        await this.dependencies.resumes.open(claims.conversationId, claims.userId);
      } catch (error) {
        // Not worth failing the start for: the conversation works, only coming back to it won't.
        logger.warn({ ...describeError(error) }, 'web chat: the resume could not be kept');
      }
      const joined = conversationStartActivity(claims.conversationId, claims.userId, locale, at);
      try {
        await turns.run({ ...joined, serviceUrl: this.dependencies.serviceUrl() });
      } catch (error) {
        // The welcome is not worth failing the start for: the bot welcomes on the first message.
        logger.warn({ ...describeError(error) }, 'web chat: the bot did not take the start');
      }
    }
    return { created, grant: this.refresh(claims) };
  }

  /** `GET /conversations/{id}`: a conversation started before, with a fresh token. */
  async resume(claims: ConversationClaims): Promise<ConversationGrant> {
    const conversation = await findDirectLineConversation(
      this.dependencies.models.directLineConversations,
      claims.conversationId,
    );
    if (!conversation) throw notFound();
    return this.refresh(claims);
  }

  /**
   * `POST /conversations/{id}/activities`: kept in the transcript first (the client reads its own
   * message back, which tells Web Chat it was sent), then a turn of the bot, whose replies land in
   * the transcript through `receiveFromBot` before this returns.
   */
  async post(claims: ConversationClaims, body: unknown): Promise<{ id: string }> {
    const { models, turns } = this.dependencies;
    const client = clientActivityOf(body);
    const conversation = await findDirectLineConversation(
      models.directLineConversations,
      claims.conversationId,
    );
    if (!conversation) throw notFound();
    let activity: Record<string, unknown> = {};
    await appendDirectLineActivity(
      models,
      claims.conversationId,
      conversation.watermark,
      (watermark) => {
        activity = userActivity(client, { ...claims, watermark, at: this.now() });
        return JSON.stringify(activity);
      },
    );
    await turns.run({ ...activity, serviceUrl: this.dependencies.serviceUrl() });
    return { id: String(activity.id) };
  }

  /**
   * `GET /conversations/{id}/activities?watermark=`: Direct Line's ActivitySet as JSON text, built
   * from the stored text (each activity was serialised by this module when it was stored).
   */
  async activities(claims: ConversationClaims, watermark: unknown): Promise<string> {
    const after = watermarkOf(watermark);
    const page = await readDirectLineActivities(
      this.dependencies.models.directLineActivities,
      claims.conversationId,
      after,
      pageLimits,
    );
    return `{"activities":[${page.activities.join(',')}],"watermark":"${page.watermark}"}`;
  }

  /**
   * The bot's connector call (`POST {serviceUrl}/v3/conversations/{id}/activities[/{replyTo}]`),
   * for a conversation this bot started; the caller has checked that it comes from the bot.
   */
  async receiveFromBot(conversationId: string, body: unknown): Promise<{ id: string }> {
    const { models } = this.dependencies;
    const conversation = await findDirectLineConversation(
      models.directLineConversations,
      conversationId,
    );
    if (!conversation) throw notFound();
    if (isTransient(body)) return { id: directLineActivityId(conversationId, 0) };
    const watermark = await appendDirectLineActivity(
      models,
      conversationId,
      conversation.watermark,
      (slot) =>
        JSON.stringify(botActivity(body, { conversationId, watermark: slot, at: this.now() })),
    );
    return { id: directLineActivityId(conversationId, watermark) };
  }

  private grant(conversationId: string, userId: string): ConversationGrant {
    const { token, expiresIn } = this.dependencies.tokens.issue(conversationId, userId);
    return { conversationId, token, expires_in: expiresIn };
  }
}

function watermarkOf(value: unknown): number {
  if (value === undefined || value === '') return 0;
  if (typeof value !== 'string' || !watermarkPattern.test(value)) {
    throw new RequestRefusal(errorCodes.invalidBody, 'El watermark no es válido.');
  }
  return Number(value);
}
