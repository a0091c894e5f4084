import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ChatCompletionRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    messages: { role: string; content: string }[];
  };
}

/** What the fake endpoint does with one request. */
export type FakeBehaviour =
  | { kind: 'completion'; content: string; delayMs?: number }
  | { kind: 'no-choices' }
  | { kind: 'raw'; status: number; body: string };

export interface FakeOpenAiServer {
  /** The base URL to give as OPENAI_BASE_URL. */
  baseUrl: string;
  requests: ChatCompletionRequest[];
  respondWith(behaviour: FakeBehaviour | ((request: ChatCompletionRequest) => FakeBehaviour)): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function completionBody(model: string, content: string | undefined): string {
  return JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices:
      content === undefined
        ? []
        : [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

/**
 * An OpenAI-compatible chat completions endpoint on loopback (`POST /v1/chat/completions`),
 * answering as each test tells it: good, bad, slow or malformed completions.
 */
export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const requests: ChatCompletionRequest[] = [];
  const sockets = new Set<Socket>();
  const delays = new Set<NodeJS.Timeout>();
  let behave: (request: ChatCompletionRequest) => FakeBehaviour = () => ({
    kind: 'raw',
    status: 500,
    body: '{"error":{"message":"no behaviour set"}}',
  });

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const text = await readBody(request);
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404).end();
        return;
      }
      const received: ChatCompletionRequest = {
        path: request.url,
        authorization: request.headers.authorization,
        body: JSON.parse(text) as ChatCompletionRequest['body'],
      };
      requests.push(received);
      const behaviour = behave(received);
      if (behaviour.kind === 'raw') {
        response.writeHead(behaviour.status, { 'content-type': 'application/json' });
        response.end(behaviour.body);
        return;
      }
      if (behaviour.kind === 'completion' && behaviour.delayMs) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            delays.delete(timer);
            resolve();
          }, behaviour.delayMs);
          delays.add(timer);
        });
        if (response.destroyed) return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        completionBody(
          received.body.model,
          behaviour.kind === 'completion' ? behaviour.content : undefined,
        ),
      );
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    respondWith(behaviour) {
      behave = typeof behaviour === 'function' ? behaviour : () => behaviour;
    },
    async close() {
      for (const timer of delays) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A completion in the format the grounded prompt asks for. */
export function groundedCompletion(answer: string, citations: string[]): FakeBehaviour {
  return { kind: 'completion', content: JSON.stringify({ answer, citations }) };
}
