import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination';

export type JournalKind = 'sale' | 'refund' | 'top-up';

/** 收银查询 filters (both servers; a store user is always limited to its own store). */
export class PosJournalQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'store (HQ users; a store user only ever sees its own)' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'first business day' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'last business day' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @ApiPropertyOptional({ example: '01' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{1,4}$/)
  tillCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cashierId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'documents paid (or paid back) with this method' })
  @IsOptional()
  @IsUUID()
  paymentMethodId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'one shift (班次): its sales, refunds and top-ups' })
  @IsOptional()
  @IsUUID()
  shiftId?: string;

  @ApiPropertyOptional({ enum: ['sale', 'refund', 'top-up'], description: 'top-up: 充值单 and 充值冲正单' })
  @IsOptional()
  @IsIn(['sale', 'refund', 'top-up'])
  kind?: JournalKind;
}
