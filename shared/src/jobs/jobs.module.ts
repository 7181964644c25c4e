import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { BullMqJobQueue } from './bullmq.adapter';
import { InProcessJobQueue } from './in-process.adapter';
import { JobName } from './job-names';
import { JobQueue, ON_JOB_KEY } from './job-queue';

export interface JobsOptions {
  /** absent → in-process adapter */
  redisUrl?: string;
  /** queue name (per server database, so servers sharing one Redis never take each other's jobs) */
  queueName: string;
  /** the jobs this server runs: each needs exactly one @OnJob handler, or start-up fails */
  jobs: JobName[];
  concurrency?: number;
}

const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export function createJobQueue(options: Pick<JobsOptions, 'redisUrl' | 'queueName' | 'concurrency'>): JobQueue {
  return options.redisUrl ? new BullMqJobQueue(options.redisUrl, options.queueName, options.concurrency) : new InProcessJobQueue(options.concurrency);
}

/** Finds @OnJob handlers, checks one per declared job, and starts the workers. */
@Injectable()
export class JobExplorer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly queue: JobQueue,
    @Inject(JOBS_OPTIONS) private readonly options: JobsOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const found = new Map<JobName, string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const name = this.reflector.get<JobName | undefined>(ON_JOB_KEY, proto[method]);
        if (!name) continue;
        const where = `${proto.constructor.name}.${method}`;
        if (found.has(name)) throw new Error(`job ${name} has two handlers: ${found.get(name)} and ${where}`);
        if (!this.options.jobs.includes(name)) throw new Error(`handler ${where} is for job ${name}, which this server does not run`);
        found.set(name, where);
        this.queue.register(name, (payload, meta) => (instance[method] as (p: unknown, m: unknown) => Promise<void>).call(instance, payload, meta));
      }
    }
    const missing = this.options.jobs.filter((j) => !found.has(j));
    if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
    await this.queue.start();
    this.logger.log({ adapter: this.queue.kind, jobs: [...found.keys()] }, 'job workers started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      imports: [DiscoveryModule],
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, { provide: JobQueue, useFactory: () => createJobQueue(options) }, JobExplorer],
      exports: [JobQueue],
    };
  }
}
