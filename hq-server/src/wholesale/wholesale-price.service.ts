import { Injectable } from '@nestjs/common';
import { RequestContext } from '@chain-erp/shared';
import { pickWholesalePrice, PriceLevel } from './wholesale-price.calculator';
import { PriceSource } from './wholesale.entity';
import { WholesaleRepository } from './wholesale.repository';

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
  constructor(private readonly repo: WholesaleRepository) {}

  async resolve(ctx: RequestContext, customer: { id: string; priceLevel: string }, productIds: string[], on: string): Promise<Map<string, ResolvedPrice>> {
    if (!productIds.length) return new Map();
    const rows = await this.repo.prices(ctx, customer.id, productIds, on);
    return new Map(rows.map((r) => [r.id, { productId: r.id, ...pickWholesalePrice({ contractPrice: r.contractPrice, level: customer.priceLevel as PriceLevel, product: r }) }]));
  }
}
