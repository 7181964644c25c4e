import { bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../server';

/**
 * The change feed's capture triggers on a real PostgreSQL: a multi-row INSERT writes one feed row
 * per row (statement trigger over the transition table) with the same key and store as the row
 * trigger gives updates and deletes — direct store columns, composite keys and a store found
 * through another table.
 */
describe('change feed capture', () => {
  let hq: TestApp;
  const q = (sql: string, params: unknown[] = []) => hq.dataSource.query(sql, params);
  const feedAfter = async (seq: string) =>
    (await q(`SELECT table_name, row_id, op, store_id FROM change_feed WHERE seq > $1 ORDER BY seq`, [seq])) as Array<{
      table_name: string;
      row_id: string;
      op: string;
      store_id: string | null;
    }>;
  const position = async () => (await q(`SELECT coalesce(max(seq), 0)::text AS s FROM change_feed`))[0].s as string;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
  });
  afterAll(() => hq.close());

  it('captures every row of a bulk insert once, with its key and store, and updates/deletes row by row', async () => {
    const [store] = await q(`INSERT INTO org_unit (code, name, kind, status, row_version) VALUES ('C001', '捕获店', 'store', 'active', 1) RETURNING id`);
    const [wh] = await q(`INSERT INTO warehouse (code, name, org_unit_id, kind, status, row_version) VALUES ('C001-01', '卖场', $1, 'normal', 'active', 1) RETURNING id`, [
      store.id,
    ]);
    const start = await position();
    const products: Array<{ id: string }> = await q(
      `INSERT INTO product (code, name, retail_price, purchase_price, status, row_version) SELECT 'CAP' || i, '商品' || i, 1, 1, 'active', 1 FROM generate_series(1, 3) AS i RETURNING id`,
    );
    await q(`INSERT INTO product_barcode (barcode, product_id, is_primary, row_version) SELECT '69000000000' || i, ($1::uuid[])[i], true, 1 FROM generate_series(1, 3) AS i`, [
      products.map((p) => p.id),
    ]);
    await q(`INSERT INTO stock_limit (warehouse_id, product_id, min_qty) SELECT $1, unnest($2::uuid[]), 5`, [wh.id, products.map((p) => p.id).slice(0, 2)]);
    const inserted = await feedAfter(start);
    expect(inserted).toEqual([
      ...products.map((p) => ({ table_name: 'product', row_id: p.id, op: 'U', store_id: null })),
      ...[1, 2, 3].map((i) => ({ table_name: 'product_barcode', row_id: `69000000000${i}`, op: 'U', store_id: null })),
      ...products.slice(0, 2).map((p) => ({ table_name: 'stock_limit', row_id: `${wh.id}:${p.id}`, op: 'U', store_id: store.id })),
    ]);

    const mid = await position();
    await q(`UPDATE product SET name = '改名' WHERE id = $1`, [products[0].id]);
    await q(`UPDATE product SET row_version = row_version WHERE id = $1`, [products[1].id]); // no real change: not captured
    await q(`DELETE FROM product_barcode WHERE barcode = '690000000003'`);
    await q(`INSERT INTO product (code, name, retail_price, purchase_price, status, row_version) SELECT 'CAP9', 'x', 1, 1, 'active', 1 WHERE false`); // an empty insert writes nothing
    expect(await feedAfter(mid)).toEqual([
      { table_name: 'product', row_id: products[0].id, op: 'U', store_id: null },
      { table_name: 'product_barcode', row_id: '690000000003', op: 'D', store_id: null },
    ]);
  });
});
