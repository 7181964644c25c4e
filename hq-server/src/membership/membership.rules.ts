import { DomainException, MemberError, OrgUnit, type RequestContext, type TransactionalConnection } from '@chain-erp/shared';

/** Card types, batches and moves are HQ's decisions; a store user holding the permission still may not. */
export function assertHq(ctx: RequestContext, what: string): void {
  if (!ctx.isHq) throw new DomainException(MemberError.MEMBER_HQ_ONLY, `only HQ manages ${what} / 只有总部可以操作`);
}

/** An active store org unit, or a 400 naming the field. */
export async function assertActiveStore(connection: TransactionalConnection, ctx: RequestContext, storeId: string, field: string): Promise<OrgUnit> {
  const org = await connection.repo(ctx, OrgUnit).findOneBy({ id: storeId });
  if (!org || org.kind !== 'store' || org.status !== 'active') {
    throw new DomainException(MemberError.MEMBER_STORE_INVALID, 'not an active store / 不是有效的门店', [{ field, message: 'must be an active store' }]);
  }
  return org;
}
