import { ApiDate, ApiDateTime, ApiDecimal, ApiEnum, ApiId, ApiInt, ApiMoney, ApiQty, CodeNameRef, TotalsOf } from '@chain-erp/shared';
import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import {
  ALLOCATION_SOURCE_VALUES,
  type AllocationSourceType,
  PARTY_TYPE_VALUES,
  type PartyType,
  PAYMENT_STATUS_VALUES,
  type PaymentStatus,
  SALES_SETTLEMENT_STATUS_VALUES,
  type SalesSettlementMode,
  type SalesSettlementStatus,
  SETTLEMENT_DOC_TYPE_VALUES,
  SETTLEMENT_METHODS,
  type SettlementDocType,
  type SettlementMethod,
  PLANNED_ALLOCATIONS_PROPERTY,
  type PlannedAllocation,
  SettlementPayment,
  STATEMENT_STATUS_VALUES,
  type StatementStatus,
} from './settlement.entity';

/** Response bodies of settlement.controllers.ts (the OpenAPI contract, docs/api.md). */

/** A row of a payment list (收款单, 门店缴款单, 付款单). */
export class PaymentRow {
  @ApiId()
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiDate()
  paidOn!: string;

  @ApiDate({ nullable: true, description: 'the day it entered the books (set at posting)' })
  entryDate!: string | null;

  @ApiId()
  partyId!: string;

  @ApiProperty({ type: String })
  partyCode!: string;

  @ApiProperty({ type: String })
  partyName!: string;

  @ApiEnum(SETTLEMENT_METHODS)
  method!: SettlementMethod;

  @ApiProperty({ type: String, nullable: true })
  reference!: string | null;

  @ApiEnum(PAYMENT_STATUS_VALUES)
  status!: PaymentStatus;

  @ApiMoney()
  amount!: string;

  @ApiMoney({ description: 'matched to documents so far' })
  allocatedAmount!: string;

  @ApiMoney({ description: 'not matched yet (预收/预付); 0 for a reversal or a draft' })
  unallocatedAmount!: string;

  @ApiId({ nullable: true })
  reversesId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reversesNumber!: string | null;

  @ApiProperty({ type: String, nullable: true })
  remark!: string | null;

  @ApiDateTime()
  createdAt!: string;
}

/** The 合计 row of a payment list: posted amounts (a reversal counted negative) and what is unallocated. */
export class PaymentTotals extends TotalsOf(PaymentRow, ['amount', 'unallocatedAmount']) {}

/** An allocation of the payment: the amount set against one ledger item (the other side's document). */
export class PaymentAllocationRow {
  @ApiId()
  id!: string;

  @ApiMoney()
  amount!: string;

  @ApiDate()
  allocatedOn!: string;

  @ApiEnum(ALLOCATION_SOURCE_VALUES)
  sourceType!: AllocationSourceType;

  @ApiId({ nullable: true })
  reversesId!: string | null;

  @ApiId()
  itemId!: string;

  @ApiEnum(SETTLEMENT_DOC_TYPE_VALUES)
  docType!: SettlementDocType;

  @ApiProperty({ type: String })
  docNo!: string;

  @ApiDate({ nullable: true })
  dueDate!: string | null;
}

export class PaymentGetResponse {
  @ApiProperty({ type: () => CodeNameRef })
  party!: CodeNameRef;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  itemId!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  unallocatedAmount!: string;

  @ApiProperty({ type: () => PaymentAllocationRow, isArray: true })
  allocations!: PaymentAllocationRow[];

  @ApiProperty({ type: () => SettlementPayment, nullable: true })
  reversedBy!: SettlementPayment | null;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ enum: ['customer_receipt', 'supplier_payment', 'store_payment'] })
  kind!: 'customer_receipt' | 'supplier_payment' | 'store_payment';

  @ApiProperty({ enum: ['supplier', 'customer', 'store'] })
  partyType!: 'supplier' | 'customer' | 'store';

  @ApiProperty({ type: String, format: 'uuid' })
  partyId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ enum: ['draft', 'cancelled', 'posted'] })
  status!: 'draft' | 'cancelled' | 'posted';

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  amount!: string;

  @ApiProperty({ enum: ['cash', 'bank', 'cheque', 'bill', 'offset', 'other'] })
  method!: 'cash' | 'bank' | 'cheque' | 'bill' | 'offset' | 'other';

  @ApiProperty({ type: String, nullable: true })
  reference!: string | null;

  @ApiProperty({ type: String })
  paidOn!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  entryDate!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reversesId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  remark!: string | null;

  @ApiProperty(PLANNED_ALLOCATIONS_PROPERTY)
  plannedAllocations!: PlannedAllocation[] | 'auto' | null;

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey!: string | null;

  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  postedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  postedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  cancelledBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

/** A line of a live statement: one ledger item with the running balance after it. */
export class StatementPreviewLine {
  @ApiId()
  itemId!: string;

  @ApiDate()
  entryDate!: string;

  @ApiDate()
  docDate!: string;

  @ApiDate({ nullable: true })
  dueDate!: string | null;

  @ApiEnum(SETTLEMENT_DOC_TYPE_VALUES)
  docType!: SettlementDocType;

  @ApiProperty({ type: String })
  docTypeZh!: string;

  @ApiProperty({ type: String })
  docNo!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiMoney()
  debit!: string;

  @ApiMoney()
  credit!: string;

  @ApiMoney()
  balance!: string;
}

export class StatementPreviewResponse {
  @ApiProperty({ enum: ['supplier', 'customer', 'store'] })
  partyType!: 'supplier' | 'customer' | 'store';

  @ApiProperty({ type: () => CodeNameRef })
  party!: CodeNameRef;

  @ApiProperty({ type: String })
  from!: string;

  @ApiProperty({ type: String })
  to!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  openingBalance!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  debitTotal!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  creditTotal!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  closingBalance!: string;

  @ApiProperty({ type: () => StatementPreviewLine, isArray: true })
  lines!: StatementPreviewLine[];
}

export class StatementGetLine {
  @ApiProperty({ type: String })
  docTypeZh!: string;

  @ApiProperty({ type: String })
  debit!: string;

  @ApiProperty({ type: String })
  credit!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  balance!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  statementId!: string;

  @ApiProperty({ type: 'number' })
  lineNo!: number;

  @ApiProperty({ type: String, format: 'uuid' })
  itemId!: string;

  @ApiProperty({ type: String, format: 'date' })
  entryDate!: string;

  @ApiProperty({ type: String, format: 'date' })
  docDate!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueDate!: string | null;

  @ApiEnum(SETTLEMENT_DOC_TYPE_VALUES)
  docType!: SettlementDocType;

  @ApiProperty({ type: String })
  docNo!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: Boolean })
  active!: boolean;
}

export class StatementGetResponse {
  @ApiProperty({ type: () => CodeNameRef })
  party!: CodeNameRef;

  @ApiProperty({ type: () => StatementGetLine, isArray: true })
  lines!: StatementGetLine[];

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ enum: ['supplier', 'customer', 'store'] })
  partyType!: 'supplier' | 'customer' | 'store';

  @ApiProperty({ type: String, format: 'uuid' })
  partyId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: String })
  periodFrom!: string;

  @ApiProperty({ type: String })
  periodTo!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  openingBalance!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  debitTotal!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  creditTotal!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  closingBalance!: string;

  @ApiProperty({ enum: ['draft', 'cancelled', 'sent', 'confirmed', 'disputed'] })
  status!: 'draft' | 'cancelled' | 'sent' | 'confirmed' | 'disputed';

  @ApiProperty({ type: String, nullable: true })
  remark!: string | null;

  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  sentBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  confirmedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  confirmedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  confirmNote!: string | null;

  @ApiProperty({ type: String, nullable: true })
  disputedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disputedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  disputeReason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelledBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason!: string | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

/** A line of a consignment/concession settlement: one product sold at one store in the period. */
export class SupplierSettlementLine {
  @ApiInt()
  lineNo!: number;

  @ApiId()
  productId!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiId({ nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  storeCode!: string | null;

  @ApiQty()
  quantity!: string;

  @ApiMoney()
  salesAmount!: string;

  @ApiDecimal(4, { nullable: true })
  unitPrice!: string | null;

  @ApiMoney()
  commissionAmount!: string;

  @ApiMoney()
  payableAmount!: string;
}

export class SupplierSettlementGetResponse {
  @ApiProperty({ type: () => CodeNameRef })
  supplier!: CodeNameRef;

  @ApiProperty({ type: () => SupplierSettlementLine, isArray: true })
  lines!: SupplierSettlementLine[];

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  supplierId!: string;

  @ApiProperty({ enum: ['consignment', 'concession'] })
  mode!: 'consignment' | 'concession';

  @ApiProperty({ type: String })
  periodFrom!: string;

  @ApiProperty({ type: String })
  periodTo!: string;

  @ApiProperty({ enum: ['draft', 'cancelled', 'posted'] })
  status!: 'draft' | 'cancelled' | 'posted';

  @ApiProperty({ type: String, nullable: true })
  commissionRate!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalQty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  salesAmount!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  commissionAmount!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  payableAmount!: string;

  @ApiProperty({ type: String, nullable: true })
  remark!: string | null;

  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  postedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  postedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  cancelledBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

export class StoreSettlementTermsResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  storeName!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  markupPercent!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  paymentTermsDays!: number | null;
}

// ---- the ledger's lists and reports (each its own row and 合计 row; money as text with two decimals) ----

/** The party a ledger report row is of (customer, supplier or store). */
class PartyColumns {
  @ApiId()
  partyId!: string;

  @ApiProperty({ type: String })
  partyCode!: string;

  @ApiProperty({ type: String })
  partyName!: string;
}

/** A row of 应收/应付明细: one ledger item with what is still open on it. */
export class SettlementItemRow extends PartyColumns {
  @ApiId()
  id!: string;

  @ApiEnum(SETTLEMENT_DOC_TYPE_VALUES)
  docType!: SettlementDocType;

  @ApiProperty({ type: String, description: 'the document type as the console shows it (批发出库, 收款…)' })
  docTypeZh!: string;

  @ApiId()
  docId!: string;

  @ApiProperty({ type: String })
  docNo!: string;

  @ApiDate()
  docDate!: string;

  @ApiDate()
  entryDate!: string;

  @ApiDate({ nullable: true })
  dueDate!: string | null;

  @ApiMoney({ description: 'signed: + raises the balance, − lowers it' })
  amount!: string;

  @ApiMoney()
  allocated!: string;

  @ApiMoney({ description: 'amount − allocated' })
  open!: string;

  @ApiInt({ description: 'days past the due date while something is open (0 otherwise)' })
  daysOverdue!: number;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiDateTime()
  createdAt!: string;
}

export class SettlementItemTotals extends TotalsOf(SettlementItemRow, ['amount', 'allocated', 'open']) {}

/** The money columns of 应收/应付汇总 (a row and its 合计). */
class PartyBalanceFigures {
  @ApiMoney({ nullable: true, description: 'Σ items up to asOf (null only in an empty 合计)' })
  balance!: string | null;

  @ApiMoney({ nullable: true, description: 'open on items that raise the balance' })
  openDebits!: string | null;

  @ApiMoney({ nullable: true, description: 'payments, advances and credit notes not matched yet (negative)' })
  unapplied!: string | null;

  @ApiMoney({ nullable: true })
  overdue!: string | null;

  @ApiMoney({ nullable: true, description: 'falls due from asOf to asOf + dueDays' })
  dueSoon!: string | null;
}

/** A row of 应收/应付汇总: one party's balance, what is overdue and what falls due soon. */
export class PartyBalanceRow extends IntersectionType(PartyColumns, PartyBalanceFigures) {
  @ApiDate({ nullable: true, description: 'the earliest due date of what is open' })
  nextDue!: string | null;
}

export class PartyBalanceTotals extends PartyBalanceFigures {}

/** The money columns of 账龄 (a row and its 合计): open amounts by age. */
class AgeingFigures {
  @ApiMoney({ optional: true, nullable: true, description: 'not yet due (basis=due only)' })
  notDue?: string | null;

  @ApiMoney({ nullable: true, description: '0–30 days' })
  d0to30!: string | null;

  @ApiMoney({ nullable: true, description: '31–60 days' })
  d31to60!: string | null;

  @ApiMoney({ nullable: true, description: '61–90 days' })
  d61to90!: string | null;

  @ApiMoney({ nullable: true, description: 'over 90 days' })
  d90plus!: string | null;

  @ApiMoney({ nullable: true, description: 'payments and credits not matched yet (negative)' })
  unapplied!: string | null;

  @ApiMoney({ nullable: true, description: 'the balance' })
  total!: string | null;
}

/** A row of 账龄: one party's open amounts by age as of a day. */
export class AgeingRow extends IntersectionType(PartyColumns, AgeingFigures) {}

export class AgeingTotals extends AgeingFigures {}

/** A row of 到期清单: an open item due by asOf + dueDays. */
export class DueItemRow extends PartyColumns {
  @ApiId()
  id!: string;

  @ApiEnum(SETTLEMENT_DOC_TYPE_VALUES)
  docType!: SettlementDocType;

  @ApiProperty({ type: String, description: 'the document type as the console shows it' })
  docTypeZh!: string;

  @ApiProperty({ type: String })
  docNo!: string;

  @ApiDate()
  docDate!: string;

  @ApiDate()
  dueDate!: string;

  @ApiMoney()
  amount!: string;

  @ApiMoney()
  open!: string;

  @ApiInt({ description: 'days past due on asOf (negative: not yet due)' })
  daysOverdue!: number;
}

export class DueItemTotals extends TotalsOf(DueItemRow, ['open']) {
  @ApiMoney({ nullable: true, description: 'of it overdue' })
  overdue!: string | null;
}

/** A row of 已付款 / 已收款: what one party was paid (or paid) in the period, reversals subtracted. */
export class PaidRow extends PartyColumns {
  @ApiInt({ description: 'payments (reversals not counted)' })
  payments!: number;

  @ApiMoney()
  amount!: string;

  @ApiDate()
  lastPaidOn!: string;
}

export class PaidTotals extends TotalsOf(PaidRow, ['payments', 'amount']) {}

/** A row of the statement list (对账单). */
export class StatementRow extends PartyColumns {
  @ApiId()
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiEnum(PARTY_TYPE_VALUES)
  partyType!: PartyType;

  @ApiDate()
  periodFrom!: string;

  @ApiDate()
  periodTo!: string;

  @ApiMoney()
  openingBalance!: string;

  @ApiMoney()
  debitTotal!: string;

  @ApiMoney()
  creditTotal!: string;

  @ApiMoney()
  closingBalance!: string;

  @ApiEnum(STATEMENT_STATUS_VALUES)
  status!: StatementStatus;

  @ApiDateTime()
  createdAt!: string;
}

/** The money columns of the consignment/concession settlement list (a row and its 合计). */
class SupplierSettlementFigures {
  @ApiMoney({ nullable: true })
  salesAmount!: string | null;

  @ApiMoney({ nullable: true })
  commissionAmount!: string | null;

  @ApiMoney({ nullable: true })
  payableAmount!: string | null;
}

/** A row of the consignment/concession settlement list (代销/联营结算单). */
export class SupplierSettlementRow extends SupplierSettlementFigures {
  @ApiId()
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiId()
  supplierId!: string;

  @ApiProperty({ type: String })
  supplierCode!: string;

  @ApiProperty({ type: String })
  supplierName!: string;

  @ApiEnum(['consignment', 'concession'])
  mode!: SalesSettlementMode;

  @ApiDate()
  periodFrom!: string;

  @ApiDate()
  periodTo!: string;

  @ApiEnum(SALES_SETTLEMENT_STATUS_VALUES)
  status!: SalesSettlementStatus;

  @ApiQty()
  totalQty!: string;

  @ApiDateTime()
  createdAt!: string;
}

export class SupplierSettlementTotals extends SupplierSettlementFigures {}

/** A row of 门店结算条件: a store's markup and payment terms (none stored: no markup, due at once). */
export class StoreTermsRow {
  @ApiId()
  storeId!: string;

  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  storeName!: string;

  @ApiDecimal(2, { description: 'markup on HQ cost, percent' })
  markupPercent!: string;

  @ApiInt({ nullable: true })
  paymentTermsDays!: number | null;
}

/** The money columns of the stored-value settlement list (a row and its 合计). */
class StoredValueFigures {
  @ApiMoney({ nullable: true })
  topUpAmount!: string | null;

  @ApiMoney({ nullable: true })
  refundAmount!: string | null;

  @ApiMoney({ nullable: true })
  spentAmount!: string | null;

  @ApiMoney({ nullable: true, description: 'owed by the store (negative: owed by HQ)' })
  netAmount!: string | null;
}

/** A row of the stored-value settlement list (储值结算单). */
export class StoredValueSettlementRow extends StoredValueFigures {
  @ApiId()
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiId()
  storeId!: string;

  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  storeName!: string;

  @ApiDate()
  periodFrom!: string;

  @ApiDate()
  periodTo!: string;

  @ApiDateTime()
  createdAt!: string;
}

export class StoredValueSettlementTotals extends StoredValueFigures {}
