import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RequestContext, STOCK_ALERTS_PER_RECORD, StockAlertService } from '@chain-erp/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PushHandlerRegistry } from './push-handlers';
import { PushRecordsRepository } from './push-records.repository';

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
 * GET /api/inventory/alerts?storeId= lists it; StockAlertService.recordFromStore writes it (idempotent).
 */
@Injectable()
export class StockAlertHandler implements OnModuleInit {
  constructor(
    private readonly registry: PushHandlerRegistry,
    private readonly repo: PushRecordsRepository,
    private readonly alerts: StockAlertService,
  ) {}

  onModuleInit(): void {
    // a store with its own server keeps its stock there and sends its alerts: HQ's recording leaves them be
    this.alerts.recordedElsewhere((ctx) => this.repo.transferStores(ctx));
    this.registry.register<StockAlertBody>({
      stream: 'inventory.stock-alert',
      dto: StockAlertBody,
      storeCodeOf: (b) => b.storeCode,
      process: (ctx, r) => this.process(ctx, r.storeId, r.body),
    });
  }

  private process(ctx: RequestContext, storeId: string, b: StockAlertBody): Promise<void> {
    return this.alerts.recordFromStore(ctx, storeId, b);
  }
}
