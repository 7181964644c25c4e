import { CommonError, DomainException, PricingError, queryRows, type RequestContext, type TransactionalConnection } from '@chain-erp/shared';

/** Price changes and promotions are HQ's: a store user is refused even with the permission. */
export function requireHq(ctx: RequestContext): void {
  if (ctx.storeId) throw new DomainException(CommonError.FORBIDDEN, 'only HQ defines prices and promotions / 调价与促销只能由总部维护');
}

/** Every id names a store (org unit of kind store). */
export async function checkStores(connection: TransactionalConnection, tx: RequestContext, ids: string[], field = 'storeIds'): Promise<void> {
  const found = await queryRows<{ id: string }>(connection.manager(tx), `SELECT id FROM org_unit WHERE id = ANY($1::uuid[]) AND kind = 'store'`, [ids]);
  const ok = new Set(found.map((f) => f.id));
  const bad = ids.map((id, i) => (ok.has(id) ? null : { field: `${field}.${i}`, message: 'no such store' })).filter((f): f is { field: string; message: string } => !!f);
  if (bad.length) throw new DomainException(PricingError.PRICING_UNKNOWN_REFERENCE, 'unknown stores / 门店不存在', bad);
}
