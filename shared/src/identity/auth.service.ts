import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainException } from '../common/errors';
import { AuthUser, RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { queryRows } from '../common/sql';
import { OrgUnit, Role, User, UserRole } from './identity.entities';
import { IdentityError } from './identity.errors';
import { isPermissionCode } from './permissions';
import { dummyPasswordHash, verifyPassword } from './password';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface JwtPayload {
  sub: string;
  usr: string;
  org: string;
  oc: string;
  ok: 'hq' | 'store';
  perms: string[];
}

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: MeView;
}

export interface MeView {
  id: string;
  username: string;
  displayName: string;
  orgUnit: { id: string; code: string; name: string; kind: 'hq' | 'store' };
  roles: string[];
  permissions: string[];
  mustChangePassword: boolean;
}

/**
 * Sign-in against the local user table: HQ's own, or a store's replica, so store staff sign in
 * while HQ is down. Lockout after MAX_FAILED_LOGINS consecutive failures.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly jwt: JwtService,
  ) {}

  async login(ctx: RequestContext, username: string, password: string): Promise<LoginResult> {
    const users = this.connection.repo(ctx, User);
    const user = await users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .innerJoinAndSelect('u.orgUnit', 'o')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
    if (!user) {
      await verifyPassword(await dummyPasswordHash(), password);
      this.logger.warn({ username, ip: ctx.ip, reason: 'unknown user' }, 'login failed');
      throw this.invalidCredentials();
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      this.logger.warn({ username: user.username, ip: ctx.ip, reason: 'locked' }, 'login refused');
      throw new DomainException(IdentityError.AUTH_ACCOUNT_LOCKED, `account locked after repeated failures until ${user.lockedUntil.toISOString()} / 账号已锁定`, undefined, {
        lockedUntil: user.lockedUntil.toISOString(),
      });
    }
    const ok = await verifyPassword(user.passwordHash, password);
    if (!ok) {
      // Counted in one statement so concurrent failures cannot undercount.
      const rows = await queryRows<{ failed_login_count: number; locked_until: Date | null }>(
        this.connection.manager(ctx),
        `UPDATE app_user SET failed_login_count = failed_login_count + 1,
           locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
         WHERE id = $1 RETURNING failed_login_count, locked_until`,
        [user.id, MAX_FAILED_LOGINS, LOCK_MINUTES],
      );
      const failed = rows[0]?.failed_login_count ?? 0;
      this.logger.warn({ username: user.username, ip: ctx.ip, failed, reason: 'bad password' }, 'login failed');
      if (failed >= MAX_FAILED_LOGINS) {
        throw new DomainException(IdentityError.AUTH_ACCOUNT_LOCKED, `account locked for ${LOCK_MINUTES} minutes after ${failed} failed attempts / 多次密码错误，账号已锁定`, undefined, {
          lockedUntil: rows[0].locked_until,
        });
      }
      throw this.invalidCredentials();
    }
    if (user.status !== 'active' || user.orgUnit?.status !== 'active') {
      this.logger.warn({ username: user.username, ip: ctx.ip, reason: 'disabled' }, 'login refused');
      throw new DomainException(IdentityError.AUTH_ACCOUNT_DISABLED, 'account disabled / 账号已停用');
    }
    // Raw SQL on purpose: login counters are local state and must not bump row_version, which
    // belongs to HQ and drives replication to the stores.
    await this.connection.manager(ctx).query(`UPDATE app_user SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [user.id]);
    const me = await this.me(ctx, user.id);
    const payload: JwtPayload = { sub: user.id, usr: user.username, org: me.orgUnit.id, oc: me.orgUnit.code, ok: me.orgUnit.kind, perms: me.permissions };
    const accessToken = await this.jwt.signAsync(payload);
    const decoded = this.jwt.decode(accessToken) as { exp: number; iat: number };
    this.logger.log({ username: user.username, ip: ctx.ip }, 'login');
    return { accessToken, tokenType: 'Bearer', expiresIn: decoded.exp - decoded.iat, user: me };
  }

  async me(ctx: RequestContext, userId: string): Promise<MeView> {
    const user = await this.connection.repo(ctx, User).findOne({ where: { id: userId }, relations: { orgUnit: true } });
    if (!user || !user.orgUnit) throw new DomainException(IdentityError.AUTH_TOKEN_INVALID, 'user no longer exists / 用户不存在');
    const roles = await this.connection
      .repo(ctx, Role)
      .createQueryBuilder('r')
      .innerJoin(UserRole, 'ur', 'ur.role_id = r.id')
      .where('ur.user_id = :id', { id: userId })
      .orderBy('r.code')
      .getMany();
    const permissions = [...new Set(roles.flatMap((r) => r.permissions))].filter(isPermissionCode).sort();
    const o: OrgUnit = user.orgUnit;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      orgUnit: { id: o.id, code: o.code, name: o.name, kind: o.kind },
      roles: roles.map((r) => r.code),
      permissions,
      mustChangePassword: user.mustChangePassword,
    };
  }

  userFromPayload(p: JwtPayload): AuthUser {
    return { id: p.sub, username: p.usr, orgUnitId: p.org, orgUnitCode: p.oc, orgKind: p.ok, permissions: p.perms ?? [] };
  }

  private invalidCredentials(): DomainException {
    return new DomainException(IdentityError.AUTH_INVALID_CREDENTIALS, 'wrong username or password / 用户名或密码错误');
  }
}
