import { PushArrivals } from './push-arrivals';

/** PushArrivals: a store's inbox processing waits while its pushes arrive, bounded, and not at all when they stopped. */
describe('PushArrivals', () => {
  const held = () => {
    let end!: () => void;
    const done = new Promise<void>((r) => (end = r));
    return { done, end };
  };
  const step = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('counts a push as arriving while it is taken and for quietMs after, per store, a refused push too', async () => {
    const arrivals = new PushArrivals({ quietMs: 60, maxWaitMs: 1_000, pollMs: 5 });
    expect(arrivals.arriving('a')).toBe(false);
    const push = held();
    const taking = arrivals.taking('a', () => push.done);
    expect(arrivals.arriving('a')).toBe(true);
    expect(arrivals.arriving('b')).toBe(false);
    await step(100); // a long push is still arriving
    expect(arrivals.arriving('a')).toBe(true);
    push.end();
    await taking;
    expect(arrivals.arriving('a')).toBe(true);
    await step(80);
    expect(arrivals.arriving('a')).toBe(false);
    const recent = new PushArrivals({ quietMs: 60_000, maxWaitMs: 1_000, pollMs: 5 });
    await expect(recent.taking('b', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(recent.arriving('b')).toBe(true);
  });

  it('no push of the store: processing starts at once', async () => {
    const arrivals = new PushArrivals({ quietMs: 10_000, maxWaitMs: 10_000, pollMs: 5 });
    await arrivals.taking('other', async () => undefined);
    expect(await arrivals.settled('store')).toBe(0);
  });

  it('waits until the run of pushes pauses, then goes on', async () => {
    const arrivals = new PushArrivals({ quietMs: 150, maxWaitMs: 5_000, pollMs: 5 });
    // three pushes back to back, 20 ms apart (gaps far under quietMs, even on a loaded machine)
    const run = (async () => {
      for (let i = 0; i < 3; i++) {
        await arrivals.taking('s', () => step(20));
        await step(20);
      }
    })();
    await step(5);
    const t0 = performance.now();
    const waited = await arrivals.settled('s');
    const ended = performance.now() - t0;
    await run;
    // ~120 ms of pushes and gaps, then the quiet time after the last one
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(ended).toBeGreaterThanOrEqual(200);
    expect(arrivals.arriving('s')).toBe(false);
  });

  it('a store that never pauses: the wait ends at maxWaitMs and its records are processed anyway', async () => {
    const arrivals = new PushArrivals({ quietMs: 40, maxWaitMs: 120, pollMs: 5 });
    const push = held();
    const taking = arrivals.taking('s', () => push.done);
    try {
      const waited = await arrivals.settled('s');
      expect(waited).toBeGreaterThanOrEqual(115);
      // bounded (and the timer's own lateness on a busy machine)
      expect(waited).toBeLessThan(1_000);
      expect(arrivals.arriving('s')).toBe(true);
    } finally {
      push.end();
      await taking;
    }
  });
});
