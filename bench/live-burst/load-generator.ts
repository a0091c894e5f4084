import { setTimeout as delay } from 'node:timers/promises';

import { postActivity } from '../../test/support/activities';
import { deliver } from '../../test/support/facebook-deliveries';
import type { PlannedSend } from './burst-plan';

export interface LoadOptions {
  /** Requests in flight at most; the schedule waits when the bot answers slowly. */
  maxInFlight: number;
  /** Bound on each request. */
  requestTimeoutMs: number;
  /** Past this (after the start) nothing more is sent: what is left is reported as not sent. */
  sendDeadlineMs: number;
}

/** An HTTP status, or what happened instead of one. */
export type SendOutcome = number | 'timeout' | 'error' | 'not-sent';

export interface SendResult {
  send: PlannedSend;
  outcome: SendOutcome;
  /** From the request's start to its whole response; NaN when it was not sent. */
  ms: number;
  /** How late it left against its schedule. */
  lagMs: number;
}

export interface LoadRun {
  results: SendResult[];
  /** performance.now() of the first request and of the last response. */
  startedAt: number;
  finishedAt: number;
  /** Date.now() of the first request, to compare with the times the bot stores. */
  startedAtEpochMs: number;
}

async function sendOne(botUrl: string, send: PlannedSend, timeoutMs: number) {
  const signal = AbortSignal.timeout(timeoutMs);
  const startedAt = performance.now();
  if (send.channel === 'facebook') {
    const { status } = await deliver(botUrl, send.body, undefined, { signal });
    return { status, ms: performance.now() - startedAt };
  }
  const { status } = await postActivity(botUrl, send.activity, {}, { signal });
  return { status, ms: performance.now() - startedAt };
}

/** Bounded concurrency: `acquire` waits for a free slot, `release` frees one. */
class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }
}

/**
 * Sends every planned request at its time (or as soon as a slot frees), to 127.0.0.1 only,
 * and records each answer's status and latency. Bounded in count (the plan) and in time.
 */
export async function runLoad(
  botUrl: string,
  sends: PlannedSend[],
  options: LoadOptions,
): Promise<LoadRun> {
  if (new URL(botUrl).hostname !== '127.0.0.1') throw new Error('the burst targets 127.0.0.1 only');
  const slots = new Slots(options.maxInFlight);
  const startedAt = performance.now();
  const startedAtEpochMs = Date.now();
  const results: SendResult[] = [];
  const inFlight: Promise<void>[] = [];
  for (const send of sends) {
    const wait = startedAt + send.atMs - performance.now();
    if (wait > 0) await delay(wait);
    await slots.acquire();
    const lagMs = Math.max(0, performance.now() - startedAt - send.atMs);
    if (performance.now() - startedAt > options.sendDeadlineMs) {
      slots.release();
      results.push({ send, outcome: 'not-sent', ms: Number.NaN, lagMs });
      continue;
    }
    inFlight.push(
      sendOne(botUrl, send, options.requestTimeoutMs)
        .then(
          ({ status, ms }) => {
            results.push({ send, outcome: status, ms, lagMs });
          },
          (error: unknown) => {
            const outcome =
              error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'error';
            results.push({ send, outcome, ms: Number.NaN, lagMs });
          },
        )
        .finally(() => slots.release()),
    );
  }
  await Promise.all(inFlight);
  return { results, startedAt, finishedAt: performance.now(), startedAtEpochMs };
}
