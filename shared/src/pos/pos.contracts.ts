import { createHash } from 'node:crypto';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { DomainException } from '../common/errors';
import { ApiSchemaModels, describeValidatedClass } from '../common/http/api-contract';
import { ApiProperty } from '@nestjs/swagger';
import { PROMOTION_RULE_SCHEMAS, PROMOTION_RULES_PROPERTY } from '../pricing/promotion-rules.schema';
import { Dec } from '../common/money';
import { flattenValidationErrors } from '../common/http/validation';
import { PosError } from './pos.errors';
import {
  PosRefund,
  PosRefundLine,
  PosRefundPayment,
  PosSale,
  PosSaleLine,
  PosSalePayment,
  PosShiftReport,
  PosTopUp,
  PriceSource,
  ShiftTender,
  TOP_UP_KIND_VALUES,
  TopUpKind,
} from './pos.entity';
import { PAYMENT_METHOD_TYPE_VALUES, type PaymentMethodType } from '../catalog/catalog.entity';
import { PROMOTION_KIND_VALUES, type PromotionKind } from '../pricing/promotion.rules';

/**
 * What a store pushes to HQ (streams `pos.sale`, `pos.refund`, `pos.top-up`, `pos.shift-report`) and what the
 * till gets back: one JSON form per document, built from the rows and turned back into rows at HQ.
 * Amounts are strings ("12.50"), dates YYYY-MM-DD, times ISO 8601.
 */
export type PosStream = 'pos.sale' | 'pos.refund' | 'pos.top-up' | 'pos.gift-card-sale' | 'pos.shift-report';

const MONEY = /^-?\d{1,16}(\.\d{1,2})?$/;
const QTY = /^-?\d{1,15}(\.\d{1,3})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COST = /^-?\d{1,14}(\.\d{1,6})?$/;

export class SaleLinePromotionDoc {
  @IsUUID() promotionId: string;
  @IsString() @MaxLength(64) code: string;
  @IsString() @MaxLength(100) name: string;
  @IsIn(PROMOTION_KIND_VALUES) kind: PromotionKind;
  @Matches(MONEY) saving: string;
  @IsIn(['item', 'buy', 'get', 'both']) role: string;
}

@ApiSchemaModels(...PROMOTION_RULE_SCHEMAS)
export class SalePromotionDoc {
  @IsUUID() id: string;
  @IsString() @MaxLength(64) code: string;
  @IsString() @MaxLength(100) name: string;
  @IsIn(PROMOTION_KIND_VALUES) kind: PromotionKind;
  @IsInt() priority: number;
  @IsBoolean() stackable: boolean;
  @IsObject() @ApiProperty(PROMOTION_RULES_PROPERTY) rules: object;
  @Matches(MONEY) saving: string;
}

export class PosSaleLineDoc {
  @IsInt() @Min(1) lineNo: number;
  @IsUUID() productId: string;
  @IsString() @MaxLength(32) productCode: string;
  @IsString() @MaxLength(200) productName: string;
  @IsOptional() @IsString() @MaxLength(32) barcode: string | null;
  @Matches(QTY) quantity: string;
  @Matches(MONEY) listPrice: string;
  @Matches(MONEY) unitPrice: string;
  @IsIn(['retail', 'store', 'price_change', 'member', 'override', 'barcode']) priceSource: PriceSource;
  /** optional (stores before promotions did not send the next three) */
  @IsOptional() @Matches(MONEY) promotionDiscount?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SaleLinePromotionDoc) promotions?: SaleLinePromotionDoc[] | null;
  @IsOptional() @Matches(/^\d{1,4}(\.\d{1,2})?$/) pointsMultiplier?: string | null;
  @Matches(MONEY) lineDiscount: string;
  @Matches(MONEY) saleDiscount: string;
  @Matches(MONEY) amount: string;
  @IsBoolean() voided: boolean;
  @IsOptional() @Matches(QTY) balanceAfter: string | null;
  /** optional: stores before the gross-margin reports did not send it */
  @IsOptional() @Matches(COST) unitCost?: string | null;
}

export class PosPaymentDoc {
  @IsInt() @Min(1) lineNo: number;
  @IsUUID() paymentMethodId: string;
  @IsString() @MaxLength(16) methodCode: string;
  @IsString() @MaxLength(60) methodName: string;
  @IsIn(PAYMENT_METHOD_TYPE_VALUES) methodType: PaymentMethodType;
  @Matches(MONEY) amount: string;
}

export class PosSalePaymentDoc extends PosPaymentDoc {
  @Matches(MONEY) tendered: string;
  @Matches(MONEY) changeAmount: string;
  @IsOptional() @IsString() @MaxLength(64) reference: string | null;
}

abstract class PosDocHeader {
  @IsUUID() id: string;
  @IsUUID() storeId: string;
  @IsString() @MaxLength(32) storeCode: string;
  @IsUUID() shiftId: string;
  @IsString() @MaxLength(8) tillCode: string;
  @IsUUID() cashierId: string;
  @IsString() @MaxLength(100) cashierName: string;
  @Matches(DATE) businessDate: string;
}

export class PosSaleDoc extends PosDocHeader {
  @IsString() @MaxLength(64) receiptNo: string;
  @IsUUID() warehouseId: string;
  @IsDateString() soldAt: string;
  @IsOptional() @IsString() @MaxLength(40) memberRef: string | null;
  @Matches(MONEY) grossAmount: string;
  @Matches(MONEY) discountAmount: string;
  @IsOptional() @Matches(MONEY) promotionDiscount?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SalePromotionDoc) promotions?: SalePromotionDoc[] | null;
  @Matches(MONEY) roundingAmount: string;
  @Matches(MONEY) totalAmount: string;
  @Matches(MONEY) paidAmount: string;
  @Matches(MONEY) changeAmount: string;
  @IsBoolean() negativeStock: boolean;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => PosSaleLineDoc) lines: PosSaleLineDoc[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => PosSalePaymentDoc) payments: PosSalePaymentDoc[];
}

export class PosRefundLineDoc {
  @IsInt() @Min(1) lineNo: number;
  @IsOptional() @IsUUID() saleLineId: string | null;
  @IsUUID() productId: string;
  @IsString() @MaxLength(32) productCode: string;
  @IsString() @MaxLength(200) productName: string;
  @Matches(QTY) quantity: string;
  @Matches(MONEY) amount: string;
  @IsOptional() @Matches(COST) unitCost?: string | null;
}

export class PosRefundDoc extends PosDocHeader {
  @IsString() @MaxLength(64) refundNo: string;
  @IsOptional() @IsUUID() saleId: string | null;
  @IsOptional() @IsString() @MaxLength(64) saleReceiptNo: string | null;
  @IsUUID() warehouseId: string;
  @IsDateString() refundedAt: string;
  @IsString() @MaxLength(200) reason: string;
  @IsBoolean() withoutReceipt: boolean;
  @Matches(MONEY) totalAmount: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => PosRefundLineDoc) lines: PosRefundLineDoc[];
  /** empty for a refund of 0.00 (returning one of a 买二赠一 trio gives nothing back); they add up to the total */
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => PosPaymentDoc) payments: PosPaymentDoc[];
}

/** 充值单 / 充值冲正单 (stream `pos.top-up`). */
export class PosTopUpDoc extends PosDocHeader {
  @IsString() @MaxLength(64) topUpNo: string;
  @IsIn(TOP_UP_KIND_VALUES) kind: TopUpKind;
  @IsOptional() @IsUUID() originalId: string | null;
  @IsOptional() @IsString() @MaxLength(64) originalNo: string | null;
  @IsDateString() toppedUpAt: string;
  @IsString() @Matches(/^[A-Z0-9]{4,40}$/) cardNo: string;
  @IsIn(['chain', 'store']) cardScope: 'chain' | 'store';
  @Matches(MONEY) amount: string;
  @IsUUID() paymentMethodId: string;
  @IsString() @MaxLength(16) methodCode: string;
  @IsString() @MaxLength(60) methodName: string;
  @IsIn(PAYMENT_METHOD_TYPE_VALUES) methodType: PaymentMethodType;
  @Matches(MONEY) tendered: string;
  @Matches(MONEY) changeAmount: string;
  @IsOptional() @IsString() @MaxLength(64) reference: string | null;
  @IsOptional() @Matches(MONEY) cardBalanceAfter: string | null;
  @IsOptional() @IsString() @MaxLength(200) reason: string | null;
}

export class ShiftTenderDoc implements ShiftTender {
  @IsUUID() paymentMethodId: string;
  @IsString() @MaxLength(16) methodCode: string;
  @IsString() @MaxLength(60) methodName: string;
  @IsIn(PAYMENT_METHOD_TYPE_VALUES) methodType: PaymentMethodType;
  @Matches(MONEY) float: string;
  @Matches(MONEY) sales: string;
  @Matches(MONEY) refunds: string;
  /** optional: stores before top-up documents did not send it */
  @IsOptional() @Matches(MONEY) topUps?: string;
  /** optional: stores before gift-card sales did not send it */
  @IsOptional() @Matches(MONEY) giftCards?: string;
  @Matches(MONEY) expected: string;
  @IsOptional() @Matches(MONEY) counted: string | null;
  @IsOptional() @Matches(MONEY) difference: string | null;
}

export class PosShiftReportDoc extends PosDocHeader {
  @IsString() @MaxLength(64) shiftNo: string;
  @IsDateString() openedAt: string;
  @IsDateString() closedAt: string;
  @Matches(MONEY) openingFloat: string;
  @IsInt() @Min(0) salesCount: number;
  @Matches(MONEY) salesTotal: string;
  @IsInt() @Min(0) refundsCount: number;
  @Matches(MONEY) refundsTotal: string;
  /** optional: stores before top-up documents did not send them */
  @IsOptional() @IsInt() @Min(0) topUpsCount?: number;
  @IsOptional() @Matches(MONEY) topUpsTotal?: string;
  @Matches(MONEY) expectedTotal: string;
  @Matches(MONEY) differenceTotal: string;
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ShiftTenderDoc) tenders: ShiftTenderDoc[];
  @IsOptional() @IsString() @MaxLength(500) note: string | null;
}

// the till and integrators read these documents back: their schemas come from the same rules (docs/api.md)
for (const doc of [PosSaleDoc, PosRefundDoc, PosTopUpDoc, PosShiftReportDoc]) describeValidatedClass(doc);

/** Validates a pushed body (HQ inbox); a bad one is a 400 naming the fields, never a half-applied row. */
export function parsePosDoc<T extends object>(cls: new () => T, body: unknown): T {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new DomainException(PosError.POS_BODY_INVALID, 'the document is not an object / 单据格式错误');
  const doc = plainToInstance(cls, body);
  const errors = validateSync(doc, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) {
    const fields = flattenValidationErrors(errors).slice(0, 50);
    throw new DomainException(
      PosError.POS_BODY_INVALID,
      `invalid POS document / 单据数据有误: ${fields
        .map((f) => f.field)
        .slice(0, 5)
        .join(', ')}`,
      fields,
    );
  }
  return doc;
}

/** Canonical JSON (sorted keys) → sha-256: the same document always hashes the same. */
export function payloadHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

const MONEY_KEYS = new Set([
  'grossAmount',
  'discountAmount',
  'promotionDiscount',
  'roundingAmount',
  'totalAmount',
  'paidAmount',
  'changeAmount',
  'listPrice',
  'unitPrice',
  'lineDiscount',
  'saleDiscount',
  'amount',
  'tendered',
  'openingFloat',
  'salesTotal',
  'refundsTotal',
  'topUpsTotal',
  'expectedTotal',
  'differenceTotal',
  'cardBalanceAfter',
]);

// already as toFixed(2) writes it (no leading zeros, no "-0.00"): nothing to convert
const TWO_PLACES = /^-?(0|[1-9]\d*)\.\d\d$/;

/** Amounts always with two decimals on the wire ("3.50"), whether they come from memory or the database. */
function moneyFixed<T extends object>(o: T): T {
  const out = { ...o } as Record<string, unknown>;
  for (const k of Object.keys(out)) {
    const v = out[k];
    if (MONEY_KEYS.has(k) && typeof v === 'string' && (v === '-0.00' || !TWO_PLACES.test(v))) out[k] = new Dec(v).toFixed(2);
  }
  return out as T;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const omit = <T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> => {
  const out = { ...o };
  for (const k of keys) delete out[k];
  return out;
};

// ---- rows ⇄ documents (one mapping, used by the store to answer and push, and by HQ to store) ----

export function saleToDoc(sale: PosSale, lines: PosSaleLine[], payments: PosSalePayment[]): PosSaleDoc {
  return {
    ...moneyFixed(omit(sale, 'payloadHash', 'createdAt')),
    soldAt: iso(sale.soldAt),
    lines: [...lines].sort((a, b) => a.lineNo - b.lineNo).map((l) => moneyFixed(omit(l, 'id', 'saleId'))),
    payments: [...payments].sort((a, b) => a.lineNo - b.lineNo).map((p) => moneyFixed(omit(p, 'id', 'saleId'))),
  };
}

/** What the till gets back: the document without the cost prices (those go to HQ for margin reports only). */
export function tillView<T extends { lines: Array<{ unitCost?: string | null }> }>(doc: T): T {
  return { ...doc, lines: doc.lines.map(({ unitCost: _cost, ...line }) => line) };
}

export function docToSaleRows(doc: PosSaleDoc, hash: string): { sale: PosSale; lines: Partial<PosSaleLine>[]; payments: Partial<PosSalePayment>[] } {
  const { lines, payments, ...head } = doc;
  return {
    sale: { ...head, soldAt: new Date(doc.soldAt), payloadHash: hash } as PosSale,
    lines: lines.map((l) => ({ ...l, saleId: doc.id })),
    payments: payments.map((p) => ({ ...p, saleId: doc.id })),
  };
}

export function refundToDoc(refund: PosRefund, lines: PosRefundLine[], payments: PosRefundPayment[]): PosRefundDoc {
  return {
    ...moneyFixed(omit(refund, 'payloadHash', 'createdAt')),
    refundedAt: iso(refund.refundedAt),
    lines: [...lines].sort((a, b) => a.lineNo - b.lineNo).map((l) => moneyFixed(omit(l, 'id', 'refundId'))),
    payments: [...payments].sort((a, b) => a.lineNo - b.lineNo).map((p) => moneyFixed(omit(p, 'id', 'refundId'))),
  };
}

export function docToRefundRows(doc: PosRefundDoc, hash: string): { refund: PosRefund; lines: Partial<PosRefundLine>[]; payments: Partial<PosRefundPayment>[] } {
  const { lines, payments, ...head } = doc;
  return {
    refund: { ...head, refundedAt: new Date(doc.refundedAt), payloadHash: hash } as PosRefund,
    lines: lines.map((l) => ({ ...l, refundId: doc.id })),
    payments: payments.map((p) => ({ ...p, refundId: doc.id })),
  };
}

export function topUpToDoc(t: PosTopUp): PosTopUpDoc {
  return { ...moneyFixed(omit(t, 'payloadHash', 'createdAt')), toppedUpAt: iso(t.toppedUpAt) };
}

export function docToTopUp(doc: PosTopUpDoc, hash: string): PosTopUp {
  return { ...doc, toppedUpAt: new Date(doc.toppedUpAt), payloadHash: hash } as PosTopUp;
}

export function shiftReportToDoc(r: PosShiftReport): PosShiftReportDoc {
  return { ...moneyFixed(omit(r, 'payloadHash', 'createdAt')), shiftId: r.id, openedAt: iso(r.openedAt), closedAt: iso(r.closedAt), tenders: r.tenders.map((t) => ({ ...t })) };
}

export function docToShiftReport(doc: PosShiftReportDoc, hash: string): PosShiftReport {
  const { shiftId: _shiftId, ...rest } = doc;
  return { ...rest, openedAt: new Date(doc.openedAt), closedAt: new Date(doc.closedAt), payloadHash: hash } as unknown as PosShiftReport;
}
