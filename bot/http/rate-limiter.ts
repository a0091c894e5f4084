import { errorCodes, RequestRefusal } from '../../kernel/errors';

/**
 * Token buckets kept in memory, one per key (an address, a sender in a conversation): each holds
 * up to `perMinute` requests and refills continuously at `perMinute` a minute. A bucket that has
 * refilled is the same as no bucket, so entries expire by themselves; the map never holds more
 * than `maxKeys` buckets (the least recently used goes first), whatever keys a client invents.
 * Each instance of the bot counts on its own.
 */
export interface RateLimiterOptions {
  /** Requests a key may make in a minute; 0 turns the limit off. */
  perMinute: number;
  maxKeys?: number;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

const minuteMs = 60_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions) {
    this.capacity = options.perMinute;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Spends one request of `key`, or says how many seconds until the next one is allowed. */
  take(key: string): RateDecision {
    if (this.capacity <= 0) return { allowed: true };
    const now = this.now();
    const tokens = this.tokensOf(key, now);
    if (tokens < 1) {
      const refillPerMs = this.capacity / minuteMs;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)),
      };
    }
    this.store(key, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }

  /** Gives back a request spent by `take` (one that turned out not to count). */
  giveBack(key: string): void {
    if (this.capacity <= 0) return;
    const now = this.now();
    const tokens = Math.min(this.capacity, this.tokensOf(key, now) + 1);
    if (tokens >= this.capacity) this.buckets.delete(key);
    else this.store(key, { tokens, at: now });
  }

  /** Buckets held now (refilled ones may still be counted until they are touched or evicted). */
  get size(): number {
    return this.buckets.size;
  }

  private tokensOf(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.capacity;
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(this.capacity, bucket.tokens + (elapsed * this.capacity) / minuteMs);
  }

  private store(key: string, bucket: Bucket): void {
    // Deleting first moves the key to the end: the Map's order is then least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (oldest.done) break;
      this.buckets.delete(oldest.value);
    }
  }
}

/** The refusal of a request over its limit: 429, with when to try again (Retry-After). */
export function tooManyRequests(retryAfterSeconds: number): RequestRefusal {
  return new RequestRefusal(
    errorCodes.tooManyRequests,
    'Demasiadas solicitudes: espere unos segundos e intente de nuevo.',
    {},
    retryAfterSeconds,
  );
}
