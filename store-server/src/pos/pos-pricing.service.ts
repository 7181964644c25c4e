import { Injectable } from '@nestjs/common';
import { CommonError, Dec, dec, DomainException, FieldError, money, PosError, PosSaleLine, qty, RequestContext } from '@chain-erp/shared';
import { CalcError, CalcLine, calculateSale } from './pos.calculator';
import { CreateSaleDto, SaleLineDto } from './pos.dto';
import { LineKeys, PosCatalogService, TillItem } from './pos-catalog.service';
import { ResolvedRow } from './pos-catalog.repository';
import { PosSettings } from './pos-settings.service';

/** A line as resolved against the catalog, before the maths. */
export interface PricedLine {
  dto: SaleLineDto;
  item: TillItem;
  quantity: Dec;
  unitPrice: Dec;
  listPrice: Dec;
  priceSource: PosSaleLine['priceSource'];
  fixedAmount: Dec | null;
}

/** How a presented member card prices (its card type), as the till checked it. */
export interface MemberPricing {
  pricing: 'discount' | 'member_price';
  /** discount cards: the rate on the retail price, e.g. "0.95" */
  discountRate: string | null;
}

/**
 * The sale's pricing step: finds each line's product and price at this store today (store price,
 * member price, override, weighed label), checks what the cashier may do, and runs the calculator.
 */
@Injectable()
export class PosPricingService {
  constructor(private readonly catalog: PosCatalogService) {}

  /**
   * `member`: the card presented (already checked valid), null without one. Member prices apply
   * with a card, or to everyone when the store does not require a member for them.
   * `prefetched`: the catalog rows of the lines' keys (`saleLineKeys`), when the caller read them already.
   */
  async priceLines(
    ctx: RequestContext,
    storeId: string,
    at: Date,
    lines: SaleLineDto[],
    settings: PosSettings,
    member: MemberPricing | null,
    prefetched?: ResolvedRow[],
  ): Promise<PricedLine[]> {
    const fields: FieldError[] = [];
    lines.forEach((l, i) => {
      const keys = [l.barcode, l.productId, l.productCode].filter((k) => k !== undefined).length;
      if (keys !== 1) fields.push({ field: `lines.${i}`, message: 'give exactly one of barcode, productId, productCode' });
      if (l.discountPercent !== undefined && l.discountAmount !== undefined) fields.push({ field: `lines.${i}.discountAmount`, message: 'percent or amount, not both' });
    });
    if (fields.length) throw new DomainException(CommonError.VALIDATION_FAILED, 'invalid sale lines / 商品行有误', fields);

    const found = await this.catalog.resolve(ctx, storeId, at, saleLineKeys(lines), settings.checkout.weighedBarcodes, prefetched);

    const memberPrices = !!member || !settings.checkout.memberRequiredForMemberPrice;
    const out = lines.map((l, i): PricedLine | null => {
      const item = l.barcode ? found.byBarcode.get(l.barcode) : l.productCode ? found.byCode.get(l.productCode) : found.byId.get(l.productId!);
      if (!item) {
        fields.push({ field: `lines.${i}.${l.barcode ? 'barcode' : l.productCode ? 'productCode' : 'productId'}`, message: l.barcode ? 'unknown barcode' : 'unknown product' });
        return null;
      }
      if (item.status === 'disabled') {
        fields.push({ field: `lines.${i}`, message: `${item.code} is not for sale` });
        return null;
      }
      const base = basePrice(item, memberPrices, member);
      let unitPrice = base.price;
      let priceSource: PricedLine['priceSource'] = base.source;
      if (l.price !== undefined && !money(l.price).equals(base.price)) {
        unitPrice = money(l.price);
        priceSource = 'override';
      }
      let quantity = l.quantity !== undefined ? qty(l.quantity) : dec(1);
      let fixedAmount: Dec | null = null;
      const embedded = item.embedded;
      if (embedded) {
        if (l.quantity !== undefined) fields.push({ field: `lines.${i}.quantity`, message: 'the label carries the quantity' });
        if (embedded.layout.kind === 'weight') quantity = qty(embedded.value);
        else {
          fixedAmount = money(embedded.value);
          priceSource = 'barcode';
          quantity = unitPrice.isZero() ? dec(1) : qty(embedded.value.div(unitPrice));
        }
      }
      if (quantity.isZero()) fields.push({ field: `lines.${i}.quantity`, message: 'must be more than 0' });
      if (!item.weighed && !quantity.isInteger()) {
        throw new DomainException(PosError.POS_QUANTITY_NOT_WHOLE, `${item.code} ${item.name} is sold in whole units / 非称重商品数量须为整数`, [
          { field: `lines.${i}.quantity`, message: 'whole units only' },
        ]);
      }
      return { dto: l, item, quantity, unitPrice, listPrice: item.retailPrice, priceSource, fixedAmount };
    });
    if (fields.length) {
      const unknownBarcode = fields.some((f) => f.message === 'unknown barcode');
      const code = unknownBarcode
        ? PosError.POS_UNKNOWN_BARCODE
        : fields.some((f) => f.message === 'unknown product')
          ? PosError.POS_UNKNOWN_PRODUCT
          : fields.some((f) => f.message.includes('not for sale'))
            ? PosError.POS_PRODUCT_NOT_SALEABLE
            : CommonError.VALIDATION_FAILED;
      throw new DomainException(code, unknownBarcode ? 'unknown barcode / 条码不存在' : 'invalid sale lines / 商品行有误', fields);
    }
    return out as PricedLine[];
  }

  /**
   * Permissions, the calculator and the discount limits: the sale's amounts, or a refusal naming the
   * field. `promotionDiscounts`: the promotion step's saving per line (the cashier's discounts come after).
   */
  calculate(ctx: RequestContext, dto: CreateSaleDto, priced: PricedLine[], settings: PosSettings, promotionDiscounts?: Dec[]) {
    this.checkPermissions(ctx, dto, priced, settings);
    let calc;
    try {
      calc = calculateSale(
        priced.map<CalcLine>((p, i) => ({
          quantity: p.quantity,
          unitPrice: p.unitPrice,
          fixedAmount: p.fixedAmount,
          promotionDiscount: promotionDiscounts?.[i] ?? null,
          voided: !!p.dto.voided,
          discount: discountSpec(p.dto.discountPercent, p.dto.discountAmount),
        })),
        discountSpec(dto.discountPercent, dto.discountAmount),
        settings.checkout.rounding,
      );
    } catch (e) {
      if (e instanceof CalcError) {
        const field = e.line === null ? 'discountAmount' : `lines.${e.line}.discountAmount`;
        throw new DomainException(PosError.POS_DISCOUNT_TOO_LARGE, 'the discount is larger than the amount / 折扣超过金额', [{ field, message: 'larger than the amount' }]);
      }
      throw e;
    }
    this.checkDiscountLimits(ctx, dto, calc, settings);
    return calc;
  }

  private checkPermissions(ctx: RequestContext, dto: CreateSaleDto, lines: PricedLine[], settings: PosSettings): void {
    if (lines.every((l) => l.dto.voided)) throw new DomainException(PosError.POS_EMPTY_SALE, 'every line is voided / 没有商品', [{ field: 'lines', message: 'nothing sold' }]);
    lines.forEach((l, i) => {
      if (l.dto.voided && settings.checkout.voidLineNeedsPermission && !ctx.can('pos.void-line')) {
        throw new DomainException(PosError.POS_VOID_NOT_ALLOWED, 'voiding a line needs a supervisor / 删除商品行需要授权', [
          { field: `lines.${i}.voided`, message: 'needs pos.void-line' },
        ]);
      }
      if (l.priceSource === 'override' && (!settings.checkout.allowPriceOverride || !ctx.can('pos.price.override'))) {
        throw new DomainException(PosError.POS_PRICE_OVERRIDE_NOT_ALLOWED, 'changing the price is not allowed / 不允许改价', [
          { field: `lines.${i}.price`, message: settings.checkout.allowPriceOverride ? 'needs pos.price.override' : 'price override is off at this store' },
        ]);
      }
    });
    const anyDiscount =
      lines.some((l) => l.dto.discountPercent !== undefined || l.dto.discountAmount !== undefined) || dto.discountPercent !== undefined || dto.discountAmount !== undefined;
    if (dto.discountPercent !== undefined && dto.discountAmount !== undefined)
      throw new DomainException(CommonError.VALIDATION_FAILED, 'percent or amount, not both / 折扣只能选一种', [
        { field: 'discountAmount', message: 'percent or amount, not both' },
      ]);
    if (anyDiscount && !settings.checkout.allowDiscounts && !ctx.can('pos.discount.override')) {
      throw new DomainException(PosError.POS_DISCOUNT_NOT_ALLOWED, 'discounts are off at this store / 本店不允许折扣', [
        { field: 'discountPercent', message: 'discounts are off' },
      ]);
    }
  }

  private checkDiscountLimits(ctx: RequestContext, dto: CreateSaleDto, calc: ReturnType<typeof calculateSale>, settings: PosSettings): void {
    if (ctx.can('pos.discount.override')) return;
    const over: FieldError[] = [];
    calc.lines.forEach((l, i) => {
      if (l.discountPercent.greaterThan(settings.checkout.lineDiscountLimitPercent))
        over.push({
          field: `lines.${i}.discount${dto.lines[i].discountPercent !== undefined ? 'Percent' : 'Amount'}`,
          message: `above ${settings.checkout.lineDiscountLimitPercent}%`,
        });
    });
    if (calc.saleDiscountPercent.greaterThan(settings.checkout.saleDiscountLimitPercent))
      over.push({ field: dto.discountPercent !== undefined ? 'discountPercent' : 'discountAmount', message: `above ${settings.checkout.saleDiscountLimitPercent}%` });
    if (over.length) throw new DomainException(PosError.POS_DISCOUNT_BEYOND_LIMIT, 'the discount is beyond your limit / 折扣超出权限', over);
  }
}

/** The distinct barcodes, product codes and product ids a sale's lines name. */
export function saleLineKeys(lines: SaleLineDto[]): LineKeys {
  const distinct = (f: (l: SaleLineDto) => string | undefined) => [...new Set(lines.map(f).filter((k): k is string => !!k))];
  return { barcodes: distinct((l) => l.barcode), codes: distinct((l) => l.productCode), ids: distinct((l) => l.productId) };
}

/**
 * The price before any override: a discount card takes its rate off the retail (or store) price;
 * otherwise the member price when member prices apply and it is lower.
 */
export function basePrice(item: TillItem, memberPrices: boolean, member: MemberPricing | null): { price: Dec; source: PricedLine['priceSource'] } {
  if (member?.pricing === 'discount' && member.discountRate) {
    const price = money(item.retailPrice.times(member.discountRate));
    if (price.lessThan(item.retailPrice)) return { price, source: 'member' };
    return { price: item.retailPrice, source: item.retailSource };
  }
  if (memberPrices && item.memberPrice !== null && item.memberPrice.lessThan(item.retailPrice)) return { price: item.memberPrice, source: 'member' };
  return { price: item.retailPrice, source: item.retailSource };
}

function discountSpec(percent?: string, amount?: string) {
  if (percent !== undefined) return { percent: dec(percent) };
  if (amount !== undefined) return { amount: dec(amount) };
  return null;
}
