import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, JobName, JobQueue, OnJob, RequestContext, StreamStatus, SyncEngine, SyncOptions, SyncReport } from '@chain-erp/shared';
import { Inject } from '@nestjs/common';
import { InProcessStorePort } from './in-process-store.port';
import { StoreApplyService } from './store-apply.service';
import { StoreOutboxService } from './store-outbox.service';
import { SetupInput, StoreSetupService } from './store-setup.service';

export interface SyncStatusView {
  initialised: boolean;
  storeCode: string | null;
  hqUrl: string | null;
  warehouseCode: string | null;
  running: boolean;
  /** HQ refuses this store's address until then (failed signatures, e.g. a wrong transfer password): wait, or ask HQ to reinstate */
  hqLockedUntil: string | null;
  streams: StreamStatus[];
  lastRun: (SyncReport & { at: string; reason: string }) | null;
}

/** Rows per snapshot page when the store server syncs itself (~6 MB of product rows as text). */
export const IN_PROCESS_SNAPSHOT_PAGE = 10_000;

/** Default schedule: every 5 minutes (SYNC_INTERVAL_SECONDS; 0 turns it off, as in tests). */
function intervalMs(config: AppConfig): number {
  return config.syncIntervalSeconds * 1000;
}

/**
 * Runs the sync engine in the store server: on demand (POST /api/sync), on a schedule (the
 * SyncRun job) and after setup. One run at a time; a second caller waits for the running one.
 */
@Injectable()
export class StoreSyncService implements OnApplicationBootstrap {
  private readonly logger = new Logger('StoreSync');
  private running: Promise<SyncReport> | null = null;
  private lastRun: SyncStatusView['lastRun'] = null;

  constructor(
    private readonly setupService: StoreSetupService,
    private readonly apply: StoreApplyService,
    private readonly outbox: StoreOutboxService,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const every = intervalMs(this.config);
    if (every > 0) await this.jobs.repeat(JobName.SyncRun, every, { reason: 'schedule' });
  }

  @OnJob(JobName.SyncRun)
  async onJob(payload: { reason?: string }): Promise<void> {
    if (!(await this.setupService.link())) return;
    const report = await this.run(payload.reason ?? 'job');
    if (!report.ok) this.logger.warn({ errors: report.errors }, 'scheduled sync finished with errors');
  }

  /** The in-process store port (also used by tests with fault hooks). */
  storePort(hooks = {}): InProcessStorePort {
    return new InProcessStorePort(this.apply, this.outbox, async () => {
      const link = await this.setupService.link();
      return { storeCode: link?.storeCode ?? null, hqUrl: link?.hqUrl ?? null };
    }, hooks);
  }

  async run(reason: string, options: SyncOptions = {}): Promise<SyncReport> {
    if (this.running) return this.running;
    const work = (async () => {
      const link = await this.setupService.requireLink();
      const engine = new SyncEngine(this.setupService.hqPort(link), this.storePort());
      // in process, a snapshot page is handed to the database without a second HTTP hop: large pages
      // (fewer round trips and transactions; HQ of protocol 1 serves at most 5,000 rows a page)
      const report = await engine.run({ snapshotPageSize: IN_PROCESS_SNAPSHOT_PAGE, ...options });
      this.lastRun = { ...report, at: new Date().toISOString(), reason };
      this.logger.log({ reason, ok: report.ok, pulled: report.pulled.rows, snapshot: report.snapshot?.rows ?? 0, pushed: report.pushed }, 'sync run');
      return report;
    })();
    this.running = work;
    try {
      return await work;
    } finally {
      this.running = null;
    }
  }

  /** 门店系统初始化: verify with HQ, save, note it in the store log, run the first full sync. */
  async setup(ctx: RequestContext, input: SetupInput): Promise<{ storeCode: string; storeId: string; hqUrl: string; warehouseCode: string; firstSync: SyncReport }> {
    if (await this.setupService.link(ctx)) throw this.setupService.alreadyInitialised();
    const verified = await this.setupService.verify(input);
    const link = await this.setupService.save(ctx, input, verified);
    await this.outbox.recordEvent(ctx, link.storeCode, { level: 'info', kind: 'setup.done', message: `store ${link.storeCode} set up against ${link.hqUrl} / 门店初始化完成`, data: { warehouseCode: link.warehouseCode } });
    const firstSync = await this.run('setup');
    return { storeCode: link.storeCode, storeId: link.storeId, hqUrl: link.hqUrl, warehouseCode: link.warehouseCode, firstSync };
  }

  async status(ctx: RequestContext): Promise<SyncStatusView> {
    const link = await this.setupService.link(ctx);
    const streams = await this.outbox.status(ctx);
    return {
      initialised: !!link,
      storeCode: link?.storeCode ?? null,
      hqUrl: link?.hqUrl ?? null,
      warehouseCode: link?.warehouseCode ?? null,
      running: !!this.running,
      hqLockedUntil: hqLockedUntil(streams),
      streams,
      lastRun: this.lastRun,
    };
  }
}

/** The latest lock HQ answered on any stream (still in force). */
export function hqLockedUntil(streams: StreamStatus[]): string | null {
  const locks = streams.map((s) => s.lockedUntil).filter((l): l is string => !!l).sort();
  return locks.length ? locks[locks.length - 1] : null;
}
