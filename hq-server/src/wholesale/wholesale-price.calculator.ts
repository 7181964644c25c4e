import { dec } from '@chain-erp/shared';
import { type PriceSource } from './wholesale.entity';

export type PriceLevel = 'retail' | 'member' | 'wholesale';

export interface PriceFacts {
  /** the customer's agreed price valid on the day, if any */
  contractPrice: string | null;
  level: PriceLevel;
  product: { retailPrice: string; memberPrice: string | null; wholesalePrice: string | null };
}

/**
 * The wholesale price of one product for one customer: the contract price (客户协议价) when there
 * is one; else the customer's price level — wholesale price (批发价), member price (会员价) or retail
 * price (零售价) — where a product without a wholesale or member price falls back to its retail price.
 */
export function pickWholesalePrice(f: PriceFacts): { price: string; source: PriceSource } {
  if (f.contractPrice !== null) return { price: dec(f.contractPrice).toString(), source: 'contract' };
  if (f.level === 'wholesale' && f.product.wholesalePrice !== null) return { price: dec(f.product.wholesalePrice).toString(), source: 'wholesale' };
  if (f.level === 'member' && f.product.memberPrice !== null) return { price: dec(f.product.memberPrice).toString(), source: 'member' };
  return { price: dec(f.product.retailPrice).toString(), source: 'retail' };
}
