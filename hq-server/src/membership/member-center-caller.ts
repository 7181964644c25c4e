import { CommonError, contextFromRequest, DomainException, MemberError, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Request } from 'express';
import { assertActiveStore } from './membership.rules';

const CALLER_STORE = Symbol('memberCenterStoreId');

type CallerRequest = Request & { [CALLER_STORE]?: string | null };

/**
 * Who is calling the member center, as a store: the one place that decides it, applied to the
 * controller class (`@UseGuards(MemberCenterCaller)`). Today a signed-in user: a store user acts
 * for its own store, HQ staff name the store with `?storeId=` (or act as HQ: look-ups only). The
 * transfer channel's signed store requests become a second branch here; nothing else changes.
 */
@Injectable()
export class MemberCenterCaller implements CanActivate {
  constructor(private readonly connection: TransactionalConnection) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<CallerRequest>();
    req[CALLER_STORE] = await this.resolve(contextFromRequest(req), req.query?.storeId);
    return true;
  }

  async resolve(ctx: RequestContext, requested: unknown): Promise<string | null> {
    if (requested !== undefined && (typeof requested !== 'string' || !isUUID(requested, '4'))) {
      throw new DomainException(CommonError.VALIDATION_FAILED, 'storeId must be a UUID / 门店编号格式错误', [{ field: 'storeId', message: 'must be a UUID' }]);
    }
    if (ctx.storeId) {
      if (requested !== undefined && requested !== ctx.storeId) {
        throw new DomainException(CommonError.OUT_OF_SCOPE, 'a store acts only for itself / 门店只能为本店操作', [{ field: 'storeId', message: 'not your store' }]);
      }
      return ctx.storeId;
    }
    if (requested === undefined) return null;
    await assertActiveStore(this.connection, ctx, requested, 'storeId');
    return requested;
  }
}

/**
 * The calling store resolved by MemberCenterCaller. `'required'`: the operation changes a card or a
 * balance, which always happens for a store (its ledger rows name it).
 */
export const CallerStore = createParamDecorator((mode: 'required' | undefined, host: ExecutionContext) => {
  const storeId = host.switchToHttp().getRequest<CallerRequest>()[CALLER_STORE];
  if (storeId === undefined) throw new Error('CallerStore used without @UseGuards(MemberCenterCaller)');
  if (mode === 'required' && !storeId) {
    throw new DomainException(MemberError.MEMBER_STORE_REQUIRED, 'name the store you act for (?storeId=) / 请指定门店', [{ field: 'storeId', message: 'required for HQ staff' }]);
  }
  return storeId;
});

/** Documents `?storeId=` on operations whose DTO does not carry it. */
export const ActingStoreQuery = () =>
  applyDecorators(ApiQuery({ name: 'storeId', required: false, schema: { type: 'string', format: 'uuid' }, description: 'HQ staff: the store acted for; a store user always acts for its own store' }));
