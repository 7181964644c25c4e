import { Injectable } from '@nestjs/common';
import { AuditService, Clock, dec, localToday, queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { OpenDrawerDto } from './pos.dto';
import { PosCatalogService } from './pos-catalog.service';
import { PosSaleService } from './pos-sale.service';
import { PosSettingsService, requireStore } from './pos-settings.service';
import { PosShiftService } from './pos-shift.service';

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
  ) {}

  async paymentMethods(ctx: RequestContext) {
    const storeId = requireStore(ctx);
    return (await this.settings.paymentMethods(ctx, storeId)).map((p) => ({ id: p.id, code: p.code, name: p.name, type: p.type, allowsChange: p.allowsChange, available: p.type !== 'stored_value' }));
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
      await this.audit.record(tx, { entityType: 'pos_shift', entityId: shift.id, action: 'open-drawer', reason: dto.reason, after: { tillCode: shift.tillCode } });
    });
  }

  negativeStock(ctx: RequestContext) {
    return this.sales.negativeStock(ctx);
  }

  /** 收银对账: every shift of a day, and per payment method the expected, counted and difference. */
  async reconciliation(ctx: RequestContext, date: string) {
    const storeId = requireStore(ctx);
    const shifts = await queryRows<{ id: string }>(this.connection.manager(ctx), 'SELECT id FROM pos_shift WHERE store_id = $1 AND business_date = $2 ORDER BY opened_at', [storeId, date]);
    const views = await Promise.all(shifts.map((s) => this.shifts.get(ctx, s.id)));
    const reports = await queryRows<{ id: string; tenders: Array<{ paymentMethodId: string; counted: string | null; difference: string | null }> }>(
      this.connection.manager(ctx),
      'SELECT id, tenders FROM pos_shift_report WHERE id = ANY($1::uuid[])',
      [shifts.map((s) => s.id)],
    );
    const counted = new Map(reports.map((r) => [r.id, new Map(r.tenders.map((t) => [t.paymentMethodId, t]))]));
    const methods = new Map<string, { paymentMethodId: string; methodCode: string; methodName: string; methodType: string; sales: ReturnType<typeof dec>; refunds: ReturnType<typeof dec>; expected: ReturnType<typeof dec>; counted: ReturnType<typeof dec>; difference: ReturnType<typeof dec>; uncounted: number }>();
    const shiftRows = views.map((v) => {
      const rep = counted.get(v.id);
      for (const t of v.tenders) {
        const m = methods.get(t.paymentMethodId) ?? { paymentMethodId: t.paymentMethodId, methodCode: t.methodCode, methodName: t.methodName, methodType: t.methodType, sales: dec(0), refunds: dec(0), expected: dec(0), counted: dec(0), difference: dec(0), uncounted: 0 };
        m.sales = m.sales.plus(t.sales);
        m.refunds = m.refunds.plus(t.refunds);
        m.expected = m.expected.plus(t.expected);
        const c = rep?.get(t.paymentMethodId);
        if (c?.counted != null) {
          m.counted = m.counted.plus(c.counted);
          m.difference = m.difference.plus(c.difference ?? 0);
        } else m.uncounted++;
        methods.set(t.paymentMethodId, m);
      }
      return { id: v.id, shiftNo: v.shiftNo, tillCode: v.tillCode, cashierName: v.cashierName, status: v.status, openedAt: v.openedAt, closedAt: v.closedAt, salesCount: v.salesCount, salesTotal: v.salesTotal, refundsCount: v.refundsCount, refundsTotal: v.refundsTotal };
    });
    const perMethod = [...methods.values()]
      .sort((a, b) => a.methodCode.localeCompare(b.methodCode))
      .map((m) => ({ ...m, sales: m.sales.toFixed(2), refunds: m.refunds.toFixed(2), expected: m.expected.toFixed(2), counted: m.counted.toFixed(2), difference: m.difference.toFixed(2) }));
    const sumOf = (k: 'salesTotal' | 'refundsTotal') => shiftRows.reduce((a, s) => a.plus(s[k]), dec(0)).toFixed(2);
    return {
      date,
      shifts: shiftRows,
      openShifts: shiftRows.filter((s) => s.status === 'open').length,
      perMethod,
      totals: {
        sales: sumOf('salesTotal'),
        refunds: sumOf('refundsTotal'),
        net: dec(sumOf('salesTotal')).minus(sumOf('refundsTotal')).toFixed(2),
        difference: perMethod.reduce((a, m) => a.plus(m.difference), dec(0)).toFixed(2),
      },
    };
  }
}
