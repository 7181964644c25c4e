import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../common/config';
import { CommonError, DomainException } from '../common/errors';
import { AuthUser, RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuthSessionRepository, SessionStateRow } from './auth-session.repository';
import { OrgUnit, Role, SessionEndReason, User, UserRole } from './identity.entity';
import { IdentityError } from './identity.errors';
import { effectivePermissions } from './permissions';
import { dummyPasswordHash, verifyPassword } from './password';
import { SessionCache } from './session-cache';
import { VerifiedTokenCache } from './verified-token-cache';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** What a token carries: who, and which sign-in (`sid`). Rights are read at every request, never taken from the token. */
export interface JwtPayload {
  sub: string;
  /** the sign-in (auth_session.id) */
  sid: string;
  usr: string;
  org: string;
  oc: string;
  ok: 'hq' | 'store';
}

/** A manager's approval (授权) lent to a cashier's sign-in; see `AuthService.elevate`. */
export interface ApprovalPayload {
  typ: 'pos-approval';
  sub: string;
  usr: string;
  /** the cashier and its sign-in */
  for: string;
  cs: string;
  org: string;
  perm: string[];
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
  orgUnit: { id: string; code: string; kind: 'hq' | 'store'; name: string };
  roles: string[];
  /** what the user can really do (HQ-level permissions are not among a store user's) */
  permissions: string[];
  mustChangePassword: boolean;
}

/** The guard's verdict on a sign-in: the caller, or why it no longer counts. */
type SessionVerdict = { userId: string; user: AuthUser } | { userId: string; ended: SessionEndReason | 'unknown' };

const ENDED_MESSAGES: Record<SessionEndReason | 'unknown', string> = {
  logout: 'you signed out; sign in again / 已退出登录，请重新登录',
  password: 'the password was changed; sign in again / 密码已更改，请重新登录',
  disabled: 'the account or its store is disabled / 账号或所属机构已停用',
  'access-changed': 'your access was changed; sign in again / 权限已变更，请重新登录',
  unknown: 'this sign-in is no longer valid; sign in again / 登录已失效，请重新登录',
};

/**
 * Sign-in against the local user table: HQ's own, or a store's replica, so store staff sign in
 * while HQ is down. Lockout after MAX_FAILED_LOGINS consecutive failures. Every sign-in is a row
 * (auth_session) checked on every request against the user's state now — status, store status,
 * rights, session epoch — so disabling, demoting, a password change or a logout ends it at once.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');
  private readonly cache: SessionCache<SessionVerdict>;
  private readonly verified = new VerifiedTokenCache<JwtPayload & { exp?: number }>();

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly jwt: JwtService,
    private readonly sessions: AuthSessionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cache = new SessionCache(config.authCacheSeconds * 1000);
  }

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
      const counted = await this.sessions.countFailedLogin(this.connection.manager(ctx), user.id, MAX_FAILED_LOGINS, LOCK_MINUTES);
      const failed = counted?.failed_login_count ?? 0;
      this.logger.warn({ username: user.username, ip: ctx.ip, failed, reason: 'bad password' }, 'login failed');
      if (failed >= MAX_FAILED_LOGINS) {
        throw new DomainException(
          IdentityError.AUTH_ACCOUNT_LOCKED,
          `account locked for ${LOCK_MINUTES} minutes after ${failed} failed attempts / 多次密码错误，账号已锁定`,
          undefined,
          {
            lockedUntil: counted?.locked_until,
          },
        );
      }
      throw this.invalidCredentials();
    }
    if (user.status !== 'active' || user.orgUnit?.status !== 'active') {
      this.logger.warn({ username: user.username, ip: ctx.ip, reason: 'disabled' }, 'login refused');
      throw new DomainException(IdentityError.AUTH_ACCOUNT_DISABLED, 'account disabled / 账号已停用');
    }
    await this.sessions.loginSucceeded(this.connection.manager(ctx), user.id);
    const me = await this.me(ctx, user.id);
    const sid = randomUUID();
    const payload: JwtPayload = { sub: user.id, sid, usr: user.username, org: me.orgUnit.id, oc: me.orgUnit.code, ok: me.orgUnit.kind };
    const accessToken = await this.jwt.signAsync(payload);
    const decoded = this.jwt.decode<{ exp: number; iat: number }>(accessToken);
    const m = this.connection.manager(ctx);
    await this.sessions.insert(m, { id: sid, userId: user.id, sessionEpoch: user.sessionEpoch, expiresAt: new Date(decoded.exp * 1000), ip: ctx.ip?.slice(0, 64) ?? null });
    // expired sign-ins go now and then (no job needed: every login is a chance)
    if (Math.random() < 0.02) await this.sessions.prune(m);
    this.logger.log({ username: user.username, ip: ctx.ip }, 'login');
    return { accessToken, tokenType: 'Bearer', expiresIn: decoded.exp - decoded.iat, user: me };
  }

  /**
   * The caller of a bearer token, as the user stands now: the token must be genuine and unexpired,
   * its sign-in open, the user and its org unit active, its session epoch current. Rights are the
   * user's roles now. Read from the database at most every AUTH_CACHE_SECONDS per sign-in.
   */
  async authenticate(token: string): Promise<AuthUser> {
    let payload = this.verified.get(token);
    if (!payload) {
      try {
        payload = await this.jwt.verifyAsync<JwtPayload & { exp?: number }>(token);
      } catch (e) {
        if (e instanceof TokenExpiredError) throw new DomainException(IdentityError.AUTH_TOKEN_EXPIRED, 'session expired, sign in again / 登录已过期');
        throw new DomainException(IdentityError.AUTH_TOKEN_INVALID, 'invalid token / 无效的令牌');
      }
      this.verified.set(token, payload);
    }
    // a token of an older version (no sign-in id) or of another server
    if (typeof payload?.sid !== 'string' || typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sid)) {
      throw new DomainException(IdentityError.AUTH_TOKEN_INVALID, 'invalid token, sign in again / 无效的令牌，请重新登录');
    }
    let verdict = this.cache.get(payload.sid);
    if (!verdict) {
      verdict = this.verdict(await this.sessions.state(this.connection.manager(new RequestContext(null)), payload.sid), payload);
      this.cache.set(payload.sid, verdict);
    }
    if ('ended' in verdict) {
      throw new DomainException(IdentityError.AUTH_SESSION_ENDED, ENDED_MESSAGES[verdict.ended], undefined, { reason: verdict.ended });
    }
    return verdict.user;
  }

  private verdict(row: SessionStateRow | undefined, p: JwtPayload): SessionVerdict {
    // unknown here: another server's token, or a database restored from before the sign-in
    if (!row || row.user_id !== p.sub) return { userId: p.sub, ended: 'unknown' };
    if (row.ended_at) return { userId: row.user_id, ended: row.end_reason ?? 'unknown' };
    if (row.user_status !== 'active' || row.org_status !== 'active') return { userId: row.user_id, ended: 'disabled' };
    // HQ raised the epoch (rights reduced, password changed or reset); at a store it arrived by sync
    if (row.session_epoch !== row.user_epoch) return { userId: row.user_id, ended: 'access-changed' };
    return {
      userId: row.user_id,
      user: {
        id: row.user_id,
        username: row.username,
        orgUnitId: row.org_id,
        orgUnitCode: row.org_code,
        orgKind: row.org_kind,
        permissions: effectivePermissions(row.permissions, row.org_kind),
        sessionId: p.sid,
      },
    };
  }

  /**
   * 授权 at the till: a manager who signed in on the cashier's screen lends one permission for one
   * short while (`POST /api/pos/approvals` issues the token). The token is bound to the cashier's
   * sign-in; the approver must still be active in the same store and hold the permission now.
   * Never a bearer token itself (no `sid`). Returns the caller with the lent permissions added.
   */
  async signApproval(cashier: AuthUser, approver: { id: string; username: string }, permissions: string[], ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
    const payload: ApprovalPayload = {
      typ: 'pos-approval',
      sub: approver.id,
      usr: approver.username,
      for: cashier.id,
      cs: cashier.sessionId ?? '',
      org: cashier.orgUnitId,
      perm: permissions,
    };
    const token = await this.jwt.signAsync(payload, { expiresIn: ttlSeconds });
    const decoded = this.jwt.decode<{ exp: number }>(token);
    return { token, expiresAt: new Date(decoded.exp * 1000).toISOString() };
  }

  async elevate(user: AuthUser, approvalToken: string): Promise<AuthUser> {
    let p: ApprovalPayload;
    try {
      p = await this.jwt.verifyAsync<ApprovalPayload>(approvalToken);
    } catch {
      throw new DomainException(IdentityError.AUTH_APPROVAL_INVALID, 'the manager approval expired or is not genuine; ask again / 授权已失效，请重新授权');
    }
    if (p?.typ !== 'pos-approval' || p.for !== user.id || p.cs !== (user.sessionId ?? '') || p.org !== user.orgUnitId || !Array.isArray(p.perm)) {
      throw new DomainException(IdentityError.AUTH_APPROVAL_INVALID, 'this approval was given to another sign-in / 授权不属于当前收银员');
    }
    // the approver as it stands now: an approval ends with the approver's rights
    const now = await this.me(new RequestContext(null), p.sub).catch(() => null);
    const lent = p.perm.filter((x) => now?.permissions.includes(x));
    if (!now || now.orgUnit.id !== user.orgUnitId || lent.length === 0) {
      throw new DomainException(IdentityError.AUTH_APPROVAL_INVALID, 'the approving manager no longer holds this right / 授权人已无此权限');
    }
    return { ...user, permissions: [...new Set([...user.permissions, ...lent])], approvedBy: { id: p.sub, username: p.usr, permissions: lent } };
  }

  /** POST /auth/logout: ends the caller's own sign-in. */
  async logout(ctx: RequestContext): Promise<void> {
    const sid = ctx.user?.sessionId;
    if (!sid) throw new DomainException(CommonError.UNAUTHENTICATED, 'sign in first / 请先登录');
    await this.sessions.endOne(this.connection.manager(ctx), sid, 'logout');
    this.cache.forget(sid);
    this.logger.log({ username: ctx.user?.username, ip: ctx.ip }, 'logout');
  }

  /**
   * Ends the sign-ins of these users (in the caller's transaction): here at once, and — at HQ, by
   * raising their session epoch — at every store once the users' rows arrive by sync. `keep`: the
   * caller's own sign-in stays (after changing one's own password).
   */
  async endSessions(tx: RequestContext, userIds: string[], reason: SessionEndReason, keep: string | null = null): Promise<void> {
    if (!userIds.length) return;
    const m = this.connection.manager(tx);
    this.rightsChanging(userIds);
    // at a store the epoch is HQ's (replicated): the store ends its own sign-ins by their rows only
    if (this.config.server === 'hq') await this.sessions.bumpEpoch(m, userIds, keep);
    await this.sessions.end(m, userIds, reason, keep);
  }

  /**
   * These users' rights or state are changing in an open transaction: this instance reads them from
   * the database until the change has surely committed (other instances: within AUTH_CACHE_SECONDS).
   */
  rightsChanging(userIds: string[]): void {
    this.cache.bypass(userIds, this.config.authCacheSeconds * 1000 + 10_000);
  }

  /** Users, roles or grants may all have changed (a sync applied identity rows). */
  forgetAll(): void {
    this.cache.clear();
  }

  holdersOf(ctx: RequestContext, roleId: string): Promise<string[]> {
    return this.sessions.holdersOf(this.connection.manager(ctx), roleId);
  }

  usersOf(ctx: RequestContext, orgUnitId: string): Promise<string[]> {
    return this.sessions.usersOf(this.connection.manager(ctx), orgUnitId);
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
    const o: OrgUnit = user.orgUnit;
    const permissions = effectivePermissions(
      roles.flatMap((r) => r.permissions),
      o.kind,
    );
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

  private invalidCredentials(): DomainException {
    return new DomainException(IdentityError.AUTH_INVALID_CREDENTIALS, 'wrong username or password / 用户名或密码错误');
  }
}
