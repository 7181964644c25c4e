import { compareCursors } from '@chain-erp/shared';
import { type TestApp } from '@chain-erp/shared/testing';
import { ChangeFeedPruner } from '@chain-erp/hq-server/transfer/change-feed-pruner.service';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { addProducts, feedSettled, hqServer, openStore, setupStore, storeServer } from './transfer-helpers';

/** Change-feed pruning: what every store read goes; a store behind what was pruned takes a snapshot. */
describe('transfer: change-feed pruning', () => {
  let hq: TestApp;
  let a: TestApp;
  let b: TestApp;

  const sync = async (s: TestApp) => {
    await feedSettled(hq);
    const r = await s.app.get(StoreSyncService).run('test');
    expect(r.errors).toEqual([]);
    return r;
  };
  const pruner = () => hq.app.get(ChangeFeedPruner);
  const feedCount = async () => Number((await hq.dataSource.query(`SELECT count(*) FROM change_feed`))[0].count);
  const confirmed = async (code: string) =>
    (await hq.dataSource.query(`SELECT t.confirmed_cursor AS c FROM store_transfer t JOIN org_unit o ON o.id = t.store_id WHERE o.code = $1`, [code]))[0].c as string;
  const productsEqual = async (s: TestApp) => {
    const q = `SELECT id, name, retail_price::text, status, row_version FROM product ORDER BY id`;
    expect(await s.dataSource.query(q)).toEqual(await hq.dataSource.query(q));
  };

  beforeAll(async () => {
    hq = await hqServer();
    [a, b] = await Promise.all([storeServer(), storeServer()]);
    const admin = await hq.loginAdmin();
    await addProducts(hq, 40);
    await openStore(hq, admin, 'S001');
    await openStore(hq, admin, 'S002');
    await setupStore(a, hq, 'S001');
    await setupStore(b, hq, 'S002');
    await sync(a);
    await sync(b);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await hq?.close();
  });

  it('deletes only what every active store has confirmed; the store behind continues without a snapshot', async () => {
    await hq.dataSource.query(`UPDATE product SET name = name || ' a' WHERE code <= 'P000020'`);
    await sync(a);
    await sync(a); // the second pull confirms the cursor after the first one's pages
    const before = await feedCount();
    const slow = await confirmed('S002');
    expect(compareCursors(slow, await confirmed('S001'))).toBeLessThan(0);

    // a keep window longer than the feed's age: nothing goes
    expect((await pruner().prune({ keepMs: 3600_000 })).deleted).toBe(0);
    const r = await pruner().prune({ keepMs: 0 });
    expect(r.deleted).toBeGreaterThan(0);
    expect(await feedCount()).toBe(before - r.deleted);
    // nothing after the slowest store's cursor went, and the horizon is at or below it
    expect(compareCursors(r.horizon, slow)).toBeLessThanOrEqual(0);
    const [{ n }] = await hq.dataSource.query(`SELECT count(*)::int AS n FROM change_feed WHERE (xid, seq) <= ($1::xid8, $2::bigint)`, slow.split(':'));
    expect(n).toBe(0);

    const caughtUp = await sync(b);
    expect(caughtUp.snapshot).toBeNull();
    await productsEqual(b);
  });

  it('rows older than the longest retention go even if a store has not read them: that store takes a snapshot and ends right', async () => {
    await hq.dataSource.query(`UPDATE product SET retail_price = retail_price + 1 WHERE code > 'P000020'`);
    await hq.dataSource.query(`DELETE FROM product_barcode WHERE product_id IN (SELECT id FROM product WHERE code = 'P000040')`);
    await sync(a);
    await sync(a);
    const r = await pruner().prune({ keepMs: 0, maxAgeMs: 0 });
    expect(r.deleted).toBeGreaterThan(0);
    expect(compareCursors(r.horizon, await confirmed('S002'))).toBeGreaterThan(0);

    const behind = await sync(b);
    expect(behind.snapshot?.reason).toBe('too-far-behind');
    await productsEqual(b);
    expect(Number((await b.dataSource.query(`SELECT count(*) FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE p.code = 'P000040'`))[0].count)).toBe(0);
    // the store that had read everything goes on from its cursor
    expect((await sync(a)).snapshot).toBeNull();
    // and after the snapshot, b pulls normally again
    await hq.dataSource.query(`UPDATE product SET name = 'after pruning' WHERE code = 'P000001'`);
    const next = await sync(b);
    expect(next.snapshot).toBeNull();
    expect((await b.dataSource.query(`SELECT name FROM product WHERE code = 'P000001'`))[0].name).toBe('after pruning');
  });
});
