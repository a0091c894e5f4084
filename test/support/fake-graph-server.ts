import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface GraphRequest {
  /** The request path; 'failed' when a failure was injected, 'rejected' for a second reply. */
  path: string;
  authorization: string | undefined;
  body: { recipient?: { comment_id?: string }; message?: { text?: string } };
}

/** A `GET /<version>/<comment-id>?fields=…` the fake answered. */
export interface GraphCheck {
  commentId: string;
  fields: string[];
  authorization: string | undefined;
  /** The injected failure status, if any. */
  failedWith: number | null;
}

/**
 * The Graph API on loopback: `POST /<version>/<page-id>/messages` (a private reply when the
 * recipient is a comment) and `GET /<version>/<comment-id>` (can_reply_privately,
 * private_reply_conversation). Like Meta, it remembers which comments got their one private
 * reply and refuses a second one (400, code 10900). By default every request succeeds;
 * `failNext` and `failNextChecks` make the next sends or checks answer with the given statuses.
 */
export class FakeGraphServer {
  readonly requests: GraphRequest[] = [];
  readonly checks: GraphCheck[] = [];
  private readonly failures: number[] = [];
  private readonly checkFailures: number[] = [];
  /** Comment id → the id of the conversation its private reply started. */
  private readonly replied = new Map<string, string>();
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((request, response) => {
    void this.handle(request, response);
  });
  private sent = 0;

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  failNextChecks(...statuses: number[]): void {
    this.checkFailures.push(...statuses);
  }

  /** Private replies that succeeded, by comment id. */
  repliesTo(commentId: string): GraphRequest[] {
    return this.replyAttemptsTo(commentId).filter((request) => request.path.startsWith('/'));
  }

  /** Every private reply request for a comment: succeeded, failed or refused as a second one. */
  replyAttemptsTo(commentId: string): GraphRequest[] {
    return this.requests.filter((request) => request.body.recipient?.comment_id === commentId);
  }

  /** As if the reply to this comment never reached Meta (a test rebuilding a crash's state). */
  forgetReply(commentId: string): void {
    this.replied.delete(commentId);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method === 'GET') {
      this.check(request, response);
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphRequest['body'];
    const failure = this.failures.shift();
    const commentId = body.recipient?.comment_id;
    const secondReply = commentId !== undefined && this.replied.has(commentId);
    const record: GraphRequest = {
      path: failure !== undefined ? 'failed' : secondReply ? 'rejected' : (request.url ?? ''),
      authorization: request.headers.authorization,
      body,
    };
    this.requests.push(record);
    if (failure !== undefined) {
      this.json(response, failure, { error: { message: 'fake failure', code: 2 } });
      return;
    }
    if (secondReply) {
      this.json(response, 400, {
        error: {
          message: '(#10900) Activity already replied to',
          type: 'OAuthException',
          code: 10900,
        },
      });
      return;
    }
    this.sent++;
    if (commentId !== undefined) this.replied.set(commentId, `t_${this.sent}`);
    this.json(response, 200, { recipient_id: `psid-${this.sent}`, message_id: `m_${this.sent}` });
  }

  private check(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://graph.invalid');
    const commentId = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const failure = this.checkFailures.shift();
    this.checks.push({
      commentId,
      fields: (url.searchParams.get('fields') ?? '').split(',').filter(Boolean),
      authorization: request.headers.authorization,
      failedWith: failure ?? null,
    });
    if (failure !== undefined) {
      this.json(response, failure, { error: { message: 'fake failure', code: 2 } });
      return;
    }
    const conversation = this.replied.get(commentId);
    this.json(response, 200, {
      id: commentId,
      can_reply_privately: conversation === undefined,
      ...(conversation === undefined ? {} : { private_reply_conversation: { id: conversation } }),
    });
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}
