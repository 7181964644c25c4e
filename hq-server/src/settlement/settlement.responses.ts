import { ApiDate, ApiDateTime, ApiDecimal, ApiEnum, ApiId, ApiInt, ApiMoney, ApiQty, CodeNameRef } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALLOCATION_SOURCE_VALUES,
  type AllocationSourceType,
  PAYMENT_STATUS_VALUES,
  type PaymentStatus,
  SETTLEMENT_DOC_TYPE_VALUES,
  SETTLEMENT_METHODS,
  type SettlementDocType,
  type SettlementMethod,
  PLANNED_ALLOCATIONS_PROPERTY,
  type PlannedAllocation,
  SettlementPayment,
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
export class PaymentTotals {
  @ApiMoney({ nullable: true })
  amount!: string | null;

  @ApiMoney({ nullable: true })
  unallocatedAmount!: string | null;
}

export class PaymentListResponse {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items!: unknown;

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  totals?: Record<string, unknown>;
}

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
