import { ApiErrors } from '../common/http/api-contract';
import { PriceHistoryCurrentResponse, PriceHistoryHistoryResponse } from './price-history.responses';
import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { DomainException, notFound } from '../common/errors';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { dec } from '../common/money';
import { RequestContext } from '../common/request-context';
import { Clock } from '../common/clock';
import { PriceHistoryRepository } from './price-history.repository';
import { CommonError } from '../common/errors';

export { scheduledPriceSql } from './price-history.repository';

export class PriceHistoryQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') productId: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'HQ: the store (absent: every store’s entries); a store user always sees its own' })
  @IsOptional()
  @IsUUID('4')
  storeId?: string;
  @ApiPropertyOptional({ description: 'the moment the `current` prices are resolved at (default now)' }) @IsOptional() @IsISO8601({ strict: true }) at?: string;
}

const money = (v: string | null) => (v === null ? null : dec(v).toFixed(2));

/**
 * 价格历史: the price changes of a product at a store (or chain-wide at HQ) and the prices in force
 * at a moment — from the same schedule the till resolves, so what it shows is what the till charges.
 * Same code at HQ (every store) and at a store (its replica, its own store only).
 */
@Injectable()
export class PriceHistoryService {
  constructor(
    private readonly repo: PriceHistoryRepository,
    private readonly clock: Clock,
  ) {}

  async history(ctx: RequestContext, q: PriceHistoryQueryDto) {
    if (ctx.storeId && q.storeId && q.storeId !== ctx.storeId) throw notFound('product');
    const storeId = ctx.storeId ?? q.storeId ?? null;
    const at = q.at ? new Date(q.at) : this.clock.now();
    const product = await this.repo.product(ctx, q.productId);
    if (!product) throw new DomainException(CommonError.NOT_FOUND, 'product not found / 商品不存在', [{ field: 'productId', message: 'not found' }]);
    const entries = await this.repo.entries(ctx, q.productId, storeId);
    let current: PriceHistoryCurrentResponse | null = null;
    if (storeId) {
      const row = await this.repo.inForce(ctx, q.productId, storeId, at, localDay(at));
      current = {
        at: at.toISOString(),
        retailPrice: money(row.retail ?? row.store_retail ?? product.retail),
        retailSource: row.retail_no ? { priceChange: row.retail_no } : row.store_retail ? 'store' : 'product',
        memberPrice: money(row.member ?? row.store_member ?? product.member),
        memberSource: row.member_no ? { priceChange: row.member_no } : row.store_member ? 'store' : 'product',
        wholesalePrice: money(row.wholesale ?? product.wholesale),
        wholesaleSource: row.wholesale_no ? { priceChange: row.wholesale_no } : 'product',
      };
    }
    const t = at.getTime();
    return {
      product: {
        id: product.id,
        code: product.code,
        name: product.name,
        retailPrice: money(product.retail),
        memberPrice: money(product.member),
        wholesalePrice: money(product.wholesale),
      },
      storeId,
      current,
      items: entries.map((e) => ({
        ...e,
        retailPrice: money(e.retailPrice),
        memberPrice: money(e.memberPrice),
        wholesalePrice: money(e.wholesalePrice),
        state: e.effectiveFrom.getTime() > t ? 'scheduled' : e.effectiveTo && e.effectiveTo.getTime() <= t ? 'ended' : 'started',
      })),
    };
  }
}

function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

@ApiTags('价格促销')
@Controller('pricing')
export class PriceHistoryController {
  constructor(private readonly prices: PriceHistoryService) {}

  @Get('price-history')
  @RequirePermission('pricing.read')
  @ApiOperation({ summary: '价格历史: the price changes of a product (at a store) and the prices in force at a moment' })
  @ApiOkResponse({ type: PriceHistoryHistoryResponse })
  @ApiErrors('NOT_FOUND')
  history(@Ctx() ctx: RequestContext, @Query() q: PriceHistoryQueryDto) {
    return this.prices.history(ctx, q);
  }
}
