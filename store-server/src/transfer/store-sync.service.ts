import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  JobName,
  JobQueue,
  OnJob,
  PUSH_MAX_RECORDS,
  RequestContext,
  StreamStatus,
  SyncEngine,
  SyncOptions,
  SyncProgress,
  SyncReport,
} from '@chain-erp/shared';
import { Inject } from '@nestjs/common';
import { InProcessStorePort } from './in-process-store.port';
import { StoreApplyService } from './store-apply.service';
import { StoreOutboxService } from './store-outbox.service';
import { StoreRestoreService } from './store-restore.service';
import { SetupInput, StoreSetupService } from './store-setup.service';
import type { SyncProgressDto } from './store-transfer.dto';
import { TillActivity } from './till-activity';

export interface SyncStatusView {
  initialised: boolean;
  storeCode: string | null;
  hqUrl: string | null;
  warehouseCode: string | null;
  running: boolean;
  /** HQ refuses this store's address until then (failed signatures, e.g. a wrong transfer password): wait, or ask HQ to reinstate */
  hqLockedUntil: string | null;
  /** the database's incarnation: `pending` while a restored store has not reconciled with HQ (it sells nothing until then) */
  restore: ReturnType<StoreRestoreService['view']>;
  streams: StreamStatus[];
  lastRun: (SyncReport & { at: string; reason: string }) | null;
  /** the running sync's progress, or the last one's */
  progress: SyncProgressDto | null;
}

/** Rows per snapshot page when the store server syncs itself (~6 MB of product rows as text). */
export const IN_PROCESS_SNAPSHOT_PAGE = 10_000;

/**
 * While the tills sell, the sync works in smaller units: a snapshot page of 1,000 rows and a push
 * batch of 500 records, each its own short transaction (at the store and at HQ) followed by a
 * bounded pause. A 10,000-row page is ~1 s of PostgreSQL work on a small store PC: a sale that
 * meets it waits behind it whole; a smaller unit turns that wait into a share of the cores.
 */
export const BUSY_SNAPSHOT_PAGE = 1_000;
export const BUSY_PUSH_BATCH = 500;

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
  private progress: SyncProgressDto | null = null;

  constructor(
    private readonly setupService: StoreSetupService,
    private readonly apply: StoreApplyService,
    private readonly outbox: StoreOutboxService,
    private readonly restore: StoreRestoreService,
    private readonly jobs: JobQueue,
    private readonly tills: TillActivity,
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
    return new InProcessStorePort(
      this.apply,
      this.outbox,
      this.restore,
      async () => {
        const link = await this.setupService.link();
        return { storeCode: link?.storeCode ?? null, hqUrl: link?.hqUrl ?? null };
      },
      hooks,
    );
  }

  async run(reason: string, options: SyncOptions = {}): Promise<SyncReport> {
    if (this.running) return this.running;
    const work = (async () => {
      const link = await this.setupService.requireLink();
      const engine = new SyncEngine(this.setupService.hqPort(link), this.storePort());
      const tracker = new ProgressTracker(reason);
      this.progress = tracker.view;
      // in process, a snapshot page is handed to the database without a second HTTP hop: large pages
      // (fewer round trips and transactions; HQ of protocol 1 serves at most 5,000 rows a page)
      let report: SyncReport;
      this.tills.syncStarted();
      const paused0 = this.tills.pauses();
      try {
        report = await engine.run({
          snapshotPageSize: () => (this.tills.busy() ? BUSY_SNAPSHOT_PAGE : IN_PROCESS_SNAPSHOT_PAGE),
          pushBatchSize: () => (this.tills.busy() ? BUSY_PUSH_BATCH : PUSH_MAX_RECORDS),
          // between its pages and push batches the sync lets the tills' sales go first (bounded pauses;
          // a push run is bounded by the outbox's head at its start, so it ends while they sell)
          giveWay: () => this.tills.giveWay(),
          ...options,
          onProgress: (p) => {
            tracker.on(p);
            options.onProgress?.(p);
          },
        });
      } catch (e) {
        tracker.finish(false);
        throw e;
      }
      tracker.finish(report.ok);
      this.lastRun = { ...report, at: new Date().toISOString(), reason };
      const paused = this.tills.pauses();
      this.logger.log(
        {
          reason,
          ok: report.ok,
          pulled: report.pulled.rows,
          snapshot: report.snapshot?.rows ?? 0,
          pushed: report.pushed,
          gaveWay: { pauses: paused.count - paused0.count, ms: paused.ms - paused0.ms },
        },
        'sync run',
      );
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
    await this.outbox.recordEvent(ctx, link.storeCode, {
      level: 'info',
      kind: 'setup.done',
      message: `store ${link.storeCode} set up against ${link.hqUrl} / 门店初始化完成`,
      data: { warehouseCode: link.warehouseCode },
    });
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
      restore: this.restore.view(),
      streams,
      lastRun: this.lastRun,
      progress: this.progress,
    };
  }

  /** The first sync's progress for the wizard (public: counts only, and only of the setup run). */
  setupProgress(): { running: boolean; progress: SyncProgressDto | null } {
    return { running: !!this.running, progress: this.progress?.reason === 'setup' ? this.progress : null };
  }
}

/**
 * Folds the engine's progress events into the counts a user sees. The engine's `done` is a running
 * total of its phase (pull, snapshot: all streams; push: per stream), so the last value per key is
 * kept and the keys summed; each pull or snapshot event is one page applied.
 */
export class ProgressTracker {
  readonly view: SyncProgressDto;
  private readonly done = new Map<string, number>();

  constructor(reason: string) {
    this.view = { reason, phase: 'starting', stream: null, pages: 0, rows: 0, pushed: 0, startedAt: new Date().toISOString(), finishedAt: null };
  }

  on(e: SyncProgress): void {
    this.view.phase = e.phase;
    this.view.stream = e.stream ?? null;
    this.done.set(e.phase === 'push' ? `push:${e.stream ?? ''}` : e.phase, e.done);
    if (e.phase === 'pull' || e.phase === 'snapshot') this.view.pages++;
    this.view.rows = (this.done.get('pull') ?? 0) + (this.done.get('snapshot') ?? 0);
    this.view.pushed = [...this.done].filter(([k]) => k.startsWith('push:')).reduce((a, [, n]) => a + n, 0);
  }

  finish(ok: boolean): void {
    this.view.phase = ok ? 'done' : 'failed';
    this.view.finishedAt = new Date().toISOString();
  }
}

/** The latest lock HQ answered on any stream (still in force). */
export function hqLockedUntil(streams: StreamStatus[]): string | null {
  const locks = streams
    .map((s) => s.lockedUntil)
    .filter((l): l is string => !!l)
    .sort();
  return locks.length ? locks[locks.length - 1] : null;
}
