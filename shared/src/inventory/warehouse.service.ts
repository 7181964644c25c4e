import { Injectable } from '@nestjs/common';
import { CommonError, DomainException, notFound } from '../common/errors';
import { defineSort, Page, paginate } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { assertInScope, scopeQuery } from '../common/scope';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { OrgUnit } from '../identity/identity.entity';
import { escapeLike } from '../common/sql';
import { assertExpectedVersion } from '../identity/org-unit.service';
import { InventoryError } from './inventory.errors';
import { InventoryLookupRepository } from './inventory-lookup.repository';
import { CreateWarehouseDto, UpdateWarehouseDto, WarehouseQueryDto } from './inventory.dto';
import { Warehouse } from './warehouse.entity';

export const WAREHOUSE_SORT = defineSort({ code: 'w.code', name: 'w.name', createdAt: 'w.createdAt' }, 'code');

/** 仓库: created and changed at HQ (a store's arrive by sync); read, scoped, on both servers. */
@Injectable()
export class WarehouseService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly lookup: InventoryLookupRepository,
  ) {}

  async list(ctx: RequestContext, q: WarehouseQueryDto): Promise<Page<Warehouse>> {
    const qb = this.connection.repo(ctx, Warehouse).createQueryBuilder('w');
    scopeQuery(ctx, qb, 'w.org_unit_id', q.orgUnitId);
    if (q.kind) qb.andWhere('w.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('w.status = :status', { status: q.status });
    if (q.search) qb.andWhere('(w.code ILIKE :s OR w.name ILIKE :s)', { s: `%${escapeLike(q.search)}%` });
    return paginate(qb, q, WAREHOUSE_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<Warehouse> {
    const w = await this.connection.repo(ctx, Warehouse).findOneBy({ id });
    if (!w) throw notFound('warehouse', id);
    assertInScope(ctx, w.orgUnitId, 'warehouse');
    return w;
  }

  /**
   * A warehouse a user may write a stock document on: in scope, active, a normal location, and
   * owned by this site (a store moves its own stock; HQ moves HQ's, never a store's, which the
   * store's own server holds).
   */
  async getForDocument(ctx: RequestContext, id: string, field = 'warehouseId'): Promise<Warehouse> {
    const w = await this.connection.repo(ctx, Warehouse).findOneBy({ id });
    if (!w || (ctx.storeId && w.orgUnitId !== ctx.storeId)) {
      throw new DomainException(InventoryError.STOCK_UNKNOWN_WAREHOUSE, 'unknown warehouse / 仓库不存在', [{ field, message: 'unknown warehouse' }]);
    }
    if (w.status !== 'active') throw new DomainException(InventoryError.STOCK_WAREHOUSE_DISABLED, 'the warehouse is disabled / 仓库已停用', [{ field, message: 'disabled' }]);
    const org = await this.connection.repo(ctx, OrgUnit).findOneBy({ id: w.orgUnitId });
    const local = ctx.storeId ? true : org?.kind === 'hq';
    if (w.kind !== 'normal' || !local) {
      throw new DomainException(InventoryError.STOCK_WAREHOUSE_NOT_LOCAL, 'stock documents are written where the warehouse is run / 只能在本机构的普通仓库做库存单据', [
        { field, message: 'not a local normal warehouse' },
      ]);
    }
    return w;
  }

  async create(ctx: RequestContext, dto: CreateWarehouseDto): Promise<Warehouse> {
    assertHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, Warehouse);
      const org = await this.connection.repo(tx, OrgUnit).findOneBy({ id: dto.orgUnitId });
      if (!org) throw new DomainException(CommonError.VALIDATION_FAILED, 'unknown org unit / 机构不存在', [{ field: 'orgUnitId', message: 'unknown org unit' }]);
      if (await repo.exists({ where: { code: dto.code } })) {
        throw new DomainException(InventoryError.STOCK_WAREHOUSE_CODE_TAKEN, `warehouse code ${dto.code} is in use / 仓库编码已存在`, [{ field: 'code', message: 'in use' }]);
      }
      const kind = dto.kind ?? 'normal';
      if (kind === 'in_transit') await this.assertNoOtherInTransit(tx, dto.orgUnitId);
      const w = await repo.save(repo.create({ code: dto.code, name: dto.name, orgUnitId: dto.orgUnitId, kind, status: 'active' }));
      await this.audit.record(tx, { entityType: 'warehouse', entityId: w.id, action: 'create', after: w });
      return w;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateWarehouseDto): Promise<Warehouse> {
    assertHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, Warehouse);
      const w = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!w) throw notFound('warehouse', id);
      assertExpectedVersion(w.rowVersion, dto.expectedVersion);
      if (dto.status === 'disabled' && w.status !== 'disabled') await this.assertEmpty(tx, id);
      const before = { ...w };
      if (dto.name !== undefined) w.name = dto.name;
      if (dto.status !== undefined) w.status = dto.status;
      const saved = await repo.save(w);
      await this.audit.record(tx, { entityType: 'warehouse', entityId: id, action: dto.status === 'disabled' ? 'disable' : 'update', before, after: saved });
      return saved;
    });
  }

  disable(ctx: RequestContext, id: string): Promise<Warehouse> {
    return this.update(ctx, id, { status: 'disabled' });
  }

  private async assertNoOtherInTransit(ctx: RequestContext, orgUnitId: string): Promise<void> {
    if (await this.connection.repo(ctx, Warehouse).exists({ where: { orgUnitId, kind: 'in_transit' } })) {
      throw new DomainException(InventoryError.STOCK_WAREHOUSE_IN_TRANSIT_EXISTS, 'this org unit already has an in-transit location / 该机构已有在途仓', [
        { field: 'kind', message: 'one in-transit location per org unit' },
      ]);
    }
  }

  /** A warehouse still holding stock cannot be disabled: its stock would vanish from every list. */
  private async assertEmpty(ctx: RequestContext, id: string): Promise<void> {
    const products = await this.lookup.stockedProducts(ctx, id);
    if (products > 0) throw new DomainException(InventoryError.STOCK_WAREHOUSE_HAS_STOCK, 'the warehouse still holds stock / 仓库仍有库存，不能停用', undefined, { products });
  }
}

/** Warehouses are master data decided at HQ; a store administrator's copy arrives by sync. */
function assertHq(ctx: RequestContext): void {
  if (!ctx.isHq) throw new DomainException(CommonError.PERMISSION_DENIED, 'warehouses are maintained at HQ / 仓库由总部维护');
}
