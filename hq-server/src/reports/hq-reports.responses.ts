import { ApiProperty } from '@nestjs/swagger';
import { ApiMoney } from '@chain-erp/shared';

/** Response bodies of hq-reports.module.ts (the OpenAPI contract, docs/api.md). */

/** The amounts of 采购汇总: a supplier's row and the 合计 row. */
export class PurchasingSummaryTotals {
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
export class PurchasingSummaryRow extends PurchasingSummaryTotals {
  @ApiProperty({ type: String })
  supplierCode!: string;

  @ApiProperty({ type: String })
  supplierName!: string;
}
