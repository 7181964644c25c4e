import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DomainException } from '../common/errors';
import { dec } from '../common/money';
import { defineSort, Page, sortRows, sortTerms } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { JobName } from '../jobs/job-names';
import { JobQueue, OnJob } from '../jobs/job-queue';
import { AlertQueryDto, SetStockLimitDto } from './inventory.dto';
import { InventoryError } from './inventory.errors';
import { localToday } from './inventory.util';
import { DEFAULT_NEAR_EXPIRY_DAYS } from './inventory-settings.service';
import { StockLimit } from './stock.entity';
import { WarehouseService } from './warehouse.service';

export interface AlertRow {
  kind: 'low_stock' | 'overstock' | 'near_expiry' | 'expired';
  orgUnitId: string;
  warehouseId: string;
  warehouseCode: string;
  productId: string;
  productCode: string;
  productName: string;
  batchNo: string;
  qty: string;
  threshold: string | null;
  expiryDate: string | null;
}

/** The alert lists' sort (current alerts are sorted in memory by the same keys: the SQL columns name the rows' fields there). */
export const ALERT_SORT = defineSort(
  { kind: 'kind', warehouseCode: 'warehouseCode', productCode: 'productCode', batchNo: 'batchNo', qty: 'qty', expiryDate: 'expiryDate' },
  'kind,warehouseCode,productCode,batchNo',
);
const ALERT_SQL_SORT: Record<keyof typeof ALERT_SORT.columns, string> = {
  kind: 'a.kind',
  warehouseCode: 'w.code',
  productCode: 'p.code',
  batchNo: 'a.batch_no',
  qty: 'a.qty',
  expiryDate: 'a.expiry_date',
};

/** One alert of a store's recording as it travels to HQ (the push stream's line). */
export interface StoreAlertLine {
  warehouseId: string;
  productId: string;
  batchNo: string;
  kind: AlertRow['kind'];
  qty: string;
  threshold?: string | null;
  expiryDate?: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Told about each day's recorded alerts, inside the recording transaction (the store server sends
 * them to HQ through its outbox this way, so a record exists exactly when the alerts do).
 */
export type StockAlertListener = (ctx: RequestContext, day: { date: string; recordedAt: Date; alerts: AlertRow[] }) => Promise<void>;

/**
 * 库存预警: low stock (below min), overstock (above max) — min/max per warehouse × product, else the
 * product's — and batches expiring within the org's near-expiry window. Listed live, and recorded
 * once a day per server into stock_alert (HQ lists what its table holds, filtered by store).
 */
@Injectable()
export class StockAlertService implements OnApplicationBootstrap {
  private readonly listeners: StockAlertListener[] = [];
  private readonly remote: Array<(ctx: RequestContext) => Promise<string[]>> = [];

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly warehouses: WarehouseService,
    private readonly audit: AuditService,
    private readonly queue: JobQueue,
  ) {}

  onRecorded(listener: StockAlertListener): void {
    this.listeners.push(listener);
  }

  /**
   * Org units whose alerts arrive from elsewhere: this server neither records nor replaces theirs (at
   * HQ, stores with their own store server, which send their recordings by transfer).
   */
  recordedElsewhere(orgUnits: (ctx: RequestContext) => Promise<string[]>): void {
    this.remote.push(orgUnits);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.repeat(JobName.InventoryAlerts, DAY_MS, {});
  }

  @OnJob(JobName.InventoryAlerts)
  async onDailyJob(): Promise<void> {
    await this.record(new RequestContext(null, 'job:inventory-alerts'));
  }

  /** Alerts as of now (scoped). */
  async current(ctx: RequestContext, q: AlertQueryDto): Promise<Page<AlertRow>> {
    const all = await this.compute(ctx, q.storeId ?? null, q.warehouseId ?? null);
    const items = sortRows(q.kind ? all.filter((a) => a.kind === q.kind) : all, q.sort, ALERT_SORT);
    const size = q.pageSize ?? 50;
    return { items: items.slice(((q.page ?? 1) - 1) * size, (q.page ?? 1) * size), total: items.length };
  }

  /** Recorded alerts of a day (default the latest recorded), scoped and filtered by store. */
  async list(ctx: RequestContext, q: AlertQueryDto): Promise<Page<AlertRow & { alertDate: string; recordedAt: Date }>> {
    const own = ctx.storeId;
    const params: unknown[] = [q.date ?? null, own ?? q.storeId ?? null, q.warehouseId ?? null, q.kind ?? null, !!(own && q.storeId && q.storeId !== own)];
    const where = `a.alert_date = coalesce($1::date, (SELECT max(alert_date) FROM stock_alert)) AND ($2::uuid IS NULL OR a.org_unit_id = $2)
      AND ($3::uuid IS NULL OR a.warehouse_id = $3) AND ($4::varchar IS NULL OR a.kind = $4) AND NOT $5::boolean`;
    const size = q.pageSize ?? 50;
    const order = sortTerms(q.sort ?? ALERT_SORT.defaultSort, ALERT_SQL_SORT).map(({ column, desc }) => `${column} ${desc ? 'DESC' : 'ASC'} NULLS LAST`);
    const m = this.connection.manager(ctx);
    const rows = await queryRows<Record<string, string | Date | null>>(
      m,
      `SELECT to_char(a.alert_date, 'YYYY-MM-DD') AS alert_date, a.kind, a.org_unit_id, a.warehouse_id, w.code AS warehouse_code, a.product_id, p.code AS product_code,
              p.name AS product_name, a.batch_no, a.qty::text, a.threshold::text, to_char(a.expiry_date, 'YYYY-MM-DD') AS expiry_date, a.recorded_at
       FROM stock_alert a JOIN warehouse w ON w.id = a.warehouse_id JOIN product p ON p.id = a.product_id
       WHERE ${where} ORDER BY ${order.join(', ')}, a.id LIMIT ${size} OFFSET ${((q.page ?? 1) - 1) * size}`,
      params,
    );
    const [{ n }] = await queryRows<{ n: number }>(m, `SELECT count(*)::int AS n FROM stock_alert a WHERE ${where}`, params);
    return { items: rows.map((r) => ({ ...toAlert(r), alertDate: r.alert_date as string, recordedAt: r.recorded_at as Date })), total: n };
  }

  /**
   * Records today's alerts of every local warehouse (the day's rows are replaced, so a rerun is
   * harmless), except those of org units recorded elsewhere (see recordedElsewhere).
   */
  async record(ctx: RequestContext): Promise<{ date: string; recorded: number }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const system = new RequestContext(null, tx.requestId, this.connection.manager(tx));
      const date = localToday();
      const m = this.connection.manager(tx);
      const elsewhere = new Set<string>();
      for (const list of this.remote) for (const id of await list(tx)) elsewhere.add(id);
      const alerts = (await this.compute(system, null, null)).filter((a) => !elsewhere.has(a.orgUnitId));
      await m.query('DELETE FROM stock_alert WHERE alert_date = $1 AND NOT (org_unit_id = ANY($2::uuid[]))', [date, [...elsewhere]]);
      const [{ now: recordedAt }] = await queryRows<{ now: Date }>(m, 'SELECT now() AS now');
      if (alerts.length) {
        await m.query(
          `INSERT INTO stock_alert (alert_date, org_unit_id, warehouse_id, product_id, batch_no, kind, qty, threshold, expiry_date)
           SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[], $6::varchar[], $7::numeric[], $8::numeric[], $9::date[])`,
          [date, ...(['orgUnitId', 'warehouseId', 'productId', 'batchNo', 'kind', 'qty', 'threshold', 'expiryDate'] as const).map((k) => alerts.map((a) => a[k]))],
        );
      }
      for (const listener of this.listeners) await listener(tx, { date, recordedAt, alerts });
      return { date, recorded: alerts.length };
    });
  }

  /**
   * A store's recording of a day, as it arrives at HQ by transfer (one part of it): HQ keeps each
   * store's latest recording of a day. Idempotent — a part taken again writes the same rows; a part
   * of an older recording than the one held changes nothing. The one other writer of stock_alert
   * beside `record` (only shared/src/inventory writes stock tables, design §4). Refuses (throws) a
   * part naming a warehouse of another org unit or an unknown product: the record is wrong, not partly right.
   */
  async recordFromStore(ctx: RequestContext, storeId: string, day: { alertDate: string; recordedAt: string; alerts: StoreAlertLine[] }): Promise<void> {
    const m = this.connection.manager(ctx);
    // one store's day at a time: parts of two recordings never interleave
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('stock_alert:' || $1 || ':' || $2))`, [storeId, day.alertDate]);
    const [held] = await queryRows<{ newer: boolean }>(m, `SELECT bool_or(recorded_at > $3::timestamptz) AS newer FROM stock_alert WHERE org_unit_id = $1 AND alert_date = $2`, [
      storeId,
      day.alertDate,
      day.recordedAt,
    ]);
    if (held?.newer) return;
    await m.query(`DELETE FROM stock_alert WHERE org_unit_id = $1 AND alert_date = $2 AND recorded_at < $3::timestamptz`, [storeId, day.alertDate, day.recordedAt]);
    if (!day.alerts.length) return;
    const written = await queryRows<{ n: number }>(
      m,
      `WITH w AS (
         INSERT INTO stock_alert (alert_date, org_unit_id, warehouse_id, product_id, batch_no, kind, qty, threshold, expiry_date, recorded_at)
         SELECT $2::date, $1::uuid, a.warehouse_id, a.product_id, a.batch_no, a.kind, a.qty, a.threshold, a.expiry_date, $3::timestamptz
           FROM jsonb_to_recordset($4::jsonb) AS a(warehouse_id uuid, product_id uuid, batch_no varchar, kind varchar, qty numeric, threshold numeric, expiry_date date)
           JOIN warehouse wh ON wh.id = a.warehouse_id AND wh.org_unit_id = $1
           JOIN product p ON p.id = a.product_id
         ON CONFLICT (alert_date, warehouse_id, product_id, batch_no, kind)
         DO UPDATE SET qty = EXCLUDED.qty, threshold = EXCLUDED.threshold, expiry_date = EXCLUDED.expiry_date, recorded_at = EXCLUDED.recorded_at
         RETURNING 1)
       SELECT count(*)::int AS n FROM w`,
      [
        storeId,
        day.alertDate,
        day.recordedAt,
        JSON.stringify(
          day.alerts.map((a) => ({
            warehouse_id: a.warehouseId,
            product_id: a.productId,
            batch_no: a.batchNo,
            kind: a.kind,
            qty: a.qty,
            threshold: a.threshold ?? null,
            expiry_date: a.expiryDate ?? null,
          })),
        ),
      ],
    );
    if (written[0].n !== day.alerts.length) throw new Error(`${day.alerts.length - written[0].n} alert(s) name a warehouse of another store or an unknown product`);
  }

  /** 库存上下限 of one warehouse × product (null → the product's default). */
  async setLimit(ctx: RequestContext, dto: SetStockLimitDto): Promise<StockLimit> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const wh = await this.warehouses.get(tx, dto.warehouseId);
      if (!(await queryRows(this.connection.manager(tx), 'SELECT 1 FROM product WHERE id = $1', [dto.productId])).length) {
        throw new DomainException(InventoryError.STOCK_UNKNOWN_PRODUCT, 'unknown product / 商品不存在', [{ field: 'productId', message: 'unknown product' }]);
      }
      const min = dto.minQty ?? null;
      const max = dto.maxQty ?? null;
      if (min !== null && max !== null && dec(min).greaterThan(max)) {
        throw new DomainException('VALIDATION_FAILED', 'minimum above maximum / 下限大于上限', [{ field: 'minQty', message: 'greater than maxQty' }]);
      }
      const repo = this.connection.repo(tx, StockLimit);
      const before = await repo.findOneBy({ warehouseId: wh.id, productId: dto.productId });
      const saved = await repo.save({ warehouseId: wh.id, productId: dto.productId, minQty: min, maxQty: max, updatedAt: new Date() });
      await this.audit.record(tx, { entityType: 'stock_limit', entityId: dto.productId, action: before ? 'update' : 'create', before, after: saved });
      return saved;
    });
  }

  private async compute(ctx: RequestContext, storeId: string | null, warehouseId: string | null): Promise<AlertRow[]> {
    const own = ctx.storeId;
    const params = [localToday(), own ?? storeId, warehouseId, DEFAULT_NEAR_EXPIRY_DAYS, !!(own && storeId && storeId !== own)];
    const scope = `w.kind = 'normal' AND w.status = 'active' AND ($2::uuid IS NULL OR w.org_unit_id = $2) AND ($3::uuid IS NULL OR w.id = $3) AND NOT $5::boolean`;
    const rows = await queryRows<Record<string, string | null>>(
      this.connection.manager(ctx),
      `WITH s AS (
         SELECT w.id AS warehouse_id, w.code AS warehouse_code, w.org_unit_id, p.id AS product_id, p.code AS product_code, p.name AS product_name,
                coalesce(b.qty, 0) AS qty, coalesce(l.min_qty, p.min_stock) AS min_q, coalesce(l.max_qty, p.max_stock) AS max_q
         FROM stock_balance b FULL JOIN stock_limit l ON l.warehouse_id = b.warehouse_id AND l.product_id = b.product_id
         JOIN warehouse w ON w.id = coalesce(b.warehouse_id, l.warehouse_id) JOIN product p ON p.id = coalesce(b.product_id, l.product_id)
         WHERE ${scope} AND p.status <> 'disabled')
       SELECT 'low_stock' AS kind, org_unit_id, warehouse_id, warehouse_code, product_id, product_code, product_name, '' AS batch_no, qty::text, min_q::text AS threshold, NULL AS expiry_date
         FROM s WHERE qty < min_q
       UNION ALL
       SELECT 'overstock', org_unit_id, warehouse_id, warehouse_code, product_id, product_code, product_name, '', qty::text, max_q::text, NULL FROM s WHERE qty > max_q
       UNION ALL
       SELECT CASE WHEN sb.expiry_date < $1::date THEN 'expired' ELSE 'near_expiry' END, w.org_unit_id, w.id, w.code, p.id, p.code, p.name, sb.batch_no, sb.qty::text, NULL,
              to_char(sb.expiry_date, 'YYYY-MM-DD')
         FROM stock_batch sb JOIN warehouse w ON w.id = sb.warehouse_id JOIN product p ON p.id = sb.product_id LEFT JOIN org_settings os ON os.org_unit_id = w.org_unit_id
         WHERE ${scope} AND sb.qty > 0 AND sb.expiry_date IS NOT NULL
           AND sb.expiry_date <= $1::date + coalesce((os.extra->'inventory'->>'nearExpiryDays')::int, $4::int)
       ORDER BY 1, 4, 6, 8`,
      params,
    );
    return rows.map(toAlert);
  }
}

function toAlert(r: Record<string, unknown>): AlertRow {
  return {
    kind: r.kind as AlertRow['kind'],
    orgUnitId: r.org_unit_id as string,
    warehouseId: r.warehouse_id as string,
    warehouseCode: r.warehouse_code as string,
    productId: r.product_id as string,
    productCode: r.product_code as string,
    productName: r.product_name as string,
    batchNo: (r.batch_no as string) ?? '',
    qty: dec(r.qty as string).toString(),
    threshold: r.threshold === null || r.threshold === undefined ? null : dec(r.threshold as string).toString(),
    expiryDate: (r.expiry_date as string) ?? null,
  };
}
