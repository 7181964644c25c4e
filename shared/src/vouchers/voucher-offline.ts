import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { createHash } from 'node:crypto';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money';
import { IsPlainText } from '../common/text';
import { ApiDateTime, ApiEnum, ApiId, ApiMoney } from '../common/http/api-contract';
import { QueuedByStore } from '../membership/member-center.dto';
import { ReportPeriodDto } from '../reports/reports.dto';
import { VoucherRedeemDto } from './voucher.dto';

/**
 * 代金券 redeemed offline (docs/promotions.md "Offline: vouchers allocated to stores"): a store holds
 * a replica of the vouchers allocated to it — the number only as its hash — and, while HQ cannot be
 * reached, redeems one against it once; the push stream `voucher.redemption` books it at HQ. What
 * HQ finds wrong on arrival (the voucher already used elsewhere: a double redemption; a rule the
 * replica did not know) is kept in `voucher_exception` for follow-up, never by refusing the sale.
 */

/** The number as the store replica holds it: sha256, hex (HQ's `voucher.number_hash` computes the same). */
export function voucherNumberHash(number: string): string {
  return createHash('sha256').update(number, 'utf8').digest('hex');
}

/**
 * double_redemption: redeemed offline while HQ had it used (at another store, or online);
 * offline_rule: redeemed offline against a rule HQ holds (expired, void, wrong store, min spend…);
 * unmatched_tender: a pushed sale names a voucher or gift card HQ's ledger never charged for it
 * (computed by the report, not stored).
 */
export type VoucherExceptionKind = 'double_redemption' | 'offline_rule' | 'unmatched_tender';
export const VOUCHER_EXCEPTION_KINDS: readonly VoucherExceptionKind[] = ['double_redemption', 'offline_rule', 'unmatched_tender'];

/** 代金券异常: an offline redemption HQ booked but flags (one per voucher and sale). */
@Entity('voucher_exception')
@Index('uq_voucher_exception', ['voucherId', 'saleId'], { unique: true })
export class VoucherException {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_voucher_exception_detected')
  @CreateDateColumn({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;

  @Column({ type: 'varchar', length: 24 })
  kind: Exclude<VoucherExceptionKind, 'unmatched_tender'>;

  @Column({ name: 'voucher_id', type: 'uuid' })
  voucherId: string;

  /** the offline sale */
  @Column({ name: 'sale_id', type: 'uuid' })
  saleId: string;

  @Column({ name: 'receipt_no', type: 'varchar', length: 64, nullable: true })
  receiptNo: string | null;

  @Index('IDX_voucher_exception_store')
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  /** when the store redeemed it (its clock) */
  @Column({ name: 'redeemed_at', type: 'timestamptz' })
  redeemedAt: Date;

  @Column({ ...MONEY_COLUMN })
  amount: string;

  /** the code of the rule it broke (VOUCHER_ALREADY_USED, VOUCHER_EXPIRED, …) */
  @Column({ type: 'varchar', length: 40 })
  reason: string;

  /** the redemption it collides with (a double): that sale and store */
  @Column({ name: 'other_sale_id', type: 'uuid', nullable: true })
  otherSaleId: string | null;

  @Column({ name: 'other_store_id', type: 'uuid', nullable: true })
  otherStoreId: string | null;
}

/**
 * Push stream `voucher.redemption`: a voucher a store redeemed against its replica while HQ was away;
 * `queuedAt` is the sale's moment. With `refundId` it is the opposite: a refund that gave the voucher
 * back at the store while HQ was away (`saleId` the sale it paid, `amount` what goes back, `receiptNo`
 * the refund's number) — in the same stream so that HQ books uses and give-backs of a voucher in the
 * order the store made them.
 */
export class VoucherOfflineRedemptionRecord extends IntersectionType(VoucherRedeemDto, QueuedByStore) {
  @ApiPropertyOptional({ format: 'uuid', description: 'a give-back: the refund’s UUID (booked once at HQ, like an online voucher refund)' })
  @IsOptional()
  @IsUUID('4')
  refundId?: string;
}

/**
 * What HQ did about an exception (处理结果): recovered from the customer (已向顾客追回), borne by the
 * store (门店承担), checked and found right (核销无误), other (其他, the note says what).
 */
export type VoucherExceptionResolutionKind = 'recovered' | 'store_absorbs' | 'verified' | 'other';
export const VOUCHER_EXCEPTION_RESOLUTIONS: readonly VoucherExceptionResolutionKind[] = ['recovered', 'store_absorbs', 'verified', 'other'];
export const VOUCHER_EXCEPTION_RESOLUTION_LABELS: Record<VoucherExceptionResolutionKind, string> = {
  recovered: '已向顾客追回',
  store_absorbs: '门店承担',
  verified: '核销无误',
  other: '其他',
};
/** 未处理 / 已处理 */
export type VoucherExceptionStatus = 'open' | 'resolved';
export const VOUCHER_EXCEPTION_STATUSES: readonly VoucherExceptionStatus[] = ['open', 'resolved'];

/**
 * 代金券异常 handled (已处理): one row per exception, never changed. `exception_id` is the
 * `voucher_exception` row's id, or for an unmatched tender (computed, not stored) the id of the
 * sale's payment row that names the voucher — so the primary key makes a second resolve a conflict.
 */
@Entity('voucher_exception_resolution')
export class VoucherExceptionResolution {
  @PrimaryColumn({ name: 'exception_id', type: 'uuid' })
  exceptionId: string;

  @Column({ type: 'varchar', length: 24 })
  kind: VoucherExceptionKind;

  @Index('IDX_voucher_exception_resolution_store')
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ type: 'varchar', length: 24 })
  resolution: VoucherExceptionResolutionKind;

  @Column({ type: 'varchar', length: 500 })
  note: string;

  @Column({ name: 'resolved_by', type: 'uuid' })
  resolvedBy: string;

  @CreateDateColumn({ name: 'resolved_at', type: 'timestamptz' })
  resolvedAt: Date;
}

/** 代金券异常 report: the period is the business day the exception was detected (stored) or the sale's (unmatched tenders). */
export class VoucherExceptionQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ enum: VOUCHER_EXCEPTION_KINDS })
  @IsOptional()
  @IsIn(VOUCHER_EXCEPTION_KINDS)
  kind?: VoucherExceptionKind;

  @ApiPropertyOptional({ enum: VOUCHER_EXCEPTION_STATUSES, default: 'open', description: 'open = 未处理 (default), resolved = 已处理' })
  @IsOptional()
  @IsIn(VOUCHER_EXCEPTION_STATUSES)
  status?: VoucherExceptionStatus;
}

/** 处理: what was done about an exception, with a note saying how. */
export class ResolveVoucherExceptionDto {
  @ApiProperty({ enum: VOUCHER_EXCEPTION_RESOLUTIONS })
  @IsIn(VOUCHER_EXCEPTION_RESOLUTIONS)
  resolution!: VoucherExceptionResolutionKind;

  @ApiProperty({ maxLength: 500, example: '已联系顾客补付 20 元' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  @IsPlainText()
  note!: string;
}

export class VoucherExceptionResolutionDto {
  @ApiProperty({ format: 'uuid', description: 'the exception (the row id of 代金券异常)' })
  exceptionId!: string;

  @ApiProperty({ enum: VOUCHER_EXCEPTION_KINDS })
  kind!: VoucherExceptionKind;

  @ApiProperty({ enum: VOUCHER_EXCEPTION_RESOLUTIONS })
  resolution!: VoucherExceptionResolutionKind;

  @ApiProperty()
  note!: string;

  @ApiProperty({ description: 'username of who resolved it' })
  resolvedBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  resolvedAt!: string;
}

/** A row of 代金券异常: a flagged offline redemption, or a pushed sale's tender HQ never charged (unmatched_tender). */
export class VoucherExceptionRow {
  @ApiEnum(VOUCHER_EXCEPTION_KINDS)
  kind!: VoucherExceptionKind;

  @ApiProperty({ type: String, description: 'the rule it broke (VOUCHER_ALREADY_USED, VOUCHER_EXPIRED…); unmatched tenders: VOUCHER_NOT_FOUND, NOT_CHARGED, REVERSED' })
  reason!: string;

  @ApiProperty({ type: String, nullable: true, description: "the voucher's number (the tender's reference)" })
  number!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null: no voucher of that number' })
  batchNo!: string | null;

  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String, nullable: true })
  receiptNo!: string | null;

  @ApiDateTime({ description: 'when the store redeemed it (its clock) or sold' })
  at!: string;

  @ApiMoney()
  amount!: string;

  @ApiProperty({ type: String, nullable: true, description: 'a double redemption: the store that used it first' })
  otherStoreCode!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'a double redemption: the receipt or document that used it first' })
  otherReceiptNo!: string | null;

  @ApiDateTime()
  detectedAt!: string;

  @ApiId({ description: 'the sale' })
  saleId!: string;

  @ApiId({ description: 'the exception: a 代金券异常 row, or for an unmatched tender the sale payment that names the voucher (POST …/exceptions/:id/resolve)' })
  id!: string;

  @ApiProperty({ enum: VOUCHER_EXCEPTION_STATUSES, description: 'open = 未处理, resolved = 已处理' })
  status!: VoucherExceptionStatus;

  @ApiProperty({ enum: VOUCHER_EXCEPTION_RESOLUTIONS, nullable: true, description: 'what was done (处理结果代码); null while open' })
  resolution!: VoucherExceptionResolutionKind | null;

  @ApiProperty({ type: String, nullable: true, description: '处理结果 in Chinese; null while open' })
  resolutionName!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '处理说明; null while open' })
  note!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'username of who resolved it' })
  resolvedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt!: string | null;
}
