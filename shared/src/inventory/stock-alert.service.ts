import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DomainException } from '../common/errors';
import { dec } from '../common/money';
import { defineSort, Page, sortRows, sortTerms } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { JobName } from '../jobs/job-names';
import { JobQueue, OnJob } from '../jobs/job-queue';
import { AlertQueryDto, SetStockLimitDto } from './inventory.dto';
import { InventoryError } from './inventory.errors';
import { localToday } from './inventory.util';
import { DEFAULT_NEAR_EXPIRY_DAYS } from './inventory-settings.service';
import { StockLimit } from './stock.entity';
import { AlertSqlRow, StockAlertRepository } from './stock-alert.repository';
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
    private readonly repo: StockAlertRepository,
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
    const size = q.pageSize ?? 50;
    const order = sortTerms(q.sort ?? ALERT_SORT.defaultSort, ALERT_SQL_SORT).map(({ column, desc }) => `${column} ${desc ? 'DESC' : 'ASC'} NULLS LAST`);
    const { rows, total } = await this.repo.recordedPage(
      ctx,
      { date: q.date ?? null, orgUnitId: own ?? q.storeId ?? null, warehouseId: q.warehouseId ?? null, kind: q.kind ?? null, denied: !!(own && q.storeId && q.storeId !== own) },
      order.join(', '),
      { limit: size, offset: ((q.page ?? 1) - 1) * size },
    );
    return { items: rows.map((r) => ({ ...toAlert(r), alertDate: r.alert_date, recordedAt: r.recorded_at })), total };
  }

  /**
   * Records today's alerts of every local warehouse (the day's rows are replaced, so a rerun is
   * harmless), except those of org units recorded elsewhere (see recordedElsewhere).
   */
  async record(ctx: RequestContext): Promise<{ date: string; recorded: number }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const system = new RequestContext(null, tx.requestId, this.connection.manager(tx));
      const date = localToday();
      const elsewhere = new Set<string>();
      for (const list of this.remote) for (const id of await list(tx)) elsewhere.add(id);
      const alerts = (await this.compute(system, null, null)).filter((a) => !elsewhere.has(a.orgUnitId));
      const recordedAt = await this.repo.replaceDay(tx, date, [...elsewhere], alerts);
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
    const written = await this.repo.writeStoreDay(
      ctx,
      storeId,
      day.alertDate,
      day.recordedAt,
      day.alerts.map((a) => ({
        warehouse_id: a.warehouseId,
        product_id: a.productId,
        batch_no: a.batchNo,
        kind: a.kind,
        qty: a.qty,
        threshold: a.threshold ?? null,
        expiry_date: a.expiryDate ?? null,
      })),
    );
    if (written !== null && written !== day.alerts.length) throw new Error(`${day.alerts.length - written} alert(s) name a warehouse of another store or an unknown product`);
  }

  /** 库存上下限 of one warehouse × product (null → the product's default). */
  async setLimit(ctx: RequestContext, dto: SetStockLimitDto): Promise<StockLimit> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const wh = await this.warehouses.get(tx, dto.warehouseId);
      if (!(await this.repo.productExists(tx, dto.productId))) {
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
    const rows = await this.repo.current(ctx, {
      today: localToday(),
      orgUnitId: own ?? storeId,
      warehouseId,
      nearExpiryDays: DEFAULT_NEAR_EXPIRY_DAYS,
      denied: !!(own && storeId && storeId !== own),
    });
    return rows.map(toAlert);
  }
}

function toAlert(r: AlertSqlRow): AlertRow {
  return {
    kind: r.kind as AlertRow['kind'],
    orgUnitId: r.org_unit_id,
    warehouseId: r.warehouse_id,
    warehouseCode: r.warehouse_code,
    productId: r.product_id,
    productCode: r.product_code,
    productName: r.product_name,
    batchNo: r.batch_no ?? '',
    qty: dec(r.qty).toString(),
    threshold: r.threshold === null || r.threshold === undefined ? null : dec(r.threshold).toString(),
    expiryDate: r.expiry_date ?? null,
  };
}
