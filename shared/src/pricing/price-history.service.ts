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
import { queryRows } from '../common/sql';
import { Clock } from '../common/clock';
import { TransactionalConnection } from '../common/transactional-connection';
import { CommonError } from '../common/errors';

/**
 * The price schedule row (调价单) in force at `at` for one price field: this store's or every
 * store's; the latest start wins, then a store's own over every store's, then the later approval.
 * SQL expressions for store, product and moment; one definition for the till and the history.
 */
export const scheduledPriceSql = (field: 'retail_price' | 'member_price' | 'wholesale_price', store: string, product: string, at: string) =>
  `SELECT x.${field}, x.number FROM price_schedule x
   WHERE x.product_id = ${product} AND (x.store_id IS NULL OR x.store_id = ${store}) AND x.${field} IS NOT NULL
     AND x.effective_from <= ${at} AND (x.effective_to IS NULL OR x.effective_to > ${at})
   ORDER BY x.effective_from DESC, (x.store_id IS NOT NULL) DESC, x.approved_at DESC, x.number DESC LIMIT 1`;

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
    private readonly connection: TransactionalConnection,
    private readonly clock: Clock,
  ) {}

  async history(ctx: RequestContext, q: PriceHistoryQueryDto) {
    if (ctx.storeId && q.storeId && q.storeId !== ctx.storeId) throw notFound('product');
    const storeId = ctx.storeId ?? q.storeId ?? null;
    const at = q.at ? new Date(q.at) : this.clock.now();
    const m = this.connection.manager(ctx);
    const [product] = await queryRows<{ id: string; code: string; name: string; retail: string; member: string | null; wholesale: string | null }>(
      m,
      `SELECT id, code, name, retail_price::text AS retail, member_price::text AS member, wholesale_price::text AS wholesale FROM product WHERE id = $1`,
      [q.productId],
    );
    if (!product) throw new DomainException(CommonError.NOT_FOUND, 'product not found / 商品不存在', [{ field: 'productId', message: 'not found' }]);
    const entries = await queryRows<Record<string, unknown>>(
      m,
      `SELECT x.number, x.price_change_id AS "priceChangeId", x.line_no AS "lineNo", x.store_id AS "storeId", o.code AS "storeCode", x.retail_price::text AS "retailPrice",
              x.member_price::text AS "memberPrice", x.wholesale_price::text AS "wholesalePrice", x.effective_from AS "effectiveFrom", x.effective_to AS "effectiveTo", x.approved_at AS "approvedAt"
       FROM price_schedule x LEFT JOIN org_unit o ON o.id = x.store_id
       WHERE x.product_id = $1 AND ($2::uuid IS NULL OR x.store_id IS NULL OR x.store_id = $2)
       ORDER BY x.effective_from DESC, x.approved_at DESC, x.number DESC LIMIT 500`,
      [q.productId, storeId],
    );
    let current: PriceHistoryCurrentResponse | null = null;
    if (storeId) {
      const [row] = await queryRows<Record<string, string | null>>(
        m,
        `SELECT r.retail_price::text AS retail, r.number AS retail_no, mp.member_price::text AS member, mp.number AS member_no, w.wholesale_price::text AS wholesale, w.number AS wholesale_no,
                sp.retail_price::text AS store_retail, sp.member_price::text AS store_member
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (${scheduledPriceSql('retail_price', '$2', '$1', '$3')}) r ON true
         LEFT JOIN LATERAL (${scheduledPriceSql('member_price', '$2', '$1', '$3')}) mp ON true
         LEFT JOIN LATERAL (${scheduledPriceSql('wholesale_price', '$2', '$1', '$3')}) w ON true
         LEFT JOIN LATERAL (SELECT s.retail_price, s.member_price FROM store_price s WHERE s.store_id = $2 AND s.product_id = $1 AND s.status = 'active'
                              AND s.valid_from <= $4::date AND (s.valid_to IS NULL OR s.valid_to >= $4::date) ORDER BY s.valid_from DESC LIMIT 1) sp ON true`,
        [q.productId, storeId, at, localDay(at)],
      );
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
        retailPrice: money(e.retailPrice as string | null),
        memberPrice: money(e.memberPrice as string | null),
        wholesalePrice: money(e.wholesalePrice as string | null),
        state: (e.effectiveFrom as Date).getTime() > t ? 'scheduled' : e.effectiveTo && (e.effectiveTo as Date).getTime() <= t ? 'ended' : 'started',
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
