import { Logger } from '@nestjs/common';
import { type JobName, type JobPayloads } from './job-names';
import { backoffMs, type EnqueueOptions, type JobHandler, JobQueue } from './job-queue';

interface Pending {
  name: JobName;
  payload: unknown;
  jobId?: string;
  attempt: number;
  attempts: number;
}

/**
 * In-process adapter for a server without Redis (the embedded default, one instance). Jobs run on
 * this event loop with bounded concurrency and retries; nothing survives a restart, which is fine
 * because jobs only wake up work whose state is in PostgreSQL.
 */
export class InProcessJobQueue extends JobQueue {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly queue: Pending[] = [];
  private readonly waitingIds = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly intervals = new Map<JobName, NodeJS.Timeout>();
  private running = 0;
  private started = false;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(private readonly concurrency = 4) {
    super();
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`job ${name} has two handlers`);
    this.handlers.set(name, handler as JobHandler);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) throw new Error('job queue is closed');
    if (options.jobId) {
      if (this.waitingIds.has(options.jobId)) return;
      this.waitingIds.add(options.jobId);
    }
    const job: Pending = { name, payload, jobId: options.jobId, attempt: 0, attempts: options.attempts ?? 3 };
    if (options.delayMs) this.later(options.delayMs, () => this.push(job));
    else this.push(job);
  }

  async repeat<N extends JobName>(name: N, everyMs: number, payload: JobPayloads[N]): Promise<void> {
    const old = this.intervals.get(name);
    if (old) clearInterval(old);
    const t = setInterval(() => void this.enqueue(name, payload, { jobId: `repeat:${name}` }).catch(() => undefined), everyMs);
    t.unref();
    this.intervals.set(name, t);
  }

  async start(): Promise<void> {
    this.started = true;
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.intervals.values()) clearInterval(t);
    for (const t of this.timers) clearTimeout(t);
    this.intervals.clear();
    this.timers.clear();
    this.queue.length = 0;
    if (this.running > 0) await new Promise<void>((r) => this.idle.push(r));
  }

  async pending(): Promise<number> {
    return this.queue.length + this.running;
  }

  private push(job: Pending): void {
    if (this.closed) return;
    this.queue.push(job);
    this.pump();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private pump(): void {
    while (this.started && !this.closed && this.running < this.concurrency && this.queue.length) {
      const job = this.queue.shift()!;
      if (job.jobId && job.attempt === 0) this.waitingIds.delete(job.jobId);
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        if (this.running === 0) this.idle.splice(0).forEach((r) => r());
        setImmediate(() => this.pump());
      });
    }
  }

  private async run(job: Pending): Promise<void> {
    const handler = this.handlers.get(job.name);
    job.attempt++;
    if (!handler) {
      this.logger.error({ job: job.name }, 'no handler for job');
      return;
    }
    try {
      await handler(job.payload as never, { attempt: job.attempt, jobId: job.jobId });
    } catch (err) {
      if (job.attempt < job.attempts && !this.closed) {
        this.logger.warn({ job: job.name, attempt: job.attempt, err }, 'job failed, will retry');
        this.later(backoffMs(job.attempt), () => this.push(job));
      } else {
        this.logger.error({ job: job.name, attempt: job.attempt, err }, 'job failed for good');
      }
    }
  }
}
