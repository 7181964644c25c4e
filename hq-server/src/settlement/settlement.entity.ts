import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { decimalTextPattern, decimalTransformer, EnumTextColumn, MONEY_COLUMN, QTY_COLUMN } from '@chain-erp/shared';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

/**
 * 结算 (settlement) at HQ: one open-item ledger for what customers and stores owe HQ (应收) and what
 * HQ owes suppliers (应付). Every document that moves money writes one item in its own transaction;
 * payments and credit notes are matched to the items they settle by allocations (核销). Items and
 * allocations are never edited (a trigger refuses it), except an item's `allocated` running total.
 */
export const PARTY_TYPE_VALUES = ['customer', 'supplier', 'store'] as const;
export type PartyType = (typeof PARTY_TYPE_VALUES)[number];

/** The documents that post open items (a payment's reversal posts `<kind>_reversal`). */
export const SETTLEMENT_DOC_TYPE_VALUES = [
  'wholesale_delivery',
  'wholesale_return',
  'customer_receipt',
  'customer_receipt_reversal',
  'goods_receipt',
  'goods_receipt_correction',
  'purchase_return',
  'supplier_sales_settlement',
  'supplier_payment',
  'supplier_payment_reversal',
  'transfer_shipment',
  'transfer_variance',
  'store_payment',
  'store_payment_reversal',
  'stored_value_settlement',
] as const;
export type SettlementDocType = (typeof SETTLEMENT_DOC_TYPE_VALUES)[number];

/** What made an allocation. */
export const ALLOCATION_SOURCE_VALUES = ['payment', 'return', 'correction', 'manual', 'reversal', 'variance'] as const;
export type AllocationSourceType = (typeof ALLOCATION_SOURCE_VALUES)[number];
export const PARTY_TYPES: readonly PartyType[] = ['customer', 'supplier', 'store'];

/** Percent columns (markup, commission): 0.00–999.99. */
export const PERCENT_COLUMN = { type: 'numeric', precision: 5, scale: 2, transformer: decimalTransformer } as const;
/** Unit prices keep 4 places like product.purchase_price. */
export const UNIT_PRICE_COLUMN = { ...MONEY_COLUMN, scale: 4 } as const;

/**
 * 应收/应付 one item per money document. `amount` is signed from the ledger's point of view: positive
 * raises what the party owes HQ (receivables) or HQ owes the party (payables) — a delivery, a goods
 * receipt, a shipment to a store; negative lowers it — a payment, a return, a correction.
 * `allocated` is the part of `amount` already matched (same sign, never beyond it).
 */
@Entity('settlement_item')
@Unique('uq_settlement_item_doc', ['docType', 'docId'])
@Check('chk_settlement_item_allocated', 'amount <> 0 AND ((amount > 0 AND allocated >= 0 AND allocated <= amount) OR (amount < 0 AND allocated <= 0 AND allocated >= amount))')
@Index('ix_settlement_item_party', ['partyType', 'partyId', 'entryDate'])
@Index('ix_settlement_item_open', ['partyType', 'partyId', 'dueDate'], { where: 'allocated <> amount' })
export class SettlementItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @EnumTextColumn(PARTY_TYPE_VALUES, { name: 'party_type', length: 12 })
  partyType: PartyType;

  @Column({ name: 'party_id', type: 'uuid' })
  partyId: string;

  /** the store of a store's items (scope: a store user sees only these); null for customers and suppliers */
  @Index()
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  /** the document that made the item (its name on statements: DOC_TYPE_ZH) */
  @EnumTextColumn(SETTLEMENT_DOC_TYPE_VALUES, { name: 'doc_type', length: 32 })
  docType: SettlementDocType;

  @Column({ name: 'doc_id', type: 'uuid' })
  docId: string;

  @Index()
  @Column({ name: 'doc_no', type: 'varchar', length: 64 })
  docNo: string;

  /** the document's business date (ageing counts from it) */
  @Column({ name: 'doc_date', type: 'date' })
  docDate: string;

  /** 入账日期: the day the item entered the books (its posting day); statements cut periods by it */
  @Column({ name: 'entry_date', type: 'date' })
  entryDate: string;

  /** 到期日: doc date + payment terms (debits); null for credits */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column(MONEY_COLUMN)
  amount: string;

  @Column({ ...MONEY_COLUMN, default: 0 })
  allocated: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  description: string | null;

  /** what the amount was computed from (markup of a shipment, commission …) */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  meta: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * 核销: `amount` of a credit item (negative) settles `amount` of a debit item (positive). A
 * reversal is a row of the opposite sign pointing at the row it undoes (at most once).
 */
@Entity('settlement_allocation')
@Check('chk_settlement_allocation_amount', 'amount <> 0')
@Index('uq_settlement_allocation_reverses', ['reversesId'], { unique: true, where: 'reverses_id IS NOT NULL' })
export class SettlementAllocation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @EnumTextColumn(PARTY_TYPE_VALUES, { name: 'party_type', length: 12 })
  partyType: PartyType;

  @Index()
  @Column({ name: 'party_id', type: 'uuid' })
  partyId: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  @Index()
  @Column({ name: 'debit_item_id', type: 'uuid' })
  debitItemId: string;

  @Index()
  @Column({ name: 'credit_item_id', type: 'uuid' })
  creditItemId: string;

  @Column(MONEY_COLUMN)
  amount: string;

  /** the day the match entered the books (ageing as of an earlier day ignores it) */
  @Column({ name: 'allocated_on', type: 'date' })
  allocatedOn: string;

  /** what made it */
  @EnumTextColumn(ALLOCATION_SOURCE_VALUES, { name: 'source_type', length: 32 })
  sourceType: AllocationSourceType;

  @Column({ name: 'source_id', type: 'uuid', nullable: true })
  sourceId: string | null;

  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** 收款单 (from a customer), 付款单 (to a supplier), 门店缴款单 (from a store). */
export const PAYMENT_KIND_VALUES = ['customer_receipt', 'supplier_payment', 'store_payment'] as const;
export type PaymentKind = (typeof PAYMENT_KIND_VALUES)[number];
export const PAYMENT_STATUS_VALUES = ['draft', 'posted', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUS_VALUES)[number];
export type SettlementMethod = 'cash' | 'bank' | 'cheque' | 'bill' | 'offset' | 'other';
export const SETTLEMENT_METHODS: readonly SettlementMethod[] = ['cash', 'bank', 'cheque', 'bill', 'offset', 'other'];

export interface PlannedAllocation {
  itemId: string;
  amount: string;
}

/** The schema of a draft payment's `plannedAllocations`: its allocations, `auto` (oldest due first), or null. */
export const PLANNED_ALLOCATIONS_PROPERTY: ApiPropertyOptions = {
  oneOf: [
    {
      type: 'array',
      items: {
        type: 'object',
        properties: { itemId: { type: 'string', format: 'uuid' }, amount: { type: 'string', format: 'decimal', pattern: decimalTextPattern(2) } },
        required: ['itemId', 'amount'],
      },
    },
    { type: 'string', enum: ['auto'] },
  ],
  nullable: true,
  description: 'a draft’s allocations, applied when it is posted; `auto`: oldest due first',
};

@Entity('settlement_payment')
@Check('chk_settlement_payment_amount', 'amount > 0')
@Index('uq_settlement_payment_idempotency', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Index('uq_settlement_payment_reverses', ['reversesId'], { unique: true, where: 'reverses_id IS NOT NULL' })
@Index('ix_settlement_payment_party', ['partyType', 'partyId'])
export class SettlementPayment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @EnumTextColumn(PAYMENT_KIND_VALUES, { length: 20 })
  kind: PaymentKind;

  @EnumTextColumn(PARTY_TYPE_VALUES, { name: 'party_type', length: 12 })
  partyType: PartyType;

  @Column({ name: 'party_id', type: 'uuid' })
  partyId: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  @Index()
  @EnumTextColumn(PAYMENT_STATUS_VALUES, { length: 12 })
  status: PaymentStatus;

  /** always positive; a reversal (冲销) has the original's amount and points at it */
  @Column(MONEY_COLUMN)
  amount: string;

  @Column({ type: 'varchar', length: 12 })
  method: SettlementMethod;

  /** bank reference, cheque number … */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null;

  /** the day the money moved (as the bank says) */
  @Column({ name: 'paid_on', type: 'date' })
  paidOn: string;

  /** set at posting: the day it entered the books */
  @Index()
  @Column({ name: 'entry_date', type: 'date', nullable: true })
  entryDate: string | null;

  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

  /** a draft's allocations, applied (and checked again) when it is posted; `auto` = oldest first */
  @Column({ name: 'planned_allocations', type: 'jsonb', nullable: true })
  @ApiProperty(PLANNED_ALLOCATIONS_PROPERTY)
  plannedAllocations: PlannedAllocation[] | 'auto' | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 64, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'posted_by', type: 'uuid', nullable: true })
  postedBy: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

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

export const STATEMENT_STATUS_VALUES = ['draft', 'sent', 'confirmed', 'disputed', 'cancelled'] as const;
export type StatementStatus = (typeof STATEMENT_STATUS_VALUES)[number];

/**
 * 对账单: the party's items not yet on an earlier statement, entered up to the period's last day,
 * frozen when the statement is made (so it reads the same after later documents: an item entered
 * later, even one dated inside the period, goes on the next statement), sent to the party and
 * confirmed or disputed by it. The opening balance is the closing balance of the statements before.
 */
@Entity('settlement_statement')
@Index('ix_settlement_statement_party', ['partyType', 'partyId', 'periodFrom'])
export class SettlementStatement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @EnumTextColumn(PARTY_TYPE_VALUES, { name: 'party_type', length: 12 })
  partyType: PartyType;

  @Column({ name: 'party_id', type: 'uuid' })
  partyId: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  @Column({ name: 'period_from', type: 'date' })
  periodFrom: string;

  @Column({ name: 'period_to', type: 'date' })
  periodTo: string;

  @Column({ name: 'opening_balance', ...MONEY_COLUMN })
  openingBalance: string;

  @Column({ name: 'debit_total', ...MONEY_COLUMN })
  debitTotal: string;

  @Column({ name: 'credit_total', ...MONEY_COLUMN })
  creditTotal: string;

  @Column({ name: 'closing_balance', ...MONEY_COLUMN })
  closingBalance: string;

  @Index()
  @EnumTextColumn(STATEMENT_STATUS_VALUES, { length: 12 })
  status: StatementStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'sent_by', type: 'uuid', nullable: true })
  sentBy: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'confirmed_by', type: 'uuid', nullable: true })
  confirmedBy: string | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** who confirmed on the party's side, and how (e.g. 供应商财务 王五, by e-mail) */
  @Column({ name: 'confirm_note', type: 'varchar', length: 500, nullable: true })
  confirmNote: string | null;

  @Column({ name: 'disputed_by', type: 'uuid', nullable: true })
  disputedBy: string | null;

  @Column({ name: 'disputed_at', type: 'timestamptz', nullable: true })
  disputedAt: Date | null;

  @Column({ name: 'dispute_reason', type: 'varchar', length: 500, nullable: true })
  disputeReason: string | null;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A line per item; an item is on one statement at most (a cancelled statement lets its items go: `active` false). */
@Entity('settlement_statement_line')
@Unique('uq_settlement_statement_line_no', ['statementId', 'lineNo'])
@Index('uq_settlement_statement_line_item', ['itemId'], { unique: true, where: 'active' })
export class SettlementStatementLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'statement_id', type: 'uuid' })
  statementId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @Column({ name: 'entry_date', type: 'date' })
  entryDate: string;

  @Column({ name: 'doc_date', type: 'date' })
  docDate: string;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @EnumTextColumn(SETTLEMENT_DOC_TYPE_VALUES, { name: 'doc_type', length: 32 })
  docType: SettlementDocType;

  @Column({ name: 'doc_no', type: 'varchar', length: 64 })
  docNo: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  description: string | null;

  @Column(MONEY_COLUMN)
  debit: string;

  @Column(MONEY_COLUMN)
  credit: string;

  /** running balance after this line */
  @Column(MONEY_COLUMN)
  balance: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}

export type SalesSettlementMode = 'consignment' | 'concession';
export const SALES_SETTLEMENT_STATUS_VALUES = ['draft', 'posted', 'cancelled'] as const;
export type SalesSettlementStatus = (typeof SALES_SETTLEMENT_STATUS_VALUES)[number];

/**
 * 代销/联营结算单: what HQ owes a consignment (代销: net quantity sold × settlement price) or
 * concession (联营: net sales − commission) supplier for the sales of a period — the stores' sales
 * HQ received plus HQ's own wholesale, net of refunds and returns. A second one for the same period
 * settles only what was sold there since (late sales from offline stores).
 */
@Entity('supplier_sales_settlement')
@Index('ix_supplier_sales_settlement_period', ['supplierId', 'periodFrom', 'periodTo'])
export class SupplierSalesSettlement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ name: 'supplier_id', type: 'uuid' })
  supplierId: string;

  @Column({ type: 'varchar', length: 12 })
  mode: SalesSettlementMode;

  @Column({ name: 'period_from', type: 'date' })
  periodFrom: string;

  @Column({ name: 'period_to', type: 'date' })
  periodTo: string;

  @Index()
  @EnumTextColumn(SALES_SETTLEMENT_STATUS_VALUES, { length: 12 })
  status: SalesSettlementStatus;

  /** concession: the commission percent applied */
  @Column({ name: 'commission_rate', ...PERCENT_COLUMN, nullable: true })
  commissionRate: string | null;

  @Column({ name: 'total_qty', ...QTY_COLUMN })
  totalQty: string;

  @Column({ name: 'sales_amount', ...MONEY_COLUMN })
  salesAmount: string;

  @Column({ name: 'commission_amount', ...MONEY_COLUMN })
  commissionAmount: string;

  @Column({ name: 'payable_amount', ...MONEY_COLUMN })
  payableAmount: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'posted_by', type: 'uuid', nullable: true })
  postedBy: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

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

@Entity('supplier_sales_settlement_line')
@Unique('uq_supplier_sales_settlement_line_no', ['settlementId', 'lineNo'])
export class SupplierSalesSettlementLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'settlement_id', type: 'uuid' })
  settlementId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  /** the store that sold it; null for HQ's wholesale */
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  /** net quantity sold (sales − refunds/returns; a supplement may be negative) */
  @Column(QTY_COLUMN)
  quantity: string;

  @Column({ name: 'sales_amount', ...MONEY_COLUMN })
  salesAmount: string;

  /** consignment: the settlement price per unit (the supplier's last receipt price, else the product's purchase price) */
  @Column({ name: 'unit_price', ...UNIT_PRICE_COLUMN, nullable: true })
  unitPrice: string | null;

  @Column({ name: 'commission_amount', ...MONEY_COLUMN })
  commissionAmount: string;

  @Column({ name: 'payable_amount', ...MONEY_COLUMN })
  payableAmount: string;
}

/**
 * 储值结算单: a store's chain stored-value business not yet settled, up to the end of a day — cash it
 * took for top-ups and money it put back on cards (owed to HQ) against stored value its customers
 * spent there (owed by HQ). Posted at once. Each member-ledger row is settled once
 * (stored_value_settlement_entry), so a row that commits late is taken by the next settlement.
 */
@Entity('stored_value_settlement')
@Index('ix_stored_value_settlement_period', ['storeId', 'periodFrom', 'periodTo'])
export class StoredValueSettlement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'period_from', type: 'date' })
  periodFrom: string;

  @Column({ name: 'period_to', type: 'date' })
  periodTo: string;

  @Column({ name: 'top_up_amount', ...MONEY_COLUMN })
  topUpAmount: string;

  @Column({ name: 'refund_amount', ...MONEY_COLUMN })
  refundAmount: string;

  /** spent at this store, net of reversed payments */
  @Column({ name: 'spent_amount', ...MONEY_COLUMN })
  spentAmount: string;

  /** top-ups + refunds − spent: positive = the store owes HQ */
  @Column({ name: 'net_amount', ...MONEY_COLUMN })
  netAmount: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The member-ledger rows a stored-value settlement took (each once). */
@Entity('stored_value_settlement_entry')
export class StoredValueSettlementEntry {
  @PrimaryColumn({ name: 'ledger_id', type: 'uuid' })
  ledgerId: string;

  @Index()
  @Column({ name: 'settlement_id', type: 'uuid' })
  settlementId: string;
}

/** 门店结算条件: how HQ charges a store for the goods it ships there. */
@Entity('store_settlement_terms')
export class StoreSettlementTerms {
  @PrimaryColumn({ name: 'store_id', type: 'uuid' })
  storeId: string;

  /** transfer price = HQ cost × (1 + markup%) */
  @Column({ name: 'markup_percent', ...PERCENT_COLUMN, default: 0 })
  markupPercent: string;

  /** a shipment is due this many days after it was shipped (none = at once) */
  @Column({ name: 'payment_terms_days', type: 'int', nullable: true })
  paymentTermsDays: number | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const SETTLEMENT_ENTITIES = [
  SettlementItem,
  SettlementAllocation,
  SettlementPayment,
  SettlementStatement,
  SettlementStatementLine,
  SupplierSalesSettlement,
  SupplierSalesSettlementLine,
  StoredValueSettlement,
  StoredValueSettlementEntry,
  StoreSettlementTerms,
];
