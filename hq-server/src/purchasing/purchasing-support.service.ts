import { Injectable } from '@nestjs/common';
import { CommonError, DomainException, FieldError, isIsoDate, localToday, RequestContext } from '@chain-erp/shared';
import { PurchasingError } from './purchasing.errors';

import { type ProductRow, PurchasingRepository } from './purchasing.repository';

export type { ProductRow };

export interface DatedInput {
  date?: string | null;
  lateEntry?: boolean;
  lateReason?: string | null;
}

/** Lookups and rules every purchasing document shares (supplier, warehouse, products, dates, prices). */
@Injectable()
export class PurchasingSupport {
  constructor(private readonly sql: PurchasingRepository) {}

  /** Site code in document numbers: the caller's org code (HQ). */
  site(ctx: RequestContext): string {
    return ctx.user!.orgUnitCode;
  }

  async supplier(ctx: RequestContext, id: string, field = 'supplierId'): Promise<{ id: string; code: string; name: string }> {
    const s = await this.sql.supplier(ctx, id);
    if (!s) throw new DomainException(PurchasingError.PURCHASE_UNKNOWN_SUPPLIER, 'unknown supplier / 供应商不存在', [{ field, message: 'unknown supplier' }]);
    if (s.status !== 'active')
      throw new DomainException(PurchasingError.PURCHASE_SUPPLIER_DISABLED, `supplier ${s.code} is disabled / 供应商已停用`, [{ field, message: 'disabled' }]);
    return s;
  }

  /** A receiving warehouse must be an active, normal warehouse of the caller's own org. */
  async warehouse(ctx: RequestContext, id: string, field = 'warehouseId'): Promise<{ id: string; code: string; name: string }> {
    const w = await this.sql.warehouse(ctx, id);
    if (!w || w.org_unit_id !== ctx.user!.orgUnitId || w.kind !== 'normal' || w.status !== 'active') {
      throw new DomainException(PurchasingError.PURCHASE_UNKNOWN_WAREHOUSE, 'not an active warehouse of yours / 仓库不存在或已停用', [
        { field, message: 'unknown or disabled warehouse' },
      ]);
    }
    return w;
  }

  /** Products by id; unknown ones are a 400 naming each line. `fieldOf(i)` names the line's field. */
  async products(ctx: RequestContext, ids: string[], fieldOf: (i: number) => string): Promise<Map<string, ProductRow>> {
    const rows = await this.sql.products(ctx, [...new Set(ids)]);
    const map = new Map(rows.map((r) => [r.id, r]));
    const missing: FieldError[] = ids.flatMap((id, i) => (map.has(id) ? [] : [{ field: fieldOf(i), message: 'unknown product' }]));
    if (missing.length) throw new DomainException(PurchasingError.PURCHASE_UNKNOWN_PRODUCT, 'unknown product / 商品不存在', missing);
    return map;
  }

  /** Refuses products another supplier delivers, and products no longer bought (disabled). */
  assertPurchasable(supplierId: string, ids: string[], products: Map<string, ProductRow>, fieldOf: (i: number) => string): void {
    const other: FieldError[] = [];
    const disabled: FieldError[] = [];
    ids.forEach((id, i) => {
      const p = products.get(id)!;
      if (p.status === 'disabled') disabled.push({ field: fieldOf(i), message: `${p.code} is disabled` });
      else if (p.defaultSupplierId && p.defaultSupplierId !== supplierId) other.push({ field: fieldOf(i), message: `${p.code} is supplied by another supplier` });
    });
    if (disabled.length) throw new DomainException(PurchasingError.PURCHASE_PRODUCT_NOT_PURCHASABLE, 'product is disabled / 商品已停用', disabled);
    if (other.length) throw new DomainException(PurchasingError.PURCHASE_PRODUCT_OTHER_SUPPLIER, "another supplier's product / 商品不属于该供应商", other);
  }

  /**
   * The business date of a document: today by default; a past date only as a late entry (遗失补录)
   * with a reason and the purchase.late-entry permission; never in the future.
   */
  businessDate(ctx: RequestContext, input: DatedInput, field: string): { date: string; lateEntry: boolean; lateReason: string | null } {
    const today = localToday();
    const date = input.date ?? today;
    if (!isIsoDate(date) || date < '2000-01-01')
      throw new DomainException(PurchasingError.PURCHASE_DATE_INVALID, 'invalid date / 日期无效', [{ field, message: 'must be a real date YYYY-MM-DD' }]);
    if (date > today)
      throw new DomainException(PurchasingError.PURCHASE_DATE_INVALID, 'the date cannot be in the future / 日期不能晚于今天', [{ field, message: 'cannot be in the future' }]);
    const late = !!input.lateEntry;
    if (date < today && !late) {
      throw new DomainException(
        PurchasingError.PURCHASE_LATE_ENTRY_REQUIRED,
        'a past date is a late entry: set lateEntry and give a reason / 业务日期早于今天，请按遗失补录登记并填写原因',
        [{ field: 'lateEntry', message: 'required for a past date' }],
      );
    }
    if (late) {
      const reason = input.lateReason?.trim();
      if (!reason)
        throw new DomainException(PurchasingError.PURCHASE_LATE_ENTRY_REQUIRED, 'a late entry needs a reason / 遗失补录必须填写原因', [
          { field: 'lateReason', message: 'required for a late entry' },
        ]);
      if (!ctx.can('purchase.late-entry')) {
        throw new DomainException(
          CommonError.PERMISSION_DENIED,
          'late entry needs the purchase.late-entry permission / 无遗失补录权限',
          [{ field: 'lateEntry', message: 'permission purchase.late-entry required' }],
          {
            permission: ['purchase.late-entry'],
          },
        );
      }
      return { date, lateEntry: true, lateReason: reason };
    }
    return { date, lateEntry: false, lateReason: null };
  }

  /** The supplier's last posted receipt price per product (the default price of a new line). */
  async lastPrices(ctx: RequestContext, supplierId: string, productIds: string[]): Promise<Map<string, string>> {
    if (!productIds.length) return new Map();
    const rows = await this.sql.lastPrices(ctx, supplierId, productIds);
    return new Map(rows.map((r) => [r.product_id, r.unit_price]));
  }
}

/** Field path of a line's property, e.g. `lines.2.productId`. */
export const lineField = (prop: string) => (i: number) => `lines.${i}.${prop}`;

export function requireReason(reason: string | null | undefined, field = 'reason'): string {
  const r = reason?.trim();
  if (!r) throw new DomainException(PurchasingError.PURCHASE_REASON_REQUIRED, 'a reason is required / 请填写原因', [{ field, message: 'required' }]);
  return r;
}
