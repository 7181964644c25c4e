import { Logger } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import IORedis, { type Redis } from 'ioredis';
import { type JobName, type JobPayloads } from './job-names';
import { backoffMs, type EnqueueOptions, type JobHandler, JobQueue } from './job-queue';

/**
 * BullMQ adapter: jobs in Redis, so several HQ instances share the work and a job survives a
 * restart. One queue per server database (`prefix`), jobs dispatched by name.
 */
export class BullMqJobQueue extends JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;
  private workerConnection?: Redis;

  constructor(
    redisUrl: string,
    private readonly queueName: string,
    private readonly concurrency = 4,
  ) {
    super();
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (err) => this.logger.warn({ err: err.message }, 'redis connection error'));
    this.queue = new Queue(queueName, { connection: this.connection });
  }

  /** the BullMQ queue, for the admin dashboard */
  get bullQueue(): Queue {
    return this.queue;
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`job ${name} has two handlers`);
    this.handlers.set(name, handler as JobHandler);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    await this.queue.add(name, payload, {
      jobId: options.jobId ? await this.freeJobId(options.jobId) : undefined,
      delay: options.delayMs,
      attempts: options.attempts ?? 3,
      backoff: { type: 'exponential', delay: backoffMs(1) },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    });
  }

  /**
   * The port's promise is "not twice while one with the same id WAITS". BullMQ ignores an id it
   * still holds in any state (running, completed, failed) and refuses ':' in ids, so: a waiting
   * job keeps the id (the add is then a no-op), a finished one is removed first, and a running
   * one gets a fresh id, so the wake-up after it is never lost.
   */
  private async freeJobId(jobId: string): Promise<string> {
    const id = jobId.replace(/:/g, '~');
    const existing = await this.queue.getJob(id);
    if (!existing) return id;
    const state = await existing.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') return id;
    if (state === 'completed' || state === 'failed') {
      const removed = await existing.remove().then(
        () => true,
        () => false,
      );
      if (removed) return id;
    }
    return `${id}~${randomUUID()}`;
  }

  async repeat<N extends JobName>(name: N, everyMs: number, payload: JobPayloads[N]): Promise<void> {
    await this.queue.upsertJobScheduler(`repeat:${name}`, { every: everyMs }, { name, data: payload, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
  }

  async start(): Promise<void> {
    this.worker = new Worker(
      this.queueName,
      async (job: Job) => {
        const handler = this.handlers.get(job.name as JobName);
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        await handler(job.data, { attempt: job.attemptsMade + 1, jobId: job.id });
      },
      { connection: (this.workerConnection = this.connection.duplicate()), concurrency: this.concurrency },
    );
    this.worker.on('failed', (job, err) => this.logger.warn({ job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'job failed'));
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'worker error'));
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await this.workerConnection?.quit().catch(() => undefined);
    await this.connection.quit().catch(() => undefined);
  }

  async pending(): Promise<number> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
  }

  /** removes everything of this queue (tests) */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }
}
