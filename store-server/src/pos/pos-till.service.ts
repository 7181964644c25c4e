import { Injectable } from '@nestjs/common';
import { AuditService, Clock, Dec, dec, RequestContext, ShiftTender, TransactionalConnection } from '@chain-erp/shared';
import { OpenDrawerDto } from './pos.dto';
import { PosPrinterService } from './printer/pos-printer.service';
import { PosCatalogService, tillItem } from './pos-catalog.service';
import { CATALOG_BUCKETS, PosTillCatalogRepository } from './pos-till-catalog.repository';
import { PosSaleService } from './pos-sale.service';
import { PosSettingsService, requireStore } from './pos-settings.service';
import { PosShiftService } from './pos-shift.service';
import { PosShiftRepository } from './pos-shift.repository';

/** What the till asks besides selling: payment methods, product look-up, drawer, the day's reconciliation. */
@Injectable()
export class PosTillService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: PosSettingsService,
    private readonly catalog: PosCatalogService,
    private readonly sales: PosSaleService,
    private readonly shifts: PosShiftService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly printer: PosPrinterService,
    private readonly tillCatalog: PosTillCatalogRepository,
    private readonly shiftRows: PosShiftRepository,
  ) {}

  /**
   * The till's catalog cache: a digest per bucket of products. The till keeps each bucket's digest
   * with its products and fetches only the buckets whose digest changed (a product, a barcode, a
   * store price or a price change coming into force), so a refresh moves only what changed.
   */
  async catalogDigest(ctx: RequestContext) {
    const storeId = requireStore(ctx);
    const at = this.clock.now();
    return { bucketCount: CATALOG_BUCKETS, at: at.toISOString(), buckets: await this.tillCatalog.digests(ctx, storeId, at, null) };
  }

  /**
   * The products of some buckets with their digests. The digests are read first: a change landing
   * between the two reads leaves an older digest with newer products, which the next refresh sees
   * as changed and fetches again (the other order would hide the change for good).
   */
  async catalogBuckets(ctx: RequestContext, buckets: number[]) {
    const storeId = requireStore(ctx);
    const at = this.clock.now();
    const wanted = [...new Set(buckets)];
    const digests = await this.tillCatalog.digests(ctx, storeId, at, wanted);
    const rows = await this.tillCatalog.rows(ctx, storeId, at, wanted);
    return {
      bucketCount: CATALOG_BUCKETS,
      at: at.toISOString(),
      buckets: digests,
      items: rows.map((r) => {
        const i = tillItem(r);
        return {
          bucket: r.bucket,
          productId: i.productId,
          code: i.code,
          name: i.name,
          weighed: i.weighed,
          retailPrice: i.retailPrice.toFixed(2),
          priceSource: i.retailSource,
          memberPrice: i.memberPrice?.toFixed(2) ?? null,
          barcodes: r.barcodes ?? [],
        };
      }),
    };
  }

  /**
   * The store's tenders in till order. Stored value (储值卡) is available like the others: it pays
   * with the sale's member card (`requiresMemberCard`) — a 本店卡 always, a chain card while HQ's
   * member center answers (the sale says 503 MEMBER_CENTER_UNREACHABLE otherwise).
   */
  async paymentMethods(ctx: RequestContext) {
    const storeId = requireStore(ctx);
    return (await this.settings.paymentMethods(ctx, storeId)).map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      type: p.type,
      allowsChange: p.allowsChange,
      available: true,
      requiresMemberCard: p.type === 'stored_value',
      // 代金券 / 礼品卡: the tender's `reference` is the 16-digit number, checked online at HQ
      requiresNumber: p.type === 'voucher' || p.type === 'gift_card',
    }));
  }

  async lookup(ctx: RequestContext, q: string) {
    const storeId = requireStore(ctx);
    const settings = await this.settings.effective(ctx, storeId);
    const warehouseId = await this.sales.warehouseOf(ctx, storeId, settings).catch(() => null);
    return this.catalog.search(ctx, storeId, this.clock.now(), warehouseId, q, settings.checkout.weighedBarcodes);
  }

  async openDrawer(ctx: RequestContext, dto: OpenDrawerDto): Promise<void> {
    await this.connection.withTransaction(ctx, async (tx) => {
      const shift = await this.shifts.lockOpen(tx, dto.shiftId);
      await this.audit.record(tx, {
        entityType: 'pos_shift',
        entityId: shift.id,
        action: 'open-drawer',
        reason: dto.reason,
        after: { tillCode: shift.tillCode, approvedBy: ctx.user?.approvedBy?.username ?? null },
      });
    });
    // the drawer wired to a network receipt printer (外设设置) opens now; otherwise the till has none to kick
    await this.printer.kickDrawer(ctx);
  }

  negativeStock(ctx: RequestContext) {
    return this.sales.negativeStock(ctx);
  }

  /**
   * 收银对账 of a business day: every shift with its own expected, counted and difference per
   * payment method (from its report once handed over, else what it holds so far), and the day's
   * sums per payment method. Expected = float + sales − refunds + top-ups (充值 less 冲正).
   */
  async reconciliation(ctx: RequestContext, date: string) {
    const storeId = requireStore(ctx);
    const shifts = await this.shiftRows.ofDay(ctx, storeId, date);
    const views = await Promise.all(shifts.map((s) => this.shifts.get(ctx, s.id)));
    const reports = await this.shiftRows.reportTenders(
      ctx,
      shifts.map((s) => s.id),
    );
    const counted = new Map(reports.map((r) => [r.id, new Map(r.tenders.map((t) => [t.paymentMethodId, t]))]));
    const day = new Map<string, MethodSums>();
    const shiftRows = views.map((v) => {
      const rep = counted.get(v.id);
      const own = new Map<string, MethodSums>();
      for (const t of v.tenders) {
        const c = rep?.get(t.paymentMethodId);
        for (const sums of [own, day]) add(sums, t, c);
      }
      const tenders = [...own.values()].sort(byCode).map(fixed);
      const total = (k: 'expected' | 'counted' | 'difference') => tenders.reduce((a, t) => a.plus(t[k]), dec(0)).toFixed(2);
      return {
        id: v.id,
        shiftNo: v.shiftNo,
        tillCode: v.tillCode,
        cashierName: v.cashierName,
        status: v.status,
        openedAt: v.openedAt,
        closedAt: v.closedAt,
        salesCount: v.salesCount,
        salesTotal: v.salesTotal,
        refundsCount: v.refundsCount,
        refundsTotal: v.refundsTotal,
        topUpsCount: v.topUpsCount,
        topUpsTotal: v.topUpsTotal,
        giftCardSalesCount: v.giftCardSalesCount,
        giftCardSalesTotal: v.giftCardSalesTotal,
        tenders,
        expectedTotal: total('expected'),
        countedTotal: total('counted'),
        differenceTotal: total('difference'),
      };
    });
    const perMethod = [...day.values()].sort(byCode).map(fixed);
    const sumOf = (k: 'salesTotal' | 'refundsTotal' | 'topUpsTotal' | 'giftCardSalesTotal') => shiftRows.reduce((a, s) => a.plus(s[k]), dec(0)).toFixed(2);
    return {
      date,
      shifts: shiftRows,
      openShifts: shiftRows.filter((s) => s.status === 'open').length,
      perMethod,
      totals: {
        sales: sumOf('salesTotal'),
        refunds: sumOf('refundsTotal'),
        net: dec(sumOf('salesTotal')).minus(sumOf('refundsTotal')).toFixed(2),
        topUps: sumOf('topUpsTotal'),
        giftCards: sumOf('giftCardSalesTotal'),
        expected: perMethod.reduce((a, m) => a.plus(m.expected), dec(0)).toFixed(2),
        counted: perMethod.reduce((a, m) => a.plus(m.counted), dec(0)).toFixed(2),
        difference: perMethod.reduce((a, m) => a.plus(m.difference), dec(0)).toFixed(2),
      },
    };
  }
}

/** One payment method's sums over a shift or a day; `uncounted`: shifts that did not count it (yet). */
interface MethodSums {
  paymentMethodId: string;
  methodCode: string;
  methodName: string;
  methodType: string;
  float: Dec;
  sales: Dec;
  refunds: Dec;
  topUps: Dec;
  giftCards: Dec;
  expected: Dec;
  counted: Dec;
  difference: Dec;
  uncounted: number;
}

function add(sums: Map<string, MethodSums>, t: ShiftTender, count: ShiftTender | undefined): void {
  const m = sums.get(t.paymentMethodId) ?? {
    paymentMethodId: t.paymentMethodId,
    methodCode: t.methodCode,
    methodName: t.methodName,
    methodType: t.methodType,
    float: dec(0),
    sales: dec(0),
    refunds: dec(0),
    topUps: dec(0),
    giftCards: dec(0),
    expected: dec(0),
    counted: dec(0),
    difference: dec(0),
    uncounted: 0,
  };
  m.float = m.float.plus(t.float);
  m.sales = m.sales.plus(t.sales);
  m.refunds = m.refunds.plus(t.refunds);
  m.topUps = m.topUps.plus(t.topUps ?? 0);
  m.giftCards = m.giftCards.plus(t.giftCards ?? 0);
  m.expected = m.expected.plus(t.expected);
  if (count?.counted != null) {
    m.counted = m.counted.plus(count.counted);
    m.difference = m.difference.plus(count.difference ?? 0);
  } else m.uncounted++;
  sums.set(t.paymentMethodId, m);
}

const byCode = (a: MethodSums, b: MethodSums) => a.methodCode.localeCompare(b.methodCode);

function fixed(m: MethodSums) {
  const money = (d: Dec) => d.toFixed(2);
  return {
    ...m,
    float: money(m.float),
    sales: money(m.sales),
    refunds: money(m.refunds),
    topUps: money(m.topUps),
    giftCards: money(m.giftCards),
    expected: money(m.expected),
    counted: money(m.counted),
    difference: money(m.difference),
  };
}
