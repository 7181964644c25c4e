import { ApplyResult, LocalSyncState, OutboxRecord, PullPage, PushResult, RequestContext, SnapshotPage, StorePort, StreamReport, StreamStatus } from '@chain-erp/shared';
import { ApplyHooks, StoreApplyService } from './store-apply.service';
import { StoreOutboxService } from './store-outbox.service';

/** The store port inside the store server: straight calls into the services, no HTTP. */
export class InProcessStorePort implements StorePort {
  constructor(
    private readonly apply: StoreApplyService,
    private readonly outboxes: StoreOutboxService,
    private readonly info: () => Promise<{ storeCode: string | null; hqUrl: string | null }>,
    private readonly hooks: ApplyHooks = {},
  ) {}

  private ctx(): RequestContext {
    return new RequestContext(null);
  }

  async state(): Promise<LocalSyncState> {
    const ctx = this.ctx();
    const [pull, info, backlog] = await Promise.all([this.apply.pullState(ctx), this.info(), this.outboxes.backlog(ctx)]);
    return { initialised: !!info.storeCode, storeCode: info.storeCode, hqUrl: info.hqUrl, cursor: pull.cursor, scopeVersion: pull.scopeVersion, snapshot: pull.snapshot, outboxBacklog: backlog };
  }
  applyPage(page: Extract<PullPage, { kind: 'changes' }>): Promise<ApplyResult> {
    return this.apply.applyPage(this.ctx(), page, this.hooks);
  }
  applySnapshotPage(page: SnapshotPage): Promise<ApplyResult> {
    return this.apply.applySnapshotPage(this.ctx(), page, this.hooks);
  }
  outbox(stream: string, limit: number, after?: string): Promise<OutboxRecord[]> {
    return this.outboxes.pending(this.ctx(), stream, limit, after);
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
