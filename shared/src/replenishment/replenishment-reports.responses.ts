import { ApiProperty } from '@nestjs/swagger';
import { ApiDate, ApiDateTime, ApiDecimal, ApiEnum, ApiMoney, ApiQty } from '../common/http/api-contract';
import { APPROVAL_STATUS_VALUES, type ApprovalStatus, SETTLEMENT_TREATMENTS, type SettlementTreatment, VARIANCE_REASONS, type VarianceReason } from './replenishment.entity';

/** Response bodies of replenishment-reports.ts (the OpenAPI contract, docs/api.md). */

/** The store and product a report row is about. */
class StoreProductColumns {
  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;
}

/** A row of 满足率: one store and product over the requests submitted in the period. */
export class FillRateReportRow extends StoreProductColumns {
  @ApiQty()
  requested!: string;

  @ApiQty()
  approved!: string;

  @ApiQty()
  shipped!: string;

  @ApiQty()
  received!: string;

  @ApiDecimal(2, { nullable: true, description: 'received ÷ requested × 100 (null: nothing requested)' })
  fillRate!: string | null;
}

/** A row of 在途: a shipped line not yet received, at HQ's transfer cost. */
export class InTransitReportRow extends StoreProductColumns {
  @ApiProperty({ type: String })
  shipmentNo!: string;

  @ApiDate()
  shipDate!: string;

  @ApiProperty({ type: 'integer' })
  lineNo!: number;

  @ApiQty()
  quantity!: string;

  @ApiDecimal(6)
  unitCost!: string;

  @ApiMoney()
  amount!: string;

  @ApiProperty({ type: 'integer', description: 'days since it was shipped' })
  days!: number;
}

/** A row of 未完成申请: a request HQ has not finished, by age. */
export class OpenRequestReportRow {
  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  requestNo!: string;

  @ApiEnum(APPROVAL_STATUS_VALUES)
  status!: ApprovalStatus;

  @ApiDateTime()
  submittedAt!: string;

  @ApiDate({ nullable: true })
  wantedBy!: string | null;

  @ApiProperty({ type: 'integer' })
  ageDays!: number;

  @ApiEnum(['0-2', '3-7', '8-30', '>30'], { description: 'days since submitted' })
  ageBucket!: string;

  @ApiQty({ nullable: true, description: 'requested (not yet decided) or approved and not yet received' })
  openQty!: string | null;
}

/** A row of 调拨差异: one variance of a posted receipt line, with HQ's settlement of it. */
export class TransferVarianceReportRow extends StoreProductColumns {
  @ApiProperty({ type: String })
  receiptNo!: string;

  @ApiDate()
  receiveDate!: string;

  @ApiProperty({ type: 'integer' })
  lineNo!: number;

  @ApiEnum(VARIANCE_REASONS)
  reason!: VarianceReason;

  @ApiQty()
  quantity!: string;

  @ApiMoney({ description: 'at the transfer cost' })
  value!: string;

  @ApiEnum(SETTLEMENT_TREATMENTS, { nullable: true, description: 'null until HQ settles it' })
  treatment!: SettlementTreatment | null;
}
