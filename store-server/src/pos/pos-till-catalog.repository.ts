import { Injectable } from '@nestjs/common';
import { localToday, queryRows, RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import { PRICE_COLUMNS, priceJoins, PriceRow } from './pos-catalog.repository';

/** The till's cached catalog is cut into this many buckets by product id; a refresh compares them. */
export const CATALOG_BUCKETS = 64;

const BUCKET = `(hashtext(p.id::text) & ${CATALOG_BUCKETS - 1})`;

/**
 * One product as the till caches it, priced as the till prices it at the moment (调价单, else the
 * store price of the day, else the product's price) — $1 store, $2 day, $3 the moment — with its
 * barcodes and its bucket. Disabled products are not sold and not cached.
 */
const CATALOG_ROWS = `SELECT ${BUCKET} AS bucket, ${PRICE_COLUMNS},
         (SELECT array_agg(b.barcode ORDER BY b.barcode) FROM product_barcode b WHERE b.product_id = p.id) AS barcodes
       FROM product p ${priceJoins('$3::timestamptz')}
       WHERE p.status <> 'disabled'`;

/** What a product contributes to its bucket's digest: every field the till keeps of it. */
const ROW_TEXT = `concat_ws('|', c.id, c.code, c.name, c.weighed, c.status,
         COALESCE(c.change_retail, c.store_retail, c.retail_price), COALESCE(c.change_member, c.store_member, c.member_price), array_to_string(c.barcodes, ','))`;

const SQL = sqlStatements(
  'pos.till-catalog',
  {
    digests: `SELECT c.bucket, md5(string_agg(${ROW_TEXT}, E'\\n' ORDER BY c.id)) AS digest, count(*)::int AS count
         FROM (${CATALOG_ROWS}) c
        WHERE $4::int[] IS NULL OR c.bucket = ANY($4::int[])
        GROUP BY c.bucket ORDER BY c.bucket`,
    rows: `SELECT c.* FROM (${CATALOG_ROWS}) c WHERE c.bucket = ANY($4::int[]) ORDER BY c.bucket, c.id`,
  },
  ['store'],
);

export type CatalogRow = PriceRow & { bucket: number; barcodes: string[] | null };
export interface BucketDigestRow {
  bucket: number;
  digest: string;
  count: number;
}

/** SQL of the till's catalog cache (GET /api/pos/products/catalog…). */
@Injectable()
export class PosTillCatalogRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Each non-empty bucket's digest (md5 of its products' fields in id order) and size; `buckets` null = all. */
  async digests(ctx: RequestContext, storeId: string, at: Date, buckets: number[] | null): Promise<BucketDigestRow[]> {
    return queryRows<BucketDigestRow>(this.connection.manager(ctx), SQL.digests, [storeId, localToday(at), at, buckets]);
  }

  /** The products of the buckets given. */
  async rows(ctx: RequestContext, storeId: string, at: Date, buckets: number[]): Promise<CatalogRow[]> {
    return queryRows<CatalogRow>(this.connection.manager(ctx), SQL.rows, [storeId, localToday(at), at, buckets]);
  }
}
