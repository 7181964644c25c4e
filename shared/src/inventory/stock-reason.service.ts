import { Injectable } from '@nestjs/common';
import { CommonError, DomainException, notFound } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { CreateReasonDto, UpdateReasonDto } from './inventory.dto';
import { StockReason } from './stock.entity';

/** The reasons every site starts with; HQ adds its own. */
export const DEFAULT_STOCK_REASONS: Array<Pick<StockReason, 'code' | 'name' | 'direction'>> = [
  { code: 'damaged', name: '损坏 damaged', direction: 'out' },
  { code: 'expired', name: '过期 expired', direction: 'out' },
  { code: 'lost', name: '丢失 lost', direction: 'out' },
  { code: 'theft', name: '被盗 theft', direction: 'out' },
  { code: 'internal_use', name: '内部领用 internal use', direction: 'out' },
  { code: 'sample', name: '样品 sample', direction: 'out' },
  { code: 'found', name: '盘盈/找到 found', direction: 'in' },
  { code: 'gift_in', name: '赠品入库 free goods', direction: 'in' },
  { code: 'opening', name: '期初 opening stock', direction: 'in' },
  { code: 'correction', name: '更正 correction', direction: 'both' },
  { code: 'other', name: '其他 other', direction: 'both' },
];

/** 库存调整原因 (configurable list used by adjustments and other receipts/issues). */
@Injectable()
export class StockReasonService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
  ) {}

  list(ctx: RequestContext): Promise<StockReason[]> {
    return this.connection.repo(ctx, StockReason).find({ order: { sortOrder: 'ASC', code: 'ASC' } });
  }

  /** Idempotent: adds missing defaults, never changes what an administrator edited. */
  async seedDefaults(ctx: RequestContext): Promise<void> {
    await this.connection
      .repo(ctx, StockReason)
      .createQueryBuilder()
      .insert()
      .values(DEFAULT_STOCK_REASONS.map((r, i) => ({ ...r, active: true, sortOrder: (i + 1) * 10 })))
      .orIgnore()
      .execute();
  }

  async create(ctx: RequestContext, dto: CreateReasonDto): Promise<StockReason> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, StockReason);
      if (await repo.exists({ where: { code: dto.code } }))
        throw new DomainException(CommonError.DUPLICATE, `reason ${dto.code} exists / 原因已存在`, [{ field: 'code', message: 'in use' }]);
      const row = await repo.save(repo.create({ code: dto.code, name: dto.name, direction: dto.direction ?? 'both', active: true, sortOrder: dto.sortOrder ?? 0 }));
      await this.audit.record(tx, { entityType: 'stock_reason', entityId: row.code, action: 'create', after: row });
      return row;
    });
  }

  async update(ctx: RequestContext, code: string, dto: UpdateReasonDto): Promise<StockReason> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, StockReason);
      const row = await repo.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('reason', code);
      const before = { ...row };
      Object.assign(row, dto);
      const saved = await repo.save(row);
      await this.audit.record(tx, { entityType: 'stock_reason', entityId: code, action: 'update', before, after: saved });
      return saved;
    });
  }
}
