import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('when a key spends its minute at once, then the next request waits for one to refill', () => {
    const limiter = new RateLimiter({ perMinute: 3, now: clock });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    // One request refills every 20 s at 3 a minute.
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    now += 15_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 5 });
    now += 5_000;
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('when one key is over its limit, then other keys are not', () => {
    const limiter = new RateLimiter({ perMinute: 1, now: clock });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('when a request is given back, then the key may make it again', () => {
    const limiter = new RateLimiter({ perMinute: 1, now: clock });
    expect(limiter.take('a').allowed).toBe(true);
    limiter.giveBack('a');
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('when clients invent many keys, then the map keeps at most maxKeys, dropping the least recently used', () => {
    const limiter = new RateLimiter({ perMinute: 1, maxKeys: 100, now: clock });
    limiter.take('kept');
    for (let index = 0; index < 1_000; index++) {
      limiter.take(`invented-${index}`);
      if (index % 50 === 0) limiter.take('kept');
    }
    expect(limiter.size).toBe(100);
    // Touched recently, so still counted: its single request of the minute is spent.
    expect(limiter.take('kept').allowed).toBe(false);
  });

  it('when the limit is 0, then it is off', () => {
    const limiter = new RateLimiter({ perMinute: 0, now: clock });
    for (let index = 0; index < 1_000; index++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });
});
