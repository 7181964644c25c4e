import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ApiDate, ApiEnum, ApiMoney, ReportFormatDto, ReportPeriodDto, VOUCHER_KINDS, VoucherKind } from '@chain-erp/shared';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 余额账龄: what is outstanding now, by age and by expiry (and the kind filter of every voucher report). */
export class VoucherAgeingQueryDto extends ReportFormatDto {
  @ApiPropertyOptional({ enum: VOUCHER_KINDS })
  @IsOptional()
  @IsIn(VOUCHER_KINDS)
  kind?: VoucherKind;
}

/** 券批次汇总 / 门店汇总: cumulative, or the movements of a period when `from`–`to` is given. */
export class VoucherReportQueryDto extends VoucherAgeingQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'first day of the movements counted (with `to`); absent = since the start' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day of the movements counted (with `from`)' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  to?: string;
}

/** 核销日报: redemptions per store per day of a period. */
export class VoucherRedemptionQueryDto extends IntersectionType(ReportPeriodDto, VoucherAgeingQueryDto) {}

/** The amounts of 券批次汇总: a batch's row and the 合计 row. */
class VoucherBatchReportAmounts {
  @ApiMoney({ description: 'value put on (issued, gift cards sold) (null in the 合计 row when nothing matches)', nullable: true })
  issued!: string | null;

  @ApiMoney({ description: 'value used, net of refunds and reversals (null in the 合计 row when nothing matches)', nullable: true })
  redeemed!: string | null;

  @ApiMoney({ description: 'value taken out of use (null in the 合计 row when nothing matches)', nullable: true })
  voided!: string | null;

  @ApiMoney({ nullable: true, description: 'issued − redeemed − voided: the liability, only unscoped and without a period (else null)' })
  outstanding!: string | null;

  @ApiProperty({ type: 'integer', description: 'null in the 合计 row when nothing matches', nullable: true })
  redemptions!: number | null;
}

/** A batch's row of 券批次汇总. */
export class VoucherBatchReportRow extends VoucherBatchReportAmounts {
  @ApiProperty({ type: String })
  batchNo!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiEnum(VOUCHER_KINDS)
  kind!: VoucherKind;

  @ApiMoney()
  faceValue!: string;

  @ApiProperty({ type: 'integer', description: 'numbers in the batch' })
  quantity!: number;
}

/** The 合计 row: the sums, its row columns null. */
export class VoucherBatchReportTotals extends VoucherBatchReportAmounts {
  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  batchNo!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  name!: string | null;

  @ApiEnum(VOUCHER_KINDS, { nullable: true, description: 'null in the 合计 row' })
  kind!: VoucherKind | null;

  @ApiMoney({ nullable: true, description: 'null in the 合计 row' })
  faceValue!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null in the 合计 row' })
  quantity!: number | null;
}

/** The amounts of 券门店汇总: a store's row and the 合计 row. */
class VoucherStoreReportAmounts {
  @ApiMoney({ description: 'gift cards sold at its tills (null in the 合计 row when nothing matches)', nullable: true })
  issued!: string | null;

  @ApiProperty({ type: 'integer', description: 'null in the 合计 row when nothing matches', nullable: true })
  cardsSold!: number | null;

  @ApiMoney({ description: 'redeemed at its tills, net of refunds and reversals (null in the 合计 row when nothing matches)', nullable: true })
  redeemed!: string | null;

  @ApiProperty({ type: 'integer', description: 'null in the 合计 row when nothing matches', nullable: true })
  redemptions!: number | null;
}

/** A store's row of 券门店汇总. */
export class VoucherStoreReportRow extends VoucherStoreReportAmounts {
  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  storeName!: string;
}

/** The 合计 row: the sums, its row columns null. */
export class VoucherStoreReportTotals extends VoucherStoreReportAmounts {
  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  storeCode!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  storeName!: string | null;
}

/** The amounts of 券核销日报: a store's day and the 合计 row. */
class VoucherRedemptionReportAmounts {
  @ApiProperty({ type: 'integer', description: 'null in the 合计 row when nothing matches', nullable: true })
  redemptions!: number | null;

  @ApiMoney({ nullable: true, description: 'null in the 合计 row when nothing matches' })
  redeemedAmount!: string | null;

  @ApiMoney({ description: 'given back by refunds and reversals (null in the 合计 row when nothing matches)', nullable: true })
  refundedAmount!: string | null;

  @ApiMoney({ nullable: true, description: 'null in the 合计 row when nothing matches' })
  netAmount!: string | null;
}

/** A store's local day of 券核销日报. */
export class VoucherRedemptionReportRow extends VoucherRedemptionReportAmounts {
  @ApiDate()
  day!: string;

  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  storeName!: string;
}

/** The 合计 row: the sums, its row columns null. */
export class VoucherRedemptionReportTotals extends VoucherRedemptionReportAmounts {
  @ApiDate({ nullable: true, description: 'null in the 合计 row' })
  day!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  storeCode!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  storeName!: string | null;
}

/** The amounts of 余额账龄: an age bucket and the 合计 row. */
class VoucherAgeingReportAmounts {
  @ApiProperty({ type: 'integer', description: 'numbers holding value (null in the 合计 row when nothing matches)', nullable: true })
  numbers!: number | null;

  @ApiMoney({ nullable: true, description: 'null in the 合计 row when nothing matches' })
  outstanding!: string | null;

  @ApiMoney({ nullable: true, description: 'null in the 合计 row when nothing matches' })
  expired!: string | null;

  @ApiMoney({ description: 'expires within 30 days (null in the 合计 row when nothing matches)', nullable: true })
  within30!: string | null;

  @ApiMoney({ description: 'expires in 31–90 days (null in the 合计 row when nothing matches)', nullable: true })
  within90!: string | null;

  @ApiMoney({ description: 'expires after 90 days (null in the 合计 row when nothing matches)', nullable: true })
  later!: string | null;
}

/** An age bucket of 余额账龄 (days since the value was loaded). */
export class VoucherAgeingReportRow extends VoucherAgeingReportAmounts {
  @ApiEnum(['0-30', '31-90', '91-180', '181-365', '>365'])
  ageBucket!: string;
}

/** The 合计 row: the sums, its row columns null. */
export class VoucherAgeingReportTotals extends VoucherAgeingReportAmounts {
  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  ageBucket!: string | null;
}
