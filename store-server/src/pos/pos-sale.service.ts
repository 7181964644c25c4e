import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Clock,
  CommonError,
  dec,
  Dec,
  Decision,
  DomainException,
  InventoryError,
  isUniqueViolation,
  MemberError,
  localToday,
  money,
  MovementResult,
  payloadHash,
  PosError,
  PosSale,
  PosSaleDoc,
  PosSaleLine,
  PosSalePayment,
  RequestContext,
  saleToDoc,
  StockPlan,
  tillView,
  StockService,
  TransactionalConnection,
  VOUCHER_NO,
  VoucherError,
} from '@chain-erp/shared';
import { settleTenders } from './pos.calculator';
import { CreateSaleDto, QuoteSaleDto } from './pos.dto';
import { PosOutboxWriter } from './pos-outbox.writer';
import { PosPricingService, PricedLine, saleLineKeys } from './pos-pricing.service';
import { PosPromotionService } from './pos-promotion.service';
import { PosSaleRepository, TillMethod } from './pos-sale.repository';
import { enabledMethods, PosSettings, PosSettingsService, requireStore, sellingWarehouse } from './pos-settings.service';
import { assertSellable } from './pos-shift.service';
import { mayHaveLanded, SaleCard, StoreMemberService } from '../membership/store-member.service';
import { StoreVoucherService, VoucherUse } from '../membership/store-voucher.service';
import { TillActivity } from '../transfer/till-activity';

export const SALE_DOC_TYPE = 'POS_SALE';

/** 代金券 / 礼品卡 tenders: HQ-issued numbers whose value HQ holds */
export const isInstrument = (type: string) => type === 'voucher' || type === 'gift_card';

/**
 * What a sale charges online at HQ before it commits: a chain card's stored value and each voucher
 * or gift card (their value is held at HQ). The first pass computes them; the second must find the same.
 */
type OnlineCharge = { kind: 'stored_value'; cardNo: string; amount: string } | ({ kind: 'voucher' } & VoucherUse);

/** What the second pass was charged online (null: the first pass, nothing charged yet). */
type Charged = OnlineCharge[] | null;

/**
 * How one pass of a sale's transaction ended. Only `sold` commits; the others roll back (nothing
 * kept, the receipt number given back) and say what the caller does next.
 */
type SaleOutcome =
  | { kind: 'sold'; doc: PosSaleDoc }
  /** the id is taken already: a retry (answer the first result) or another sale under that id */
  | { kind: 'taken' }
  /** everything checked (prices, tenders, stock): charge these online at HQ, then run the sale again */
  | { kind: 'needs-charge'; charges: OnlineCharge[] };

/** The sale's rows, built from its pricing and the stock movements' results (costs, balances after). */
interface SaleRows {
  sale: PosSale;
  lines: PosSaleLine[];
  payments: PosSalePayment[];
  /** the document HQ and the till get */
  doc: PosSaleDoc;
}

/**
 * 商品销售: completes a sale in one transaction — header, lines, payments, the stock decrements
 * (StockService) and the outbox row for HQ. The till's UUID makes it idempotent: the same request
 * again returns the first result; another request under the same id is refused.
 *
 * The steps of `pass`, in order: read the context (one statement: the shift locked, the id check,
 * both settings layers, warehouses, payment methods, the receipt number, every line with its
 * prices and the promotions) → price, promote, discount → settle the tenders → prepare the stock
 * (StockService.prepare: checks and locks, one statement) → build the sale's rows from the
 * movements' results → StockService.commit writes stock, ledger, header, lines, payments and the
 * outbox record in one statement. With BEGIN and COMMIT, five round trips (bench/pos-sales); the
 * hot statements are prepared (parsed and planned once per connection).
 */
@Injectable()
export class PosSaleService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: PosSettingsService,
    private readonly pricing: PosPricingService,
    private readonly repo: PosSaleRepository,
    private readonly stock: StockService,
    private readonly outbox: PosOutboxWriter,
    private readonly members: StoreMemberService,
    private readonly vouchers: StoreVoucherService,
    private readonly promotions: PosPromotionService,
    private readonly clock: Clock,
    private readonly tills: TillActivity,
  ) {}

  /**
   * A sale with a tender whose value HQ holds — a chain card's stored value, a voucher or gift card
   * (代金券 / 礼品卡) — runs twice: a first pass validates everything (prices, tenders, stock) and
   * rolls back; each is charged at HQ (idempotent by the sale's UUID, never while holding stock
   * locks); the second pass commits. Should a charge be refused or the commit fail, what was charged
   * is reversed. Other sales run once.
   */
  complete(ctx: RequestContext, dto: CreateSaleDto): Promise<PosSaleDoc> {
    // noted as the tills selling: the store's sync gives way meanwhile (TillActivity)
    return this.tills.selling(() => this.sell(ctx, dto));
  }

  private async sell(ctx: RequestContext, dto: CreateSaleDto): Promise<PosSaleDoc> {
    const storeId = requireStore(ctx);
    const hash = payloadHash(dto);
    const card = dto.memberRef ? await this.members.saleCard(ctx, dto.memberRef) : null;
    const first = await this.attempt(ctx, storeId, dto, hash, card, null);
    if (first.kind === 'sold') return first.doc;
    const charges = first.charges;
    const done: OnlineCharge[] = [];
    try {
      for (const c of charges) {
        done.push(c);
        await this.charge(ctx, storeId, dto.id, c);
      }
    } catch (refused) {
      // HQ's answer lost (a timeout): the last charge may stand without its sale — undo it too; the others did land
      if (!mayHaveLanded(refused)) done.pop();
      await this.undo(ctx, dto.id, done);
      throw refused;
    }
    try {
      const second = await this.attempt(ctx, storeId, dto, hash, card, charges);
      if (second.kind === 'sold') return second.doc;
      throw new Error('the second pass of a sale asked for its online charges again');
    } catch (failed) {
      // the sale is there after all (a concurrent duplicate committed it): its charges stand
      if (
        !(failed instanceof DomainException && failed.code === CommonError.IDEMPOTENCY_MISMATCH) &&
        (await this.connection.repo(ctx, PosSale).existsBy({ id: dto.id, payloadHash: hash }))
      )
        throw failed;
      await this.undo(ctx, dto.id, charges);
      throw failed;
    }
  }

  private async charge(ctx: RequestContext, storeId: string, saleId: string, c: OnlineCharge): Promise<void> {
    if (c.kind === 'stored_value') return void (await this.members.payWithStoredValue(ctx, { paymentId: saleId, cardNo: c.cardNo, amount: c.amount }));
    if ((await this.vouchers.assertNotPendingHere(ctx, c.number)) === 'offline' && (await this.vouchers.usableOffline(ctx, storeId, c, this.clock.now()))) {
      c.offline = true;
      return;
    }
    try {
      await this.vouchers.redeem(ctx, { saleId, number: c.number, amount: c.amount, saleTotal: c.saleTotal });
    } catch (e) {
      // HQ away: a voucher allocated to this store is redeemed against the replica in the second pass
      if (!(await this.vouchers.mayRedeemOffline(ctx, storeId, c, e, this.clock.now()))) throw e;
      c.offline = true;
    }
  }

  /** Reverses online charges of a sale that will not commit (each once; queued for the sync when HQ is away). */
  private async undo(ctx: RequestContext, saleId: string, charges: OnlineCharge[]): Promise<void> {
    for (const c of charges) {
      if (c.kind === 'stored_value') await this.members.reverseStoredValue(ctx, { paymentId: saleId, cardNo: c.cardNo });
      else await this.vouchers.reverse(ctx, { saleId, number: c.number });
    }
  }

  /**
   * 价格试算: the basket priced exactly as a sale would be now (same statement, pricing, promotions,
   * discounts and the cashier's permissions), then rolled back — nothing is written, the receipt
   * number taken for it is given back. The till shows each line's promotion and the total to pay.
   */
  async quote(ctx: RequestContext, dto: QuoteSaleDto) {
    const storeId = requireStore(ctx);
    const card = dto.memberRef ? await this.members.saleCard(ctx, dto.memberRef) : null;
    const sale = { ...dto, id: randomUUID(), payments: [] } as CreateSaleDto;
    // a dry run: the transaction is rolled back (the receipt number taken for it is given back)
    return this.connection.decide(ctx, async (tx) => {
      const now = this.clock.now();
      const context = await this.repo.context(tx, storeId, sale.id, sale.shiftId, now, localToday(now), saleLineKeys(sale.lines));
      assertSellable(tx, context.shift);
      const settings = this.settings.merge(storeId, context.layers);
      const priced = await this.pricing.priceLines(tx, storeId, now, sale.lines, settings, card, context.items);
      const promoted = this.promotions.apply(storeId, now, priced, context.promotions, card ? { cardTypeId: card.cardTypeId } : null);
      const calc = this.pricing.calculate(
        tx,
        sale,
        priced,
        settings,
        promoted.lines.map((l) => l.saving),
      );
      return Decision.rollBack({
        member: card ? { cardNo: card.cardNo, scope: card.scope, storedValueAllowed: card.storedValueAllowed } : null,
        lines: priced.map((p, i) => ({
          lineNo: i + 1,
          productId: p.item.productId,
          productCode: p.item.code,
          productName: p.item.name,
          quantity: p.quantity.toString(),
          listPrice: p.listPrice.toFixed(2),
          unitPrice: p.unitPrice.toFixed(2),
          priceSource: p.priceSource,
          promotionDiscount: calc.lines[i].promotionDiscount.toFixed(2),
          promotions: promoted.lines[i].promotions,
          lineDiscount: calc.lines[i].lineDiscount.toFixed(2),
          saleDiscount: calc.lines[i].saleDiscount.toFixed(2),
          amount: calc.lines[i].amount.toFixed(2),
          voided: !!p.dto.voided,
        })),
        promotions: promoted.applied,
        grossAmount: calc.gross.toFixed(2),
        promotionDiscount: calc.promotionDiscount.toFixed(2),
        discountAmount: calc.discount.toFixed(2),
        roundingAmount: calc.rounding.toFixed(2),
        totalAmount: calc.total.toFixed(2),
      });
    });
  }

  /** One pass in its own transaction; a taken id (or a twin committing at the same moment) answers the first sale. */
  private async attempt(
    ctx: RequestContext,
    storeId: string,
    dto: CreateSaleDto,
    hash: string,
    card: SaleCard | null,
    charged: Charged,
  ): Promise<Exclude<SaleOutcome, { kind: 'taken' }>> {
    try {
      const outcome = await this.connection.decide(ctx, (tx) => this.pass(tx, storeId, dto, hash, card, charged));
      if (outcome.kind !== 'taken') return outcome;
    } catch (e) {
      // the same sale sent twice at once: the second waited on the first's key and answers like a retry
      if (!isUniqueViolation(e)) throw e;
      const first = await this.replay(ctx, storeId, dto.id, hash);
      if (first) return { kind: 'sold', doc: first };
      throw e;
    }
    const first = await this.replay(ctx, storeId, dto.id, hash);
    if (!first) throw new Error(`sale ${dto.id} was taken but is not there`);
    return { kind: 'sold', doc: first };
  }

  private async replay(ctx: RequestContext, storeId: string, id: string, hash: string): Promise<PosSaleDoc | null> {
    const sale = await this.connection.repo(ctx, PosSale).findOneBy({ id });
    if (!sale) return null;
    if (sale.storeId !== storeId || sale.payloadHash !== hash) {
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this sale id was already used for a different sale / 该销售单号已用于另一笔销售', [
        { field: 'id', message: 'used by another sale' },
      ]);
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

  /** The sale's steps in its transaction (see the class comment); only `sold` is committed. */
  private async pass(tx: RequestContext, storeId: string, dto: CreateSaleDto, hash: string, card: SaleCard | null, charged: Charged): Promise<Decision<SaleOutcome>> {
    const now = this.clock.now();
    const day = localToday(now);
    const context = await this.repo.context(tx, storeId, dto.id, dto.shiftId, now, day, saleLineKeys(dto.lines));
    if (context.taken) return Decision.rollBack({ kind: 'taken' });
    const shift = assertSellable(tx, context.shift);
    // read live in this transaction: a change of settings applies to the next sale
    const settings = this.settings.merge(storeId, context.layers);
    const warehouseId = sellingWarehouse(context.warehouses, settings);
    const priced = await this.pricing.priceLines(tx, storeId, now, dto.lines, settings, card, context.items);
    // promotions (docs/promotions.md) before the cashier's discounts
    const promoted = this.promotions.apply(storeId, now, priced, context.promotions, card ? { cardTypeId: card.cardTypeId } : null);
    const calc = this.pricing.calculate(
      tx,
      dto,
      priced,
      settings,
      promoted.lines.map((l) => l.saving),
    );
    const tenders = this.tenders(dto, context.methods, settings, card);
    const settled = settle(calc.total, tenders);
    const receiptNo = context.number!.replace(/^SALE-/, `SALE-${tx.user!.orgUnitCode}-`);
    const stock = await this.prepareStock(tx, priced, { warehouseId, saleId: dto.id, receiptNo, day });

    const rows = buildSaleRows({
      dto,
      tx,
      storeId,
      receiptNo,
      shift,
      warehouseId,
      day,
      now,
      hash,
      priced,
      promoted,
      calc,
      tenders,
      settled,
      movements: stock.results,
    });
    await this.stock.commit(tx, stock.plan, [...this.repo.rows(rows.sale, rows.lines, rows.payments), this.outbox.record(tx, 'pos.sale', dto.id, rows.doc)]);
    // a 本店卡's stored value is held here: charged in the sale's own transaction
    const own = tenders.findIndex((t) => t.method.type === 'stored_value' && card!.scope === 'store');
    if (own >= 0) await this.members.payWithStoredValue(tx, { paymentId: dto.id, cardNo: card!.cardNo, amount: settled.parts[own].amount.toFixed(2) });
    // HQ is charged only for a sale proven whole here (rows written, stock and the 本店卡 taken):
    // the first pass rolls all of it back and asks for the charges; the second writes it again
    const online = onlineCharges(tenders, settled, card, calc.total);
    if (online.length && !charged) return Decision.rollBack({ kind: 'needs-charge', charges: online });
    const asked = charged?.map((c) => ({ ...c, offline: undefined }));
    if (online.length && JSON.stringify(asked) !== JSON.stringify(online))
      throw new Error(`online charges ${JSON.stringify(asked)} differ from ${JSON.stringify(online)} on the second pass`);
    // vouchers of this store's replica: noted as used here; one redeemed offline goes to HQ by the outbox
    const vouchers = (charged ?? []).filter((c): c is Extract<OnlineCharge, { kind: 'voucher' }> => c.kind === 'voucher');
    if (vouchers.length) await this.vouchers.recordUses(tx, storeId, { id: dto.id, receiptNo }, vouchers, now);
    if (card && calc.total.gt(0))
      await this.members.earnForSale(tx, card, { saleId: dto.id, cardNo: card.cardNo, amount: this.promotions.pointsAmount(rows.doc.lines, calc.total).toFixed(2) });
    return Decision.commit({ kind: 'sold', doc: tillView(rows.doc) });
  }

  /**
   * The stock decrements of the lines sold (not voided), checked and locked (StockService.prepare);
   * a shortage names the till's line. `results[k]` is line `sold[k]`'s movement.
   */
  private async prepareStock(
    tx: RequestContext,
    priced: PricedLine[],
    doc: { warehouseId: string; saleId: string; receiptNo: string; day: string },
  ): Promise<{ plan: StockPlan; results: Map<number, MovementResult> }> {
    const sold = priced.map((p, i) => (p.dto.voided ? -1 : i)).filter((i) => i >= 0);
    try {
      const plan = await this.stock.prepare(
        tx,
        sold.map((i) => ({
          warehouseId: doc.warehouseId,
          productId: priced[i].item.productId,
          quantity: priced[i].quantity.negated(),
          docType: SALE_DOC_TYPE,
          docId: doc.saleId,
          docNo: doc.receiptNo,
          docLine: i + 1,
          businessDate: doc.day,
        })),
      );
      return { plan, results: new Map(sold.map((i, k) => [i, plan.results[k]])) };
    } catch (e) {
      if (e instanceof DomainException && e.code === InventoryError.STOCK_INSUFFICIENT) {
        const k = Number(/^movements\.(\d+)\./.exec(e.fields?.[0]?.field ?? '')?.[1] ?? 0);
        const line = priced[sold[k]];
        const available = String(e.details?.available ?? '0');
        throw new DomainException(
          e.code,
          `not enough stock of ${line.item.code} ${line.item.name}: ${available} available / 库存不足: ${line.item.name} 可售 ${available}`,
          [{ field: `lines.${sold[k]}.quantity`, message: `only ${available} available` }],
          { ...e.details, line: sold[k] },
        );
      }
      throw e;
    }
  }

  /** The warehouse the store sells from (outside a sale: for look-ups and refunds without a receipt). */
  async warehouseOf(ctx: RequestContext, storeId: string, settings: PosSettings): Promise<string> {
    const rows = await this.repo.warehouses(ctx, storeId);
    return sellingWarehouse(rows, settings);
  }

  /** The tenders against the store's methods; stored value needs the sale's member card (it pays), once per sale. */
  private tenders(dto: CreateSaleDto, all: TillMethod[], settings: PosSettings, card: SaleCard | null) {
    const methods = enabledMethods(all, settings);
    const out = dto.payments.map((p, i) => {
      const method = methods.find((m) => m.id === p.paymentMethodId);
      if (!method)
        throw new DomainException(PosError.POS_PAYMENT_METHOD_DISABLED, 'payment method not enabled at this store / 本店未启用该付款方式', [
          { field: `payments.${i}.paymentMethodId`, message: 'not enabled here' },
        ]);
      if (method.type === 'stored_value' && !card)
        throw new DomainException(PosError.POS_MEMBER_CARD_REQUIRED, 'stored value is paid with the member card of the sale / 储值支付需要会员卡', [
          { field: 'memberRef', message: 'the paying card' },
        ]);
      if (method.type === 'stored_value' && !card!.storedValueAllowed)
        throw new DomainException(MemberError.MEMBER_STORED_VALUE_NOT_ALLOWED, 'this card takes no stored value / 该卡不允许储值', [
          { field: `payments.${i}.paymentMethodId`, message: 'card type takes no stored value' },
        ]);
      return { dto: p, method };
    });
    const numbers = out.map((t, i) => (isInstrument(t.method.type) ? { i, n: t.dto.reference ?? '' } : null)).filter((x): x is { i: number; n: string } => !!x);
    const badNumber = numbers.filter(({ n }, k) => !VOUCHER_NO.test(n) || numbers.findIndex((o) => o.n === n) !== k);
    if (badNumber.length) {
      throw new DomainException(
        VoucherError.POS_VOUCHER_TENDER_INVALID,
        'a voucher or gift-card tender needs its 16-digit number, once per sale / 代金券/礼品卡付款需填写16位券号，每张只能用一次',
        badNumber.map(({ i }) => ({ field: `payments.${i}.reference`, message: 'the 16-digit number, each once' })),
      );
    }
    if (out.filter((t) => t.method.type === 'stored_value').length > 1)
      throw new DomainException(CommonError.VALIDATION_FAILED, 'one stored-value tender per sale / 储值支付只能一笔', [{ field: 'payments', message: 'one stored-value tender' }]);
    return out;
  }

  /** Lines sold with stock going below zero (negative-stock selling on), for follow-up. */
  async negativeStock(ctx: RequestContext, limit = 200) {
    const storeId = requireStore(ctx);
    const rows = await this.repo.negativeStock(ctx, storeId, limit);
    return rows.map((r) => ({
      ...r,
      quantity: dec(r.quantity).toString(),
      balanceAfter: dec(r.balanceAfter).toString(),
      onHandNow: r.onHandNow === null ? null : dec(r.onHandNow).toString(),
    }));
  }
}

type Tender = ReturnType<PosSaleService['tenders']>[number];
type Settled = Extract<ReturnType<typeof settleTenders>, { ok: true }>['result'];

/** The tenders against the total: short or overpaid by a tender that gives no change is refused. */
function settle(total: Dec, tenders: Tender[]): Settled {
  const settled = settleTenders(
    total,
    tenders.map((t) => ({ tendered: money(t.dto.amount), allowsChange: t.method.allowsChange })),
  );
  if (settled.ok) return settled.result;
  if (settled.kind === 'SHORT') {
    throw new DomainException(
      PosError.POS_TENDER_SHORT,
      `${settled.missing!.toFixed(2)} still to pay / 付款不足`,
      [{ field: 'payments', message: `total ${total.toFixed(2)}, paid ${settled.paid.toFixed(2)}` }],
      {
        total: total.toFixed(2),
        paid: settled.paid.toFixed(2),
        missing: settled.missing!.toFixed(2),
      },
    );
  }
  throw new DomainException(PosError.POS_TENDER_OVERPAID, 'only cash can be paid above the total / 只有现金可以找零', [
    { field: 'payments', message: `total ${total.toFixed(2)}` },
  ]);
}

/** The tenders whose value HQ holds (a chain card's stored value, vouchers, gift cards), in tender order. */
function onlineCharges(tenders: Tender[], settled: Settled, card: SaleCard | null, total: Dec): OnlineCharge[] {
  const online: OnlineCharge[] = [];
  for (const [i, t] of tenders.entries()) {
    const amount = settled.parts[i].amount.toFixed(2);
    if (t.method.type === 'stored_value' && card!.scope !== 'store') online.push({ kind: 'stored_value', cardNo: card!.cardNo, amount });
    else if (isInstrument(t.method.type)) online.push({ kind: 'voucher', number: t.dto.reference!, amount, saleTotal: total.toFixed(2) });
  }
  return online;
}

/** Header, lines and payments of a sale, and its document — data only, from what the steps before computed. */
function buildSaleRows(s: {
  dto: CreateSaleDto;
  tx: RequestContext;
  storeId: string;
  receiptNo: string;
  shift: { id: string; tillCode: string };
  warehouseId: string;
  day: string;
  now: Date;
  hash: string;
  priced: PricedLine[];
  promoted: ReturnType<PosPromotionService['apply']>;
  calc: ReturnType<PosPricingService['calculate']>;
  tenders: Tender[];
  settled: Settled;
  /** by line index; voided lines have none */
  movements: Map<number, MovementResult>;
}): SaleRows {
  const { dto, tx, calc, promoted, settled } = s;
  const sale: PosSale = {
    id: dto.id,
    storeId: s.storeId,
    storeCode: tx.user!.orgUnitCode,
    receiptNo: s.receiptNo,
    shiftId: s.shift.id,
    tillCode: s.shift.tillCode,
    cashierId: tx.userId!,
    cashierName: tx.user!.username,
    warehouseId: s.warehouseId,
    businessDate: s.day,
    soldAt: s.now,
    memberRef: dto.memberRef ?? null,
    grossAmount: calc.gross.toFixed(2),
    discountAmount: calc.discount.toFixed(2),
    promotionDiscount: calc.promotionDiscount.toFixed(2),
    promotions: promoted.applied,
    roundingAmount: calc.rounding.toFixed(2),
    totalAmount: calc.total.toFixed(2),
    paidAmount: settled.paid.toFixed(2),
    changeAmount: settled.change.toFixed(2),
    negativeStock: [...s.movements.values()].some((r) => dec(r.balanceAfter).isNegative()),
    payloadHash: s.hash,
    createdAt: s.now,
  };
  const lines = s.priced.map((p, i) => {
    const moved = s.movements.get(i);
    return {
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
      promotionDiscount: calc.lines[i].promotionDiscount.toFixed(2),
      promotions: promoted.lines[i].promotions,
      pointsMultiplier: promoted.lines[i].pointsMultiplier,
      lineDiscount: calc.lines[i].lineDiscount.toFixed(2),
      saleDiscount: calc.lines[i].saleDiscount.toFixed(2),
      amount: calc.lines[i].amount.toFixed(2),
      voided: !!p.dto.voided,
      // kept only below zero: the follow-up list of negative-stock selling
      balanceAfter: moved && dec(moved.balanceAfter).isNegative() ? moved.balanceAfter : null,
      unitCost: moved?.unitCost ?? null,
    } as PosSaleLine;
  });
  const payments = s.tenders.map(
    (t, i) =>
      ({
        saleId: sale.id,
        lineNo: i + 1,
        paymentMethodId: t.method.id,
        methodCode: t.method.code,
        methodName: t.method.name,
        methodType: t.method.type,
        tendered: settled.parts[i].tendered.toFixed(2),
        changeAmount: settled.parts[i].change.toFixed(2),
        amount: settled.parts[i].amount.toFixed(2),
        reference: t.dto.reference ?? null,
      }) as PosSalePayment,
  );
  return { sale, lines, payments, doc: saleToDoc(sale, lines, payments) };
}
