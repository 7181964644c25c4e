import { Check, Column, Entity, Index, Unique } from 'typeorm';
import { COST_COLUMN, EnumTextColumn } from '@chain-erp/shared';
import { PostedPurchaseDocumentColumns, PurchaseLineColumns } from './purchase-document.entity';

export const PURCHASE_RETURN_STATUS_VALUES = ['draft', 'posted', 'cancelled'] as const;
export type PurchaseReturnStatus = (typeof PURCHASE_RETURN_STATUS_VALUES)[number];

/** 采购退货: goods sent back to the supplier, from a receipt or free. */
@Entity('purchase_return')
@Index('uq_purchase_return_idempotency', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class PurchaseReturn extends PostedPurchaseDocumentColumns {
  @Index()
  @Column({ name: 'receipt_id', type: 'uuid', nullable: true })
  receiptId: string | null;

  @EnumTextColumn(PURCHASE_RETURN_STATUS_VALUES, { length: 12, default: 'draft' })
  status: PurchaseReturnStatus;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  /** why the goods go back (damaged, wrong goods, …) */
  @Column({ type: 'varchar', length: 500 })
  reason: string;

  lines?: PurchaseReturnLine[];
}

@Entity('purchase_return_line')
@Unique('uq_purchase_return_line_no', ['returnId', 'lineNo'])
@Check('chk_purchase_return_line_qty', 'quantity > 0 AND unit_price >= 0')
export class PurchaseReturnLine extends PurchaseLineColumns {
  @Index()
  @Column({ name: 'return_id', type: 'uuid' })
  returnId: string;

  @Index()
  @Column({ name: 'receipt_line_id', type: 'uuid', nullable: true })
  receiptLineId: string | null;

  /** returned quantity (positive; the stock movement is negative) */
  declare quantity: string;

  /** moving-average cost the stock left at (filled at posting) */
  @Column({ name: 'posted_cost', ...COST_COLUMN, nullable: true })
  postedCost: string | null;

  @Column({ name: 'batch_no', type: 'varchar', length: 40, nullable: true })
  batchNo: string | null;
}
