import { IsPlainText, LedgerAccount, MoneyField, PageQueryDto } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CreateMemberAdjustmentDto {
  @ApiProperty({ format: 'uuid', description: 'the adjustment’s UUID, made by the caller: a retry with the same id answers the first adjustment' })
  @IsUUID('4')
  id: string;

  @ApiProperty({ example: 'VIP00000012', description: 'a chain card (a 本店卡’s balances live at its store)' })
  @IsString()
  @IsPlainText()
  @Matches(/^[A-Z0-9]{4,40}$/, { message: 'a card number is 4-40 capital letters and digits' })
  cardNo: string;

  @ApiProperty({ enum: ['points', 'stored_value'] })
  @IsIn(['points', 'stored_value'])
  account: LedgerAccount;

  @MoneyField({
    sign: 'nonZero',
    example: '-20.00',
    description: 'signed change: positive adds, negative takes off (never below zero); points are whole, money has at most 2 decimals',
  })
  delta: string;

  @ApiProperty({ example: '系统故障补偿', minLength: 2, maxLength: 200, description: 'why (required; kept with the document and in the audit trail)' })
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(2, 200)
  @Matches(/\S.*\S/, { message: 'reason must say why (at least 2 characters that are not spaces)' })
  reason: string;
}

export class MemberAdjustmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'card number' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{4,40}$/)
  cardNo?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the store holding the card (HQ users; a store user sees its own only)' })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}
