import { Injectable } from '@nestjs/common';
import { CURRENT_INCARNATION_SQL, type IncarnationRow, queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

const SQL = sqlStatements(
  'transfer.store-restore',
  {
    incarnation: CURRENT_INCARNATION_SQL,
    positions: `SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM transfer_outbox_seq_seq)::text AS seq, (SELECT hq_incarnation FROM transfer_settings WHERE id = 1) AS hq`,
    begin: `INSERT INTO database_incarnation (id, origin) VALUES (gen_random_uuid(), $1)`,
    delivered: `INSERT INTO transfer_outbox (id, stream, body, sent_at, outcome) SELECT r.id, r.stream, r.body, now(), 'reconciled' FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, stream varchar, body jsonb)
         ON CONFLICT (id) DO UPDATE SET sent_at = now(), outcome = 'duplicate' WHERE transfer_outbox.sent_at IS NULL`,
    link: `SELECT store_code, store_id FROM transfer_settings WHERE id = 1`,
    raiseNumbers: `WITH up AS (INSERT INTO document_sequence (site, doc_type, day, last_value) SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(site varchar, "docType" varchar, day varchar, last int)
               ON CONFLICT (site, doc_type, day) DO UPDATE SET last_value = EXCLUDED.last_value WHERE document_sequence.last_value < EXCLUDED.last_value RETURNING 1)
             SELECT count(*)::int AS n FROM up`,
    outboxPast: `SELECT setval(pg_get_serial_sequence('transfer_outbox', 'seq'), GREATEST($1::bigint, (SELECT last_value FROM transfer_outbox_seq_seq)))`,
    summary: `SELECT summary FROM database_incarnation WHERE id = $1 FOR UPDATE`,
    reconciled: `UPDATE database_incarnation SET reconciled_at = now(), summary = $2 WHERE id = $1`,
    requeue: `UPDATE transfer_outbox SET sent_at = NULL, outcome = NULL WHERE sent_at IS NOT NULL AND ($1::timestamptz IS NULL OR sent_at >= $1::timestamptz) RETURNING id`,
    restartPull: `UPDATE transfer_stream_state SET cursor = NULL, snapshot = NULL WHERE stream = 'pull'`,
    hqIncarnation: `UPDATE transfer_settings SET hq_incarnation = $1 WHERE id = 1`,
    closeShift: `UPDATE pos_shift SET status = 'closed', closed_at = $2, shift_no = $3, opening_float = $4 WHERE id = $1 AND status = 'open' RETURNING id`,
    closedShift: `INSERT INTO pos_shift (id, store_id, shift_no, till_code, cashier_id, cashier_name, status, opening_float, business_date, opened_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'closed', $7, $8, $9, $10) ON CONFLICT (id) DO UPDATE SET shift_no = EXCLUDED.shift_no, opening_float = EXCLUDED.opening_float, status = 'closed', closed_at = EXCLUDED.closed_at`,
    setSummary: `UPDATE database_incarnation SET summary = $2 WHERE id = $1`,
    missingShifts: `SELECT DISTINCT ON (d.shift_id) d.shift_id, d.till_code, d.cashier_id, d.cashier_name, d.business_date::text AS business_date, d.at AS opened_at
         FROM (SELECT shift_id, till_code, cashier_id, cashier_name, business_date, sold_at AS at FROM pos_sale
               UNION ALL SELECT shift_id, till_code, cashier_id, cashier_name, business_date, refunded_at FROM pos_refund) d
        WHERE NOT EXISTS (SELECT 1 FROM pos_shift s WHERE s.id = d.shift_id)
        ORDER BY d.shift_id, d.at`,
    openShift: `SELECT 1 FROM pos_shift WHERE store_id = $1 AND till_code = $2 AND status = 'open'`,
  },
  ['store'],
);

/** A record HQ gave back, as the outbox keeps it. */
export interface DeliveredRecord {
  id: string;
  stream: string;
  body: unknown;
}

/** A number series' new floor: the document_sequence key and the last number HQ holds. */
export interface NumberFloor {
  site: string;
  docType: string;
  day: string;
  last: number;
}

/** A shift the store's sales or refunds name but it has no row of, from its first document. */
export interface MissingShiftRow {
  shift_id: string;
  till_code: string;
  cashier_id: string;
  cashier_name: string;
  business_date: string;
  opened_at: Date;
}

/** A shift report HQ holds: the shift it closes. */
export interface ClosedShift {
  id: string;
  storeId: string;
  shiftNo: string;
  tillCode: string;
  cashierId: string;
  cashierName: string;
  openingFloat: string;
  businessDate: string;
  openedAt: Date;
  closedAt: Date;
}

/** What a reconciliation did so far, kept with the incarnation. */
export type ReconcileTally = Record<string, unknown>;

/**
 * The SQL of a restored store's reconciliation (StoreRestoreService): its database incarnation,
 * the outbox's positions, records HQ gives back marked delivered, number floors and shifts.
 */
@Injectable()
export class StoreRestoreRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async incarnation(ctx: RequestContext): Promise<IncarnationRow | null> {
    const [row] = await queryRows<IncarnationRow>(this.connection.manager(ctx), SQL.incarnation);
    return row ?? null;
  }

  /** The outbox's last position given out (0: none) and HQ's incarnation as last seen. */
  async positions(ctx: RequestContext): Promise<{ outboxSeq: string; hqIncarnation: string | null }> {
    const [row] = await queryRows<{ seq: string; hq: string | null }>(this.connection.manager(ctx), SQL.positions);
    return { outboxSeq: row.seq, hqIncarnation: row.hq };
  }

  /** A new incarnation: the store must reconcile before it sells or pushes. */
  async begin(ctx: RequestContext, origin: 'detected'): Promise<void> {
    await this.connection.manager(ctx).query(SQL.begin, [origin]);
  }

  /** The outbox knows these as delivered: HQ holds each (a restored unsent copy is not pushed again). */
  async markDelivered(ctx: RequestContext, records: DeliveredRecord[]): Promise<void> {
    await this.connection.manager(ctx).query(SQL.delivered, [JSON.stringify(records)]);
  }

  async link(ctx: RequestContext): Promise<{ store_code: string; store_id: string } | undefined> {
    const [row] = await queryRows<{ store_code: string; store_id: string }>(this.connection.manager(ctx), SQL.link);
    return row;
  }

  /** Every series resumes past these numbers (never lowered); answers how many series were raised. */
  async raiseNumbers(ctx: RequestContext, floors: NumberFloor[]): Promise<number> {
    if (!floors.length) return 0;
    const [row] = await queryRows<{ n: number }>(this.connection.manager(ctx), SQL.raiseNumbers, [JSON.stringify(floors)]);
    return row.n;
  }

  /** The outbox gives positions past `seq` (never lowered). */
  async outboxPast(ctx: RequestContext, seq: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.outboxPast, [seq]);
  }

  /** The incarnation's tally, locked to the transaction's end. */
  async lockSummary(ctx: RequestContext, incarnationId: string): Promise<ReconcileTally | null> {
    const [row] = await queryRows<{ summary: ReconcileTally | null }>(this.connection.manager(ctx), SQL.summary, [incarnationId]);
    return row?.summary ?? null;
  }

  async setSummary(ctx: RequestContext, incarnationId: string, summary: ReconcileTally): Promise<void> {
    await this.connection.manager(ctx).query(SQL.setSummary, [incarnationId, summary]);
  }

  async markReconciled(ctx: RequestContext, incarnationId: string, summary: object): Promise<void> {
    await this.connection.manager(ctx).query(SQL.reconciled, [incarnationId, summary]);
  }

  /** Records sent since `since` (null: all) go again; answers how many. */
  async requeue(ctx: RequestContext, since: string | null): Promise<number> {
    return (await queryRows<{ id: string }>(this.connection.manager(ctx), SQL.requeue, [since])).length;
  }

  /** The pull starts over with a snapshot. */
  async restartPull(ctx: RequestContext): Promise<void> {
    await this.connection.manager(ctx).query(SQL.restartPull);
  }

  async setHqIncarnation(ctx: RequestContext, id: string | null): Promise<void> {
    await this.connection.manager(ctx).query(SQL.hqIncarnation, [id]);
  }

  /** The shift closed as its report says: false when it was not open here. Its row is written either way. */
  async closeShift(ctx: RequestContext, s: ClosedShift): Promise<boolean> {
    const m = this.connection.manager(ctx);
    const closed = await queryRows<{ id: string }>(m, SQL.closeShift, [s.id, s.closedAt, s.shiftNo, s.openingFloat]);
    await m.query(SQL.closedShift, [s.id, s.storeId, s.shiftNo, s.tillCode, s.cashierId, s.cashierName, s.openingFloat, s.businessDate, s.openedAt, s.closedAt]);
    return closed.length > 0;
  }

  async missingShifts(ctx: RequestContext): Promise<MissingShiftRow[]> {
    return queryRows<MissingShiftRow>(this.connection.manager(ctx), SQL.missingShifts);
  }

  async tillHasOpenShift(ctx: RequestContext, storeId: string, tillCode: string): Promise<boolean> {
    return (await queryRows<{ '?column?': number }>(this.connection.manager(ctx), SQL.openShift, [storeId, tillCode])).length > 0;
  }
}
