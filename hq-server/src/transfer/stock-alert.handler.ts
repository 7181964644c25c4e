import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { queryRows, RequestContext, STOCK_ALERTS_PER_RECORD, StockAlertService, TransactionalConnection } from '@chain-erp/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PushHandlerRegistry } from './push-handlers';

const QTY = /^-?\d{1,15}(\.\d{1,3})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class StockAlertLine {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  warehouseId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId: string;

  @ApiProperty({ description: "'' for stock alerts" })
  @IsString()
  @Length(0, 40)
  batchNo: string;

  @ApiProperty({ enum: ['low_stock', 'overstock', 'near_expiry', 'expired'] })
  @IsIn(['low_stock', 'overstock', 'near_expiry', 'expired'])
  kind: 'low_stock' | 'overstock' | 'near_expiry' | 'expired';

  @ApiProperty({ example: '3' })
  @Matches(QTY)
  qty: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Matches(QTY)
  threshold?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Matches(DATE)
  expiryDate?: string | null;
}

/** Body of a 库存预警 record: one part of the alerts a store recorded for a day. */
export class StockAlertBody {
  @ApiProperty()
  @IsString()
  @Length(1, 16)
  storeCode: string;

  @ApiProperty({ example: '2026-11-23' })
  @Matches(DATE)
  alertDate: string;

  @ApiProperty({ description: 'when the store recorded the day (all parts of one recording share it)' })
  @IsISO8601({ strict: true })
  recordedAt: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(10_000)
  part: number;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(10_000)
  parts: number;

  @ApiProperty({ type: [StockAlertLine] })
  @IsArray()
  @ArrayMaxSize(STOCK_ALERTS_PER_RECORD)
  @ValidateNested({ each: true })
  @Type(() => StockAlertLine)
  alerts: StockAlertLine[];
}

/**
 * 库存预警 from the stores: HQ keeps each store's latest recording of a day in stock_alert, where
 * GET /api/inventory/alerts?storeId= lists it. Idempotent: a part processed again writes the same rows;
 * a part of an older recording than the one HQ holds changes nothing.
 */
@Injectable()
export class StockAlertHandler implements OnModuleInit {
  constructor(
    private readonly registry: PushHandlerRegistry,
    private readonly connection: TransactionalConnection,
    private readonly alerts: StockAlertService,
  ) {}

  onModuleInit(): void {
    // a store with its own server keeps its stock there and sends its alerts: HQ's recording leaves them be
    this.alerts.recordedElsewhere(async (ctx) => (await queryRows<{ id: string }>(this.connection.manager(ctx), `SELECT store_id AS id FROM store_transfer`)).map((r) => r.id));
    this.registry.register<StockAlertBody>({
      stream: 'inventory.stock-alert',
      dto: StockAlertBody,
      storeCodeOf: (b) => b.storeCode,
      process: (ctx, r) => this.process(ctx, r.storeId, r.body),
    });
  }

  private async process(ctx: RequestContext, storeId: string, b: StockAlertBody): Promise<void> {
    const m = this.connection.manager(ctx);
    // one store's day at a time: parts of two recordings never interleave
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('stock_alert:' || $1 || ':' || $2))`, [storeId, b.alertDate]);
    const [held] = await queryRows<{ newer: boolean }>(
      m,
      `SELECT bool_or(recorded_at > $3::timestamptz) AS newer FROM stock_alert WHERE org_unit_id = $1 AND alert_date = $2`,
      [storeId, b.alertDate, b.recordedAt],
    );
    if (held?.newer) return;
    await m.query(`DELETE FROM stock_alert WHERE org_unit_id = $1 AND alert_date = $2 AND recorded_at < $3::timestamptz`, [storeId, b.alertDate, b.recordedAt]);
    if (!b.alerts.length) return;
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
        b.alertDate,
        b.recordedAt,
        JSON.stringify(b.alerts.map((a) => ({ warehouse_id: a.warehouseId, product_id: a.productId, batch_no: a.batchNo, kind: a.kind, qty: a.qty, threshold: a.threshold ?? null, expiry_date: a.expiryDate ?? null }))),
      ],
    );
    // a warehouse of another store or an unknown product: the record is wrong, not partly right
    if (written[0].n !== b.alerts.length) throw new Error(`${b.alerts.length - written[0].n} alert(s) name a warehouse of another store or an unknown product`);
  }
}
