import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthUser, RequestContext } from '../request-context';

export const PUBLIC_KEY = 'chain:public';
/** where `RequirePermission` (identity/require-permission.ts) puts a route's permission codes for the guard */
export const PERMISSION_KEY = 'chain:permission';

/** No login needed (login itself, health, setup handshakes, the signed transfer API). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-permission', 'public'));

export const STORE_SIGNATURE_KEY = 'chain:store-signature';

/**
 * Staff sign in (JWT, permissions checked as usual) or a store signs the request with its transfer
 * key. The global guard only lets a signed request without a bearer token through; the route's own
 * guard must verify the signature (HQ: `MemberCenterAccess()` pairs both, so neither comes alone).
 */
export const JwtOrStoreSignature = () => applyDecorators(SetMetadata(STORE_SIGNATURE_KEY, true), ApiExtension('x-store-signature', true));

/** Any signed-in user (e.g. reading one's own profile). */
export const Authenticated = () => applyDecorators(ApiBearerAuth(), ApiExtension('x-permission', 'authenticated'));

export function contextFromRequest(req: Request & { user?: AuthUser; id?: unknown }): RequestContext {
  const existing = (req as { chainCtx?: RequestContext }).chainCtx;
  if (existing) return existing;
  const ctx = new RequestContext(req.user ?? null, req.id ? String(req.id) : undefined, undefined, req.ip);
  (req as { chainCtx?: RequestContext }).chainCtx = ctx;
  return ctx;
}

/** The request context of the current request (`@Ctx() ctx: RequestContext`). */
export const Ctx = createParamDecorator((_data: unknown, host: ExecutionContext) => contextFromRequest(host.switchToHttp().getRequest()));
