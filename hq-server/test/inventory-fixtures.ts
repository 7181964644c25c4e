import { type DataSource } from 'typeorm';

/** Test factories for inventory: products straight into the catalog tables (the catalog API is another module). */
export async function newProduct(
  ds: DataSource,
  code: string,
  opts: { batchManaged?: boolean; categoryId?: string | null; minStock?: string | null; maxStock?: string | null; purchasePrice?: string; barcode?: string } = {},
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO product (code, name, batch_managed, category_id, min_stock, max_stock, purchase_price, row_version) VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id`,
    [code, `商品 ${code}`, opts.batchManaged ?? false, opts.categoryId ?? null, opts.minStock ?? null, opts.maxStock ?? null, opts.purchasePrice ?? '0'],
  );
  if (opts.barcode) await ds.query('INSERT INTO product_barcode (barcode, product_id, is_primary, row_version) VALUES ($1, $2, true, 1)', [opts.barcode, row.id]);
  return row.id;
}

export async function newCategory(ds: DataSource, code: string, parent?: { id: string; path: string[] }): Promise<{ id: string; path: string[] }> {
  const [row] = await ds.query('INSERT INTO category (code, name, parent_id, row_version) VALUES ($1, $2, $3, 1) RETURNING id', [code, `类别 ${code}`, parent?.id ?? null]);
  const path = [...(parent?.path ?? []), row.id];
  await ds.query('UPDATE category SET path = $2 WHERE id = $1', [row.id, path]);
  return { id: row.id, path };
}

/** Every balance equals the sum of its ledger (quantity and value), every batch the sum of its batch rows. */
export async function ledgerMismatches(ds: DataSource): Promise<unknown[]> {
  const balance = await ds.query(`
    SELECT b.warehouse_id, b.product_id, b.qty, b.value, g.qty AS lq, g.value AS lv
    FROM stock_balance b LEFT JOIN (SELECT warehouse_id, product_id, sum(delta) AS qty, sum(amount) AS value FROM stock_ledger GROUP BY 1, 2) g
      ON g.warehouse_id = b.warehouse_id AND g.product_id = b.product_id
    WHERE b.qty <> coalesce(g.qty, 0) OR b.value <> coalesce(g.value, 0)`);
  const batches = await ds.query(`
    SELECT s.warehouse_id, s.product_id, s.batch_no, s.qty, g.qty AS lq
    FROM stock_batch s LEFT JOIN (SELECT warehouse_id, product_id, batch_no, sum(delta) AS qty FROM stock_ledger WHERE batch_no IS NOT NULL GROUP BY 1, 2, 3) g
      ON g.warehouse_id = s.warehouse_id AND g.product_id = s.product_id AND g.batch_no = s.batch_no
    WHERE s.qty <> coalesce(g.qty, 0)`);
  const batchSums = await ds.query(`
    SELECT b.warehouse_id, b.product_id FROM stock_balance b JOIN product p ON p.id = b.product_id AND p.batch_managed
    WHERE b.qty <> (SELECT coalesce(sum(qty), 0) FROM stock_batch s WHERE s.warehouse_id = b.warehouse_id AND s.product_id = b.product_id)`);
  return [...balance, ...batches, ...batchSums];
}
