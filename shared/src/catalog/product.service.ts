import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors';
import { Product } from './catalog.entity';
import { queryRows } from '../common/sql';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { SelectQueryBuilder } from 'typeorm';
import { CatalogWriter, WriteItem } from './catalog-writer';
import { CatalogError } from './catalog.errors';
import { CatalogListQuery, CatalogService, SaveInput } from './catalog.service';
import { PRODUCT_SPEC } from './catalog.definitions';

export interface ProductListQuery extends CatalogListQuery {
  categoryId?: string;
  brandId?: string;
  supplierId?: string;
  barcode?: string;
}

export type ProductView = Product & { barcodes: string[] };

/** 商品 with its barcodes (several per product, each unique in the chain; the first is primary). */
@Injectable()
export class ProductService extends CatalogService<ProductView> {
  constructor(connection: TransactionalConnection, writer: CatalogWriter) {
    super(PRODUCT_SPEC, connection, writer);
  }

  protected override searchClauses(): string[] {
    return [...super.searchClauses(), 't.id IN (SELECT b.product_id FROM product_barcode b WHERE b.barcode = :searchExact)'];
  }

  protected override filter(_ctx: RequestContext, qb: SelectQueryBuilder<ProductView>, q: ProductListQuery): void {
    // a category filter includes its whole subtree
    if (q.categoryId) qb.andWhere('t.category_id IN (SELECT c.id FROM category c WHERE :cat = ANY(c.path))', { cat: q.categoryId });
    if (q.brandId) qb.andWhere('t.brand_id = :brand', { brand: q.brandId });
    if (q.supplierId) qb.andWhere('t.default_supplier_id = :sup', { sup: q.supplierId });
    if (q.barcode) qb.andWhere('t.id IN (SELECT b.product_id FROM product_barcode b WHERE b.barcode = :bc)', { bc: q.barcode });
  }

  protected override async decorate(ctx: RequestContext, rows: ProductView[]): Promise<ProductView[]> {
    const extras = await this.loadExtras(
      ctx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => Object.assign(r, { barcodes: (extras.get(r.id)?.barcodes as string[]) ?? [] }));
  }

  async getByBarcode(ctx: RequestContext, barcode: string): Promise<ProductView> {
    const hit = await queryRows<{ product_id: string }>(this.connection.manager(ctx), 'SELECT product_id FROM product_barcode WHERE barcode = $1', [barcode]);
    if (!hit.length) throw notFound('barcode 条码', barcode);
    return this.get(ctx, hit[0].product_id);
  }

  protected override async loadExtras(ctx: RequestContext, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    if (!ids.length) return new Map();
    const rows = await queryRows<{ product_id: string; barcodes: string[] }>(
      this.connection.manager(ctx),
      'SELECT product_id, array_agg(barcode ORDER BY is_primary DESC, created_at, barcode) AS barcodes FROM product_barcode WHERE product_id = ANY($1::uuid[]) GROUP BY product_id',
      [ids],
    );
    const out = new Map<string, Record<string, unknown>>(ids.map((id) => [id, { barcodes: [] }]));
    for (const r of rows) out.set(r.product_id, { barcodes: r.barcodes });
    return out;
  }

  /** A barcode belongs to one product in the whole chain. */
  protected override async check(
    ctx: RequestContext,
    items: Array<{ input: SaveInput; item: WriteItem }>,
    fail: (ref: number, column: string, code: string, message: string) => void,
  ): Promise<void> {
    const owner = new Map<string, { id: string; ref: number }>();
    for (const { input, item } of items) {
      for (const bc of (item.after.barcodes as string[] | undefined) ?? []) {
        const prev = owner.get(bc);
        if (prev && prev.id !== item.id) fail(input.ref, 'barcodes', CatalogError.CATALOG_BARCODE_TAKEN, `barcode ${bc} is given twice / 条码 ${bc} 重复`);
        else owner.set(bc, { id: item.id, ref: input.ref });
      }
    }
    if (!owner.size) return;
    const taken = await queryRows<{ barcode: string; product_id: string; code: string }>(
      this.connection.manager(ctx),
      'SELECT b.barcode, b.product_id, p.code FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE b.barcode = ANY($1::text[])',
      [[...owner.keys()]],
    );
    for (const t of taken) {
      const mine = owner.get(t.barcode)!;
      if (t.product_id !== mine.id)
        fail(mine.ref, 'barcodes', CatalogError.CATALOG_BARCODE_TAKEN, `barcode ${t.barcode} is used by product ${t.code} / 条码 ${t.barcode} 已被商品 ${t.code} 使用`);
    }
  }

  /**
   * Barcode rows follow the product: removed ones deleted, new ones added, the primary flag kept
   * right. One statement each, from flat typed arrays (product id, barcode, position).
   */
  protected override async afterWrite(ctx: RequestContext, items: WriteItem[]): Promise<void> {
    const changed = items.filter((i) => i.after.barcodes !== undefined && JSON.stringify(i.before?.barcodes ?? []) !== JSON.stringify(i.after.barcodes));
    if (!changed.length) return;
    const ids: string[] = [];
    const codes: string[] = [];
    const primary: boolean[] = [];
    for (const i of changed) {
      (i.after.barcodes as string[]).forEach((bc, n) => {
        ids.push(i.id);
        codes.push(bc);
        primary.push(n === 0);
      });
    }
    const m = this.connection.manager(ctx);
    // a new product has no barcode rows to remove
    const kept = changed.filter((i) => i.before).map((i) => i.id);
    if (kept.length) {
      await m.query(
        `DELETE FROM product_barcode b WHERE b.product_id = ANY($1::uuid[])
            AND (b.product_id, b.barcode) NOT IN (SELECT * FROM unnest($2::uuid[], $3::text[]))`,
        [kept, ids, codes],
      );
    }
    if (!codes.length) return;
    await m.query(
      `INSERT INTO product_barcode (barcode, product_id, is_primary, row_version)
       SELECT x.barcode, x.product_id, x.is_primary, 1 FROM unnest($1::text[], $2::uuid[], $3::boolean[]) AS x(barcode, product_id, is_primary)
       ON CONFLICT (barcode) DO UPDATE SET is_primary = EXCLUDED.is_primary, row_version = product_barcode.row_version + 1
        WHERE product_barcode.product_id = EXCLUDED.product_id AND product_barcode.is_primary <> EXCLUDED.is_primary`,
      [codes, ids, primary],
    );
  }
}
