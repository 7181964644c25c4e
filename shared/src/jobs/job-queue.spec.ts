import { randomUUID } from 'node:crypto';
import { testRedisUrl } from '../testing';
import { BullMqJobQueue } from './bullmq.adapter';
import { InProcessJobQueue } from './in-process.adapter';
import { JobName } from './job-names';
import { type JobQueue } from './job-queue';

/** One contract, two adapters: whatever runs on Redis in production runs the same in-process. */
const adapters: Array<[string, () => JobQueue]> = [
  ['in-process', () => new InProcessJobQueue(2)],
  ['bullmq (real redis-server)', () => new BullMqJobQueue(testRedisUrl(), `contract-${randomUUID()}`, 2)],
];

function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() > deadline) return reject(new Error('condition not met in time'));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe.each(adapters)('job port contract: %s', (_name, make) => {
  let queue: JobQueue;
  afterEach(async () => {
    if (queue instanceof BullMqJobQueue) await queue.obliterate().catch(() => undefined);
    await queue.close();
  });

  it('runs an enqueued job with its payload', async () => {
    queue = make();
    const seen: string[] = [];
    queue.register(JobName.Ping, async (p) => void seen.push(p.id));
    await queue.start();
    await queue.enqueue(JobName.Ping, { id: 'a' });
    await queue.enqueue(JobName.Ping, { id: 'b' });
    await until(() => seen.length === 2);
    expect(seen.sort()).toEqual(['a', 'b']);
  });

  it('retries a failing job and passes the attempt number', async () => {
    queue = make();
    const attempts: number[] = [];
    queue.register(JobName.Ping, async (_p, meta) => {
      attempts.push(meta.attempt);
      if (meta.attempt < 2) throw new Error('transient');
    });
    await queue.start();
    await queue.enqueue(JobName.Ping, { id: 'x' }, { attempts: 3 });
    await until(() => attempts.length === 2);
    expect(attempts).toEqual([1, 2]);
  });

  it('gives up after the given attempts', async () => {
    queue = make();
    let calls = 0;
    queue.register(JobName.Ping, async () => {
      calls++;
      throw new Error('always');
    });
    await queue.start();
    await queue.enqueue(JobName.Ping, { id: 'x' }, { attempts: 2 });
    await until(() => calls === 2);
    await new Promise((r) => setTimeout(r, 1000));
    expect(calls).toBe(2);
  });

  it('does not add a job twice while one with the same id waits', async () => {
    queue = make();
    const seen: string[] = [];
    queue.register(JobName.Ping, async (p) => void seen.push(p.id));
    // not started yet: both enqueues find the first one waiting
    await queue.enqueue(JobName.Ping, { id: 'first' }, { jobId: 'same' });
    await queue.enqueue(JobName.Ping, { id: 'second' }, { jobId: 'same' });
    await queue.start();
    await until(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['first']);
  });

  it('takes ids with colons, and runs an id again once its job has finished', async () => {
    queue = make();
    const seen: string[] = [];
    queue.register(JobName.Ping, async (p) => void seen.push(p.id));
    await queue.start();
    await queue.enqueue(JobName.Ping, { id: 'one' }, { jobId: 'inbox:store-1' });
    await until(() => seen.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    await queue.enqueue(JobName.Ping, { id: 'two' }, { jobId: 'inbox:store-1' });
    await until(() => seen.length === 2);
    expect(seen).toEqual(['one', 'two']);
  });

  it('repeats a job every N ms', async () => {
    queue = make();
    let runs = 0;
    queue.register(JobName.Ping, async () => void runs++);
    await queue.start();
    await queue.repeat(JobName.Ping, 200, { id: 'tick' });
    await until(() => runs >= 3, 8000);
    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it('runs a delayed job after its delay', async () => {
    queue = make();
    let at = 0;
    queue.register(JobName.Ping, async () => void (at = Date.now()));
    await queue.start();
    const t0 = Date.now();
    await queue.enqueue(JobName.Ping, { id: 'later' }, { delayMs: 300 });
    await until(() => at > 0);
    expect(at - t0).toBeGreaterThanOrEqual(250);
  });

  it('refuses two handlers for one job', () => {
    queue = make();
    queue.register(JobName.Ping, async () => undefined);
    expect(() => queue.register(JobName.Ping, async () => undefined)).toThrow(/two handlers/);
  });
});
