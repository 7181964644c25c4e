import { TillActivity } from './till-activity';

/** TillActivity: the sync pauses while a sale is in flight, for a bounded time, and not when the tills are idle. */
describe('TillActivity', () => {
  const held = () => {
    let end!: () => void;
    const done = new Promise<void>((r) => (end = r));
    return { done, end };
  };
  const step = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('gives way only while a sale is in flight or just ended, and counts a failed sale out too', async () => {
    const tills = new TillActivity({ recentMs: 0, share: 1, maxPauseMs: 1_000, pollMs: 5 });
    expect(tills.busy()).toBe(false);
    const sale = held();
    const selling = tills.selling(() => sale.done);
    expect(tills.busy()).toBe(true);
    sale.end();
    await selling;
    expect(tills.busy()).toBe(false);
    await expect(tills.selling(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(tills.busy()).toBe(false);
    const recent = new TillActivity({ recentMs: 60_000, share: 1, maxPauseMs: 1_000, pollMs: 5 });
    await recent.selling(async () => undefined);
    expect(recent.busy()).toBe(true);
  });

  it('idle tills: the sync goes on at once', async () => {
    const tills = new TillActivity({ recentMs: 0, share: 1, maxPauseMs: 10_000, pollMs: 5 });
    await tills.giveWay();
    await step(30);
    await tills.giveWay();
    expect(tills.pauses()).toEqual({ count: 0, ms: 0 });
  });

  it('a sale that never ends: each pause lasts about the step before it, at most maxPauseMs, and the sync moves on', async () => {
    const tills = new TillActivity({ recentMs: 0, share: 1, maxPauseMs: 80, pollMs: 5 });
    const sale = held();
    const selling = tills.selling(() => sale.done);
    tills.syncStarted();
    await step(40);
    await tills.giveWay(); // the first step: measured from the sync's start
    const first = tills.pauses();
    expect(first.count).toBe(1);
    expect(first.ms).toBeGreaterThanOrEqual(35);
    await step(300);
    await tills.giveWay();
    const second = tills.pauses();
    expect(second.count).toBe(2);
    // bounded (and the timer's own lateness on a busy machine)
    expect(second.ms - first.ms).toBeGreaterThanOrEqual(75);
    expect(second.ms - first.ms).toBeLessThan(300);
    expect(tills.busy()).toBe(true);
    sale.end();
    await selling;
  });

  it('a pause ends early when the tills stop selling', async () => {
    // a budget of a minute: only the sale's end can make the pause short
    const tills = new TillActivity({ recentMs: 0, share: 1_000, maxPauseMs: 60_000, pollMs: 5 });
    const sale = held();
    const selling = tills.selling(() => sale.done);
    tills.syncStarted();
    await step(100);
    const t0 = Date.now();
    const pausing = tills.giveWay();
    setTimeout(() => sale.end(), 20);
    await pausing;
    await selling;
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(tills.pauses().count).toBe(1);
  });

  it('the wall clock set back during a pause does not lengthen it (the pause keeps its bound)', async () => {
    const tills = new TillActivity({ recentMs: 0, share: 1, maxPauseMs: 50, pollMs: 5 });
    const sale = held();
    const selling = tills.selling(() => sale.done);
    tills.syncStarted();
    await step(60);
    const back = Date.now() - 2 * 3600_000;
    const clock = jest.spyOn(Date, 'now');
    try {
      const pausing = tills.giveWay();
      await step(10);
      clock.mockReturnValue(back); // mid-pause, the PC's clock goes two hours back
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'stalled'>((r) => (timer = setTimeout(() => r('stalled'), 3_000)));
      await expect(Promise.race([pausing.then(() => 'done' as const), late])).resolves.toBe('done');
      clearTimeout(timer);
    } finally {
      clock.mockRestore();
      sale.end();
      await selling;
    }
  });
});
