import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DateOnlyField, DecimalTextField, IdempotencyKeyField, NestedArrayField, OptionalEnumField, OptionalUuidField, ReportFormatDto, TextField } from '@chain-erp/shared';
import { AGEING_BASES, AgeingBasis } from './ageing.calculator';
import { PARTY_TYPES, PartyType, PAYMENT_STATUS_VALUES, SETTLEMENT_DOC_TYPE_VALUES, SETTLEMENT_METHODS, type SettlementDocType, SettlementMethod } from './settlement.entity';

export class AllocationLineDto {
  @ApiProperty({ format: 'uuid', description: 'the open item (应收/应付单据) to settle: `id` from GET /api/settlement/items' })
  @IsUUID()
  itemId: string;

  @DecimalTextField('money', { example: '100.00', description: 'amount matched to it (≤ what it still has open)' })
  amount: string;
}

class AllocationChoice {
  @NestedArrayField(AllocationLineDto, { optional: true, description: 'explicit allocations (核销明细); all or none' })
  allocations?: AllocationLineDto[];

  @ApiPropertyOptional({ description: 'allocate oldest due first (自动核销); not together with `allocations`' })
  @IsOptional()
  @IsBoolean()
  autoAllocate?: boolean;
}

export class CreatePaymentDto extends AllocationChoice {
  @ApiProperty({ format: 'uuid', description: 'the customer (收款单), supplier (付款单) or store (门店缴款单)' })
  @IsUUID()
  partyId: string;

  @DecimalTextField('money', { example: '1000.00', description: 'amount received or paid (> 0)' })
  amount: string;

  @ApiProperty({ enum: SETTLEMENT_METHODS, description: 'cash 现金, bank 银行转账, cheque 支票, bill 汇票, offset 抵账, other 其他' })
  @IsIn(SETTLEMENT_METHODS as string[])
  method: SettlementMethod;

  @TextField(100, { description: 'bank reference, cheque number (流水号)' })
  reference?: string;

  @DateOnlyField({ example: '2026-12-05', description: 'the day the money moved (default today; never in the future)', optional: true })
  paidOn?: string;

  @TextField(500)
  remark?: string;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

export class PostPaymentDto extends AllocationChoice {}

export class ReasonDto {
  @TextField(500, { required: true, description: 'reason (原因)' })
  reason: string;
}

export class AllocateDto extends AllocationChoice {
  @ApiProperty({ format: 'uuid', description: 'the credit to spend: an unallocated payment, advance or credit note (an item with a negative amount)' })
  @IsUUID()
  creditItemId: string;
}

export class PartyRefDto {
  @ApiProperty({ enum: PARTY_TYPES })
  @IsIn(PARTY_TYPES as string[])
  partyType: PartyType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partyId: string;
}

export class PaymentQueryDto extends ReportFormatDto {
  @OptionalUuidField('one customer, supplier or store')
  partyId?: string;

  @OptionalEnumField(PAYMENT_STATUS_VALUES)
  status?: string;

  @DateOnlyField({ example: '2026-12-01', description: 'paid on or after', optional: true })
  from?: string;

  @DateOnlyField({ example: '2026-12-31', description: 'paid on or before', optional: true })
  to?: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'number or reference contains' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  search?: string;
}

export class PartyTypeQueryDto extends ReportFormatDto {
  @ApiProperty({ enum: PARTY_TYPES, description: 'customer 应收 · supplier 应付 · store 门店应收' })
  @IsIn(PARTY_TYPES as string[])
  partyType: PartyType;

  @OptionalUuidField()
  partyId?: string;
}

export class ItemQueryDto extends PartyTypeQueryDto {
  @OptionalEnumField(['true', 'false'], 'true: only items with something still open; false: only settled ones')
  open?: 'true' | 'false';

  @DateOnlyField({ example: '2026-12-01', description: 'entered on or after', optional: true })
  from?: string;

  @DateOnlyField({ example: '2026-12-31', description: 'entered on or before', optional: true })
  to?: string;

  @OptionalEnumField(SETTLEMENT_DOC_TYPE_VALUES, 'the document that made the item')
  docType?: SettlementDocType;

  @ApiPropertyOptional({ maxLength: 64, description: 'document number contains' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  search?: string;
}

export class AgeingQueryDto extends PartyTypeQueryDto {
  @DateOnlyField({ example: '2026-12-31', description: 'as of the end of this day (default today)', optional: true })
  asOf?: string;

  @OptionalEnumField(AGEING_BASES, 'document: days since the document (default); due: days past the due date')
  basis?: AgeingBasis;
}

export class BalanceQueryDto extends PartyTypeQueryDto {
  @DateOnlyField({ example: '2026-12-31', description: 'as of the end of this day (default today)', optional: true })
  asOf?: string;

  @ApiPropertyOptional({ default: 7, minimum: 0, maximum: 366, description: '“due soon” = due within this many days after asOf' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  dueDays?: number;
}

export class DueQueryDto extends BalanceQueryDto {}

export class PaidReportDto extends PartyTypeQueryDto {
  @DateOnlyField({ example: '2026-12-01', description: 'first day (entered on)' })
  from: string;

  @DateOnlyField({ example: '2026-12-31', description: 'last day' })
  to: string;
}

export class StatementPeriodDto extends PartyRefDto {
  @DateOnlyField({ example: '2026-12-01', description: 'first day of the period' })
  from: string;

  @DateOnlyField({ example: '2026-12-31', description: 'last day of the period (not after today)' })
  to: string;
}

export class StatementPreviewDto extends StatementPeriodDto {
  @ApiPropertyOptional({ enum: ['json', 'xlsx', 'html'], default: 'json', description: 'xlsx: Excel; html: printable (打印)' })
  @IsOptional()
  @IsIn(['json', 'xlsx', 'html'])
  format?: 'json' | 'xlsx' | 'html';
}

export class CreateStatementDto extends PartyRefDto {
  @DateOnlyField({ example: '2026-12-31', description: 'last day: the statement takes every item not on an earlier statement entered up to this day (not after today)' })
  to: string;

  @TextField(500)
  remark?: string;
}

export class StatementQueryDto extends ReportFormatDto {
  @OptionalEnumField(PARTY_TYPES)
  partyType?: PartyType;

  @OptionalUuidField()
  partyId?: string;

  @OptionalEnumField(['draft', 'sent', 'confirmed', 'disputed', 'cancelled'])
  status?: string;
}

export class ConfirmStatementDto {
  @TextField(500, { description: "who confirmed on the party's side, and how (对方确认人/方式)" })
  note?: string;
}

export class DocumentFormatDto {
  @ApiPropertyOptional({ enum: ['xlsx', 'html'], default: 'html' })
  @IsOptional()
  @IsIn(['xlsx', 'html'])
  format?: 'xlsx' | 'html';
}

export class CreateSalesSettlementDto {
  @ApiProperty({ format: 'uuid', description: 'a consignment (代销) or concession (联营) supplier' })
  @IsUUID()
  supplierId: string;

  @DateOnlyField({ example: '2026-12-01', description: 'first business day of the sales' })
  from: string;

  @DateOnlyField({ example: '2026-12-31', description: 'last business day of the sales (not after today)' })
  to: string;

  @TextField(500)
  remark?: string;
}

export class SalesSettlementQueryDto extends ReportFormatDto {
  @OptionalUuidField()
  supplierId?: string;

  @OptionalEnumField(['draft', 'posted', 'cancelled'])
  status?: string;
}

export class StoreTermsDto {
  @DecimalTextField('percent', { example: '5', description: 'markup on HQ cost (加价率 %): transfer price = cost × (1 + markup%)' })
  markupPercent: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 3650, nullable: true, description: 'a shipment is due this many days after it was shipped (none: at once)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  paymentTermsDays?: number | null;
}

export class StoredValueSettlementDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'one store (default: every store with chain stored-value business in the period)' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @DateOnlyField({ example: '2026-12-31', description: 'last day: everything not yet settled up to the end of this day (or now, for today)' })
  to: string;
}

export class StoredValueQueryDto extends ReportFormatDto {}
