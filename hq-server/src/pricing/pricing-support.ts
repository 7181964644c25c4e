import { CommonError, DomainException, PricingError, type RequestContext, type TransactionalConnection } from '@chain-erp/shared';
import { existingIds } from './pricing.repository';

/** Price changes and promotions are HQ's: a store user is refused even with the permission. */
export function requireHq(ctx: RequestContext): void {
  if (ctx.storeId) throw new DomainException(CommonError.FORBIDDEN, 'only HQ defines prices and promotions / 调价与促销只能由总部维护');
}

/** Every id names a store (org unit of kind store). */
export async function checkStores(connection: TransactionalConnection, tx: RequestContext, ids: string[], field = 'storeIds'): Promise<void> {
  const ok = await existingIds(connection.manager(tx), 'stores', ids);
  const bad = ids.map((id, i) => (ok.has(id) ? null : { field: `${field}.${i}`, message: 'no such store' })).filter((f): f is { field: string; message: string } => !!f);
  if (bad.length) throw new DomainException(PricingError.PRICING_UNKNOWN_REFERENCE, 'unknown stores / 门店不存在', bad);
}
