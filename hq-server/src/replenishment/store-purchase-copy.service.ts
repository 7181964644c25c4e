import { HqStorePurchaseSetAllowedResponse } from './store-purchase-copy.responses';
import { Body, Controller, Get, Injectable, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  ApiErrors,
  ApiPagedResponse,
  ApiSort,
  AuditService,
  Ctx,
  defineSort,
  loadStorePurchase,
  DomainException,
  PageQueryDto,
  paginate,
  ParseId,
  ReplenishmentError,
  RequestContext,
  RequirePermission,
  scopeQuery,
  StorePurchase,
  StorePurchaseLine,
  StorePurchasePushBody,
  StorePurchaseView,
  TransactionalConnection,
} from '@chain-erp/shared';
import { ReplenishmentRepository } from './replenishment.repository';

export const HQ_STORE_PURCHASE_SORT = defineSort({ number: 'p.number', docDate: 'p.docDate', createdAt: 'p.createdAt' }, '-createdAt');

export class HqStorePurchaseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['order', 'receipt'] }) @IsOptional() @IsIn(['order', 'receipt']) kind?: 'order' | 'receipt';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() storeId?: string;
}

export class StorePurchasingSwitchDto {
  @ApiProperty({ description: '门店自行采购: may the store buy from its suppliers itself' }) @IsBoolean() allowed: boolean;
}

/**
 * 门店自行采购 at HQ: the per-store switch (org_settings.allow_store_purchasing, which the store pulls
 * and reads live) and HQ's copy of what the stores bought, pushed when posted, for reporting.
 */
@Injectable()
export class StorePurchaseCopyService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly repo: ReplenishmentRepository,
  ) {}

  /** Whether HQ lets the store purchase itself (门店自采), as its settings hold it now. */
  async allowed(ctx: RequestContext, storeId: string) {
    const row = await this.repo.storePurchasing(ctx, storeId);
    if (!row) throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_WAREHOUSE, 'unknown store / 门店不存在', [{ field: 'storeId', message: 'unknown store' }]);
    return { storeId, allowStorePurchasing: row.allowed === true };
  }

  async setAllowed(ctx: RequestContext, storeId: string, allowed: boolean) {
    return this.connection.withTransaction(ctx, async (tx) => {
      if (!(await this.repo.isStore(tx, storeId)))
        throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_WAREHOUSE, 'unknown store / 门店不存在', [{ field: 'storeId', message: 'unknown store' }]);
      await this.repo.setStorePurchasing(tx, storeId, allowed);
      await this.audit.record(tx, { entityType: 'org_settings', entityId: storeId, action: 'store_purchasing', after: { allowStorePurchasing: allowed } });
      return { storeId, allowStorePurchasing: allowed };
    });
  }

  /** Push handler: idempotent by document id. */
  async receive(ctx: RequestContext, id: string, storeId: string, b: StorePurchasePushBody): Promise<void> {
    const r = await this.connection
      .repo(ctx, StorePurchase)
      .createQueryBuilder()
      .insert()
      .into(StorePurchase)
      .values({
        id,
        number: b.number,
        kind: b.kind,
        storeId,
        supplierId: b.supplierId,
        warehouseId: b.warehouseId,
        orderId: b.orderId ?? null,
        status: 'posted',
        docDate: b.docDate,
        totalAmount: b.totalAmount,
        totalTax: b.totalTax,
        remark: b.remark ?? null,
        createdBy: b.createdBy,
        postedBy: b.postedBy,
        postedAt: new Date(b.postedAt),
      })
      .orIgnore()
      .returning('id')
      .execute();
    if (!r.raw.length) return;
    await this.connection.repo(ctx, StorePurchaseLine).insert(b.lines.map((l) => ({ ...l, purchaseId: id })));
  }

  list(ctx: RequestContext, q: HqStorePurchaseQueryDto) {
    const qb = this.connection.repo(ctx, StorePurchase).createQueryBuilder('p');
    scopeQuery(ctx, qb, 'p.store_id', q.storeId);
    if (q.kind) qb.andWhere('p.kind = :kind', { kind: q.kind });
    return paginate(qb, q, HQ_STORE_PURCHASE_SORT);
  }

  get(ctx: RequestContext, id: string): Promise<StorePurchaseView> {
    return loadStorePurchase(this.connection, ctx, id);
  }
}

@ApiTags('采购管理')
@Controller('store-purchases')
export class HqStorePurchaseController {
  constructor(private readonly copies: StorePurchaseCopyService) {}

  @Get()
  @RequirePermission('store-purchase.read')
  @ApiOperation({ summary: 'Posted purchase orders and receipts the stores made themselves (filter by store)' })
  @ApiPagedResponse(StorePurchase)
  @ApiSort(HQ_STORE_PURCHASE_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: HqStorePurchaseQueryDto) {
    return this.copies.list(ctx, q);
  }

  @Get('switch/:storeId')
  @RequirePermission('store-purchase.read')
  @ApiOperation({ summary: 'Whether a store may purchase itself (门店自采), as HQ set it' })
  @ApiOkResponse({ type: HqStorePurchaseSetAllowedResponse })
  @ApiErrors('REPLENISHMENT_UNKNOWN_WAREHOUSE')
  getAllowed(@Ctx() ctx: RequestContext, @Param('storeId', ParseId) storeId: string) {
    return this.copies.allowed(ctx, storeId);
  }

  @Put('switch/:storeId')
  @RequirePermission('replenishment.settings')
  @ApiOperation({ summary: 'Allow or forbid a store to purchase itself; the store follows after its next sync' })
  @ApiOkResponse({ type: HqStorePurchaseSetAllowedResponse })
  @ApiErrors('REPLENISHMENT_UNKNOWN_WAREHOUSE')
  setAllowed(@Ctx() ctx: RequestContext, @Param('storeId', ParseId) storeId: string, @Body() dto: StorePurchasingSwitchDto) {
    return this.copies.setAllowed(ctx, storeId, dto.allowed);
  }

  @Get(':id')
  @RequirePermission('store-purchase.read')
  @ApiOperation({ summary: 'One store purchase document with lines' })
  @ApiOkResponse({ type: StorePurchaseView })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.copies.get(ctx, id);
  }
}
