import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from './loopback-server';

/** One token request as the fake service received it. */
export interface TokenRequest {
  authorization: string | undefined;
  body: unknown;
}

/** One reconnect (`GET /v3/directline/conversations/{id}?watermark=`) as the fake received it. */
export interface ReconnectRequest {
  conversationId: string;
  authorization: string | undefined;
  url: string;
}

const reconnectPath = /^\/v3\/directline\/conversations\/([^/?]+)\?watermark=[0-9]*$/;

/**
 * A stand-in for the Direct Line service's token endpoint (`POST /v3/directline/tokens/generate`)
 * on loopback, speaking its wire format: a Bearer secret in, `{ conversationId, token,
 * expires_in }` out; 403 for a wrong secret, as the service answers. `failNext` makes it answer
 * an error status, with a body that echoes the secret as a careless service might.
 *
 * And its reconnect, `GET /v3/directline/conversations/{id}?watermark=` with the secret: a fresh
 * token for a conversation it issued (`{ conversationId, token, streamUrl }`), 404 for one it
 * did not, 403 for a wrong secret. Every token it issues is new, so that a test can tell them apart.
 */
export class FakeDirectLineService {
  readonly requests: TokenRequest[] = [];
  readonly reconnects: ReconnectRequest[] = [];
  private readonly conversations = new Set<string>();
  private server: Server | undefined;
  private failures: number[] = [];
  private issued = 0;

  constructor(private readonly secret: string) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Direct Line service not started');
    return `http://127.0.0.1:${address.port}`;
  }

  failNext(status: number): void {
    this.failures.push(status);
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const reconnect = reconnectPath.exec(request.url ?? '');
        if (request.method === 'GET' && reconnect) {
          this.reconnect(decodeURIComponent(reconnect[1] ?? ''), request, response);
          return;
        }
        if (request.method !== 'POST' || request.url !== '/v3/directline/tokens/generate') {
          response.writeHead(404);
          response.end();
          return;
        }
        this.requests.push({
          authorization: request.headers.authorization,
          body: text ? (JSON.parse(text) as unknown) : undefined,
        });
        const failure = this.failures.shift();
        if (failure !== undefined) {
          response.writeHead(failure, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ error: { code: 'ServiceError', message: `secret ${this.secret}` } }),
          );
          return;
        }
        if (request.headers.authorization !== `Bearer ${this.secret}`) {
          response.writeHead(403, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ error: { code: 'BadArgument', message: 'Invalid token or secret' } }),
          );
          return;
        }
        this.issued++;
        this.conversations.add(`service-conversation-${this.issued}`);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            conversationId: `service-conversation-${this.issued}`,
            token: `service-token-${this.issued}`,
            expires_in: 3600,
          }),
        );
      });
    });
    await listenOnLoopback(this.server);
  }

  private reconnect(
    conversationId: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): void {
    this.reconnects.push({
      conversationId,
      authorization: request.headers.authorization,
      url: request.url ?? '',
    });
    const failure = this.failures.shift();
    if (failure !== undefined) {
      response.writeHead(failure, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { code: 'ServiceError', message: `secret ${this.secret}` } }),
      );
      return;
    }
    if (request.headers.authorization !== `Bearer ${this.secret}`) {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { code: 'BadArgument', message: 'Invalid token or secret' } }),
      );
      return;
    }
    if (!this.conversations.has(conversationId)) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { code: 'BadArgument', message: 'Conversation not found' } }),
      );
      return;
    }
    this.issued++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        conversationId,
        token: `service-token-${this.issued}-of-${conversationId}`,
        streamUrl: `wss://127.0.0.1/v3/directline/conversations/${conversationId}/stream`,
      }),
    );
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }
}
