import { Check, Column, Entity, Index, Unique } from 'typeorm';
import { COST_COLUMN, EnumTextColumn, QTY_COLUMN } from '@chain-erp/shared';
import { PostedPurchaseDocumentColumns, PurchaseLineColumns } from './purchase-document.entity';

export const GOODS_RECEIPT_STATUS_VALUES = ['draft', 'posted', 'cancelled'] as const;
export type GoodsReceiptStatus = (typeof GOODS_RECEIPT_STATUS_VALUES)[number];
/** a normal receipt, or a correction that takes back (some of) a posted receipt's lines */
export const GOODS_RECEIPT_KIND_VALUES = ['receipt', 'correction'] as const;
export type GoodsReceiptKind = (typeof GOODS_RECEIPT_KIND_VALUES)[number];

/**
 * 验收入库. Posted receipts are never edited: a correction is another goods_receipt of kind
 * `correction` with negative quantities and `reverses_id` pointing at the original.
 */
@Entity('goods_receipt')
@Index('uq_goods_receipt_idempotency', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Index('ix_goods_receipt_delivery_note', ['supplierId', 'deliveryNoteNo'])
export class GoodsReceipt extends PostedPurchaseDocumentColumns {
  @EnumTextColumn(GOODS_RECEIPT_KIND_VALUES, { length: 12, default: 'receipt' })
  kind: GoodsReceiptKind;

  @Index()
  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Index()
  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId: string | null;

  @Index()
  @EnumTextColumn(GOODS_RECEIPT_STATUS_VALUES, { length: 12, default: 'draft' })
  status: GoodsReceiptStatus;

  /** supplier's delivery-note number (送货单号) */
  @Column({ name: 'delivery_note_no', type: 'varchar', length: 64, nullable: true })
  deliveryNoteNo: string | null;

  /** the user confirmed that a second receipt with the same supplier and note is intended */
  @Column({ name: 'duplicate_note_confirmed', type: 'boolean', default: false })
  duplicateNoteConfirmed: boolean;

  @Index()
  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  /** why a correction was made */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  lines?: GoodsReceiptLine[];
}

@Entity('goods_receipt_line')
@Unique('uq_goods_receipt_line_no', ['receiptId', 'lineNo'])
@Check('chk_goods_receipt_line_qty', 'quantity <> 0 AND unit_price >= 0')
export class GoodsReceiptLine extends PurchaseLineColumns {
  @Index()
  @Column({ name: 'receipt_id', type: 'uuid' })
  receiptId: string;

  @Index()
  @Column({ name: 'order_line_id', type: 'uuid', nullable: true })
  orderLineId: string | null;

  /** correction lines: the original receipt line they take back */
  @Index()
  @Column({ name: 'reverses_line_id', type: 'uuid', nullable: true })
  reversesLineId: string | null;

  /** outstanding on the order when the receipt was made (for the variance report) */
  @Column({ name: 'ordered_qty', ...QTY_COLUMN, nullable: true })
  orderedQty: string | null;

  /** actually received; negative on correction lines */
  declare quantity: string;

  /** net (tax-exclusive) cost per unit the stock came in at */
  @Column({ name: 'unit_cost', ...COST_COLUMN })
  unitCost: string;

  @Column({ name: 'batch_no', type: 'varchar', length: 40, nullable: true })
  batchNo: string | null;

  @Column({ name: 'expiry_date', type: 'date', nullable: true })
  expiryDate: string | null;
}
