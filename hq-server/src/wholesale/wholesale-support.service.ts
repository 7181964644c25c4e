import { Injectable } from '@nestjs/common';
import { DomainException, FieldError, RequestContext } from '@chain-erp/shared';
import { type CustomerRow, type ProductRow, WholesaleRepository } from './wholesale.repository';
import { type WholesaleCustomerSummary } from './wholesale.responses';
import { WholesaleError } from './wholesale.errors';

export type { CustomerRow, ProductRow } from './wholesale.repository';

/** The customer as a wholesale document's answer shows it. */
export const customerSummary = (c: CustomerRow): WholesaleCustomerSummary => ({ id: c.id, code: c.code, name: c.name, contact: c.contact, phone: c.phone, address: c.address });

/** Lookups every wholesale document shares: customer, warehouse, products. */
@Injectable()
export class WholesaleSupport {
  constructor(private readonly repo: WholesaleRepository) {}

  site(ctx: RequestContext): string {
    return ctx.user!.orgUnitCode;
  }

  async customer(ctx: RequestContext, id: string, options: { active?: boolean; field?: string } = {}): Promise<CustomerRow> {
    const field = options.field ?? 'customerId';
    const c = await this.repo.customer(ctx, id);
    if (!c) throw new DomainException(WholesaleError.WHOLESALE_UNKNOWN_CUSTOMER, 'unknown customer / 客户不存在', [{ field, message: 'unknown customer' }]);
    if (options.active && c.status !== 'active')
      throw new DomainException(WholesaleError.WHOLESALE_CUSTOMER_DISABLED, `customer ${c.code} is disabled / 客户已停用`, [{ field, message: 'disabled' }]);
    return c;
  }

  /** Goods leave from (and come back to) an active, normal warehouse of the caller's own org (HQ). */
  async warehouse(ctx: RequestContext, id: string, field = 'warehouseId'): Promise<{ id: string; code: string; name: string }> {
    const w = await this.repo.warehouse(ctx, id);
    if (!w || w.orgUnitId !== ctx.user!.orgUnitId || w.kind !== 'normal' || w.status !== 'active') {
      throw new DomainException(WholesaleError.WHOLESALE_UNKNOWN_WAREHOUSE, 'not an active warehouse of yours / 仓库不存在或已停用', [
        { field, message: 'unknown or disabled warehouse' },
      ]);
    }
    return w;
  }

  /** Products by id; unknown ones are a 400 naming each line, ones no longer sold a 409. */
  async products(ctx: RequestContext, ids: string[], fieldOf: (i: number) => string, options: { saleable?: boolean } = {}): Promise<Map<string, ProductRow>> {
    const rows = await this.repo.products(ctx, ids);
    const map = new Map(rows.map((r) => [r.id, r]));
    const missing: FieldError[] = ids.flatMap((id, i) => (map.has(id) ? [] : [{ field: fieldOf(i), message: 'unknown product' }]));
    if (missing.length) throw new DomainException(WholesaleError.WHOLESALE_UNKNOWN_PRODUCT, 'unknown product / 商品不存在', missing);
    if (options.saleable) {
      const stopped: FieldError[] = ids.flatMap((id, i) =>
        map.get(id)!.status === 'active' ? [] : [{ field: fieldOf(i), message: `${map.get(id)!.code} is ${map.get(id)!.status}` }],
      );
      if (stopped.length) throw new DomainException(WholesaleError.WHOLESALE_PRODUCT_NOT_SALEABLE, 'product is no longer sold / 商品已停售或停用', stopped);
    }
    return map;
  }
}

export const lineField = (prop: string) => (i: number) => `lines.${i}.${prop}`;

export function requireReason(reason: string | null | undefined, field = 'reason'): string {
  const r = reason?.trim();
  if (!r) throw new DomainException(WholesaleError.WHOLESALE_REASON_REQUIRED, 'a reason is required / 请填写原因', [{ field, message: 'required' }]);
  return r;
}
