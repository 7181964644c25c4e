import { Injectable } from '@nestjs/common';
import { CommonError, DomainException, notFound } from '../common/errors';
import { defineSort, Page, paginate } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { escapeLike } from '../common/sql';
import { assertInScope } from '../common/scope';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { AuthService } from './auth.service';
import { CreateOrgUnitDto, OrgUnitQueryDto, StoreListQueryDto, UpdateOrgUnitDto } from './identity.dto';
import { OrgUnit } from './identity.entity';
import { IdentityError } from './identity.errors';

export const ORG_UNIT_SORT = defineSort({ code: 'o.code', name: 'o.name', createdAt: 'o.createdAt' }, 'code');

/** 机构: HQ and stores. Only HQ changes them; a store user sees its own unit only. */
@Injectable()
export class OrgUnitService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  async list(ctx: RequestContext, q: OrgUnitQueryDto): Promise<Page<OrgUnit>> {
    const qb = this.connection.repo(ctx, OrgUnit).createQueryBuilder('o');
    if (ctx.storeId) qb.andWhere('o.id = :own', { own: ctx.storeId });
    if (q.kind) qb.andWhere('o.kind = :kind', { kind: q.kind });
    if (q.search) qb.andWhere('(o.code ILIKE :s OR o.name ILIKE :s)', { s: `%${escapeLike(q.search)}%` });
    return paginate(qb, q, ORG_UNIT_SORT);
  }

  /** The stores only, for screens whose users hold no `identity.org.read` but must pick a store (a card clerk moving cards). */
  listStores(ctx: RequestContext, q: StoreListQueryDto): Promise<Page<OrgUnit>> {
    return this.list(ctx, { ...q, kind: 'store' });
  }

  async get(ctx: RequestContext, id: string): Promise<OrgUnit> {
    const org = await this.connection.repo(ctx, OrgUnit).findOneBy({ id });
    if (!org) throw notFound('org unit', id);
    assertInScope(ctx, org.id, 'org unit');
    return org;
  }

  async getHq(ctx: RequestContext): Promise<OrgUnit | null> {
    return this.connection.repo(ctx, OrgUnit).findOneBy({ kind: 'hq' });
  }

  async create(ctx: RequestContext, dto: CreateOrgUnitDto): Promise<OrgUnit> {
    this.assertHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, OrgUnit);
      if (await repo.exists({ where: { code: dto.code } })) {
        throw new DomainException(IdentityError.IDENTITY_ORG_CODE_TAKEN, `org unit code ${dto.code} is in use / 机构编码已存在`, [{ field: 'code', message: 'in use' }]);
      }
      const org = await repo.save(
        repo.create({ ...dto, address: dto.address ?? null, contact: dto.contact ?? null, phone: dto.phone ?? null, openingDate: dto.openingDate ?? null, status: 'active' }),
      );
      await this.audit.record(tx, { entityType: 'org_unit', entityId: org.id, action: 'create', after: org });
      return org;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateOrgUnitDto): Promise<OrgUnit> {
    this.assertHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, OrgUnit);
      const org = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw notFound('org unit', id);
      assertExpectedVersion(org.rowVersion, dto.expectedVersion);
      if (org.kind === 'hq' && dto.status && dto.status !== 'active') {
        throw new DomainException(CommonError.CONFLICT, 'HQ cannot be disabled / 总部不能停用');
      }
      const before = { ...org };
      const { expectedVersion: _v, ...changes } = dto;
      Object.assign(org, changes);
      const saved = await repo.save(org);
      // a store closed or disabled: its staff's sign-ins end with it
      const users = await this.auth.usersOf(tx, id);
      if (before.status === 'active' && saved.status !== 'active') await this.auth.endSessions(tx, users, 'disabled');
      else this.auth.rightsChanging(users);
      await this.audit.record(tx, { entityType: 'org_unit', entityId: id, action: 'update', before, after: saved });
      return saved;
    });
  }

  private assertHq(ctx: RequestContext): void {
    if (!ctx.isHq) throw new DomainException(CommonError.PERMISSION_DENIED, 'only HQ manages org units / 只有总部可以维护机构');
  }
}

export function assertExpectedVersion(actual: number, expected?: number): void {
  if (expected !== undefined && expected !== actual) {
    throw new DomainException(CommonError.VERSION_CONFLICT, `the record was changed by someone else (version ${actual}, you had ${expected}) / 记录已被他人修改`, undefined, {
      currentVersion: actual,
    });
  }
}
