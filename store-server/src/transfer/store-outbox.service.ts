import { Injectable } from '@nestjs/common';
import {
  OutboxRecord,
  PUSH_STREAMS,
  pushStream,
  PushResult,
  queryRows,
  RequestContext,
  RowsOf,
  StoreEventDto,
  StreamReport,
  StreamStatus,
  TransactionalConnection,
} from '@chain-erp/shared';
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
  constructor(private readonly connection: TransactionalConnection) {}

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
    const rows = await queryRows(
      this.connection.manager(ctx),
      `INSERT INTO transfer_outbox (id, stream, body) VALUES ($1, $2, $3)${once ? ' ON CONFLICT (id) DO NOTHING' : ''} RETURNING id`,
      [id, stream, body],
    );
    return rows.length > 0;
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

  /** The next records of a stream, in order (after `after`, a seq, if given): at most `limit`, and at most PUSH_BYTES of bodies (at least one). */
  async pending(ctx: RequestContext, stream: string, limit: number, after?: string): Promise<OutboxRecord[]> {
    const rows = await queryRows<{ id: string; stream: string; body: Record<string, unknown>; created_at: Date; size: number; position: string }>(
      this.connection.manager(ctx),
      `SELECT id, stream, body, created_at, octet_length(body::text) AS size, seq::text AS position FROM transfer_outbox
        WHERE stream = $1 AND sent_at IS NULL AND ($3::bigint IS NULL OR seq > $3::bigint) ORDER BY seq LIMIT $2`,
      [stream, limit, after ?? null],
    );
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

  /** Only after HQ acknowledged: the records are sent. */
  async acknowledge(ctx: RequestContext, stream: string, results: PushResult['results']): Promise<void> {
    if (!results.length) return;
    await this.connection.manager(ctx).query(
      `UPDATE transfer_outbox o SET sent_at = now(), outcome = r.outcome FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, outcome text)
        WHERE o.id = r.id AND o.stream = $1 AND o.sent_at IS NULL`,
      [stream, JSON.stringify(results.map((r) => ({ id: r.id, outcome: r.outcome })))],
    );
  }

  async backlog(ctx: RequestContext): Promise<number> {
    const [r] = await queryRows<{ n: number }>(this.connection.manager(ctx), `SELECT count(*)::int AS n FROM transfer_outbox WHERE sent_at IS NULL`);
    return r.n;
  }

  async report(ctx: RequestContext, reports: StreamReport[]): Promise<void> {
    const m = this.connection.manager(ctx);
    for (const r of reports) {
      await m.query(
        `INSERT INTO transfer_stream_state (stream, last_contact_at, last_success_at, last_error, blocked_record_id, rows_applied, locked_until)
         VALUES ($1, now(), CASE WHEN $2::text IS NULL THEN now() END, $2::text, $3::uuid, $4::bigint, $6::timestamptz)
         ON CONFLICT (stream) DO UPDATE SET last_contact_at = now(),
           last_success_at = CASE WHEN $2::text IS NULL THEN now() ELSE transfer_stream_state.last_success_at END,
           last_error = $2::text, blocked_record_id = $3::uuid, locked_until = $6::timestamptz,
           rows_applied = transfer_stream_state.rows_applied + CASE WHEN $5::boolean THEN $4::bigint ELSE 0 END`,
        [r.stream, r.error ? r.error.slice(0, 500) : null, r.blockedRecordId ?? null, r.count ?? 0, r.direction === 'push', r.lockedUntil ?? null],
      );
    }
  }

  /** transfer-tool status: per stream cursor, contact, backlog both ways, last error. */
  async status(ctx: RequestContext): Promise<StreamStatus[]> {
    const m = this.connection.manager(ctx);
    const states = await queryRows<{
      stream: string;
      cursor: string | null;
      last_contact_at: Date | null;
      last_success_at: Date | null;
      last_error: string | null;
      blocked_record_id: string | null;
      rows_applied: string;
      locked_until: Date | null;
    }>(
      m,
      `SELECT stream, cursor, last_contact_at, last_success_at, last_error, blocked_record_id, rows_applied::text, CASE WHEN locked_until > now() THEN locked_until END AS locked_until FROM transfer_stream_state`,
    );
    const backlog = await queryRows<{ stream: string; n: number }>(m, `SELECT stream, count(*)::int AS n FROM transfer_outbox WHERE sent_at IS NULL GROUP BY stream`);
    const conflicts = await queryRows<{ stream: string; n: number }>(m, `SELECT stream, count(*)::int AS n FROM transfer_outbox WHERE outcome = 'conflict' GROUP BY stream`);
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
