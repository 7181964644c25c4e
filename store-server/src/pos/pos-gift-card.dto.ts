import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsPlainText, MoneyField, VOUCHER_NO } from '@chain-erp/shared';
import { MONEY_RE } from './pos.dto';

/** 礼品卡售卡 at the till (docs/promotions.md "Gift cards sold at the till"). */
export class CreateGiftCardSaleDto {
  @ApiProperty({ format: 'uuid', description: 'the document’s id, made by the till: a retry with the same id answers the first document and loads the card once' })
  @IsUUID()
  id: string;

  @ApiProperty({ format: 'uuid', description: 'the open shift the money goes into' })
  @IsUUID()
  shiftId: string;

  @ApiProperty({ example: '6214830012345678', description: 'the gift card’s 16 digits (a card of a batch sold at the till, not sold yet)' })
  @IsString()
  @Matches(VOUCHER_NO, { message: 'a gift-card number is 16 digits' })
  cardNo: string;

  @MoneyField({ example: '100.00', description: 'what the customer pays = the card’s face value (the till shows it from the look-up)' })
  amount: string;

  @ApiProperty({ format: 'uuid', description: 'how the customer pays: a payment method of the store, not stored value, a voucher or a gift card' })
  @IsUUID()
  paymentMethodId: string;

  @ApiPropertyOptional({ example: '100.00', description: 'what the customer hands over (default: the amount); more only with a method that gives change (cash)' })
  @IsOptional()
  @Matches(MONEY_RE)
  tendered?: string;

  @ApiPropertyOptional({ example: 'AUTH 123456', description: 'card authorisation or mobile transaction number' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  reference?: string;
}

export class VoucherNumberParamDto {
  @ApiProperty({ example: '6214830012345678', description: '16 digits' })
  @IsString()
  @Matches(VOUCHER_NO, { message: 'a voucher or gift-card number is 16 digits' })
  number: string;
}
