import { ApiProperty } from '@nestjs/swagger';
import { ApiDecimal, ApiEnum, ApiId, ApiQty, describeEntity } from '../common/http/api-contract';
import { SETTLEMENT_TREATMENTS, type SettlementTreatment, TransferShipment, VARIANCE_REASONS, type VarianceReason } from './replenishment.entity';

// the batch schema sits beside the entity that stores the batches (its `batches` column names it)
export { ShippedBatchView } from './replenishment.entity';

/**
 * HQ's settlement of a shipment's variances, as both servers show it with the shipment (调拨出库 →
 * 差异结算): the one class HQ's and the store's shipment answers are documented with.
 */
export class ShipmentSettlementView {
  @ApiEnum(VARIANCE_REASONS, { description: '短少 short, 多发 over, 破损 damaged' })
  kind!: VarianceReason;

  @ApiEnum(SETTLEMENT_TREATMENTS)
  treatment!: SettlementTreatment;

  @ApiProperty({ type: String, description: 'the ledger reason code HQ wrote' })
  stockReason!: string;

  @ApiId()
  productId!: string;

  @ApiQty()
  quantity!: string;

  @ApiDecimal(6, { description: 'at the shipment’s unit cost' })
  amount!: string;
}

/**
 * A transfer shipment with its settlements, as HQ (调拨出库) and the receiving store show it; each
 * server adds its lines (HQ's with product and request names, the store's as it holds them).
 */
export class TransferShipmentWithSettlements extends describeEntity(TransferShipment) {
  @ApiProperty({ type: () => ShipmentSettlementView, isArray: true })
  settlements!: ShipmentSettlementView[];
}
