import { ApiProperty } from '@nestjs/swagger';
import { describeEntity } from '../common/http/api-contract';
import { notFound } from '../common/errors';
import { type RequestContext } from '../common/request-context';
import { assertInScope } from '../common/scope';
import { type TransactionalConnection } from '../common/transactional-connection';
import { StorePurchase, StorePurchaseLine } from './store-purchase.entity';

/**
 * A store purchase (门店自采) with its lines, as its store and HQ's copy show it: the one class both
 * servers' answers are documented with and their services return.
 */
export class StorePurchaseView extends describeEntity(StorePurchase) {
  @ApiProperty({ type: () => StorePurchaseLine, isArray: true })
  lines!: StorePurchaseLine[];
}

/** One store purchase with its lines, within the caller's scope (404 otherwise). */
export async function loadStorePurchase(connection: TransactionalConnection, ctx: RequestContext, id: string): Promise<StorePurchaseView> {
  const p = await connection.repo(ctx, StorePurchase).findOne({ where: { id } });
  if (!p) throw notFound('store purchase');
  assertInScope(ctx, p.storeId, 'store purchase');
  return { ...p, lines: await connection.repo(ctx, StorePurchaseLine).find({ where: { purchaseId: id }, order: { lineNo: 'ASC' } }) };
}
