import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ReportFormatDto, ReportPeriodDto, SalesReportsSalesResponse, VOUCHER_KINDS, VoucherKind } from '@chain-erp/shared';

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

/** A voucher report's JSON page (rows keyed by the report's columns, and the totals row): every report's page. */
export class VoucherReportPageResponse extends SalesReportsSalesResponse {}
