import { ApiProperty } from '@nestjs/swagger';
import { ApiMoney } from '@chain-erp/shared';

/** Response bodies of hq-reports.module.ts (the OpenAPI contract, docs/api.md). */

/** The amounts of 采购汇总: a supplier's row and the 合计 row. */
class PurchasingSummaryAmounts {
  @ApiProperty({ type: 'integer', description: 'orders placed in the period (approved or further)' })
  orders!: number;

  @ApiMoney({ description: 'ordered, incl. tax' })
  orderedAmount!: string;

  @ApiMoney({ description: 'received (posted receipts, corrections included)' })
  receivedAmount!: string;

  @ApiMoney({ description: 'returned to the supplier' })
  returnedAmount!: string;

  @ApiMoney({ description: 'received less returned' })
  netAmount!: string;

  @ApiMoney({ description: "the period's orders not yet received" })
  openAmount!: string;
}

/** A supplier's row of 采购汇总. */
export class PurchasingSummaryRow extends PurchasingSummaryAmounts {
  @ApiProperty({ type: String })
  supplierCode!: string;

  @ApiProperty({ type: String })
  supplierName!: string;
}

/** The 合计 row: the sums, its row columns null. */
export class PurchasingSummaryTotals extends PurchasingSummaryAmounts {
  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  supplierCode!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  supplierName!: string | null;
}
