import { Injectable } from '@nestjs/common';
import { OutboxRecord, PUSH_STREAMS, pushStream, PushResult, RequestContext, RowsOf, StoreEventDto, StreamReport, StreamStatus } from '@chain-erp/shared';
import { StoreOutboxRepository } from './store-outbox.repository';
import { TransferOutbox } from './store-transfer.entity';
import { randomUUID } from 'node:crypto';

/** HQ takes bodies up to BODY_LIMIT (default 5 MB): a push batch stays well below it */
const PUSH_BYTES = 2 * 1024 * 1024;

/** A 门店日志 event as modules write it: the event's fields (StoreEventDto), with data. */
export interface StoreEventInput extends Pick<StoreEventDto, 'level' | 'kind' | 'message'> {
  data?: Record<string, unknown>;
}

/**
 * The store's outbox and per-stream health. Modules write their records with `enqueue` in the
 * transaction of the document itself, so a record exists exactly when its document does.
 */
@Injectable()
export class StoreOutboxService {
  constructor(private readonly repo: StoreOutboxRepository) {}

  async enqueue(ctx: RequestContext, stream: string, body: Record<string, unknown>, id: string = randomUUID()): Promise<string> {
    await this.insert(ctx, stream, body, id, false);
    return id;
  }

  /**
   * A record as an `insertRows` part, for a hot document that writes it in its own statement (a
   * POS sale: with its stock, StockService's `alsoInsert`) — inside the document's transaction, like `enqueue`.
   */
  record(stream: string, body: Record<string, unknown>, id: string): RowsOf<TransferOutbox> {
    if (!pushStream(stream)) throw new Error(`unknown push stream ${stream}`);
    return { entity: TransferOutbox, rows: [{ id, stream, body }] };
  }

  /**
   * For a record a retried action writes again under the same id (a till retrying an issue or the
   * points of a sale): the first one stays. Answers whether this call wrote it.
   */
  enqueueOnce(ctx: RequestContext, stream: string, body: Record<string, unknown>, id: string): Promise<boolean> {
    return this.insert(ctx, stream, body, id, true);
  }

  private async insert(ctx: RequestContext, stream: string, body: Record<string, unknown>, id: string, once: boolean): Promise<boolean> {
    if (!pushStream(stream)) throw new Error(`unknown push stream ${stream}`);
    return this.repo.insert(ctx, id, stream, body, once);
  }

  /** 门店日志: an event of this store, kept locally in the outbox and sent to HQ. */
  async recordEvent(ctx: RequestContext, storeCode: string | null, e: StoreEventInput): Promise<string> {
    return this.enqueue(ctx, 'store.event-log', {
      occurredAt: new Date().toISOString(),
      level: e.level,
      kind: e.kind,
      message: e.message.slice(0, 500),
      ...(storeCode ? { storeCode } : {}),
      ...(e.data ? { data: e.data } : {}),
    });
  }

  /**
   * The next records of a stream, in order (after `after` and up to `upTo`, seqs, if given): at
   * most `limit`, and at most PUSH_BYTES of bodies (at least one).
   */
  async pending(ctx: RequestContext, stream: string, limit: number, after?: string, upTo?: string): Promise<OutboxRecord[]> {
    const rows = await this.repo.pending(ctx, stream, limit, after ?? null, upTo ?? null);
    let bytes = 0;
    // a prefix: the first record always (even if alone it is larger), then up to PUSH_BYTES
    const batch: typeof rows = [];
    for (const r of rows) {
      bytes += r.size;
      if (batch.length && bytes > PUSH_BYTES) break;
      batch.push(r);
    }
    return batch.map((r) => ({ id: r.id, stream: r.stream, body: r.body, createdAt: r.created_at.toISOString(), seq: r.position }));
  }

  /** The seq of the stream's last unsent record now (null: none): a sync run's bound. */
  head(ctx: RequestContext, stream: string): Promise<string | null> {
    return this.repo.head(ctx, stream);
  }

  /** Only after HQ acknowledged: the records are sent. */
  async acknowledge(ctx: RequestContext, stream: string, results: PushResult['results']): Promise<void> {
    if (!results.length) return;
    await this.repo.acknowledge(
      ctx,
      stream,
      results.map((r) => ({ id: r.id, outcome: r.outcome })),
    );
  }

  async backlog(ctx: RequestContext): Promise<number> {
    return this.repo.backlog(ctx);
  }

  async report(ctx: RequestContext, reports: StreamReport[]): Promise<void> {
    for (const r of reports) await this.repo.report(ctx, r);
  }

  /** transfer-tool status: per stream cursor, contact, backlog both ways, last error. */
  async status(ctx: RequestContext): Promise<StreamStatus[]> {
    const states = await this.repo.streamStates(ctx);
    const backlog = await this.repo.backlogByStream(ctx);
    const conflicts = await this.repo.conflictsByStream(ctx);
    const by = new Map(states.map((s) => [s.stream, s]));
    const view = (stream: string, direction: 'pull' | 'push', n: number): StreamStatus => {
      const s = by.get(stream);
      return {
        stream,
        direction,
        cursor: s?.cursor ?? null,
        backlog: n,
        lastContactAt: s?.last_contact_at?.toISOString() ?? null,
        lastSuccessAt: s?.last_success_at?.toISOString() ?? null,
        lastError: s?.last_error ?? null,
        blockedRecordId: s?.blocked_record_id ?? null,
        rowsApplied: Number(s?.rows_applied ?? 0),
        lockedUntil: s?.locked_until?.toISOString() ?? null,
      };
    };
    // HQ → store backlog is known at HQ (its health list); the store shows -1 for "unknown here"
    const pushViews = PUSH_STREAMS.map((p) => {
      const v = view(p.name, 'push', backlog.find((b) => b.stream === p.name)?.n ?? 0);
      const c = conflicts.find((b) => b.stream === p.name)?.n;
      return c ? { ...v, conflicts: c } : v;
    });
    // the reconciliation after a restore (either side), once there has been one
    const reconcile = by.has('reconcile') ? [view('reconcile', 'pull', -1)] : [];
    return [view('pull', 'pull', -1), ...reconcile, ...pushViews];
  }
}
