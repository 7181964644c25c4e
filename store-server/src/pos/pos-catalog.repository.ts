import { Injectable } from '@nestjs/common';
import { localToday, queryRows, RequestContext, scheduledPriceSql, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

/** A product's row priced at this store at a moment (`PRICE_COLUMNS` over `priceJoins`), numbers as text. */
export interface PriceRow {
  id: string;
  code: string;
  name: string;
  weighed: boolean;
  status: string;
  retail_price: string;
  member_price: string | null;
  store_retail: string | null;
  store_member: string | null;
  change_retail: string | null;
  change_member: string | null;
  brand_id: string | null;
  category_path: string[] | null;
}

export const PRICE_COLUMNS = `p.id, p.code, p.name, p.weighed, p.status, p.retail_price::text, p.member_price::text,
       sp.retail_price::text AS store_retail, sp.member_price::text AS store_member,
       pr.retail_price::text AS change_retail, pm.member_price::text AS change_member, p.brand_id, c.path AS category_path`;

// the store price valid on a day (门店价格), newest first, and the price changes in force at a moment;
// $1 = store, $2 = day, `at` = the moment's parameter
export const priceJoins = (at: string) => `LEFT JOIN LATERAL (
         SELECT s.retail_price, s.member_price FROM store_price s
         WHERE s.store_id = $1 AND s.product_id = p.id AND s.status = 'active' AND s.valid_from <= $2::date AND (s.valid_to IS NULL OR s.valid_to >= $2::date)
         ORDER BY s.valid_from DESC LIMIT 1) sp ON true
       LEFT JOIN LATERAL (${scheduledPriceSql('retail_price', '$1', 'p.id', at)}) pr ON true
       LEFT JOIN LATERAL (${scheduledPriceSql('member_price', '$1', 'p.id', at)}) pm ON true
       LEFT JOIN category c ON c.id = p.category_id`;

/** A row of `RESOLVE_SQL`: a key the sale named (barcode, code or id) and its product priced. */
export type ResolvedRow = PriceRow & { key: string; kind: 'b' | 'c' | 'i' };

/**
 * The products and prices of a sale's keys: $1 store, $2 day, $3 barcodes, $4 product codes,
 * $5 product ids, $6 the moment (timestamptz). Also a CTE body in the sale's first statement
 * (`PosSaleRepository.context`).
 */
export const RESOLVE_SQL = `WITH k AS (
         SELECT b.barcode AS key, 'b' AS kind, b.product_id AS id FROM product_barcode b WHERE b.barcode = ANY($3::varchar[])
         UNION ALL SELECT c.code, 'c', c.id FROM product c WHERE c.code = ANY($4::varchar[])
         UNION ALL SELECT i.id::text, 'i', i.id FROM product i WHERE i.id = ANY($5::uuid[]))
       SELECT k.key, k.kind, ${PRICE_COLUMNS} FROM k JOIN product p ON p.id = k.id ${priceJoins('$6::timestamptz')}`;

const SQL = sqlStatements(
  'pos.catalog',
  {
    resolve: RESOLVE_SQL,
    byIds: `SELECT ${PRICE_COLUMNS} FROM product p ${priceJoins('$4::timestamptz')} WHERE p.id = ANY($3::uuid[])`,
    idsByCodes: 'SELECT id, code FROM product WHERE code = ANY($1::varchar[])',
    barcodes: 'SELECT barcode, product_id FROM product_barcode WHERE barcode = ANY($1::varchar[])',
    search: `SELECT id FROM product WHERE status <> 'disabled' AND (code = $1 OR name ILIKE $2 OR short_name ILIKE $2)
       ORDER BY (code = $1) DESC, code LIMIT $3`,
    onHand: 'SELECT product_id, qty::text FROM stock_balance WHERE warehouse_id = $1 AND product_id = ANY($2::uuid[])',
  },
  ['store'],
);

/** The till's product look-ups over the replicas sync fills (product, barcodes, store prices, price changes). */
@Injectable()
export class PosCatalogRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Products by id, priced at `at`. */
  byIds(ctx: RequestContext, storeId: string, at: Date, ids: string[]): Promise<PriceRow[]> {
    return queryRows<PriceRow>(this.connection.manager(ctx), SQL.byIds, [storeId, localToday(at), ids, at]);
  }

  /** `RESOLVE_SQL` for a sale's keys (prepared: the till's hot path, its text fixed). */
  resolve(ctx: RequestContext, storeId: string, at: Date, barcodes: string[], codes: string[], ids: string[]): Promise<ResolvedRow[]> {
    return queryRows<ResolvedRow>(this.connection.manager(ctx), SQL.resolve, [storeId, localToday(at), barcodes, codes, ids, at], { prepared: true });
  }

  idsByCodes(ctx: RequestContext, codes: string[]): Promise<Array<{ id: string; code: string }>> {
    return queryRows<{ id: string; code: string }>(this.connection.manager(ctx), SQL.idsByCodes, [codes]);
  }

  /** The registered barcodes among `barcodes`, with their products. */
  barcodes(ctx: RequestContext, barcodes: string[]): Promise<Array<{ barcode: string; product_id: string }>> {
    return queryRows<{ barcode: string; product_id: string }>(this.connection.manager(ctx), SQL.barcodes, [barcodes]);
  }

  /** Sellable products whose code is `text` (first) or whose name contains `like` (an ILIKE pattern). */
  search(ctx: RequestContext, text: string, like: string, limit: number): Promise<Array<{ id: string }>> {
    return queryRows<{ id: string }>(this.connection.manager(ctx), SQL.search, [text, like, limit]);
  }

  /** Stock on hand of products in a warehouse (products without a balance row are absent). */
  onHand(ctx: RequestContext, warehouseId: string, productIds: string[]): Promise<Array<{ product_id: string; qty: string }>> {
    return queryRows<{ product_id: string; qty: string }>(this.connection.manager(ctx), SQL.onHand, [warehouseId, productIds]);
  }
}
