import { Injectable } from '@nestjs/common';
import { DomainException, notFound } from '../common/errors';
import { defineSort, Page, paginate } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { AuthService } from './auth.service';
import { ChangeOwnPasswordDto, CreateUserDto, ResetPasswordDto, UpdateUserDto, UserQueryDto } from './identity.dto';
import { OrgUnit, Role, User, UserRole } from './identity.entity';
import { IdentityError } from './identity.errors';
import { escapeLike } from '../common/sql';
import { assertExpectedVersion } from './org-unit.service';
import { hashPassword, verifyPassword } from './password';
import { RoleService } from './role.service';

export const USER_SORT = defineSort({ username: 'u.username', displayName: 'u.displayName', createdAt: 'u.createdAt' }, 'username');

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  orgUnitId: string;
  orgUnitCode?: string;
  status: string;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  rowVersion: number;
  roles: Array<{ id: string; code: string; name: string }>;
}

/**
 * 用户. An HQ administrator manages the users of every store; a store administrator only those of
 * its own store, and only with roles whose permissions it holds itself. Taking something away ends
 * the user's sign-ins in the same transaction (AuthService.endSessions): disabling, a role removed,
 * a password reset or change.
 */
@Injectable()
export class UserService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly roles: RoleService,
    private readonly auth: AuthService,
  ) {}

  async list(ctx: RequestContext, q: UserQueryDto): Promise<Page<UserView>> {
    const qb = this.connection.repo(ctx, User).createQueryBuilder('u').leftJoinAndSelect('u.orgUnit', 'o');
    if (ctx.storeId) qb.andWhere('u.org_unit_id = :own', { own: ctx.storeId });
    if (q.orgUnitId) qb.andWhere('u.org_unit_id = :org', { org: q.orgUnitId });
    if (q.status) qb.andWhere('u.status = :status', { status: q.status });
    if (q.search) qb.andWhere('(u.username ILIKE :s OR u.display_name ILIKE :s)', { s: `%${escapeLike(q.search)}%` });
    const page = await paginate(qb, q, USER_SORT);
    const roles = await this.rolesOf(
      ctx,
      page.items.map((u) => u.id),
    );
    return { items: page.items.map((u) => this.view(u, roles.get(u.id) ?? [])), total: page.total };
  }

  async get(ctx: RequestContext, id: string): Promise<UserView> {
    const user = await this.load(ctx, id);
    const roles = await this.rolesOf(ctx, [id]);
    return this.view(user, roles.get(id) ?? []);
  }

  async create(ctx: RequestContext, dto: CreateUserDto): Promise<UserView> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const orgUnitId = this.targetOrg(ctx, dto.orgUnitId);
      const org = await this.connection.repo(tx, OrgUnit).findOneBy({ id: orgUnitId });
      if (!org) throw new DomainException(IdentityError.IDENTITY_OTHER_STORE, 'unknown org unit / 机构不存在', [{ field: 'orgUnitId', message: 'unknown' }]);
      const roles = await this.roles.resolveGrantableRoles(tx, dto.roleIds ?? [], orgUnitId);
      const repo = this.connection.repo(tx, User);
      if (await repo.createQueryBuilder('u').where('lower(u.username) = lower(:n)', { n: dto.username }).getExists()) {
        throw new DomainException(IdentityError.IDENTITY_USERNAME_TAKEN, `username ${dto.username} is taken / 用户名已存在`, [{ field: 'username', message: 'taken' }]);
      }
      const user = await repo.save(
        repo.create({
          username: dto.username,
          displayName: dto.displayName,
          orgUnitId,
          passwordHash: await hashPassword(dto.password),
          status: 'active',
          mustChangePassword: false,
        }),
      );
      await this.setRoles(tx, user.id, roles);
      await this.audit.record(tx, { entityType: 'user', entityId: user.id, action: 'create', after: { ...user, roles: roles.map((r) => r.code) } });
      return this.get(tx, user.id);
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateUserDto): Promise<UserView> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const user = await this.load(tx, id, true);
      assertExpectedVersion(user.rowVersion, dto.expectedVersion);
      if (dto.status === 'disabled' && id === ctx.userId) {
        throw new DomainException(IdentityError.IDENTITY_CANNOT_DISABLE_SELF, 'you cannot disable yourself / 不能停用自己');
      }
      const beforeRoles = (await this.rolesOf(tx, [id])).get(id) ?? [];
      const before = { displayName: user.displayName, status: user.status, roles: beforeRoles.map((r) => r.code) };
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.status !== undefined) user.status = dto.status;
      let roles = beforeRoles;
      if (dto.roleIds !== undefined) {
        roles = await this.roles.resolveGrantableRoles(tx, dto.roleIds, user.orgUnitId);
        // Taking away a role one could not grant is also refused: it would let a store admin
        // strip rights that HQ gave.
        for (const r of beforeRoles) if (!roles.some((n) => n.id === r.id)) this.roles.checkGrantable(tx, r.permissions);
        await this.setRoles(tx, id, roles);
      }
      await this.connection.repo(tx, User).save(user);
      const held = new Set(roles.flatMap((r) => r.permissions));
      if (before.status === 'active' && user.status !== 'active') await this.auth.endSessions(tx, [id], 'disabled');
      else if (beforeRoles.some((r) => r.permissions.some((p) => !held.has(p)))) await this.auth.endSessions(tx, [id], 'access-changed');
      else this.auth.rightsChanging([id]);
      await this.audit.record(tx, {
        entityType: 'user',
        entityId: id,
        action: 'update',
        before,
        after: { displayName: user.displayName, status: user.status, roles: roles.map((r) => r.code) },
      });
      return this.get(tx, id);
    });
  }

  async resetPassword(ctx: RequestContext, id: string, dto: ResetPasswordDto): Promise<void> {
    await this.connection.withTransaction(ctx, async (tx) => {
      const user = await this.load(tx, id, true);
      user.passwordHash = await hashPassword(dto.newPassword);
      user.failedLoginCount = 0;
      user.lockedUntil = null;
      user.mustChangePassword = dto.mustChange ?? true;
      await this.connection.repo(tx, User).save(user);
      // whoever knew the old password is out; resetting one's own keeps the sign-in doing it
      await this.auth.endSessions(tx, [id], 'password', id === ctx.userId ? (ctx.user?.sessionId ?? null) : null);
      await this.audit.record(tx, { entityType: 'user', entityId: id, action: 'reset-password', after: { mustChangePassword: user.mustChangePassword } });
    });
  }

  async changeOwnPassword(ctx: RequestContext, dto: ChangeOwnPasswordDto): Promise<void> {
    await this.connection.withTransaction(ctx, async (tx) => {
      const user = await this.connection.repo(tx, User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id: ctx.userId }).getOne();
      if (!user) throw notFound('user');
      if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
        throw new DomainException(IdentityError.IDENTITY_WRONG_PASSWORD, 'current password is wrong / 原密码错误', [{ field: 'currentPassword', message: 'wrong' }]);
      }
      await this.connection.repo(tx, User).update({ id: user.id }, { passwordHash: await hashPassword(dto.newPassword), mustChangePassword: false });
      await this.auth.endSessions(tx, [user.id], 'password', ctx.user?.sessionId ?? null);
      await this.audit.record(tx, { entityType: 'user', entityId: user.id, action: 'change-password' });
    });
  }

  /** A store administrator may only act on its own store; HQ on any. Others' users look absent. */
  private async load(ctx: RequestContext, id: string, lock = false): Promise<User> {
    const user = await this.connection
      .repo(ctx, User)
      .findOne({ where: { id }, relations: { orgUnit: true }, lock: lock ? { mode: 'pessimistic_write', tables: ['app_user'] } : undefined });
    if (!user || (ctx.storeId && user.orgUnitId !== ctx.storeId)) throw notFound('user', id);
    return user;
  }

  private targetOrg(ctx: RequestContext, requested?: string): string {
    if (ctx.storeId) {
      if (requested && requested !== ctx.storeId) {
        throw new DomainException(IdentityError.IDENTITY_OTHER_STORE, 'a store administrator manages only its own store’s users / 只能维护本店用户', [
          { field: 'orgUnitId', message: 'not your store' },
        ]);
      }
      return ctx.storeId;
    }
    if (!requested) return ctx.user!.orgUnitId;
    return requested;
  }

  private async setRoles(ctx: RequestContext, userId: string, roles: Role[]): Promise<void> {
    const repo = this.connection.repo(ctx, UserRole);
    await repo.delete({ userId });
    if (roles.length) await repo.insert(roles.map((r) => ({ userId, roleId: r.id, grantedBy: ctx.userId })));
  }

  private async rolesOf(ctx: RequestContext, userIds: string[]): Promise<Map<string, Role[]>> {
    const out = new Map<string, Role[]>();
    if (!userIds.length) return out;
    const rows = await this.connection
      .repo(ctx, UserRole)
      .createQueryBuilder('ur')
      .innerJoinAndSelect('ur.role', 'r')
      .where('ur.user_id IN (:...ids)', { ids: userIds })
      .orderBy('r.code')
      .getMany();
    for (const row of rows) {
      const list = out.get(row.userId) ?? [];
      list.push(row.role!);
      out.set(row.userId, list);
    }
    return out;
  }

  private view(u: User, roles: Role[]): UserView {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      orgUnitId: u.orgUnitId,
      orgUnitCode: u.orgUnit?.code,
      status: u.status,
      lockedUntil: u.lockedUntil,
      lastLoginAt: u.lastLoginAt,
      rowVersion: u.rowVersion,
      roles: roles.map((r) => ({ id: r.id, code: r.code, name: r.name })),
    };
  }
}
