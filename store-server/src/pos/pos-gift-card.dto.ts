import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';
import { MoneyField, VOUCHER_NO } from '@chain-erp/shared';
import { MoneyTenderDto } from './pos.dto';

/** 礼品卡售卡 at the till (docs/promotions.md "Gift cards sold at the till"). */
export class CreateGiftCardSaleDto extends MoneyTenderDto {
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
}

export class VoucherNumberParamDto {
  @ApiProperty({ example: '6214830012345678', description: '16 digits' })
  @IsString()
  @Matches(VOUCHER_NO, { message: 'a voucher or gift-card number is 16 digits' })
  number: string;
}
