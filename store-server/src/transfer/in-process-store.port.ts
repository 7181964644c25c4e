import {
  type ApplyResult,
  type IncarnationInfo,
  type LocalSyncState,
  type OutboxRecord,
  type PullPage,
  type PushResult,
  type ReconcileFinish,
  type ReconcileRecord,
  type ReconcileSummary,
  RequestContext,
  type SnapshotPage,
  type StorePort,
  type StreamReport,
  type StreamStatus,
} from '@chain-erp/shared';
import { type ApplyHooks, type StoreApplyService } from './store-apply.service';
import { type StoreOutboxService } from './store-outbox.service';
import { type StoreRestoreService } from './store-restore.service';

/** The store port inside the store server: straight calls into the services, no HTTP. */
export class InProcessStorePort implements StorePort {
  constructor(
    private readonly apply: StoreApplyService,
    private readonly outboxes: StoreOutboxService,
    private readonly restore: StoreRestoreService,
    private readonly info: () => Promise<{ storeCode: string | null; hqUrl: string | null }>,
    private readonly hooks: ApplyHooks = {},
  ) {}

  private ctx(): RequestContext {
    return new RequestContext(null);
  }

  async state(): Promise<LocalSyncState> {
    const ctx = this.ctx();
    const [pull, info, backlog, positions] = await Promise.all([this.apply.pullState(ctx), this.info(), this.outboxes.backlog(ctx), this.restore.positions(ctx)]);
    return {
      initialised: !!info.storeCode,
      storeCode: info.storeCode,
      hqUrl: info.hqUrl,
      cursor: pull.cursor,
      scopeVersion: pull.scopeVersion,
      snapshot: pull.snapshot,
      outboxBacklog: backlog,
      incarnation: this.restore.info(),
      outboxSeq: positions.outboxSeq,
      hqIncarnation: positions.hqIncarnation,
    };
  }
  restoreBegin(origin: 'detected'): Promise<void> {
    return this.restore.begin(this.ctx(), origin);
  }
  restoreApply(records: ReconcileRecord[]): Promise<{ taken: number; skipped: number }> {
    return this.restore.apply(this.ctx(), records);
  }
  restoreFinish(finish: ReconcileFinish): Promise<ReconcileSummary> {
    return this.restore.finish(this.ctx(), finish);
  }
  hqChanged(change: { incarnation: IncarnationInfo | null; recover: boolean }): Promise<{ requeued: number }> {
    return this.restore.hqChanged(this.ctx(), change.incarnation, change.recover);
  }
  applyPage(page: Extract<PullPage, { kind: 'changes' }>): Promise<ApplyResult> {
    return this.apply.applyPage(this.ctx(), page, this.hooks);
  }
  applySnapshotPage(page: SnapshotPage): Promise<ApplyResult> {
    return this.apply.applySnapshotPage(this.ctx(), page, this.hooks);
  }
  outbox(stream: string, limit: number, after?: string, upTo?: string): Promise<OutboxRecord[]> {
    return this.outboxes.pending(this.ctx(), stream, limit, after, upTo);
  }
  outboxHead(stream: string): Promise<string | null> {
    return this.outboxes.head(this.ctx(), stream);
  }
  acknowledge(stream: string, results: PushResult['results']): Promise<void> {
    return this.outboxes.acknowledge(this.ctx(), stream, results);
  }
  report(reports: StreamReport[]): Promise<void> {
    return this.outboxes.report(this.ctx(), reports);
  }
  status(): Promise<StreamStatus[]> {
    return this.outboxes.status(this.ctx());
  }
}
