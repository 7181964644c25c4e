import { Injectable } from '@nestjs/common';
import {
  CommonError,
  Dec,
  dec,
  DocumentNumberService,
  DomainException,
  FieldError,
  InventoryError,
  localToday,
  money,
  PaymentMethod,
  payloadHash,
  PosError,
  PosSale,
  PosSaleDoc,
  PosSaleLine,
  PosSalePayment,
  qty,
  queryRows,
  RequestContext,
  saleToDoc,
  tillView,
  StockService,
  TransactionalConnection,
} from '@chain-erp/shared';
import { CalcError, CalcLine, calculateSale, settleTenders } from './pos.calculator';
import { CreateSaleDto, SaleLineDto } from './pos.dto';
import { PosCatalogService, TillItem } from './pos-catalog.service';
import { PosOutboxWriter } from './pos-outbox.writer';
import { PosSettings, PosSettingsService, requireStore } from './pos-settings.service';
import { PosShiftService } from './pos-shift.service';

export const SALE_DOC_TYPE = 'POS_SALE';

/** A line as resolved against the catalog, before the maths. */
interface PricedLine {
  dto: SaleLineDto;
  item: TillItem;
  quantity: Dec;
  unitPrice: Dec;
  listPrice: Dec;
  priceSource: PosSaleLine['priceSource'];
  fixedAmount: Dec | null;
}

const isUniqueViolation = (e: unknown) => {
  const d = (e as { driverError?: { code?: string; constraint?: string } }).driverError;
  return d?.code === '23505';
};

/**
 * 商品销售: completes a sale in one transaction — header, lines, payments, the stock decrements
 * (StockService) and the outbox row for HQ. The till's UUID makes it idempotent: the same request
 * again returns the first result; another request under the same id is refused.
 */
@Injectable()
export class PosSaleService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: PosSettingsService,
    private readonly shifts: PosShiftService,
    private readonly catalog: PosCatalogService,
    private readonly stock: StockService,
    private readonly numbers: DocumentNumberService,
    private readonly outbox: PosOutboxWriter,
  ) {}

  async complete(ctx: RequestContext, dto: CreateSaleDto): Promise<PosSaleDoc> {
    const storeId = requireStore(ctx);
    const hash = payloadHash(dto);
    const earlier = await this.replay(ctx, storeId, dto.id, hash);
    if (earlier) return earlier;
    try {
      return await this.connection.withTransaction(ctx, (tx) => this.post(tx, storeId, dto, hash));
    } catch (e) {
      // the same sale sent twice at once: the second waits on the first's key, then answers like a retry
      if (isUniqueViolation(e)) {
        const first = await this.replay(ctx, storeId, dto.id, hash);
        if (first) return first;
      }
      throw e;
    }
  }

  private async replay(ctx: RequestContext, storeId: string, id: string, hash: string): Promise<PosSaleDoc | null> {
    const sale = await this.connection.repo(ctx, PosSale).findOneBy({ id });
    if (!sale) return null;
    if (sale.storeId !== storeId || sale.payloadHash !== hash) {
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this sale id was already used for a different sale / 该销售单号已用于另一笔销售', [{ field: 'id', message: 'used by another sale' }]);
    }
    return this.load(ctx, sale);
  }

  async get(ctx: RequestContext, id: string): Promise<PosSaleDoc> {
    const storeId = requireStore(ctx);
    const sale = await this.connection.repo(ctx, PosSale).findOneBy({ id });
    if (!sale || sale.storeId !== storeId) throw new DomainException(PosError.POS_SALE_NOT_FOUND, 'sale not found / 销售单不存在');
    return this.load(ctx, sale);
  }

  async byReceiptNo(ctx: RequestContext, receiptNo: string): Promise<PosSaleDoc> {
    const storeId = requireStore(ctx);
    const sale = await this.connection.repo(ctx, PosSale).findOneBy({ storeId, receiptNo });
    if (!sale) throw new DomainException(PosError.POS_SALE_NOT_FOUND, `receipt ${receiptNo} not found / 小票不存在`);
    return this.load(ctx, sale);
  }

  async load(ctx: RequestContext, sale: PosSale): Promise<PosSaleDoc> {
    const [lines, payments] = await Promise.all([
      this.connection.repo(ctx, PosSaleLine).find({ where: { saleId: sale.id }, order: { lineNo: 'ASC' } }),
      this.connection.repo(ctx, PosSalePayment).find({ where: { saleId: sale.id }, order: { lineNo: 'ASC' } }),
    ]);
    return tillView(saleToDoc(sale, lines, payments));
  }

  private async post(tx: RequestContext, storeId: string, dto: CreateSaleDto, hash: string): Promise<PosSaleDoc> {
    const shift = await this.shifts.lockOpen(tx, dto.shiftId);
    const settings = await this.settings.effective(tx, storeId);
    const warehouseId = await this.warehouseOf(tx, storeId, settings);
    const now = new Date();
    const day = localToday(now);
    const priced = await this.priceLines(tx, storeId, day, dto, settings);
    this.checkPermissions(tx, dto, priced, settings);

    let calc;
    try {
      calc = calculateSale(
        priced.map<CalcLine>((p) => ({
          quantity: p.quantity,
          unitPrice: p.unitPrice,
          fixedAmount: p.fixedAmount,
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
    this.checkDiscountLimits(tx, dto, calc, settings);

    const methods = await this.settings.paymentMethods(tx, storeId, settings);
    const tenders = dto.payments.map((p, i) => ({ dto: p, method: this.tenderMethod(methods, p.paymentMethodId, i) }));
    const settled = settleTenders(calc.total, tenders.map((t) => ({ tendered: money(t.dto.amount), allowsChange: t.method.allowsChange })));
    if (!settled.ok) {
      if (settled.kind === 'SHORT') {
        throw new DomainException(PosError.POS_TENDER_SHORT, `${settled.missing!.toFixed(2)} still to pay / 付款不足`, [{ field: 'payments', message: `total ${calc.total.toFixed(2)}, paid ${settled.paid.toFixed(2)}` }], {
          total: calc.total.toFixed(2),
          paid: settled.paid.toFixed(2),
          missing: settled.missing!.toFixed(2),
        });
      }
      throw new DomainException(PosError.POS_TENDER_OVERPAID, 'only cash can be paid above the total / 只有现金可以找零', [{ field: 'payments', message: `total ${calc.total.toFixed(2)}` }]);
    }

    const receiptNo = (await this.numbers.next(tx, 'SALE', shift.tillCode, now)).replace(/^SALE-/, `SALE-${tx.user!.orgUnitCode}-`);
    const sold = priced.map((p, i) => ({ p, i })).filter(({ p }) => !p.dto.voided);
    let results;
    try {
      results = await this.stock.post(
        tx,
        sold.map(({ p, i }) => ({ warehouseId, productId: p.item.productId, quantity: p.quantity.negated(), docType: SALE_DOC_TYPE, docId: dto.id, docNo: receiptNo, docLine: i + 1, businessDate: day })),
      );
    } catch (e) {
      // name the till's line, not the stock movement
      if (e instanceof DomainException && e.code === InventoryError.STOCK_INSUFFICIENT) {
        const k = Number(/^movements\.(\d+)\./.exec(e.fields?.[0]?.field ?? '')?.[1] ?? 0);
        const line = sold[k];
        const available = String(e.details?.available ?? '0');
        throw new DomainException(
          e.code,
          `not enough stock of ${line.p.item.code} ${line.p.item.name}: ${available} available / 库存不足: ${line.p.item.name} 可售 ${available}`,
          [{ field: `lines.${line.i}.quantity`, message: `only ${available} available` }],
          { ...e.details, line: line.i },
        );
      }
      throw e;
    }

    const sale: PosSale = {
      id: dto.id,
      storeId,
      storeCode: tx.user!.orgUnitCode,
      receiptNo,
      shiftId: shift.id,
      tillCode: shift.tillCode,
      cashierId: tx.userId!,
      cashierName: tx.user!.username,
      warehouseId,
      businessDate: day,
      soldAt: now,
      memberRef: dto.memberRef ?? null,
      grossAmount: calc.gross.toFixed(2),
      discountAmount: calc.discount.toFixed(2),
      roundingAmount: calc.rounding.toFixed(2),
      totalAmount: calc.total.toFixed(2),
      paidAmount: settled.result.paid.toFixed(2),
      changeAmount: settled.result.change.toFixed(2),
      negativeStock: results.some((r) => dec(r.balanceAfter).isNegative()),
      payloadHash: hash,
      createdAt: now,
    };
    const balanceAfter = new Map(sold.map(({ i }, k) => [i, results[k].balanceAfter]));
    const unitCost = new Map(sold.map(({ i }, k) => [i, results[k].unitCost]));
    const lines = priced.map(
      (p, i) =>
        ({
          saleId: sale.id,
          lineNo: i + 1,
          productId: p.item.productId,
          productCode: p.item.code,
          productName: p.item.name,
          barcode: p.dto.barcode ?? null,
          quantity: p.quantity.toString(),
          listPrice: p.listPrice.toFixed(2),
          unitPrice: p.unitPrice.toFixed(2),
          priceSource: p.priceSource,
          lineDiscount: calc.lines[i].lineDiscount.toFixed(2),
          saleDiscount: calc.lines[i].saleDiscount.toFixed(2),
          amount: calc.lines[i].amount.toFixed(2),
          voided: !!p.dto.voided,
          balanceAfter: balanceAfter.has(i) && dec(balanceAfter.get(i)!).isNegative() ? balanceAfter.get(i)! : null,
          unitCost: unitCost.get(i) ?? null,
        }) as PosSaleLine,
    );
    const payments = tenders.map(
      (t, i) =>
        ({
          saleId: sale.id,
          lineNo: i + 1,
          paymentMethodId: t.method.id,
          methodCode: t.method.code,
          methodName: t.method.name,
          methodType: t.method.type,
          tendered: settled.result.parts[i].tendered.toFixed(2),
          changeAmount: settled.result.parts[i].change.toFixed(2),
          amount: settled.result.parts[i].amount.toFixed(2),
          reference: t.dto.reference ?? null,
        }) as PosSalePayment,
    );
    await this.connection.repo(tx, PosSale).insert(sale);
    await this.connection.repo(tx, PosSaleLine).insert(lines);
    if (payments.length) await this.connection.repo(tx, PosSalePayment).insert(payments);
    const doc = saleToDoc(sale, lines, payments);
    await this.outbox.enqueue(tx, 'pos.sale', sale.id, doc);
    return tillView(doc);
  }

  /** The warehouse the store sells from: the setting, else its first active normal warehouse. */
  async warehouseOf(ctx: RequestContext, storeId: string, settings: PosSettings): Promise<string> {
    const [w] = await queryRows<{ id: string }>(
      this.connection.manager(ctx),
      `SELECT id FROM warehouse WHERE org_unit_id = $1 AND kind = 'normal' AND status = 'active' AND ($2::uuid IS NULL OR id = $2) ORDER BY code LIMIT 1`,
      [storeId, settings.checkout.warehouseId ?? null],
    );
    if (!w) throw new DomainException(PosError.POS_NO_WAREHOUSE, 'this store has no active warehouse to sell from / 门店没有可用仓库');
    return w.id;
  }

  private tenderMethod(methods: PaymentMethod[], id: string, i: number): PaymentMethod {
    const method = methods.find((m) => m.id === id);
    if (!method) throw new DomainException(PosError.POS_PAYMENT_METHOD_DISABLED, 'payment method not enabled at this store / 本店未启用该付款方式', [{ field: `payments.${i}.paymentMethodId`, message: 'not enabled here' }]);
    // balances live in the member center at HQ: refused rather than guessed (DESIGN §5 Offline)
    if (method.type === 'stored_value') throw new DomainException(PosError.POS_STORED_VALUE_OFFLINE, 'stored-value payment is not available yet / 储值卡支付暂不可用', [{ field: `payments.${i}.paymentMethodId`, message: 'stored value' }]);
    return method;
  }

  /** Finds each line's product and its price at this store today (member price, override, weighed label). */
  async priceLines(ctx: RequestContext, storeId: string, day: string, dto: { lines: SaleLineDto[]; memberRef?: string }, settings: PosSettings): Promise<PricedLine[]> {
    const fields: FieldError[] = [];
    dto.lines.forEach((l, i) => {
      const keys = [l.barcode, l.productId, l.productCode].filter((k) => k !== undefined).length;
      if (keys !== 1) fields.push({ field: `lines.${i}`, message: 'give exactly one of barcode, productId, productCode' });
      if (l.discountPercent !== undefined && l.discountAmount !== undefined) fields.push({ field: `lines.${i}.discountAmount`, message: 'percent or amount, not both' });
    });
    if (fields.length) throw new DomainException(CommonError.VALIDATION_FAILED, 'invalid sale lines / 商品行有误', fields);

    const barcodes = await this.catalog.resolveBarcodes(ctx, [...new Set(dto.lines.map((l) => l.barcode).filter((b): b is string => !!b))], settings.checkout.weighedBarcodes);
    const codes = await this.catalog.idsByCodes(ctx, [...new Set(dto.lines.map((l) => l.productCode).filter((c): c is string => !!c))]);
    const idOf = (l: SaleLineDto) => (l.barcode ? barcodes.get(l.barcode)?.productId : l.productCode ? codes.get(l.productCode) : l.productId);
    const items = await this.catalog.byIds(ctx, storeId, day, [...new Set(dto.lines.map(idOf).filter((id): id is string => !!id))]);

    const memberPricing = !!dto.memberRef || !settings.checkout.memberRequiredForMemberPrice;
    const out = dto.lines.map((l, i): PricedLine | null => {
      const id = idOf(l);
      const item = id ? items.get(id) : undefined;
      if (!item) {
        fields.push({ field: `lines.${i}.${l.barcode ? 'barcode' : l.productCode ? 'productCode' : 'productId'}`, message: l.barcode ? 'unknown barcode' : 'unknown product' });
        return null;
      }
      if (item.status === 'disabled') {
        fields.push({ field: `lines.${i}`, message: `${item.code} is not for sale` });
        return null;
      }
      const embedded = l.barcode ? (barcodes.get(l.barcode)?.embedded ?? null) : null;
      const base = memberPricing && item.memberPrice !== null && item.memberPrice.lessThan(item.retailPrice) ? { price: item.memberPrice, source: 'member' as const } : { price: item.retailPrice, source: item.retailSource };
      let unitPrice = base.price;
      let priceSource: PricedLine['priceSource'] = base.source;
      if (l.price !== undefined && !money(l.price).equals(base.price)) {
        unitPrice = money(l.price);
        priceSource = 'override';
      }
      let quantity = l.quantity !== undefined ? qty(l.quantity) : dec(1);
      let fixedAmount: Dec | null = null;
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
        throw new DomainException(PosError.POS_QUANTITY_NOT_WHOLE, `${item.code} ${item.name} is sold in whole units / 非称重商品数量须为整数`, [{ field: `lines.${i}.quantity`, message: 'whole units only' }]);
      }
      return { dto: l, item, quantity, unitPrice, listPrice: item.retailPrice, priceSource, fixedAmount };
    });
    if (fields.length) {
      const unknownBarcode = fields.some((f) => f.message === 'unknown barcode');
      const code = unknownBarcode ? PosError.POS_UNKNOWN_BARCODE : fields.some((f) => f.message === 'unknown product') ? PosError.POS_UNKNOWN_PRODUCT : fields.some((f) => f.message.includes('not for sale')) ? PosError.POS_PRODUCT_NOT_SALEABLE : CommonError.VALIDATION_FAILED;
      throw new DomainException(code, unknownBarcode ? 'unknown barcode / 条码不存在' : 'invalid sale lines / 商品行有误', fields);
    }
    return out as PricedLine[];
  }

  private checkPermissions(ctx: RequestContext, dto: CreateSaleDto, lines: PricedLine[], settings: PosSettings): void {
    if (lines.every((l) => l.dto.voided)) throw new DomainException(PosError.POS_EMPTY_SALE, 'every line is voided / 没有商品', [{ field: 'lines', message: 'nothing sold' }]);
    lines.forEach((l, i) => {
      if (l.dto.voided && settings.checkout.voidLineNeedsPermission && !ctx.can('pos.void-line')) {
        throw new DomainException(PosError.POS_VOID_NOT_ALLOWED, 'voiding a line needs a supervisor / 删除商品行需要授权', [{ field: `lines.${i}.voided`, message: 'needs pos.void-line' }]);
      }
      if (l.priceSource === 'override' && (!settings.checkout.allowPriceOverride || !ctx.can('pos.price.override'))) {
        throw new DomainException(PosError.POS_PRICE_OVERRIDE_NOT_ALLOWED, 'changing the price is not allowed / 不允许改价', [{ field: `lines.${i}.price`, message: settings.checkout.allowPriceOverride ? 'needs pos.price.override' : 'price override is off at this store' }]);
      }
    });
    const anyDiscount = lines.some((l) => l.dto.discountPercent !== undefined || l.dto.discountAmount !== undefined) || dto.discountPercent !== undefined || dto.discountAmount !== undefined;
    if (dto.discountPercent !== undefined && dto.discountAmount !== undefined) throw new DomainException(CommonError.VALIDATION_FAILED, 'percent or amount, not both / 折扣只能选一种', [{ field: 'discountAmount', message: 'percent or amount, not both' }]);
    if (anyDiscount && !settings.checkout.allowDiscounts && !ctx.can('pos.discount.override')) {
      throw new DomainException(PosError.POS_DISCOUNT_NOT_ALLOWED, 'discounts are off at this store / 本店不允许折扣', [{ field: 'discountPercent', message: 'discounts are off' }]);
    }
  }

  private checkDiscountLimits(ctx: RequestContext, dto: CreateSaleDto, calc: ReturnType<typeof calculateSale>, settings: PosSettings): void {
    if (ctx.can('pos.discount.override')) return;
    const over: FieldError[] = [];
    calc.lines.forEach((l, i) => {
      if (l.discountPercent.greaterThan(settings.checkout.lineDiscountLimitPercent)) over.push({ field: `lines.${i}.discount${dto.lines[i].discountPercent !== undefined ? 'Percent' : 'Amount'}`, message: `above ${settings.checkout.lineDiscountLimitPercent}%` });
    });
    if (calc.saleDiscountPercent.greaterThan(settings.checkout.saleDiscountLimitPercent)) over.push({ field: dto.discountPercent !== undefined ? 'discountPercent' : 'discountAmount', message: `above ${settings.checkout.saleDiscountLimitPercent}%` });
    if (over.length) throw new DomainException(PosError.POS_DISCOUNT_BEYOND_LIMIT, 'the discount is beyond your limit / 折扣超出权限', over);
  }

  /** Lines sold with stock going below zero (negative-stock selling on), for follow-up. */
  async negativeStock(ctx: RequestContext, limit = 200) {
    const storeId = requireStore(ctx);
    const rows = await queryRows<{ quantity: string; balanceAfter: string; onHandNow: string | null }>(
      this.connection.manager(ctx),
      `SELECT s.id AS "saleId", s.receipt_no AS "receiptNo", s.sold_at AS "soldAt", l.line_no AS "lineNo", l.product_id AS "productId", l.product_code AS "productCode",
              l.product_name AS "productName", l.quantity::text, l.balance_after::text AS "balanceAfter",
              (SELECT qty::text FROM stock_balance b WHERE b.warehouse_id = s.warehouse_id AND b.product_id = l.product_id) AS "onHandNow"
       FROM pos_sale s JOIN pos_sale_line l ON l.sale_id = s.id
       WHERE s.store_id = $1 AND s.negative_stock AND l.balance_after IS NOT NULL ORDER BY s.sold_at DESC LIMIT $2`,
      [storeId, limit],
    );
    return rows.map((r) => ({ ...r, quantity: dec(r.quantity).toString(), balanceAfter: dec(r.balanceAfter).toString(), onHandNow: r.onHandNow === null ? null : dec(r.onHandNow).toString() }));
  }
}

function discountSpec(percent?: string, amount?: string) {
  if (percent !== undefined) return { percent: dec(percent) };
  if (amount !== undefined) return { amount: dec(amount) };
  return null;
}
