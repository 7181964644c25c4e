import { StockCount } from './stock-document.entity';
import { ApiEnum, CodeNameRef, describeEntity } from '../common/http/api-contract';
import { WAREHOUSE_KIND_VALUES, type WarehouseKind } from './warehouse.entity';
import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of inventory.controllers.ts (the OpenAPI contract, docs/api.md). */

/** A warehouse named in another answer (a store's opening, the handshake). */
export class WarehouseRef extends CodeNameRef {
  @ApiEnum(WAREHOUSE_KIND_VALUES)
  kind!: WarehouseKind;
}

export class InventorySettingsResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty({ type: Boolean })
  allowNegativeStock!: boolean;

  @ApiProperty({ type: 'integer' })
  nearExpiryDays!: number;
}

export class StockRow {
  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ type: String })
  warehouseCode!: string;

  @ApiProperty({ type: String })
  warehouseName!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  categoryId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  batchNo!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  expiryDate!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  qty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  avgCost!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  value!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  minQty!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  maxQty!: string | null;
}

export class StockQueriesStockCardOpeningResponse {
  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  qty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  value!: string;
}

export class StockQueriesStockCardClosingResponse {
  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  qty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  value!: string;
}

/** A ledger entry of the stock card with the running balance after it. */
export class StockQueriesStockCardEntrieResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  ledgerId!: string;

  @ApiProperty({ type: String, pattern: '^\\d+$', description: 'the ledger position (a bigint, as text)' })
  seq!: string;

  @ApiProperty({ type: String, format: 'date' })
  businessDate!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  postedAt!: string;

  @ApiProperty({ type: String, description: 'the document that moved the stock (`purchase_receipt`, `POS_SALE`…): each document names itself' })
  docType!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  docId!: string;

  @ApiProperty({ type: String, nullable: true })
  docNo!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  docLine!: number | null;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  batchNo!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  delta!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  unitCost!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  amount!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  balance!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  operatorId!: string | null;
}

export class StockQueriesStockCardResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: String })
  from!: string;

  @ApiProperty({ type: String })
  to!: string;

  @ApiProperty({ type: () => StockQueriesStockCardOpeningResponse })
  opening!: StockQueriesStockCardOpeningResponse;

  @ApiProperty({ type: String })
  totalIn!: string;

  @ApiProperty({ type: String })
  totalOut!: string;

  @ApiProperty({ type: () => StockQueriesStockCardClosingResponse })
  closing!: StockQueriesStockCardClosingResponse;

  @ApiProperty({ type: () => StockQueriesStockCardEntrieResponse, isArray: true })
  entries!: StockQueriesStockCardEntrieResponse[];
}

export class StockQueriesValuationItem {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true })
  warehouseId!: unknown;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true })
  warehouseCode!: unknown;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true })
  warehouseName!: unknown;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true })
  categoryId!: unknown;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true })
  categoryCode!: unknown;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true })
  categoryName!: unknown;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true })
  products!: unknown;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  qty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  value!: string;
}

export class StockQueriesValuationResponse {
  @ApiProperty({ type: () => StockQueriesValuationItem, isArray: true })
  items!: StockQueriesValuationItem[];

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalValue!: string;
}

export class AlertRow {
  @ApiProperty({ enum: ['low_stock', 'overstock', 'near_expiry', 'expired'] })
  kind!: 'low_stock' | 'overstock' | 'near_expiry' | 'expired';

  @ApiProperty({ type: String, format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ type: String })
  warehouseCode!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiProperty({ type: String })
  batchNo!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  qty!: string;

  @ApiProperty({ type: String, nullable: true })
  threshold!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  expiryDate!: string | null;
}

export class StockAlertsRecordResponse {
  @ApiProperty({ type: String, format: 'date' })
  date!: string;

  @ApiProperty({ type: 'number' })
  recorded!: number;
}

export class CountLineResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d{1,3})?$', description: 'book quantity at the snapshot' })
  bookQty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d{1,3})?$', nullable: true })
  countedQty!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d{1,3})?$', description: 'book at the snapshot + movements between the snapshot and the count' })
  expectedQty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d{1,3})?$', nullable: true, description: 'counted − expected (null while uncounted)' })
  varianceQty!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  countedAt!: Date | null;
}

/** 盘点单 with its lines. */
export class StockCountResponse extends describeEntity(StockCount) {
  @ApiProperty({ type: () => CountLineResponse, isArray: true })
  lines!: CountLineResponse[];
}

/** An alert as recorded on a day (库存预警记录). */
export class AlertHistoryRow extends AlertRow {
  @ApiProperty({ type: String, format: 'date' })
  alertDate!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt!: Date;
}
