import { Injectable } from '@nestjs/common';
import { queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import type { EntityManager } from 'typeorm';

const SQL = sqlStatements(
  'pricing.admin',
  {
    priceChangeLines: `SELECT l.line_no AS "lineNo", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName",
              p.retail_price::text AS "listRetailPrice", l.retail_price::text AS "retailPrice", l.member_price::text AS "memberPrice", l.wholesale_price::text AS "wholesalePrice"
       FROM price_change_line l JOIN product p ON p.id = l.product_id WHERE l.price_change_id = $1 ORDER BY l.line_no`,
    // the references a price change or a promotion names (products: not disabled)
    stores: `SELECT id FROM org_unit WHERE id = ANY($1::uuid[]) AND kind = 'store'`,
    products: `SELECT id FROM product WHERE id = ANY($1::uuid[]) AND status <> 'disabled'`,
    categories: `SELECT id FROM category WHERE id = ANY($1::uuid[])`,
    brands: `SELECT id FROM brand WHERE id = ANY($1::uuid[])`,
    cardTypes: `SELECT id FROM member_card_type WHERE id = ANY($1::uuid[])`,
  },
  ['hq'],
);

/** What a price change or a promotion may name. */
export type PricingReference = 'stores' | 'products' | 'categories' | 'brands' | 'cardTypes';

/** A 调价单 line with its product (prices as exact text; null: the price is not changed). */
export interface PriceChangeLineRow {
  lineNo: number;
  productId: string;
  productCode: string;
  productName: string;
  listRetailPrice: string;
  retailPrice: string | null;
  memberPrice: string | null;
  wholesalePrice: string | null;
}

/** The ids of `ids` that name a `kind` (for callers outside the pricing module: the voucher batch's stores). */
export async function existingIds(manager: EntityManager, kind: PricingReference, ids: string[]): Promise<Set<string>> {
  const found = await queryRows<{ id: string }>(manager, SQL[kind], [ids]);
  return new Set(found.map((f) => f.id));
}

/** The SQL of 调价单 and 促销 at HQ (PriceChangeService, PromotionAdminService). */
@Injectable()
export class PricingRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  priceChangeLines(ctx: RequestContext, priceChangeId: string): Promise<PriceChangeLineRow[]> {
    return queryRows<PriceChangeLineRow>(this.connection.manager(ctx), SQL.priceChangeLines, [priceChangeId]);
  }

  existing(tx: RequestContext, kind: PricingReference, ids: string[]): Promise<Set<string>> {
    return existingIds(this.connection.manager(tx), kind, ids);
  }
}
