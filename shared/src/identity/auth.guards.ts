import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { Request } from 'express';
import { PERMISSION_KEY, PUBLIC_KEY, STORE_SIGNATURE_KEY } from '../common/http/decorators';
import { HEADERS } from '../transfer/transfer.contracts';
import { CommonError, DomainException } from '../common/errors';
import { AuthUser } from '../common/request-context';
import { AuthService, JwtPayload } from './auth.service';
import { IdentityError } from './identity.errors';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); routes marked
 * @RequirePermission(...) also need one of the named permissions. Tokens are stateless (JWT), so
 * any HQ instance can check them.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization;
    // a store's signed request: verified by the route's own guard (JwtOrStoreSignature)
    if (!header && req.headers[HEADERS.signature] !== undefined && this.reflector.getAllAndOverride<boolean>(STORE_SIGNATURE_KEY, targets)) return true;
    if (!header || !/^Bearer\s+\S+$/i.test(header)) {
      throw new DomainException(CommonError.UNAUTHENTICATED, 'sign in first / 请先登录');
    }
    let payload: JwtPayload;
    try {
      payload = await this.jwt.verifyAsync<JwtPayload>(header.replace(/^Bearer\s+/i, ''));
    } catch (e) {
      if (e instanceof TokenExpiredError) throw new DomainException(IdentityError.AUTH_TOKEN_EXPIRED, 'session expired, sign in again / 登录已过期');
      throw new DomainException(IdentityError.AUTH_TOKEN_INVALID, 'invalid token / 无效的令牌');
    }
    if (!payload?.sub || !payload.org || !Array.isArray(payload.perms)) {
      throw new DomainException(IdentityError.AUTH_TOKEN_INVALID, 'invalid token / 无效的令牌');
    }
    const user = this.auth.userFromPayload(payload);
    req.user = user;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(PERMISSION_KEY, targets);
    if (required?.length && !required.some((p) => user.permissions.includes(p) || user.permissions.includes('*'))) {
      throw new DomainException(CommonError.PERMISSION_DENIED, `permission required: ${required.join(' or ')} / 无此权限`, undefined, {
        permission: required,
      });
    }
    return true;
  }
}
