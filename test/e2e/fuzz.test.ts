import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { signatureOf } from '../../bot/http/facebook-signature';
import { messageActivity, newParty, postActivity } from '../support/activities';
import { spawnBot, type BotProcess } from '../support/bot-process';
import { ChannelSimulator } from '../support/channel-simulator';
import { facebookEnvironment, testAppSecret, testPageId } from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { fuzzRequest, SeededRandom, type FuzzRequest } from '../support/fuzz-inputs';
import { testFerretdbBinary } from '../support/test-database';

const requestCount = Number(process.env.ANM_FUZZ_REQUESTS ?? 10_000);
const seed = Number(process.env.ANM_FUZZ_SEED ?? 20261130);
const concurrency = 16;
/** The bot's resident memory may not pass this, however hostile the inputs. */
const maxResidentBytes = 700 * 1024 * 1024;
const maxRequestBytes = 262_144;

interface Outcome {
  /** 0 when the bot closed the connection before the client had finished sending. */
  status: number;
  body: string;
  request: FuzzRequest;
}

/**
 * Requests the bot refuses without reading their body (too large, or not JSON), closing the
 * connection: a client still writing such a body may see the socket close (EPIPE, ECONNRESET)
 * before it can read the 413 or 415. For these, and only these, a closed connection is a refusal.
 */
function refusedBeforeReading(request: FuzzRequest): boolean {
  const notJson = request.contentType !== 'application/json';
  return notJson || Buffer.byteLength(request.body) > maxRequestBytes;
}

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const line = status.split('\n').find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) * 1024;
}

async function send(url: string, request: FuzzRequest): Promise<Outcome> {
  const path = request.target === 'messages' ? '/api/messages' : '/api/facebook/webhook';
  const headers: Record<string, string> = {};
  if (request.contentType !== '') headers['content-type'] = request.contentType;
  if (request.target === 'webhook' && request.signed)
    headers['x-hub-signature-256'] = signatureOf(request.body, testAppSecret);
  try {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: request.body });
    return { status: response.status, body: await response.text(), request };
  } catch (error) {
    if (!refusedBeforeReading(request)) throw error;
    return { status: 0, body: '', request };
  }
}

/** Internals a response must never show: stack frames, error class names, file paths. */
function leaksInternals(body: string): boolean {
  return /\bat [\w.<>]+ \(|Error:|\/work\/|node_modules|\.ts:\d+|MongoServerError/.test(
    body.slice(0, 4_000),
  );
}

describe('the HTTP edge under generated hostile input', () => {
  let workDir: string;
  let bot: BotProcess;
  let channel: ChannelSimulator;
  let graph: FakeGraphServer;
  let url: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-fuzz-'));
    channel = new ChannelSimulator();
    await channel.start();
    graph = new FakeGraphServer();
    await graph.start();
    bot = spawnBot(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATA_DIR: path.join(workDir, 'data'),
        FERRETDB_BINARY: testFerretdbBinary(),
        MAX_REQUEST_BYTES: String(maxRequestBytes),
        RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
        RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '1000000',
        ...facebookEnvironment(graph.url),
      },
      workDir,
    );
    const { port } = await bot.waitForLog('server listening', 60_000);
    url = `http://127.0.0.1:${String(port)}`;
  }, 90_000);

  afterAll(async () => {
    bot.child.kill('SIGTERM');
    await bot.exited;
    await channel.stop();
    await graph.stop();
    await rm(workDir, { recursive: true, force: true });
  }, 60_000);

  it(`when ${String(requestCount)} generated activities and signed webhook payloads arrive, then the bot never crashes, never answers 500 or shows internals, stays within its memory bound, and is healthy after`, async () => {
    const random = new SeededRandom(seed);
    const requests = Array.from({ length: requestCount }, () =>
      fuzzRequest(random, { serviceUrl: channel.serviceUrl, pageId: testPageId }),
    );
    const outcomes: Outcome[] = [];
    let next = 0;
    let peakResident = 0;
    const pid = bot.child.pid ?? 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) {
          const request = requests[next++];
          if (!request) break;
          outcomes.push(await send(url, request));
          if (outcomes.length % 500 === 0)
            peakResident = Math.max(peakResident, residentBytes(pid));
        }
      }),
    );
    peakResident = Math.max(peakResident, residentBytes(pid));

    expect(bot.child.exitCode).toBeNull();
    // 501 is the Bot Framework's own answer to an invoke no handler implements, not a failure.
    const serverErrors = outcomes.filter(
      (outcome) => outcome.status >= 500 && outcome.status !== 501,
    );
    expect(serverErrors.map((outcome) => [outcome.status, outcome.body.slice(0, 200)])).toEqual([]);
    const leaks = outcomes.filter((outcome) => leaksInternals(outcome.body));
    expect(leaks.map((outcome) => outcome.body.slice(0, 300))).toEqual([]);
    expect(peakResident).toBeLessThan(maxResidentBytes);

    // Every kind of refusal was exercised, and the valid requests among them were served.
    const statuses = new Set(outcomes.map((outcome) => outcome.status));
    expect(statuses.has(400)).toBe(true);
    expect([...statuses].some((status) => status >= 200 && status < 300)).toBe(true);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const party = newParty(channel.serviceUrl);
    expect(
      (await postActivity(url, messageActivity(party, '¿Qué es el canon superficiario?'))).status,
    ).toBe(200);
    // A new citizen is welcomed first; the answer follows.
    const [, answer] = await channel.waitFor(party.conversationId, 2);
    expect(JSON.stringify(answer)).toMatch(/canon superficiario/i);
  }, 600_000);
});
