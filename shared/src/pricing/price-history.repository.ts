import { Injectable } from '@nestjs/common';
import { type RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import { TransactionalConnection } from '../common/transactional-connection';

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

const SQL = sqlStatements('pricing.price-history', {
  product: `SELECT id, code, name, retail_price::text AS retail, member_price::text AS member, wholesale_price::text AS wholesale FROM product WHERE id = $1`,
  // $2: the store (null: every store's entries)
  entries: `SELECT x.number, x.price_change_id AS "priceChangeId", x.line_no AS "lineNo", x.store_id AS "storeId", o.code AS "storeCode", x.retail_price::text AS "retailPrice",
              x.member_price::text AS "memberPrice", x.wholesale_price::text AS "wholesalePrice", x.effective_from AS "effectiveFrom", x.effective_to AS "effectiveTo", x.approved_at AS "approvedAt"
       FROM price_schedule x LEFT JOIN org_unit o ON o.id = x.store_id
       WHERE x.product_id = $1 AND ($2::uuid IS NULL OR x.store_id IS NULL OR x.store_id = $2)
       ORDER BY x.effective_from DESC, x.approved_at DESC, x.number DESC LIMIT 500`,
  // $1 product, $2 store, $3 the moment, $4 its local day (a store price is valid by day)
  current: `SELECT r.retail_price::text AS retail, r.number AS retail_no, mp.member_price::text AS member, mp.number AS member_no, w.wholesale_price::text AS wholesale, w.number AS wholesale_no,
                sp.retail_price::text AS store_retail, sp.member_price::text AS store_member
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (${scheduledPriceSql('retail_price', '$2', '$1', '$3')}) r ON true
         LEFT JOIN LATERAL (${scheduledPriceSql('member_price', '$2', '$1', '$3')}) mp ON true
         LEFT JOIN LATERAL (${scheduledPriceSql('wholesale_price', '$2', '$1', '$3')}) w ON true
         LEFT JOIN LATERAL (SELECT s.retail_price, s.member_price FROM store_price s WHERE s.store_id = $2 AND s.product_id = $1 AND s.status = 'active'
                              AND s.valid_from <= $4::date AND (s.valid_to IS NULL OR s.valid_to >= $4::date) ORDER BY s.valid_from DESC LIMIT 1) sp ON true`,
});

/** A product's own prices (exact text). */
export interface ProductPricesRow {
  id: string;
  code: string;
  name: string;
  retail: string;
  member: string | null;
  wholesale: string | null;
}

/** One line of an approved 调价单 for the product, as the history lists it. */
export interface PriceScheduleEntryRow {
  number: string;
  priceChangeId: string;
  lineNo: number;
  storeId: string | null;
  storeCode: string | null;
  retailPrice: string | null;
  memberPrice: string | null;
  wholesalePrice: string | null;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  approvedAt: Date;
}

/** The prices in force at a store at a moment: each schedule's price and its 调价单 number, and the store's own prices. */
export interface PricesInForceRow {
  retail: string | null;
  retail_no: string | null;
  member: string | null;
  member_no: string | null;
  wholesale: string | null;
  wholesale_no: string | null;
  store_retail: string | null;
  store_member: string | null;
}

/** The SQL of 价格历史 (PriceHistoryService), on both servers. */
@Injectable()
export class PriceHistoryRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async product(ctx: RequestContext, productId: string): Promise<ProductPricesRow | undefined> {
    return (await queryRows<ProductPricesRow>(this.connection.manager(ctx), SQL.product, [productId]))[0];
  }

  /** The newest 500 schedule lines of the product: every store's and, with a store, that store's own (null: every store's). */
  entries(ctx: RequestContext, productId: string, storeId: string | null): Promise<PriceScheduleEntryRow[]> {
    return queryRows<PriceScheduleEntryRow>(this.connection.manager(ctx), SQL.entries, [productId, storeId]);
  }

  async inForce(ctx: RequestContext, productId: string, storeId: string, at: Date, localDay: string): Promise<PricesInForceRow> {
    const [row] = await queryRows<PricesInForceRow>(this.connection.manager(ctx), SQL.current, [productId, storeId, at, localDay]);
    return row;
  }
}
