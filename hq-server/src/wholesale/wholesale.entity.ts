import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { COST_COLUMN, decimalTransformer, EnumTextColumn, MONEY_COLUMN, QTY_COLUMN, ShippedBatch } from '@chain-erp/shared';

/** Tax rate in percent, like product.tax_rate. */
const TAX_RATE_COLUMN = { type: 'numeric', precision: 5, scale: 2, transformer: decimalTransformer } as const;
/** Unit prices keep 4 places (wholesale quotes per piece). */
const PRICE_COLUMN = { ...MONEY_COLUMN, scale: 4 } as const;

/** Where a line's price came from. */
export const PRICE_SOURCE_VALUES = ['contract', 'wholesale', 'member', 'retail', 'manual'] as const;
export type PriceSource = (typeof PRICE_SOURCE_VALUES)[number];

/** Header columns of the three wholesale documents (order, delivery, return). */
abstract class WholesaleDocumentColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  /** the issuing org (HQ); drives the scope rules */
  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @Index()
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @Column({ name: 'total_qty', ...QTY_COLUMN, default: 0 })
  totalQty: string;

  /** Σ line amounts, tax included */
  @Column({ name: 'total_amount', ...MONEY_COLUMN, default: 0 })
  totalAmount: string;

  @Column({ name: 'total_tax', ...MONEY_COLUMN, default: 0 })
  totalTax: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

abstract class WholesaleLineColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column(QTY_COLUMN)
  quantity: string;

  /** tax-inclusive (含税单价) */
  @Column({ name: 'unit_price', ...PRICE_COLUMN })
  unitPrice: string;

  @Column({ name: 'tax_rate', ...TAX_RATE_COLUMN })
  taxRate: string;

  @Column(MONEY_COLUMN)
  amount: string;

  @Column({ name: 'tax_amount', ...MONEY_COLUMN })
  taxAmount: string;
}

export const WHOLESALE_ORDER_STATUS_VALUES = ['draft', 'submitted', 'approved', 'partially_delivered', 'delivered', 'closed', 'cancelled'] as const;
export type WholesaleOrderStatus = (typeof WHOLESALE_ORDER_STATUS_VALUES)[number];

/**
 * 批发订单. Approval checks the customer's credit: open receivables + approved orders not yet
 * delivered + this order against the credit limit; beyond it only a user with
 * wholesale.order.approve.credit approves, and the figures and that approval stay on the order.
 */
@Entity('wholesale_order')
export class WholesaleOrder extends WholesaleDocumentColumns {
  @Index()
  @EnumTextColumn(WHOLESALE_ORDER_STATUS_VALUES, { length: 20, default: 'draft' })
  status: WholesaleOrderStatus;

  @Index()
  @Column({ name: 'order_date', type: 'date' })
  orderDate: string;

  @Column({ name: 'expected_date', type: 'date', nullable: true })
  expectedDate: string | null;

  /** the customer's price level when the order was priced */
  @Column({ name: 'price_level', type: 'varchar', length: 16 })
  priceLevel: string;

  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  // the credit check at approval (信用检查)
  @Column({ name: 'credit_limit', ...MONEY_COLUMN, nullable: true })
  creditLimit: string | null;

  /** the customer's balance (open receivables net of unapplied payments) */
  @Column({ name: 'credit_balance', ...MONEY_COLUMN, nullable: true })
  creditBalance: string | null;

  /** other approved orders, not yet delivered */
  @Column({ name: 'credit_open_orders', ...MONEY_COLUMN, nullable: true })
  creditOpenOrders: string | null;

  /** balance + open orders + this order */
  @Column({ name: 'credit_exposure', ...MONEY_COLUMN, nullable: true })
  creditExposure: string | null;

  @Column({ name: 'credit_exceeded', type: 'boolean', default: false })
  creditExceeded: boolean;

  /** who approved beyond the limit (wholesale.order.approve.credit) */
  @Column({ name: 'credit_approved_by', type: 'uuid', nullable: true })
  creditApprovedBy: string | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 500, nullable: true })
  closeReason: string | null;
}

@Entity('wholesale_order_line')
@Unique('uq_wholesale_order_line_no', ['orderId', 'lineNo'])
@Check('chk_wholesale_order_line_qty', 'quantity > 0 AND unit_price >= 0 AND delivered_qty >= 0 AND delivered_qty <= quantity')
export class WholesaleOrderLine extends WholesaleLineColumns {
  @Index()
  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @EnumTextColumn(PRICE_SOURCE_VALUES, { name: 'price_source', length: 12 })
  priceSource: PriceSource;

  /** the price the rules gave (contract, level); differs from unit_price on a manual price */
  @Column({ name: 'list_price', ...PRICE_COLUMN })
  listPrice: string;

  /** Σ posted deliveries; never above the ordered quantity */
  @Column({ name: 'delivered_qty', ...QTY_COLUMN, default: 0 })
  deliveredQty: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;
}

export const WHOLESALE_DOC_STATUS_VALUES = ['draft', 'posted', 'cancelled'] as const;
export type WholesaleDocStatus = (typeof WHOLESALE_DOC_STATUS_VALUES)[number];

/** Posted by one request, which a retry with the same key gets back. */
abstract class PostedWholesaleColumns extends WholesaleDocumentColumns {
  @Index()
  @EnumTextColumn(WHOLESALE_DOC_STATUS_VALUES, { length: 12, default: 'draft' })
  status: WholesaleDocStatus;

  @Index()
  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  /** cost of the goods at the moving average (deliveries: what left; returns: what came back) */
  @Column({ name: 'total_cost', ...COST_COLUMN, default: 0 })
  totalCost: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 64, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'posted_by', type: 'uuid', nullable: true })
  postedBy: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;
}

/** 批发出库: goods leave an HQ warehouse for the customer against an approved order; posting books the receivable (应收). */
@Entity('wholesale_delivery')
@Index('uq_wholesale_delivery_idempotency', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class WholesaleDelivery extends PostedWholesaleColumns {
  @Index()
  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  /** 到期日: business date + the customer's payment terms (set at posting) */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;
}

@Entity('wholesale_delivery_line')
@Unique('uq_wholesale_delivery_line_no', ['deliveryId', 'lineNo'])
@Check('chk_wholesale_delivery_line_qty', 'quantity > 0 AND returned_qty >= 0 AND returned_qty <= quantity')
export class WholesaleDeliveryLine extends WholesaleLineColumns {
  @Index()
  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @Index()
  @Column({ name: 'order_line_id', type: 'uuid' })
  orderLineId: string;

  /** a batch the customer asked for; none = first expiry first out */
  @Column({ name: 'batch_no', type: 'varchar', length: 40, nullable: true })
  batchNo: string | null;

  /** moving-average cost the goods left at (set at posting) */
  @Column({ name: 'unit_cost', ...COST_COLUMN, nullable: true })
  unitCost: string | null;

  @Column({ name: 'cost_amount', ...COST_COLUMN, nullable: true })
  costAmount: string | null;

  /** the batches that left (FEFO), for returns to come back into */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  batches: ShippedBatch[];

  /** Σ posted returns; never above the delivered quantity */
  @Column({ name: 'returned_qty', ...QTY_COLUMN, default: 0 })
  returnedQty: string;
}

/** 批发退货: goods come back from a posted delivery; posting credits the customer (红字应收). */
@Entity('wholesale_return')
@Index('uq_wholesale_return_idempotency', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class WholesaleReturn extends PostedWholesaleColumns {
  @Index()
  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @Column({ type: 'varchar', length: 500 })
  reason: string;
}

@Entity('wholesale_return_line')
@Unique('uq_wholesale_return_line_no', ['returnId', 'lineNo'])
@Check('chk_wholesale_return_line_qty', 'quantity > 0')
export class WholesaleReturnLine extends WholesaleLineColumns {
  @Index()
  @Column({ name: 'return_id', type: 'uuid' })
  returnId: string;

  @Index()
  @Column({ name: 'delivery_line_id', type: 'uuid' })
  deliveryLineId: string;

  /** the cost the goods left at: they come back at it */
  @Column({ name: 'unit_cost', ...COST_COLUMN, nullable: true })
  unitCost: string | null;

  @Column({ name: 'cost_amount', ...COST_COLUMN, nullable: true })
  costAmount: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  batches: ShippedBatch[];
}

/** 客户协议价: a customer's agreed price for a product over a period (before any price level). */
@Entity('customer_price')
@Unique('uq_customer_price_period', ['customerId', 'productId', 'validFrom'])
@Check('chk_customer_price', 'price >= 0 AND (valid_to IS NULL OR valid_to >= valid_from)')
export class CustomerPrice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  /** tax-inclusive */
  @Column(PRICE_COLUMN)
  price: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const WHOLESALE_ENTITIES = [WholesaleOrder, WholesaleOrderLine, WholesaleDelivery, WholesaleDeliveryLine, WholesaleReturn, WholesaleReturnLine, CustomerPrice];
