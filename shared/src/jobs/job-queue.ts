import { SetMetadata } from '@nestjs/common';
import { type JobName, type JobPayloads } from './job-names';

export type JobHandler<N extends JobName = JobName> = (payload: JobPayloads[N], meta: { attempt: number; jobId?: string }) => Promise<void>;

export interface EnqueueOptions {
  /** a job with the same id that is still waiting is not added twice */
  jobId?: string;
  delayMs?: number;
  /** attempts before giving up (default 3, with exponential backoff) */
  attempts?: number;
}

/**
 * The job port (Vendure's JobQueueStrategy, Twenty's MessageQueueDriver): two adapters — BullMQ on
 * Redis for production and several HQ instances, and in-process for the embedded default — pass
 * one contract test suite.
 */
export abstract class JobQueue {
  abstract readonly kind: 'bullmq' | 'in-process';
  abstract register<N extends JobName>(name: N, handler: JobHandler<N>): void;
  abstract enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** run every `everyMs` (one schedule per name; calling again replaces it) */
  abstract repeat<N extends JobName>(name: N, everyMs: number, payload: JobPayloads[N]): Promise<void>;
  abstract start(): Promise<void>;
  abstract close(): Promise<void>;
  /** jobs waiting or running (for health and tests) */
  abstract pending(): Promise<number>;
}

export const ON_JOB_KEY = 'chain:on-job';

/** Marks a provider method as the handler of a job; one handler per job, checked at start-up. */
export const OnJob = (name: JobName) => SetMetadata(ON_JOB_KEY, name);

export function backoffMs(attempt: number): number {
  return Math.min(30_000, 200 * 2 ** (attempt - 1));
}
