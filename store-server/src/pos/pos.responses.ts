import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PosSettingsDto } from './pos-settings.dto';
import { ApiEnum, CodeNameRef, PAYMENT_METHOD_TYPE_VALUES, type PaymentMethodType, SaleLinePromotionDoc, SalePromotionDoc } from '@chain-erp/shared';

/** Response bodies of pos.controllers.ts (the OpenAPI contract, docs/api.md). */

export class PosSettingsGetResponse {
  @ApiProperty({ type: () => PosSettingsDto })
  effective!: PosSettingsDto;

  @ApiProperty({ type: [String] })
  ownSections!: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt!: Date | null;
}

export class PosTillPaymentMethodsItem extends CodeNameRef {
  @ApiProperty({ enum: ['stored_value', 'cash', 'card', 'mobile', 'voucher'] })
  type!: 'stored_value' | 'cash' | 'card' | 'mobile' | 'voucher';

  @ApiProperty({ type: Boolean })
  allowsChange!: boolean;

  @ApiProperty({ type: Boolean })
  available!: boolean;

  @ApiProperty({ type: Boolean })
  requiresMemberCard!: boolean;
}

export class PosCatalogBucket {
  @ApiProperty({ type: Number, minimum: 0, maximum: 63 })
  bucket!: number;

  @ApiProperty({ type: String, description: 'md5 of the bucket’s products (every field the till keeps), in id order' })
  digest!: string;

  @ApiProperty({ type: Number })
  count!: number;
}

export class PosCatalogDigestResponse {
  @ApiProperty({ type: Number, example: 64 })
  bucketCount!: number;

  @ApiProperty({ type: String, format: 'date-time', description: 'the moment the prices are resolved at' })
  at!: string;

  @ApiProperty({ type: () => PosCatalogBucket, isArray: true, description: 'the non-empty buckets; a bucket not listed is empty' })
  buckets!: PosCatalogBucket[];
}

export class PosCatalogItem {
  @ApiProperty({ type: Number })
  bucket!: number;

  @ApiProperty({ type: String, format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiProperty({ type: Boolean })
  weighed!: boolean;

  @ApiProperty({ type: String, description: 'a reference price only: the sale is priced by the store server', format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  retailPrice!: string;

  @ApiProperty({ enum: ['store', 'retail', 'price_change'] })
  priceSource!: 'store' | 'retail' | 'price_change';

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  memberPrice!: string | null;

  @ApiProperty({ type: [String] })
  barcodes!: string[];
}

export class PosCatalogBucketsResponse extends PosCatalogDigestResponse {
  @ApiProperty({ type: () => PosCatalogItem, isArray: true })
  items!: PosCatalogItem[];
}

export class PosTillLookupItemEmbeddedResponse {
  @ApiProperty({ enum: ['price', 'weight'] })
  kind!: 'price' | 'weight';

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  value!: string;
}

export class PosTillLookupItem {
  @ApiProperty({ type: String, format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiProperty({ type: Boolean })
  weighed!: boolean;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  retailPrice!: string;

  @ApiProperty({ enum: ['store', 'retail', 'price_change'] })
  priceSource!: 'store' | 'retail' | 'price_change';

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  memberPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  onHand!: string;

  @ApiProperty({ type: String, nullable: true })
  barcode!: string | null;

  @ApiProperty({ type: () => PosTillLookupItemEmbeddedResponse, nullable: true })
  embedded!: PosTillLookupItemEmbeddedResponse | null;
}

export class PosTillNegativeStockItem {
  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  quantity!: string;

  @ApiProperty({ type: String })
  balanceAfter!: string;

  @ApiProperty({ type: String, nullable: true })
  onHandNow!: string | null;
}

export class ShiftTenderResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  paymentMethodId!: string;

  @ApiProperty({ type: String })
  methodCode!: string;

  @ApiProperty({ type: String })
  methodName!: string;

  @ApiEnum(PAYMENT_METHOD_TYPE_VALUES)
  methodType!: PaymentMethodType;

  @ApiProperty({ type: String })
  float!: string;

  @ApiProperty({ type: String })
  sales!: string;

  @ApiProperty({ type: String })
  refunds!: string;

  @ApiPropertyOptional({ type: String })
  topUps?: string;

  @ApiPropertyOptional({ type: String, description: '礼品卡售卡: gift cards sold with this method (stored value, not goods)' })
  giftCards?: string;

  @ApiProperty({ type: String })
  expected!: string;

  @ApiProperty({ type: String, nullable: true })
  counted!: string | null;

  @ApiProperty({ type: String, nullable: true })
  difference!: string | null;
}

export class PosShiftOpenResponse {
  @ApiProperty({ type: 'integer' })
  salesCount!: number;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  salesTotal!: string;

  @ApiProperty({ type: 'integer' })
  refundsCount!: number;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  refundsTotal!: string;

  @ApiProperty({ type: 'integer' })
  topUpsCount!: number;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  topUpsTotal!: string;

  @ApiPropertyOptional({ type: 'integer', description: '礼品卡售卡单 in the shift' })
  giftCardSalesCount?: number;

  @ApiPropertyOptional({ type: String, description: 'gift cards sold in the shift (stored value, not goods sales)' })
  giftCardSalesTotal?: string;

  @ApiProperty({ type: () => ShiftTenderResponse, isArray: true })
  tenders!: ShiftTenderResponse[];

  @ApiProperty({ type: String })
  openingFloat!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String })
  shiftNo!: string;

  @ApiProperty({ type: String })
  tillCode!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  cashierId!: string;

  @ApiProperty({ type: String })
  cashierName!: string;

  @ApiProperty({ enum: ['closed', 'open'] })
  status!: 'closed' | 'open';

  @ApiProperty({ type: String, format: 'date' })
  businessDate!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  openedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  closedBy!: string | null;
}

export class PosReconciliationDayShiftTenderResponse {
  @ApiProperty({ type: String })
  float!: string;

  @ApiProperty({ type: String })
  sales!: string;

  @ApiProperty({ type: String })
  refunds!: string;

  @ApiProperty({ type: String })
  topUps!: string;

  @ApiPropertyOptional({ type: String, description: '礼品卡售卡: gift cards sold (stored value, not goods)' })
  giftCards?: string;

  @ApiProperty({ type: String })
  expected!: string;

  @ApiProperty({ type: String })
  counted!: string;

  @ApiProperty({ type: String })
  difference!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  paymentMethodId!: string;

  @ApiProperty({ type: String })
  methodCode!: string;

  @ApiProperty({ type: String })
  methodName!: string;

  @ApiEnum(PAYMENT_METHOD_TYPE_VALUES)
  methodType!: PaymentMethodType;

  @ApiProperty({ type: 'integer' })
  uncounted!: number;
}

export class PosReconciliationDayShiftResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  shiftNo!: string;

  @ApiProperty({ type: String })
  tillCode!: string;

  @ApiProperty({ type: String })
  cashierName!: string;

  @ApiProperty({ enum: ['closed', 'open'] })
  status!: 'closed' | 'open';

  @ApiProperty({ type: String, format: 'date-time' })
  openedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  salesCount!: number;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  salesTotal!: string;

  @ApiProperty({ type: 'integer' })
  refundsCount!: number;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  refundsTotal!: string;

  @ApiProperty({ type: 'integer' })
  topUpsCount!: number;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  topUpsTotal!: string;

  @ApiPropertyOptional({ type: 'integer', description: '礼品卡售卡单 in the shift' })
  giftCardSalesCount?: number;

  @ApiPropertyOptional({ type: String, description: 'gift cards sold in the shift (stored value, not goods sales)' })
  giftCardSalesTotal?: string;

  @ApiProperty({ type: () => PosReconciliationDayShiftTenderResponse, isArray: true })
  tenders!: PosReconciliationDayShiftTenderResponse[];

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  expectedTotal!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  countedTotal!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  differenceTotal!: string;
}

export class PosReconciliationDayTotalResponse {
  @ApiProperty({ type: String })
  sales!: string;

  @ApiProperty({ type: String })
  refunds!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  net!: string;

  @ApiProperty({ type: String })
  topUps!: string;

  @ApiPropertyOptional({ type: String, description: '礼品卡售卡: gift cards sold (stored value, not goods)' })
  giftCards?: string;

  @ApiProperty({ type: String })
  expected!: string;

  @ApiProperty({ type: String })
  counted!: string;

  @ApiProperty({ type: String })
  difference!: string;
}

export class PosReconciliationDayResponse {
  @ApiProperty({ type: String, format: 'date' })
  date!: string;

  @ApiProperty({ type: () => PosReconciliationDayShiftResponse, isArray: true })
  shifts!: PosReconciliationDayShiftResponse[];

  @ApiProperty({ type: 'number' })
  openShifts!: number;

  @ApiProperty({ type: () => PosReconciliationDayShiftTenderResponse, isArray: true })
  perMethod!: PosReconciliationDayShiftTenderResponse[];

  @ApiProperty({ type: () => PosReconciliationDayTotalResponse })
  totals!: PosReconciliationDayTotalResponse;
}

export class ReceiptLabelValue {
  @ApiProperty({ type: String })
  label!: string;

  @ApiProperty({ type: String })
  value!: string;
}

export class ReceiptLinePromotion {
  @ApiProperty({ type: String })
  name!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d{1,2})?$' })
  saving!: string;
}

export class ReceiptLine {
  @ApiProperty({ type: String })
  name!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d{1,3})?$' })
  quantity!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d{1,2})?$' })
  unitPrice!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d{1,2})?$' })
  amount!: string;

  @ApiProperty({ type: String, nullable: true, description: 'the discount as printed' })
  discount!: string | null;

  @ApiProperty({ type: String, nullable: true })
  barcode!: string | null;

  @ApiProperty({ type: Boolean })
  voided!: boolean;

  @ApiPropertyOptional({ type: () => ReceiptLinePromotion, isArray: true })
  promotions?: ReceiptLinePromotion[];
}

/** 小票 as JSON (format=json): the same content as the printed text, for tills that lay it out themselves. */
export class ReceiptResponse {
  @ApiProperty({ type: String })
  title!: string;

  @ApiProperty({ type: [String] })
  header!: string[];

  @ApiProperty({ type: () => ReceiptLabelValue, isArray: true })
  meta!: ReceiptLabelValue[];

  @ApiProperty({ type: () => ReceiptLine, isArray: true })
  lines!: ReceiptLine[];

  @ApiProperty({ type: () => ReceiptLabelValue, isArray: true })
  totals!: ReceiptLabelValue[];

  @ApiProperty({ type: () => ReceiptLabelValue, isArray: true })
  payments!: ReceiptLabelValue[];

  @ApiProperty({ type: [String] })
  footer!: string[];

  @ApiProperty({ type: Boolean, description: 'a second print is marked 重印' })
  reprint!: boolean;
}

export class PosPermissionRole {
  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;
}

/** A POS permission and the roles of this store that hold it (收银权限). */
export class PosPermissionResponse {
  @ApiProperty({ type: String, example: 'pos.refund' })
  code!: string;

  @ApiProperty({ type: String })
  zh!: string;

  @ApiProperty({ type: String })
  en!: string;

  @ApiPropertyOptional({ enum: [true] })
  hq?: true;

  @ApiProperty({ type: () => PosPermissionRole, isArray: true })
  roles!: PosPermissionRole[];
}

/** 授权: the approval token the till sends in X-Pos-Approval with the next request. */
export class PosApprovalResponse {
  @ApiProperty({ description: 'send it in header X-Pos-Approval; bound to this sign-in, valid 120 s' })
  approvalToken!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: Date;

  @ApiProperty({ format: 'uuid' })
  approverId!: string;

  @ApiProperty()
  approverName!: string;

  @ApiProperty({ description: 'the permission lent for that request' })
  permission!: string;
}

/** 打印小票 on the network printer: what was sent. */
export class PosPrintResponse {
  @ApiProperty() printed!: boolean;
  @ApiProperty({ description: 'the cash drawer was kicked' }) kicked!: boolean;
  @ApiProperty({ description: 'ESC/POS bytes sent' }) bytes!: number;
  @ApiProperty({ description: 'host:port of the printer' }) printer!: string;
}

export class PosQuoteMember {
  @ApiProperty() cardNo!: string;
  @ApiProperty({ enum: ['chain', 'store'] }) scope!: string;
  @ApiProperty() storedValueAllowed!: boolean;
}

export class PosQuoteLine {
  @ApiProperty() lineNo!: number;
  @ApiProperty({ format: 'uuid' }) productId!: string;
  @ApiProperty() productCode!: string;
  @ApiProperty() productName!: string;
  @ApiProperty({ format: 'decimal' }) quantity!: string;
  @ApiProperty({ format: 'decimal' }) listPrice!: string;
  @ApiProperty({ format: 'decimal' }) unitPrice!: string;
  @ApiProperty() priceSource!: string;
  @ApiProperty({ format: 'decimal' }) promotionDiscount!: string;
  @ApiProperty({ type: () => SaleLinePromotionDoc, isArray: true }) promotions!: SaleLinePromotionDoc[];
  @ApiProperty({ format: 'decimal' }) lineDiscount!: string;
  @ApiProperty({ format: 'decimal' }) saleDiscount!: string;
  @ApiProperty({ format: 'decimal' }) amount!: string;
  @ApiProperty() voided!: boolean;
}

/** 价格试算: the basket priced as a sale would be now; nothing written. */
export class PosQuoteResponse {
  @ApiProperty({ type: () => PosQuoteMember, nullable: true }) member!: PosQuoteMember | null;
  @ApiProperty({ type: () => PosQuoteLine, isArray: true }) lines!: PosQuoteLine[];
  @ApiProperty({ type: () => SalePromotionDoc, isArray: true }) promotions!: SalePromotionDoc[];
  @ApiProperty({ format: 'decimal' }) grossAmount!: string;
  @ApiProperty({ format: 'decimal' }) promotionDiscount!: string;
  @ApiProperty({ format: 'decimal' }) discountAmount!: string;
  @ApiProperty({ format: 'decimal' }) roundingAmount!: string;
  @ApiProperty({ format: 'decimal' }) totalAmount!: string;
}
