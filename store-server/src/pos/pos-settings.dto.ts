import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

/**
 * The POS settings documents a till reads (收银设置). Each section is replaced whole when sent.
 * Effective settings = built-in defaults ← HQ defaults (org_settings.extra.pos, synced) ← this store's own.
 */

export class RoundingRuleDto {
  @ApiProperty({ enum: ['0.01', '0.1', '0.5', '1'], description: '抹零单位: round the total to this unit' })
  @IsIn(['0.01', '0.1', '0.5', '1'])
  unit: '0.01' | '0.1' | '0.5' | '1';

  @ApiProperty({ enum: ['half-up', 'down', 'up'], description: 'half-up 四舍五入, down 抹零 (in the customer’s favour), up' })
  @IsIn(['half-up', 'down', 'up'])
  mode: 'half-up' | 'down' | 'up';
}

export class WeighedBarcodeLayoutDto {
  @ApiProperty({ example: '21', description: 'leading digits of the label (2x)' })
  @Matches(/^2\d{0,2}$/, { message: 'prefix must be 2, 2x or 2xx' })
  prefix: string;

  @ApiProperty({ minimum: 4, maximum: 6, example: 5, description: 'digits of the product code (PLU)' })
  @IsInt()
  @Min(4)
  @Max(6)
  codeLength: number;

  @ApiProperty({ minimum: 4, maximum: 6, example: 5, description: 'digits of the weight or price' })
  @IsInt()
  @Min(4)
  @Max(6)
  valueLength: number;

  @ApiProperty({ enum: ['weight', 'price'] })
  @IsIn(['weight', 'price'])
  kind: 'weight' | 'price';

  @ApiProperty({ minimum: 0, maximum: 3, example: 3, description: 'decimals of the value: 3 for kg, 2 for yuan' })
  @IsInt()
  @Min(0)
  @Max(3)
  decimals: number;
}

export class CheckoutSettingsDto {
  @ApiProperty({ type: RoundingRuleDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RoundingRuleDto)
  rounding: RoundingRuleDto;

  @ApiProperty({ description: '允许改价: a cashier holding pos.price.override may change a price' })
  @IsBoolean()
  allowPriceOverride: boolean;

  @ApiProperty({ description: '允许折扣' })
  @IsBoolean()
  allowDiscounts: boolean;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'largest line discount in percent without pos.discount.override' })
  @IsInt()
  @Min(0)
  @Max(100)
  lineDiscountLimitPercent: number;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'largest whole-sale discount in percent without pos.discount.override' })
  @IsInt()
  @Min(0)
  @Max(100)
  saleDiscountLimitPercent: number;

  @ApiProperty({ description: 'member prices only when a member card is presented (otherwise for everyone)' })
  @IsBoolean()
  memberRequiredForMemberPrice: boolean;

  @ApiProperty({ description: 'voiding a line before completion needs pos.void-line' })
  @IsBoolean()
  voidLineNeedsPermission: boolean;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'warehouse the till sells from (default: the store’s first normal warehouse)' })
  @IsOptional()
  @IsUUID()
  warehouseId?: string | null;

  @ApiProperty({ type: [WeighedBarcodeLayoutDto], description: '电子秤条码 layouts' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => WeighedBarcodeLayoutDto)
  weighedBarcodes: WeighedBarcodeLayoutDto[];
}

export class ReceiptFieldsDto {
  @ApiProperty() @IsBoolean() cashier: boolean;
  @ApiProperty() @IsBoolean() till: boolean;
  @ApiProperty() @IsBoolean() barcode: boolean;
  @ApiProperty() @IsBoolean() memberRef: boolean;
  @ApiProperty() @IsBoolean() discounts: boolean;
  @ApiProperty() @IsBoolean() payments: boolean;
}

export class ReceiptSettingsDto {
  @ApiProperty({ type: [String], maxItems: 5, description: '小票抬头 lines' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @IsPlainText({ each: true })
  @MaxLength(48, { each: true })
  header: string[];

  @ApiProperty({ type: [String], maxItems: 5, description: '小票尾注 lines' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @IsPlainText({ each: true })
  @MaxLength(48, { each: true })
  footer: string[];

  @ApiProperty({ enum: [32, 42, 48], description: 'characters per line (58 mm paper: 32, 80 mm: 42/48); a Chinese character takes two' })
  @IsIn([32, 42, 48])
  width: 32 | 42 | 48;

  @ApiProperty({ type: ReceiptFieldsDto, description: 'which fields print' })
  @IsObject()
  @ValidateNested()
  @Type(() => ReceiptFieldsDto)
  fields: ReceiptFieldsDto;
}

export class PrinterDto {
  @ApiProperty({ enum: ['none', 'escpos-usb', 'escpos-serial', 'escpos-network', 'driver'] })
  @IsIn(['none', 'escpos-usb', 'escpos-serial', 'escpos-network', 'driver'])
  kind: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: 'port, host:port or printer name' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(100)
  address?: string | null;

  @ApiProperty({ minimum: 1, maximum: 3 })
  @IsInt()
  @Min(1)
  @Max(3)
  copies: number;

  @ApiProperty() @IsBoolean() autoCut: boolean;
}

export class CashDrawerDto {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiProperty({ enum: ['cash', 'any'], description: 'open on a cash sale only, or on every sale' })
  @IsIn(['cash', 'any'])
  openOn: 'cash' | 'any';
}

export class ScaleDto {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiProperty({ enum: ['none', 'toledo', 'dibal', 'aclas', 'dahua'] })
  @IsIn(['none', 'toledo', 'dibal', 'aclas', 'dahua'])
  protocol: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(100)
  port?: string | null;
}

export class CustomerDisplayDto {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(100)
  port?: string | null;
}

export class PeripheralsDto {
  @ApiProperty({ type: PrinterDto }) @IsObject() @ValidateNested() @Type(() => PrinterDto) printer: PrinterDto;
  @ApiProperty({ type: CashDrawerDto }) @IsObject() @ValidateNested() @Type(() => CashDrawerDto) cashDrawer: CashDrawerDto;
  @ApiProperty({ type: ScaleDto }) @IsObject() @ValidateNested() @Type(() => ScaleDto) scale: ScaleDto;
  @ApiProperty({ type: CustomerDisplayDto }) @IsObject() @ValidateNested() @Type(() => CustomerDisplayDto) customerDisplay: CustomerDisplayDto;
}

export const TILL_ACTIONS = [
  'search',
  'quantity',
  'price-override',
  'line-discount',
  'sale-discount',
  'void-line',
  'void-sale',
  'member',
  'suspend',
  'resume',
  'pay-cash',
  'pay-card',
  'pay-mobile',
  'pay-voucher',
  'reprint',
  'open-drawer',
  'refund',
  'handover',
  'lock',
  'top-up',
  'top-up-reverse',
  'gift-card-sale',
  'voucher-balance',
] as const;

export class ShortcutDto {
  @ApiProperty({ example: 'F1', description: 'F1–F12, or Ctrl/Alt/Shift + a letter, digit or F-key' })
  @Matches(/^((Ctrl|Alt|Shift)\+){0,2}(F([1-9]|1[0-2])|[A-Z0-9]|Enter|Esc|Space|Plus|Minus|Multiply|Divide|Delete|PageUp|PageDown)$/)
  key: string;

  @ApiProperty({ enum: TILL_ACTIONS })
  @IsIn(TILL_ACTIONS)
  action: string;
}

export class KeyboardDto {
  @ApiProperty({ type: [ShortcutDto], description: '键盘设置: one key per action; a key used twice is refused' })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => ShortcutDto)
  shortcuts: ShortcutDto[];
}

export class PaymentMethodsSettingsDto {
  @ApiProperty({ type: [String], nullable: true, description: 'ids of HQ payment methods enabled at this store, in till order; null = every method HQ enables' })
  @ValidateIf((o: PaymentMethodsSettingsDto) => o.enabled !== null)
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  enabled: string[] | null;
}

export class PosSettingsDto {
  @ApiProperty({ type: CheckoutSettingsDto }) @IsObject() @ValidateNested() @Type(() => CheckoutSettingsDto) checkout: CheckoutSettingsDto;
  @ApiProperty({ type: ReceiptSettingsDto }) @IsObject() @ValidateNested() @Type(() => ReceiptSettingsDto) receipt: ReceiptSettingsDto;
  @ApiProperty({ type: PeripheralsDto }) @IsObject() @ValidateNested() @Type(() => PeripheralsDto) peripherals: PeripheralsDto;
  @ApiProperty({ type: KeyboardDto }) @IsObject() @ValidateNested() @Type(() => KeyboardDto) keyboard: KeyboardDto;
  @ApiProperty({ type: PaymentMethodsSettingsDto }) @IsObject() @ValidateNested() @Type(() => PaymentMethodsSettingsDto) paymentMethods: PaymentMethodsSettingsDto;
}

/** PUT body: any sections; each one sent replaces the store's own copy of that section. */
export class UpdatePosSettingsDto {
  @ApiPropertyOptional({ type: CheckoutSettingsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => CheckoutSettingsDto) checkout?: CheckoutSettingsDto;
  @ApiPropertyOptional({ type: ReceiptSettingsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => ReceiptSettingsDto) receipt?: ReceiptSettingsDto;
  @ApiPropertyOptional({ type: PeripheralsDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => PeripheralsDto) peripherals?: PeripheralsDto;
  @ApiPropertyOptional({ type: KeyboardDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => KeyboardDto) keyboard?: KeyboardDto;
  @ApiPropertyOptional({ type: PaymentMethodsSettingsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentMethodsSettingsDto)
  paymentMethods?: PaymentMethodsSettingsDto;
}

/** 小票设置 preview: the sample receipt as the printer gets it (fixed width, a CJK character = 2 columns). */
export class ReceiptPreviewDto {
  @ApiProperty({ enum: [32, 42, 48] }) width: number;
  @ApiProperty({ description: 'the receipt text, one printed line per line' }) text: string;
}
