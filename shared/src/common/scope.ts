import { type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { CommonError, DomainException } from './errors';
import { type RequestContext } from './request-context';

/**
 * Store scope, in one place: a store user only ever sees its own store's rows; HQ users see all,
 * optionally filtered to one store. Every list, report and export a store user can reach goes
 * through `scopeQuery`; every read or write by id goes through `assertInScope`.
 */
export function scopeQuery<T extends ObjectLiteral>(ctx: RequestContext, qb: SelectQueryBuilder<T>, column: string, requestedStoreId?: string | null): SelectQueryBuilder<T> {
  const own = ctx.storeId;
  if (own) {
    // A store user asking for another store gets nothing rather than an error that confirms it exists.
    qb.andWhere(`${column} = :__scopeStore`, { __scopeStore: own });
    if (requestedStoreId && requestedStoreId !== own) qb.andWhere('1 = 0');
  } else if (requestedStoreId) {
    qb.andWhere(`${column} = :__scopeStore`, { __scopeStore: requestedStoreId });
  }
  return qb;
}

/** The org unit ids a caller may see: its own store, or all (null) for HQ. */
export function visibleStoreIds(ctx: RequestContext): string[] | null {
  return ctx.storeId ? [ctx.storeId] : null;
}

/**
 * Refuses a record of another store. Answers 404, exactly as for an id that does not exist, so
 * guessing ids tells a store nothing about other stores.
 */
export function assertInScope(ctx: RequestContext, orgUnitId: string | null | undefined, what = 'record'): void {
  const own = ctx.storeId;
  if (own && orgUnitId !== own) {
    throw new DomainException(CommonError.NOT_FOUND, `${what} not found / 未找到`);
  }
}

/** `from` … `to` filters of the log viewers: an inverted period is a mistake worth saying, not an empty page. */
export function assertPeriod(q: { from?: string; to?: string }): void {
  if (q.from && q.to && new Date(q.from).getTime() > new Date(q.to).getTime()) {
    throw new DomainException(CommonError.VALIDATION_FAILED, '`from` is after `to` / 起始时间晚于结束时间', [{ field: 'from', message: 'after to' }]);
  }
}
