import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PERMISSION_KEY, PUBLIC_KEY, STORE_SIGNATURE_KEY } from '../common/http/decorators';
import { HEADERS } from '../transfer/transfer.contracts';
import { CommonError, DomainException } from '../common/errors';
import { AuthUser } from '../common/request-context';
import { AuthService } from './auth.service';
import { HQ_LEVEL_PERMISSIONS, PermissionCode } from './permissions';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); routes marked
 * @RequirePermission(...) also need one of the named permissions. The token names a sign-in; the
 * sign-in and the user's rights are checked against the database (AuthService.authenticate), so
 * what was taken away is refused at once, on every instance within AUTH_CACHE_SECONDS.
 */
/** The header a till sends a manager's approval token in (`POST /api/pos/approvals`). */
export const APPROVAL_HEADER = 'x-pos-approval';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
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
    let user = await this.auth.authenticate(header.replace(/^Bearer\s+/i, ''));
    // a manager's approval (授权) at the till lends its permissions to this one request
    const approval = req.headers[APPROVAL_HEADER];
    if (typeof approval === 'string' && approval) user = await this.auth.elevate(user, approval);
    req.user = user;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(PERMISSION_KEY, targets);
    if (required?.length && !required.some((p) => user.permissions.includes(p) || user.permissions.includes('*'))) {
      // an HQ-level permission is never a store user's, whatever its roles list: say so
      if (user.orgKind === 'store' && required.every((p) => HQ_LEVEL_PERMISSIONS.has(p as PermissionCode))) {
        throw new DomainException(CommonError.PERMISSION_DENIED, `only HQ users can do this (${required.join(' or ')}) / 此操作只能由总部进行`, undefined, {
          permission: required,
          hqOnly: true,
        });
      }
      throw new DomainException(CommonError.PERMISSION_DENIED, `permission required: ${required.join(' or ')} / 无此权限`, undefined, {
        permission: required,
      });
    }
    return true;
  }
}
