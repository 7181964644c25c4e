import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import { TransactionalConnection } from '../common/transactional-connection';

/** The lists' scope: $2 org unit, $3 warehouse (both optional), $5 true when a store user asks for another store. */
const COMPUTE_SCOPE = `w.kind = 'normal' AND w.status = 'active' AND ($2::uuid IS NULL OR w.org_unit_id = $2) AND ($3::uuid IS NULL OR w.id = $3) AND NOT $5::boolean`;
/** A recorded day's filter: $1 date (null: the latest), $2 org unit, $3 warehouse, $4 kind, $5 as above. */
const RECORDED_WHERE = `a.alert_date = coalesce($1::date, (SELECT max(alert_date) FROM stock_alert)) AND ($2::uuid IS NULL OR a.org_unit_id = $2)
      AND ($3::uuid IS NULL OR a.warehouse_id = $3) AND ($4::varchar IS NULL OR a.kind = $4) AND NOT $5::boolean`;

/** One page of a recorded day: the order and the page are the caller's (sort columns from ALERT_SORT, numbers). */
function recordedPageSql(order: string, limit: number, offset: number): string {
  return `SELECT to_char(a.alert_date, 'YYYY-MM-DD') AS alert_date, a.kind, a.org_unit_id, a.warehouse_id, w.code AS warehouse_code, a.product_id, p.code AS product_code,
              p.name AS product_name, a.batch_no, a.qty::text, a.threshold::text, to_char(a.expiry_date, 'YYYY-MM-DD') AS expiry_date, a.recorded_at
       FROM stock_alert a JOIN warehouse w ON w.id = a.warehouse_id JOIN product p ON p.id = a.product_id
       WHERE ${RECORDED_WHERE} ORDER BY ${order}, a.id LIMIT ${limit} OFFSET ${offset}`;
}

const SQL = sqlStatements('inventory.stock-alert', {
  compute: `WITH s AS (
         SELECT w.id AS warehouse_id, w.code AS warehouse_code, w.org_unit_id, p.id AS product_id, p.code AS product_code, p.name AS product_name,
                coalesce(b.qty, 0) AS qty, coalesce(l.min_qty, p.min_stock) AS min_q, coalesce(l.max_qty, p.max_stock) AS max_q
         FROM stock_balance b FULL JOIN stock_limit l ON l.warehouse_id = b.warehouse_id AND l.product_id = b.product_id
         JOIN warehouse w ON w.id = coalesce(b.warehouse_id, l.warehouse_id) JOIN product p ON p.id = coalesce(b.product_id, l.product_id)
         WHERE ${COMPUTE_SCOPE} AND p.status <> 'disabled')
       SELECT 'low_stock' AS kind, org_unit_id, warehouse_id, warehouse_code, product_id, product_code, product_name, '' AS batch_no, qty::text, min_q::text AS threshold, NULL AS expiry_date
         FROM s WHERE qty < min_q
       UNION ALL
       SELECT 'overstock', org_unit_id, warehouse_id, warehouse_code, product_id, product_code, product_name, '', qty::text, max_q::text, NULL FROM s WHERE qty > max_q
       UNION ALL
       SELECT CASE WHEN sb.expiry_date < $1::date THEN 'expired' ELSE 'near_expiry' END, w.org_unit_id, w.id, w.code, p.id, p.code, p.name, sb.batch_no, sb.qty::text, NULL,
              to_char(sb.expiry_date, 'YYYY-MM-DD')
         FROM stock_batch sb JOIN warehouse w ON w.id = sb.warehouse_id JOIN product p ON p.id = sb.product_id LEFT JOIN org_settings os ON os.org_unit_id = w.org_unit_id
         WHERE ${COMPUTE_SCOPE} AND sb.qty > 0 AND sb.expiry_date IS NOT NULL
           AND sb.expiry_date <= $1::date + coalesce((os.extra->'inventory'->>'nearExpiryDays')::int, $4::int)
       ORDER BY 1, 4, 6, 8`,
  recordedCount: `SELECT count(*)::int AS n FROM stock_alert a WHERE ${RECORDED_WHERE}`,
  // the page as the list's default sort and first page build it (other sorts differ only in ORDER BY)
  recordedPage: recordedPageSql('a.kind ASC NULLS LAST, w.code ASC NULLS LAST, p.code ASC NULLS LAST, a.batch_no ASC NULLS LAST', 50, 0),
  deleteDay: 'DELETE FROM stock_alert WHERE alert_date = $1 AND NOT (org_unit_id = ANY($2::uuid[]))',
  now: 'SELECT now() AS now',
  insertDay: `INSERT INTO stock_alert (alert_date, org_unit_id, warehouse_id, product_id, batch_no, kind, qty, threshold, expiry_date)
           SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[], $6::varchar[], $7::numeric[], $8::numeric[], $9::date[])`,
  lockStoreDay: `SELECT pg_advisory_xact_lock(hashtext('stock_alert:' || $1 || ':' || $2))`,
  heldNewer: `SELECT bool_or(recorded_at > $3::timestamptz) AS newer FROM stock_alert WHERE org_unit_id = $1 AND alert_date = $2`,
  deleteOlder: `DELETE FROM stock_alert WHERE org_unit_id = $1 AND alert_date = $2 AND recorded_at < $3::timestamptz`,
  writeStoreDay: `WITH w AS (
         INSERT INTO stock_alert (alert_date, org_unit_id, warehouse_id, product_id, batch_no, kind, qty, threshold, expiry_date, recorded_at)
         SELECT $2::date, $1::uuid, a.warehouse_id, a.product_id, a.batch_no, a.kind, a.qty, a.threshold, a.expiry_date, $3::timestamptz
           FROM jsonb_to_recordset($4::jsonb) AS a(warehouse_id uuid, product_id uuid, batch_no varchar, kind varchar, qty numeric, threshold numeric, expiry_date date)
           JOIN warehouse wh ON wh.id = a.warehouse_id AND wh.org_unit_id = $1
           JOIN product p ON p.id = a.product_id
         ON CONFLICT (alert_date, warehouse_id, product_id, batch_no, kind)
         DO UPDATE SET qty = EXCLUDED.qty, threshold = EXCLUDED.threshold, expiry_date = EXCLUDED.expiry_date, recorded_at = EXCLUDED.recorded_at
         RETURNING 1)
       SELECT count(*)::int AS n FROM w`,
  productExists: 'SELECT 1 FROM product WHERE id = $1',
});

/** An alert as the SQL answers it (quantities as exact text, dates as YYYY-MM-DD). */
export interface AlertSqlRow {
  kind: string;
  org_unit_id: string;
  warehouse_id: string;
  warehouse_code: string;
  product_id: string;
  product_code: string;
  product_name: string;
  batch_no: string | null;
  qty: string;
  threshold: string | null;
  expiry_date: string | null;
}

/** A recorded alert: the alert with its day and when it was recorded. */
export interface RecordedAlertSqlRow extends AlertSqlRow {
  alert_date: string;
  recorded_at: Date;
}

/** The filter of the lists: null means any. */
export interface AlertScope {
  today: string;
  orgUnitId: string | null;
  warehouseId: string | null;
  nearExpiryDays: number;
  /** A store user asked for another store: nothing matches. */
  denied: boolean;
}

/** A recorded alert as it is written (the columns of stock_alert). */
export interface AlertRecord {
  orgUnitId: string;
  warehouseId: string;
  productId: string;
  batchNo: string;
  kind: string;
  qty: string;
  threshold: string | null;
  expiryDate: string | null;
}

/** A store's alert as it arrives at HQ, in the columns' names (the JSON the write reads). */
export interface StoreAlertRecord {
  warehouse_id: string;
  product_id: string;
  batch_no: string;
  kind: string;
  qty: string;
  threshold: string | null;
  expiry_date: string | null;
}

/** The SQL of 库存预警 (StockAlertService): live alerts, recorded days, and a store's recordings arriving at HQ. */
@Injectable()
export class StockAlertRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Alerts as of now, ordered by kind, warehouse, product, batch. */
  current(ctx: RequestContext, s: AlertScope): Promise<AlertSqlRow[]> {
    return queryRows<AlertSqlRow>(this.connection.manager(ctx), SQL.compute, [s.today, s.orgUnitId, s.warehouseId, s.nearExpiryDays, s.denied]);
  }

  /** One page of a recorded day (date null: the latest) and the day's count; `order` is built from ALERT_SORT's columns only. */
  async recordedPage(
    ctx: RequestContext,
    f: { date: string | null; orgUnitId: string | null; warehouseId: string | null; kind: string | null; denied: boolean },
    order: string,
    page: { limit: number; offset: number },
  ): Promise<{ rows: RecordedAlertSqlRow[]; total: number }> {
    const m = this.connection.manager(ctx);
    const params = [f.date, f.orgUnitId, f.warehouseId, f.kind, f.denied];
    const rows = await queryRows<RecordedAlertSqlRow>(m, recordedPageSql(order, page.limit, page.offset), params);
    const [{ n }] = await queryRows<{ n: number }>(m, SQL.recordedCount, params);
    return { rows, total: n };
  }

  /** Replaces a day's recorded alerts except those of the org units given (recorded elsewhere); answers when it was recorded. */
  async replaceDay(ctx: RequestContext, date: string, keepOrgUnits: string[], alerts: AlertRecord[]): Promise<Date> {
    const m = this.connection.manager(ctx);
    await m.query(SQL.deleteDay, [date, keepOrgUnits]);
    const [{ now: recordedAt }] = await queryRows<{ now: Date }>(m, SQL.now);
    if (alerts.length) {
      await m.query(SQL.insertDay, [
        date,
        ...(['orgUnitId', 'warehouseId', 'productId', 'batchNo', 'kind', 'qty', 'threshold', 'expiryDate'] as const).map((k) => alerts.map((a) => a[k])),
      ]);
    }
    return recordedAt;
  }

  /**
   * Takes a store's day's part under a lock on that store's day: nothing when a newer recording is
   * held (answers null), else replaces the older recording's rows and writes these; answers how
   * many rows were written (fewer than sent: some named another org unit's warehouse or no product).
   */
  async writeStoreDay(ctx: RequestContext, storeId: string, alertDate: string, recordedAt: string, alerts: StoreAlertRecord[]): Promise<number | null> {
    const m = this.connection.manager(ctx);
    // one store's day at a time: parts of two recordings never interleave
    await m.query(SQL.lockStoreDay, [storeId, alertDate]);
    const [held] = await queryRows<{ newer: boolean | null }>(m, SQL.heldNewer, [storeId, alertDate, recordedAt]);
    if (held?.newer) return null;
    await m.query(SQL.deleteOlder, [storeId, alertDate, recordedAt]);
    if (!alerts.length) return 0;
    const [written] = await queryRows<{ n: number }>(m, SQL.writeStoreDay, [storeId, alertDate, recordedAt, JSON.stringify(alerts)]);
    return written.n;
  }

  async productExists(ctx: RequestContext, productId: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.productExists, [productId])).length > 0;
  }
}
