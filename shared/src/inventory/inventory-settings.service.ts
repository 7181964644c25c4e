import { Injectable } from '@nestjs/common';
import { CommonError, DomainException, notFound } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { assertInScope } from '../common/scope';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { OrgSettings, OrgUnit } from '../identity/identity.entity';
import { UpdateInventorySettingsDto } from './inventory.dto';

export interface InventorySettings {
  orgUnitId: string;
  /** 零库存销售 (库存不够不允许销售 unticked) */
  allowNegativeStock: boolean;
  /** alert batches expiring within this many days */
  nearExpiryDays: number;
}

export const DEFAULT_NEAR_EXPIRY_DAYS = 30;

/**
 * Inventory settings of an org unit, kept in org_settings (decided at HQ, synced to the store):
 * the negative-stock switch and the near-expiry window (in `extra.inventory`). Always read live.
 */
@Injectable()
export class InventorySettingsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
  ) {}

  async get(ctx: RequestContext, orgUnitId: string): Promise<InventorySettings> {
    assertInScope(ctx, orgUnitId, 'org unit');
    const row = await this.connection.repo(ctx, OrgSettings).findOneBy({ orgUnitId });
    return toSettings(orgUnitId, row);
  }

  async update(ctx: RequestContext, orgUnitId: string, dto: UpdateInventorySettingsDto): Promise<InventorySettings> {
    if (!ctx.isHq) throw new DomainException(CommonError.PERMISSION_DENIED, 'inventory settings are decided at HQ / 库存设置由总部维护');
    return this.connection.withTransaction(ctx, async (tx) => {
      if (!(await this.connection.repo(tx, OrgUnit).exists({ where: { id: orgUnitId } }))) throw notFound('org unit', orgUnitId);
      const repo = this.connection.repo(tx, OrgSettings);
      await repo.createQueryBuilder().insert().values({ orgUnitId }).orIgnore().execute();
      const row = await repo.findOneOrFail({ where: { orgUnitId }, lock: { mode: 'pessimistic_write' } });
      const before = toSettings(orgUnitId, row);
      if (dto.allowNegativeStock !== undefined) row.allowNegativeStock = dto.allowNegativeStock;
      if (dto.nearExpiryDays !== undefined) row.extra = { ...row.extra, inventory: { ...(row.extra?.inventory ?? {}), nearExpiryDays: dto.nearExpiryDays } };
      const saved = await repo.save(row);
      const after = toSettings(orgUnitId, saved);
      await this.audit.record(tx, { entityType: 'org_settings', entityId: orgUnitId, action: 'update', before, after });
      return after;
    });
  }
}

function toSettings(orgUnitId: string, row: OrgSettings | null): InventorySettings {
  const days = (row?.extra?.inventory as { nearExpiryDays?: unknown } | undefined)?.nearExpiryDays;
  return { orgUnitId, allowNegativeStock: row?.allowNegativeStock ?? false, nearExpiryDays: typeof days === 'number' ? days : DEFAULT_NEAR_EXPIRY_DAYS };
}
