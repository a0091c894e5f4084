import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface GraphRequest {
  path: string;
  authorization: string | undefined;
  body: { recipient?: { comment_id?: string }; message?: { text?: string } };
}

/**
 * The Graph API's `POST /<version>/<page-id>/messages` on loopback. By default every request
 * succeeds; `failNext` makes the next requests answer with the given statuses first.
 */
export class FakeGraphServer {
  readonly requests: GraphRequest[] = [];
  private readonly failures: number[] = [];
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

  /** Private replies that succeeded, by comment id. */
  repliesTo(commentId: string): GraphRequest[] {
    return this.requests.filter(
      (request) => request.body.recipient?.comment_id === commentId && request.path !== 'failed',
    );
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const failure = this.failures.shift();
    const record: GraphRequest = {
      path: failure === undefined ? (request.url ?? '') : 'failed',
      authorization: request.headers.authorization,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphRequest['body'],
    };
    this.requests.push(record);
    if (failure !== undefined) {
      response.writeHead(failure, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'fake failure', code: 2 } }));
      return;
    }
    this.sent++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        recipient_id: `psid-${this.sent}`,
        message_id: `m_${this.sent}`,
      }),
    );
  }
}
