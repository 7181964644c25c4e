import { bearer, bootTestApp, type TestApp, type PosStore, seedPosStore } from '@chain-erp/shared/testing';
import { STORE_SERVER } from '../src/server';

/**
 * The till's catalog cache (GET /api/pos/products/catalog/digest and …/catalog?buckets=): buckets of
 * products with a digest each, so a till fetches only the buckets that changed. A change of the
 * replica (as the sync writes it) changes the digest of that product's bucket and of no other.
 */
describe('store POS: the catalog the till caches, by buckets and digests', () => {
  let store: TestApp;
  let s: PosStore;
  const get = (path: string, token = s.cashierToken) => store.http().get(path).set(bearer(token));
  type Bucket = { bucket: number; digest: string; count: number };
  type Item = { bucket: number; productId: string; code: string; name: string; retailPrice: string; memberPrice: string | null; barcodes: string[] };
  const digests = async () => new Map(((await get('/api/pos/products/catalog/digest').expect(200)).body.buckets as Bucket[]).map((b) => [b.bucket, b.digest]));
  const changedBuckets = (a: Map<number, string>, b: Map<number, string>) => [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort((x, y) => x - y);

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store);
  });
  afterAll(() => store.close());

  it('looks a product up by barcode, code or name, with the price of the day and the stock on hand; a wildcard in the text matches itself only', async () => {
    const lookup = async (q: string) => (await get(`/api/pos/products/lookup?q=${encodeURIComponent(q)}`).expect(200)).body;
    // a registered barcode: its product, with the store price (门店价格) over the product's
    expect(await lookup('6900000000028')).toEqual([
      expect.objectContaining({ productId: s.products.bread.id, barcode: '6900000000028', retailPrice: '11.80', priceSource: 'store', onHand: '1000' }),
    ]);
    const byCode = await lookup('P001');
    expect(byCode[0]).toMatchObject({ productId: s.products.cola.id, retailPrice: '3.50', priceSource: 'retail', memberPrice: '3.00', onHand: '1000', barcode: null });
    expect((await lookup('牛奶')).map((i: { code: string }) => i.code)).toEqual(['P003']);
    expect(await lookup('%')).toEqual([]);
    expect(await lookup('no such product')).toEqual([]);
  });

  it('lists every product a till may sell in its bucket, with barcodes and the reference price, and the same digest both ways', async () => {
    const digest = (await get('/api/pos/products/catalog/digest').expect(200)).body;
    expect(digest.bucketCount).toBe(64);
    const sellable = Number((await store.dataSource.query(`SELECT count(*) AS n FROM product WHERE status <> 'disabled'`))[0].n);
    expect((digest.buckets as Bucket[]).reduce((a, b) => a + b.count, 0)).toBe(sellable);
    const all = (await get(`/api/pos/products/catalog?buckets=${Array.from({ length: 64 }, (_, i) => i).join(',')}`).expect(200)).body;
    expect(all.items).toHaveLength(sellable);
    expect(all.buckets).toEqual(digest.buckets);
    const cola = (all.items as Item[]).find((i) => i.code === 'P001')!;
    expect(cola).toMatchObject({ name: '可乐 330ml', retailPrice: '3.50', memberPrice: '3.00', barcodes: ['6900000000011'] });
    expect(digest.buckets.find((b: Bucket) => b.bucket === cola.bucket)).toBeTruthy();
  });

  it('changes only the bucket of a product whose name, barcodes, store price or status changed', async () => {
    const before = await digests();
    const cola = s.products.cola;
    await store.dataSource.query(`UPDATE product SET name = '可乐 330ml 新包装' WHERE id = $1`, [cola.id]);
    const renamed = await digests();
    const one = changedBuckets(before, renamed);
    expect(one).toHaveLength(1);
    const fetched = (await get(`/api/pos/products/catalog?buckets=${one[0]}`).expect(200)).body;
    expect(fetched.buckets).toEqual([{ bucket: one[0], digest: renamed.get(one[0]), count: expect.any(Number) }]);
    expect((fetched.items as Item[]).find((i) => i.productId === cola.id)).toMatchObject({ name: '可乐 330ml 新包装' });

    // a second barcode, then a store price valid today (门店价格): the same bucket again
    await store.dataSource.query(`INSERT INTO product_barcode (barcode, product_id, is_primary, row_version) VALUES ('6900000000998', $1, false, 1)`, [cola.id]);
    const barcoded = await digests();
    expect(changedBuckets(renamed, barcoded)).toEqual(one);
    await store.dataSource.query(
      `INSERT INTO store_price (store_id, product_id, retail_price, valid_from, status, row_version) VALUES ($1, $2, 3.20, current_date - 1, 'active', 1)`,
      [s.storeId, cola.id],
    );
    const priced = await digests();
    expect(changedBuckets(barcoded, priced)).toEqual(one);
    const again = (await get(`/api/pos/products/catalog?buckets=${one[0]}`).expect(200)).body.items as Item[];
    expect(again.find((i) => i.productId === cola.id)).toMatchObject({ retailPrice: '3.20', barcodes: ['6900000000011', '6900000000998'] });

    // disabled: gone from the catalog (its bucket changes, or empties and is no longer listed)
    await store.dataSource.query(`UPDATE product SET status = 'disabled' WHERE id = $1`, [cola.id]);
    const disabled = await digests();
    expect(changedBuckets(priced, disabled)).toEqual(one);
    const left = (await get(`/api/pos/products/catalog?buckets=${one[0]}`).expect(200)).body.items as Item[];
    expect(left.find((i) => i.productId === cola.id)).toBeUndefined();
    // nothing changed: the same digests
    expect(await digests()).toEqual(disabled);
  });

  it('refuses buckets out of range or malformed on the field, and users without pos.sell', async () => {
    for (const q of ['64', '1,x', '', '-1', '1.5']) {
      const r = await get(`/api/pos/products/catalog?buckets=${q}`).expect(400);
      expect(r.body.fields.map((f: { field: string }) => f.field.split('.')[0])).toContain('buckets');
    }
    await get('/api/pos/products/catalog?buckets=1,2').expect(200);
    await store.http().get('/api/pos/products/catalog/digest').expect(401);
  });
});
