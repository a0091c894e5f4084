import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Activity } from 'botbuilder';

import { validateAdaptiveCard } from './adaptive-card-validator';
import { closeServer, listenOnLoopback } from './loopback-server';

/** How the simulated connector refuses a reply (see `ChannelSimulator.failNext`). */
export interface ChannelFailure {
  status: number;
  /** The error body echoes the refused activity (display name, user id, text), as some channels do. */
  echoActivity: boolean;
}

/**
 * A local stand-in for a Bot Framework channel's connector service: the bot's replies arrive here
 * as real HTTP calls (POST /v3/conversations/{id}/activities[/{replyToId}]). Every Adaptive Card
 * that arrives is validated against schema 1.5 (under load, one in `validateOneCardIn`: validating
 * costs this process ≈ 0.09 ms of CPU per card, taken from the bot it measures on the same cores);
 * `cardProblems` lists what failed.
 */
export class ChannelSimulator {
  readonly received: Partial<Activity>[] = [];
  readonly cardProblems: string[] = [];
  /** Activities the simulator refused (see `failNext`), in order. */
  readonly refused: Partial<Activity>[] = [];
  private readonly failures: ChannelFailure[] = [];
  private server: Server | undefined;
  private waiters: (() => void)[] = [];
  private nextId = 1;
  private cardsSeen = 0;
  /** Requests that arrived and are not answered yet (see `responseDelayMs`). */
  pending = 0;

  /** `responseDelayMs` delays each answer, to stand for a slow channel while the bot is asked to stop. */
  constructor(
    private readonly responseDelayMs = 0,
    private readonly validateOneCardIn = 1,
  ) {}

  get serviceUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('simulator not started');
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.pending++;
      void readBody(request).then(async (body) => {
        if (this.responseDelayMs > 0)
          await new Promise((resolve) => setTimeout(resolve, this.responseDelayMs));
        this.pending--;
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(
          request.url ?? '',
        );
        if (request.method !== 'POST' || !match) {
          response.writeHead(404).end();
          return;
        }
        const activity = JSON.parse(body) as Partial<Activity>;
        const failure = this.failures.shift();
        if (failure) {
          this.refused.push(activity);
          for (const wake of this.waiters.splice(0)) wake();
          response.writeHead(failure.status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(errorBody(failure, activity, body)));
          return;
        }
        for (const attachment of activity.attachments ?? []) {
          if (attachment.contentType === 'application/vnd.microsoft.card.adaptive') {
            if (this.cardsSeen++ % this.validateOneCardIn === 0)
              this.cardProblems.push(...validateAdaptiveCard(attachment.content));
          }
        }
        this.received.push(activity);
        for (const wake of this.waiters.splice(0)) wake();
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: `sim-${this.nextId++}` }));
      });
    });
    await listenOnLoopback(this.server);
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  /**
   * The next replies are refused, one per failure, before the simulator accepts replies again.
   * A status alone means an error body that echoes the activity.
   */
  failNext(...failures: (number | ChannelFailure)[]): void {
    for (const failure of failures) {
      this.failures.push(
        typeof failure === 'number' ? { status: failure, echoActivity: true } : failure,
      );
    }
  }

  /** Activities the bot sent to one conversation, in order. */
  inConversation(conversationId: string): Partial<Activity>[] {
    return this.received.filter((activity) => activity.conversation?.id === conversationId);
  }

  /** Waits until `count` activities have arrived for the conversation (or fails after timeoutMs). */
  async waitFor(
    conversationId: string,
    count: number,
    timeoutMs = 10_000,
  ): Promise<Partial<Activity>[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.inConversation(conversationId).length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `expected ${count} activities in ${conversationId}, got ${this.inConversation(conversationId).length}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.inConversation(conversationId);
  }
}

/** An error in the connector's ErrorResponse shape; echoing channels put the request in it. */
function errorBody(failure: ChannelFailure, activity: Partial<Activity>, rawBody: string) {
  const code = failure.status === 404 ? 'ConversationNotFound' : 'ServiceError';
  return {
    error: {
      code,
      message: failure.echoActivity
        ? `Could not deliver activity from ${activity.recipient?.name ?? ''} to ${activity.recipient?.id ?? ''}: ${rawBody}`
        : 'Conversation not found.',
    },
    ...(failure.echoActivity ? { activity } : {}),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
