import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from './loopback-server';

/** One token request as the fake service received it. */
export interface TokenRequest {
  authorization: string | undefined;
  body: unknown;
}

/**
 * A stand-in for the Direct Line service's token endpoint (`POST /v3/directline/tokens/generate`)
 * on loopback, speaking its wire format: a Bearer secret in, `{ conversationId, token,
 * expires_in }` out; 403 for a wrong secret, as the service answers. `failNext` makes it answer
 * an error status, with a body that echoes the secret as a careless service might.
 */
export class FakeDirectLineService {
  readonly requests: TokenRequest[] = [];
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
        if (request.method !== 'POST' || request.url !== '/v3/directline/tokens/generate') {
          response.writeHead(404).end();
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

  async stop(): Promise<void> {
    await closeServer(this.server);
  }
}
