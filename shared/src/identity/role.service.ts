import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { DomainException, notFound } from '../common/errors';
import { defineSort, Page, paginate } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { AuthService } from './auth.service';
import { CreateRoleDto, RoleQueryDto, UpdateRoleDto } from './identity.dto';
import { OrgUnit, Role, UserRole } from './identity.entity';
import { IdentityError } from './identity.errors';
import { assertExpectedVersion } from './org-unit.service';
import { isPermissionCode } from './permissions';

export const ROLE_SORT = defineSort({ code: 'r.code', name: 'r.name' }, 'code');

/**
 * 角色与授权. Seed 002's rules, enforced here: HQ manages every role; a store administrator manages
 * only its own store's roles and can never grant a permission it does not hold itself.
 */
@Injectable()
export class RoleService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  async list(ctx: RequestContext, q: RoleQueryDto): Promise<Page<Role>> {
    const qb = this.connection.repo(ctx, Role).createQueryBuilder('r');
    if (ctx.storeId) {
      // a store sees the chain-wide roles (it may grant them) and its own
      qb.andWhere('(r.org_unit_id IS NULL OR r.org_unit_id = :own)', { own: ctx.storeId });
    }
    if (q.orgUnitId) qb.andWhere('r.org_unit_id = :org', { org: q.orgUnitId });
    return paginate(qb, q, ROLE_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<Role> {
    const role = await this.connection.repo(ctx, Role).findOneBy({ id });
    if (!role || (ctx.storeId && role.orgUnitId !== null && role.orgUnitId !== ctx.storeId)) throw notFound('role', id);
    return role;
  }

  async create(ctx: RequestContext, dto: CreateRoleDto): Promise<Role> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const orgUnitId = ctx.storeId ?? dto.orgUnitId ?? null;
      if (ctx.storeId && dto.orgUnitId && dto.orgUnitId !== ctx.storeId) {
        throw new DomainException(IdentityError.IDENTITY_OTHER_STORE, 'a store manages only its own roles / 只能维护本店角色', [{ field: 'orgUnitId', message: 'not your store' }]);
      }
      if (orgUnitId && !(await this.connection.repo(tx, OrgUnit).existsBy({ id: orgUnitId }))) {
        throw new DomainException(IdentityError.IDENTITY_OTHER_STORE, 'unknown org unit / 机构不存在', [{ field: 'orgUnitId', message: 'unknown' }]);
      }
      const permissions = this.checkGrantable(ctx, dto.permissions);
      const repo = this.connection.repo(tx, Role);
      if (await repo.existsBy({ code: dto.code })) {
        throw new DomainException(IdentityError.IDENTITY_ROLE_CODE_TAKEN, `role code ${dto.code} is in use / 角色编码已存在`, [{ field: 'code', message: 'in use' }]);
      }
      const role = await repo.save(repo.create({ code: dto.code, name: dto.name, orgUnitId, permissions, builtIn: false }));
      await this.audit.record(tx, { entityType: 'role', entityId: role.id, action: 'create', after: role });
      return role;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateRoleDto): Promise<Role> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, Role);
      const role = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!role || (ctx.storeId && role.orgUnitId !== ctx.storeId)) {
        // chain-wide roles are read-only for a store
        if (role && ctx.storeId && role.orgUnitId === null) {
          throw new DomainException(IdentityError.IDENTITY_OTHER_STORE, 'chain-wide roles are managed by HQ / 连锁角色由总部维护');
        }
        throw notFound('role', id);
      }
      assertExpectedVersion(role.rowVersion, dto.expectedVersion);
      const before = { ...role, permissions: [...role.permissions] };
      if (dto.name !== undefined) role.name = dto.name;
      if (dto.permissions !== undefined) {
        // Removing a permission one does not hold is fine; adding one is not.
        const added = dto.permissions.filter((p) => !role.permissions.includes(p));
        this.checkGrantable(ctx, added);
        role.permissions = [...new Set(dto.permissions)].filter(isPermissionCode).sort();
      }
      const saved = await repo.save(role);
      // a permission taken from the role ends its holders' sign-ins; one added applies at their next request
      const holders = await this.auth.holdersOf(tx, id);
      if (before.permissions.some((p) => !saved.permissions.includes(p))) await this.auth.endSessions(tx, holders, 'access-changed');
      else this.auth.rightsChanging(holders);
      await this.audit.record(tx, { entityType: 'role', entityId: id, action: 'update', before, after: saved });
      return saved;
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.connection.withTransaction(ctx, async (tx) => {
      const role = await this.get(tx, id);
      if (role.builtIn) throw new DomainException(IdentityError.IDENTITY_BUILT_IN_ROLE, 'built-in roles cannot be deleted / 内置角色不能删除');
      if (ctx.storeId && role.orgUnitId !== ctx.storeId) throw new DomainException(IdentityError.IDENTITY_OTHER_STORE, 'chain-wide roles are managed by HQ / 连锁角色由总部维护');
      if (await this.connection.repo(tx, UserRole).existsBy({ roleId: id })) {
        throw new DomainException(IdentityError.IDENTITY_ROLE_IN_USE, 'the role is granted to users; revoke it first / 角色仍被用户使用');
      }
      await this.connection.repo(tx, Role).delete({ id });
      await this.audit.record(tx, { entityType: 'role', entityId: id, action: 'delete', before: role });
    });
  }

  /** Roles a caller may grant: each must be chain-wide or of the target's store, and within the caller's own permissions. */
  async resolveGrantableRoles(ctx: RequestContext, roleIds: string[], targetOrgUnitId: string): Promise<Role[]> {
    if (!roleIds.length) return [];
    const roles = await this.connection.repo(ctx, Role).findBy({ id: In([...new Set(roleIds)]) });
    if (roles.length !== new Set(roleIds).size) {
      throw new DomainException(IdentityError.IDENTITY_UNKNOWN_PERMISSION, 'unknown role / 角色不存在', [{ field: 'roleIds', message: 'unknown role id' }]);
    }
    for (const r of roles) {
      if (r.orgUnitId !== null && r.orgUnitId !== targetOrgUnitId) {
        throw new DomainException(IdentityError.IDENTITY_OTHER_STORE, `role ${r.code} belongs to another store / 角色属于其他门店`, [{ field: 'roleIds', message: r.code }]);
      }
      this.checkGrantable(ctx, r.permissions);
    }
    return roles;
  }

  /** Every permission must exist, and the caller must hold it (HQ admins hold all). */
  checkGrantable(ctx: RequestContext, permissions: string[]): string[] {
    const unknown = permissions.filter((p) => !isPermissionCode(p));
    if (unknown.length) {
      throw new DomainException(
        IdentityError.IDENTITY_UNKNOWN_PERMISSION,
        `unknown permission ${unknown[0]} / 未知权限`,
        unknown.map((p) => ({ field: 'permissions', message: p })),
      );
    }
    const notHeld = permissions.filter((p) => !ctx.can(p));
    if (notHeld.length) {
      throw new DomainException(
        IdentityError.IDENTITY_GRANT_EXCEEDS_OWN,
        `you cannot grant a permission you do not hold: ${notHeld.join(', ')} / 不能授予自己没有的权限`,
        undefined,
        {
          permissions: notHeld,
        },
      );
    }
    return [...new Set(permissions)].sort();
  }

  chainWideRoles(ctx: RequestContext): Promise<Role[]> {
    return this.connection.repo(ctx, Role).findBy({ orgUnitId: IsNull() });
  }
}
