import {
  AuthUser,
  CommonError,
  contextFromRequest,
  DomainException,
  HEADERS,
  JwtOrStoreSignature,
  MemberError,
  RequestContext,
  SYSTEM_USER_ID,
  TransactionalConnection,
} from '@chain-erp/shared';
import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Request } from 'express';
import { TransferAuthService, TransferCaller } from '../transfer/transfer-auth.service';
import { assertActiveStore } from './membership.rules';

const CALLER_STORE = Symbol('memberCenterStoreId');

type CallerRequest = Request & { [CALLER_STORE]?: string | null; user?: AuthUser };

/**
 * Who is calling the member center, as a store: the one place that decides it, applied to the
 * controller class with `@MemberCenterAccess()`. Either a signed-in user — a store user acts for its
 * own store, HQ staff name the store with `?storeId=` (or act as HQ: look-ups only) — or a store
 * server signing with its transfer key (the same verification as the transfer API: clock, nonce,
 * lockout, revocation), which acts for itself. A signed store may use every member-center
 * operation for itself: its till user's permission was checked at the store.
 */
@Injectable()
export class MemberCenterCaller implements CanActivate {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly transferAuth: TransferAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<CallerRequest>();
    // no user here means the global guard passed a signed request on to us (JwtOrStoreSignature)
    if (!req.user) req.user = storeIdentity(await this.transferAuth.verify({ method: req.method, path: req.originalUrl, headers: req.headers, body: req.body, ip: req.ip }));
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

/** A signed store as the caller of its request: ledger and card events name it. */
export function storeIdentity(caller: TransferCaller): AuthUser {
  return { id: SYSTEM_USER_ID, username: `store ${caller.storeCode}`, orgUnitId: caller.storeId, orgUnitCode: caller.storeCode, orgKind: 'store', permissions: [] };
}

/** The member center's routes: staff with a JWT, or a store server signing with its transfer key. */
export const MemberCenterAccess = () =>
  applyDecorators(
    JwtOrStoreSignature(),
    UseGuards(MemberCenterCaller),
    ApiHeader({
      name: HEADERS.signature,
      required: false,
      description: 'a store server: the transfer channel’s signature (with x-transfer-store, -timestamp, -nonce, -protocol) instead of a bearer token',
    }),
  );

/**
 * The calling store resolved by MemberCenterCaller. `'required'`: the operation changes a card or a
 * balance, which always happens for a store (its ledger rows name it).
 */
export const CallerStore = createParamDecorator((mode: 'required' | undefined, host: ExecutionContext) => {
  const storeId = host.switchToHttp().getRequest<CallerRequest>()[CALLER_STORE];
  if (storeId === undefined) throw new Error('CallerStore used without @MemberCenterAccess()');
  if (mode === 'required' && !storeId) {
    throw new DomainException(MemberError.MEMBER_STORE_REQUIRED, 'name the store you act for (?storeId=) / 请指定门店', [{ field: 'storeId', message: 'required for HQ staff' }]);
  }
  return storeId;
});

/** Documents `?storeId=` on operations whose DTO does not carry it. */
export const ActingStoreQuery = () =>
  applyDecorators(
    ApiQuery({
      name: 'storeId',
      required: false,
      schema: { type: 'string', format: 'uuid' },
      description: 'HQ staff: the store acted for; a store user always acts for its own store',
    }),
  );

/**
 * The request context of a route of the signed store channel (`@TransferSigned()`): the signing
 * store is the caller, so ledger rows name it (`store S001`).
 */
export const SignedStoreCtx = createParamDecorator((_data: unknown, host: ExecutionContext) => {
  const req = host.switchToHttp().getRequest<Request & { transferCaller?: TransferCaller; id?: unknown }>();
  if (!req.transferCaller) throw new Error('SignedStoreCtx used without @TransferSigned()');
  return new RequestContext(storeIdentity(req.transferCaller), req.id ? String(req.id) : undefined, undefined, req.ip);
});
