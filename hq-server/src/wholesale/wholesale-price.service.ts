import { Injectable } from '@nestjs/common';
import { queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { pickWholesalePrice, PriceLevel } from './wholesale-price.calculator';
import { PriceSource } from './wholesale.entity';

export interface ResolvedPrice {
  productId: string;
  price: string;
  source: PriceSource;
}

/**
 * 批发价格: the one place a wholesale line gets its price. Today: the customer's contract price
 * valid on the day, else its price level (批发价 / 会员价 / 零售价). Price-change documents (调价单)
 * with wholesale prices will be read here as well, so orders never price by any other path.
 */
@Injectable()
export class WholesalePriceService {
  constructor(private readonly connection: TransactionalConnection) {}

  async resolve(ctx: RequestContext, customer: { id: string; priceLevel: string }, productIds: string[], on: string): Promise<Map<string, ResolvedPrice>> {
    if (!productIds.length) return new Map();
    const rows = await queryRows<{ id: string; retailPrice: string; memberPrice: string | null; wholesalePrice: string | null; contractPrice: string | null }>(
      this.connection.manager(ctx),
      `SELECT p.id, p.retail_price::text AS "retailPrice", p.member_price::text AS "memberPrice", p.wholesale_price::text AS "wholesalePrice",
              (SELECT cp.price::text FROM customer_price cp
                WHERE cp.customer_id = $1 AND cp.product_id = p.id AND cp.valid_from <= $3::date AND (cp.valid_to IS NULL OR cp.valid_to >= $3::date)
                ORDER BY cp.valid_from DESC LIMIT 1) AS "contractPrice"
         FROM product p WHERE p.id = ANY($2::uuid[])`,
      [customer.id, [...new Set(productIds)], on],
    );
    return new Map(rows.map((r) => [r.id, { productId: r.id, ...pickWholesalePrice({ contractPrice: r.contractPrice, level: customer.priceLevel as PriceLevel, product: r }) }]));
  }
}
