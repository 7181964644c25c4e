import { Injectable } from '@nestjs/common';
import { queryRows, type RequestContext, sqlStatements, type StreamReport, TransactionalConnection } from '@chain-erp/shared';

const SQL = sqlStatements(
  'transfer.store-outbox',
  {
    insert: `INSERT INTO transfer_outbox (id, stream, body) VALUES ($1, $2, $3) RETURNING id`,
    insertOnce: `INSERT INTO transfer_outbox (id, stream, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
    pending: `SELECT id, stream, body, created_at, octet_length(body::text) AS size, seq::text AS position FROM transfer_outbox
        WHERE stream = $1 AND sent_at IS NULL AND ($3::bigint IS NULL OR seq > $3::bigint) AND ($4::bigint IS NULL OR seq <= $4::bigint) ORDER BY seq LIMIT $2`,
    head: `SELECT max(seq)::text AS head FROM transfer_outbox WHERE stream = $1 AND sent_at IS NULL`,
    acknowledge: `UPDATE transfer_outbox o SET sent_at = now(), outcome = r.outcome FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, outcome text)
        WHERE o.id = r.id AND o.stream = $1 AND o.sent_at IS NULL`,
    backlog: `SELECT count(*)::int AS n FROM transfer_outbox WHERE sent_at IS NULL`,
    report: `INSERT INTO transfer_stream_state (stream, last_contact_at, last_success_at, last_error, blocked_record_id, rows_applied, locked_until)
         VALUES ($1, now(), CASE WHEN $2::text IS NULL THEN now() END, $2::text, $3::uuid, $4::bigint, $6::timestamptz)
         ON CONFLICT (stream) DO UPDATE SET last_contact_at = now(),
           last_success_at = CASE WHEN $2::text IS NULL THEN now() ELSE transfer_stream_state.last_success_at END,
           last_error = $2::text, blocked_record_id = $3::uuid, locked_until = $6::timestamptz,
           rows_applied = transfer_stream_state.rows_applied + CASE WHEN $5::boolean THEN $4::bigint ELSE 0 END`,
    streamStates: `SELECT stream, cursor, last_contact_at, last_success_at, last_error, blocked_record_id, rows_applied::text, CASE WHEN locked_until > now() THEN locked_until END AS locked_until FROM transfer_stream_state`,
    backlogByStream: `SELECT stream, count(*)::int AS n FROM transfer_outbox WHERE sent_at IS NULL GROUP BY stream`,
    conflictsByStream: `SELECT stream, count(*)::int AS n FROM transfer_outbox WHERE outcome = 'conflict' GROUP BY stream`,
  },
  ['store'],
);

/** An outbox record waiting to be sent, with its body's size and its seq as text. */
export interface PendingRow {
  id: string;
  stream: string;
  body: Record<string, unknown>;
  created_at: Date;
  size: number;
  position: string;
}

/** A stream's state as the transfer tool last noted it. */
export interface StreamStateRow {
  stream: string;
  cursor: string | null;
  last_contact_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  blocked_record_id: string | null;
  rows_applied: string;
  locked_until: Date | null;
}

/** The SQL of the store's outbox and stream health (StoreOutboxService). */
@Injectable()
export class StoreOutboxRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Writes a record; `once`: an id already there stays as it is. Answers whether this call wrote it. */
  async insert(ctx: RequestContext, id: string, stream: string, body: Record<string, unknown>, once: boolean): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), once ? SQL.insertOnce : SQL.insert, [id, stream, body])).length > 0;
  }

  /** The stream's unsent records after seq `after` (null: from the first) and up to seq `upTo` (null: all), in order. */
  pending(ctx: RequestContext, stream: string, limit: number, after: string | null, upTo: string | null): Promise<PendingRow[]> {
    return queryRows<PendingRow>(this.connection.manager(ctx), SQL.pending, [stream, limit, after, upTo]);
  }

  /** The seq of the stream's last unsent record (null: none), from the unsent index. */
  async head(ctx: RequestContext, stream: string): Promise<string | null> {
    const [r] = await queryRows<{ head: string | null }>(this.connection.manager(ctx), SQL.head, [stream]);
    return r.head;
  }

  /** Marks the records HQ answered as sent, with HQ's outcome. */
  async acknowledge(ctx: RequestContext, stream: string, results: Array<{ id: string; outcome: string }>): Promise<void> {
    await this.connection.manager(ctx).query(SQL.acknowledge, [stream, JSON.stringify(results)]);
  }

  async backlog(ctx: RequestContext): Promise<number> {
    const [r] = await queryRows<{ n: number }>(this.connection.manager(ctx), SQL.backlog);
    return r.n;
  }

  /** Notes one exchange of a stream (contact, success or error, rows applied). */
  async report(ctx: RequestContext, r: StreamReport): Promise<void> {
    await this.connection
      .manager(ctx)
      .query(SQL.report, [r.stream, r.error ? r.error.slice(0, 500) : null, r.blockedRecordId ?? null, r.count ?? 0, r.direction === 'push', r.lockedUntil ?? null]);
  }

  streamStates(ctx: RequestContext): Promise<StreamStateRow[]> {
    return queryRows<StreamStateRow>(this.connection.manager(ctx), SQL.streamStates);
  }

  /** Unsent records per stream. */
  backlogByStream(ctx: RequestContext): Promise<Array<{ stream: string; n: number }>> {
    return queryRows<{ stream: string; n: number }>(this.connection.manager(ctx), SQL.backlogByStream);
  }

  /** Records HQ answered as conflicts, per stream. */
  conflictsByStream(ctx: RequestContext): Promise<Array<{ stream: string; n: number }>> {
    return queryRows<{ stream: string; n: number }>(this.connection.manager(ctx), SQL.conflictsByStream);
  }
}
