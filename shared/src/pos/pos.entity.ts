import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { COST_COLUMN, decimalTransformer, MONEY_COLUMN, QTY_COLUMN } from '../common/money';
import { EnumTextColumn } from '../common/enum-text-column';
import { PAYMENT_METHOD_TYPE_VALUES, type PaymentMethodType } from '../catalog/catalog.entity';
import type { PromotionKind } from '../pricing/promotion.rules';
import { TillDocument, TillValueDocument } from './till-document';

/** A promotion as a sale applied it (its definition at the time, for refunds and reports). */
export interface SalePromotion {
  id: string;
  code: string;
  name: string;
  kind: PromotionKind;
  priority: number;
  stackable: boolean;
  rules: object;
  /** what it saved on the sale */
  saving: string;
}

/** A promotion on a sale line. */
export interface SaleLinePromotion {
  promotionId: string;
  code: string;
  name: string;
  kind: PromotionKind;
  saving: string;
  role: string;
}

/**
 * POS documents (收银): born at the store (the till sends the sale's UUID), pushed to HQ, where the
 * same tables hold every store's copies. One shape on both sides, so the cashier journal is one
 * service. Posted once, never updated: a refund is a new document pointing at the sale.
 * Names (cashier, product, payment method) are copied in, because a journal must show what the
 * receipt showed even after the master record changes.
 */

/** 销售单 / 小票 */
@Entity('pos_sale')
@Unique('uq_pos_sale_receipt', ['storeId', 'receiptNo'])
@Index(['storeId', 'businessDate'])
// chain-wide period reports at HQ (no store filter)
@Index(['businessDate'])
export class PosSale extends TillDocument {
  /** SALE-S001-T01-20261123-0001: per store and till */
  @Column({ name: 'receipt_no', type: 'varchar', length: 64 })
  receiptNo: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  @Column({ name: 'sold_at', type: 'timestamptz' })
  soldAt: Date;

  /** member card / member reference presented at the till (membership arrives later) */
  @Column({ name: 'member_ref', type: 'varchar', length: 40, nullable: true })
  memberRef: string | null;

  /** Σ quantity × unit price of the lines sold */
  @Column({ name: 'gross_amount', ...MONEY_COLUMN })
  grossAmount: string;

  /** line and whole-sale discounts */
  @Column({ name: 'discount_amount', ...MONEY_COLUMN })
  discountAmount: string;

  /** the promotions' part of `discountAmount` (促销优惠) */
  @Column({ name: 'promotion_discount', ...MONEY_COLUMN, default: 0 })
  promotionDiscount?: string;

  /**
   * the promotions the sale applied, as they were defined (kept so that a refund prices the kept
   * items again with exactly these, and HQ's reports name them); null: none
   */
  @Column({ type: 'jsonb', nullable: true })
  promotions?: SalePromotion[] | null;

  /** 抹零: signed adjustment of the rounding rule (total = gross − discount + rounding) */
  @Column({ name: 'rounding_amount', ...MONEY_COLUMN })
  roundingAmount: string;

  @Column({ name: 'total_amount', ...MONEY_COLUMN })
  totalAmount: string;

  /** Σ tendered */
  @Column({ name: 'paid_amount', ...MONEY_COLUMN })
  paidAmount: string;

  @Column({ name: 'change_amount', ...MONEY_COLUMN })
  changeAmount: string;

  /** sold with negative-stock selling on and some balance went below zero: needs follow-up */
  @Column({ name: 'negative_stock', type: 'boolean', default: false })
  negativeStock: boolean;

  /** sha-256 of the request (store) or the pushed body (HQ): a repeat with another body is refused */
  @Column({ name: 'payload_hash', type: 'varchar', length: 64 })
  payloadHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** price_change: a 调价单 in force at the moment of the sale */
export type PriceSource = 'retail' | 'store' | 'price_change' | 'member' | 'override' | 'barcode';

@Entity('pos_sale_line')
@Unique('uq_pos_sale_line', ['saleId', 'lineNo'])
export class PosSaleLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'sale_id', type: 'uuid' })
  saleId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'product_code', type: 'varchar', length: 32 })
  productCode: string;

  @Column({ name: 'product_name', type: 'varchar', length: 200 })
  productName: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  barcode: string | null;

  @Column(QTY_COLUMN)
  quantity: string;

  /** the catalog price before member price or override */
  @Column({ name: 'list_price', ...MONEY_COLUMN })
  listPrice: string;

  /** the price charged per unit */
  @Column({ name: 'unit_price', ...MONEY_COLUMN })
  unitPrice: string;

  @Column({ name: 'price_source', type: 'varchar', length: 12 })
  priceSource: PriceSource;

  /** what promotions took off the line (before the cashier's discounts) */
  @Column({ name: 'promotion_discount', ...MONEY_COLUMN, default: 0 })
  promotionDiscount?: string;

  /** the promotions the line took part in, what each saved on it and as what (买/赠); null: none */
  @Column({ type: 'jsonb', nullable: true })
  promotions?: SaleLinePromotion[] | null;

  /** 积分倍数 on this line; null = 1 */
  @Column({ name: 'points_multiplier', type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: decimalTransformer })
  pointsMultiplier?: string | null;

  @Column({ name: 'line_discount', ...MONEY_COLUMN })
  lineDiscount: string;

  /** this line's share of the whole-sale discount */
  @Column({ name: 'sale_discount', ...MONEY_COLUMN })
  saleDiscount: string;

  /** what the line costs the customer: quantity × unit price − discounts (refunds are paid from it) */
  @Column(MONEY_COLUMN)
  amount: string;

  /** removed at the till before completion: kept for the journal, never sold */
  @Column({ type: 'boolean', default: false })
  voided: boolean;

  /** stock left after the sale (set when it went below zero) */
  @Column({ name: 'balance_after', ...QTY_COLUMN, nullable: true })
  balanceAfter: string | null;

  /**
   * moving-average cost per unit the StockService took the goods out at (gross-margin reports);
   * null for voided lines and for lines pushed by a store version that did not send it
   */
  @Column({ name: 'unit_cost', ...COST_COLUMN, nullable: true })
  unitCost?: string | null;
}

@Entity('pos_sale_payment')
@Unique('uq_pos_sale_payment', ['saleId', 'lineNo'])
export class PosSalePayment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'sale_id', type: 'uuid' })
  saleId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'payment_method_id', type: 'uuid' })
  paymentMethodId: string;

  @Column({ name: 'method_code', type: 'varchar', length: 16 })
  methodCode: string;

  @Column({ name: 'method_name', type: 'varchar', length: 60 })
  methodName: string;

  @EnumTextColumn(PAYMENT_METHOD_TYPE_VALUES, { name: 'method_type', length: 16 })
  methodType: PaymentMethodType;

  /** what the customer handed over */
  @Column(MONEY_COLUMN)
  tendered: string;

  @Column({ name: 'change_amount', ...MONEY_COLUMN })
  changeAmount: string;

  /** tendered − change: what this method paid of the sale */
  @Column(MONEY_COLUMN)
  amount: string;

  /** card authorisation, mobile transaction or voucher number */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reference: string | null;
}

/** 退货单: a new document against a sale (or without a receipt, with the stronger permission). */
@Entity('pos_refund')
@Unique('uq_pos_refund_no', ['storeId', 'refundNo'])
@Index(['storeId', 'businessDate'])
@Index(['businessDate'])
export class PosRefund extends TillDocument {
  @Column({ name: 'refund_no', type: 'varchar', length: 64 })
  refundNo: string;

  @Index()
  @Column({ name: 'sale_id', type: 'uuid', nullable: true })
  saleId: string | null;

  @Column({ name: 'sale_receipt_no', type: 'varchar', length: 64, nullable: true })
  saleReceiptNo: string | null;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  @Column({ name: 'refunded_at', type: 'timestamptz' })
  refundedAt: Date;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ name: 'without_receipt', type: 'boolean', default: false })
  withoutReceipt: boolean;

  @Column({ name: 'total_amount', ...MONEY_COLUMN })
  totalAmount: string;

  @Column({ name: 'payload_hash', type: 'varchar', length: 64 })
  payloadHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('pos_refund_line')
@Unique('uq_pos_refund_line', ['refundId', 'lineNo'])
export class PosRefundLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'refund_id', type: 'uuid' })
  refundId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'sale_line_id', type: 'uuid', nullable: true })
  saleLineId: string | null;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'product_code', type: 'varchar', length: 32 })
  productCode: string;

  @Column({ name: 'product_name', type: 'varchar', length: 200 })
  productName: string;

  @Column(QTY_COLUMN)
  quantity: string;

  @Column(MONEY_COLUMN)
  amount: string;

  /** cost per unit the goods came back in at (the sale's cost when refunded against a receipt); null if unknown */
  @Column({ name: 'unit_cost', ...COST_COLUMN, nullable: true })
  unitCost?: string | null;
}

@Entity('pos_refund_payment')
@Unique('uq_pos_refund_payment', ['refundId', 'lineNo'])
export class PosRefundPayment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'refund_id', type: 'uuid' })
  refundId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'payment_method_id', type: 'uuid' })
  paymentMethodId: string;

  @Column({ name: 'method_code', type: 'varchar', length: 16 })
  methodCode: string;

  @Column({ name: 'method_name', type: 'varchar', length: 60 })
  methodName: string;

  @EnumTextColumn(PAYMENT_METHOD_TYPE_VALUES, { name: 'method_type', length: 16 })
  methodType: PaymentMethodType;

  /** money given back with this method */
  @Column(MONEY_COLUMN)
  amount: string;
}

export const TOP_UP_KIND_VALUES = ['top_up', 'reversal'] as const;
export type TopUpKind = (typeof TOP_UP_KIND_VALUES)[number];

/**
 * 充值单 and 充值冲正单: money a customer pays at the till onto a stored-value card (kind
 * `top_up`), or a whole top-up given back by a new document (kind `reversal`, pointing at it, with
 * a reason). One tender each; cash goes into the shift's drawer like a sale's. The card's balance
 * changes with it: a 本店卡 in the store's ledger in the same transaction, a chain card at HQ's
 * member center (online only). Born at the store, pushed to HQ (stream `pos.top-up`), never edited.
 * Amounts are positive; a reversal counts negative in sums.
 */
@Entity('pos_top_up')
@Unique('uq_pos_top_up_no', ['storeId', 'topUpNo'])
@Index('uq_pos_top_up_reversal', ['originalId'], { unique: true, where: 'original_id IS NOT NULL' })
@Index(['storeId', 'businessDate'])
@Index(['businessDate'])
export class PosTopUp extends TillValueDocument {
  /** TOPUP-S001-01-20261123-0001 (a reversal: TOPUPRV-…) */
  @Column({ name: 'top_up_no', type: 'varchar', length: 64 })
  topUpNo: string;

  @EnumTextColumn(TOP_UP_KIND_VALUES, { length: 12 })
  kind: TopUpKind;

  /** a reversal: the top-up it gives back (once) */
  @Column({ name: 'original_id', type: 'uuid', nullable: true })
  originalId: string | null;

  @Column({ name: 'original_no', type: 'varchar', length: 64, nullable: true })
  originalNo: string | null;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  @Column({ name: 'topped_up_at', type: 'timestamptz' })
  toppedUpAt: Date;

  @Column({ name: 'card_no', type: 'varchar', length: 40 })
  cardNo: string;

  /** chain: balance at HQ's member center; store: a 本店卡, balance here */
  @Column({ name: 'card_scope', type: 'varchar', length: 8 })
  cardScope: 'chain' | 'store';

  /** money onto the card (a reversal: off it); positive */
  @Column(MONEY_COLUMN)
  amount: string;

  /** the card's stored value after this document, as the ledger answered (printed on the slip) */
  @Column({ name: 'card_balance_after', ...MONEY_COLUMN, nullable: true })
  cardBalanceAfter: string | null;

  /** why a top-up was reversed */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One tender of a shift report: what the system expected in the drawer and what was counted. */
export interface ShiftTender {
  paymentMethodId: string;
  methodCode: string;
  methodName: string;
  methodType: PaymentMethodType;
  /** opening float (cash only) */
  float: string;
  sales: string;
  refunds: string;
  /** top-ups paid with this method less top-ups given back (充值 − 冲正); absent in reports of older stores */
  topUps?: string;
  /** gift cards sold with this method (礼品卡售卡: stored value, not goods); absent in reports of older stores */
  giftCards?: string;
  /** float + sales − refunds + top-ups + gift cards sold */
  expected: string;
  /** null: not counted (e.g. card totals settled by the terminal) */
  counted: string | null;
  difference: string | null;
}

/** 交班报表: written when a shift is handed over; id = the shift's id. */
@Entity('pos_shift_report')
@Index(['storeId', 'businessDate'])
export class PosShiftReport {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'store_code', type: 'varchar', length: 32 })
  storeCode: string;

  @Column({ name: 'shift_no', type: 'varchar', length: 64 })
  shiftNo: string;

  @Column({ name: 'till_code', type: 'varchar', length: 8 })
  tillCode: string;

  @Column({ name: 'cashier_id', type: 'uuid' })
  cashierId: string;

  @Column({ name: 'cashier_name', type: 'varchar', length: 100 })
  cashierName: string;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz' })
  closedAt: Date;

  @Column({ name: 'opening_float', ...MONEY_COLUMN })
  openingFloat: string;

  @Column({ name: 'sales_count', type: 'int' })
  salesCount: number;

  @Column({ name: 'sales_total', ...MONEY_COLUMN })
  salesTotal: string;

  @Column({ name: 'refunds_count', type: 'int' })
  refundsCount: number;

  @Column({ name: 'refunds_total', ...MONEY_COLUMN })
  refundsTotal: string;

  /** top-ups (充值) and reversals (冲正) of the shift: count of documents, net amount */
  @Column({ name: 'top_ups_count', type: 'int', default: 0 })
  topUpsCount: number;

  @Column({ name: 'top_ups_total', ...MONEY_COLUMN, default: 0 })
  topUpsTotal: string;

  @Column({ name: 'expected_total', ...MONEY_COLUMN })
  expectedTotal: string;

  /** Σ differences of the counted tenders (negative: short) */
  @Column({ name: 'difference_total', ...MONEY_COLUMN })
  differenceTotal: string;

  @Column({ type: 'jsonb' })
  tenders: ShiftTender[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'payload_hash', type: 'varchar', length: 64 })
  payloadHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The POS documents both servers keep (HQ: copies of every store's). */
export const POS_DOCUMENT_ENTITIES = [PosSale, PosSaleLine, PosSalePayment, PosRefund, PosRefundLine, PosRefundPayment, PosTopUp, PosShiftReport];
