import { randomUUID } from 'node:crypto';
import { bearer, bootTestApp, openingBody, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '@chain-erp/hq-server/server';
import { STORE_SERVER } from '@chain-erp/store-server/server';

export const hqServer = () => bootTestApp(HQ_SERVER);
export const storeServer = () => bootTestApp(STORE_SERVER);

export { openingBody };

export async function openStore(hq: TestApp, token: string, code: string, extra: Record<string, unknown> = {}) {
  const body = openingBody(code, extra);
  const res = await hq.http().post('/api/stores/open').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`open ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  return { body, result: res.body };
}

export async function setupStore(store: TestApp, hq: TestApp, code: string, password = `transfer-${code.toLowerCase()}-secret`) {
  const res = await store
    .http()
    .post('/api/setup')
    .send({ hqUrl: hq.url, storeCode: code, warehouseCode: `${code}-01`, transferPassword: password });
  if (res.status !== 201) throw new Error(`setup ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Writes base data at HQ the way the catalog module will (rows and their triggers). */
export async function addProducts(hq: TestApp, n: number, prefix = 'P', categoryId: string | null = null): Promise<string[]> {
  const rows = await hq.dataSource.query(
    `INSERT INTO product (code, name, retail_price, purchase_price, category_id, row_version)
     SELECT $1 || lpad(g::text, 6, '0'), '商品 ' || g, 10.50 + g, 5.1234, $3, 1 FROM generate_series(1, $2) g RETURNING id`,
    [prefix, n, categoryId],
  );
  await hq.dataSource.query(
    `INSERT INTO product_barcode (barcode, product_id, is_primary, row_version) SELECT '69' || substr(md5(id::text), 1, 20), id, true, 1 FROM product WHERE id = ANY($1::uuid[])`,
    [rows.map((r: { id: string }) => r.id)],
  );
  return rows.map((r: { id: string }) => r.id);
}

/** A payment method at HQ (replicated to the stores with the base data); its id. */
export async function addPaymentMethod(hq: TestApp, m: { code: string; name: string; type: string; allowsChange: boolean; order: number }): Promise<string> {
  const rows = await hq.dataSource.query(
    `INSERT INTO payment_method (code, name, type, allows_change, enabled, sort_order, row_version) VALUES ($1, $2, $3, $4, true, $5, 1) RETURNING id`,
    [m.code, m.name, m.type, m.allowsChange, m.order],
  );
  return rows[0].id as string;
}

export { randomUUID };

/**
 * Waits until every change in HQ's feed is below the oldest transaction in flight. The bound is
 * cluster-wide, so other test files' transactions delay delivery (never lose it): tests that expect
 * a change at the store after one sync wait for this first.
 */
export async function feedSettled(hq: TestApp, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [r] = await hq.dataSource.query(`SELECT coalesce(max(xid)::text::numeric < pg_snapshot_xmin(pg_current_snapshot())::text::numeric, true) AS ok FROM change_feed`);
    if (r.ok || Date.now() > end) return;
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Polls until `ok` holds (or the time is up: the caller's assertion then fails with the last value). */
export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The till of the voucher and gift-card suites: HQ (its database kept: the suite drops `hqDb`) with
 * `productCount` products and the payment methods given (sort order as listed), stores S001 (set up
 * on the store server, negative stock allowed) and S002 opened, and S001's cashier with a shift open
 * on till 01.
 */
export async function voucherTill<K extends string>(productCount: number, methods: Record<K, { code: string; name: string; type: string; allowsChange: boolean }>) {
  const hq = await bootTestApp(HQ_SERVER, { keepDatabase: true });
  const hqDb = hq.databaseUrl;
  const store = await storeServer();
  const admin = await hq.loginAdmin();
  const products = await addProducts(hq, productCount);
  const methodIds = {} as Record<K, string>;
  let order = 0;
  for (const [key, m] of Object.entries(methods) as Array<[K, { code: string; name: string; type: string; allowsChange: boolean }]>)
    methodIds[key] = await addPaymentMethod(hq, { ...m, order: ++order });
  const s1 = (await openStore(hq, admin, 'S001', { settings: { allowNegativeStock: true } })).result.store.id as string;
  const s2 = (await openStore(hq, admin, 'S002')).result.store.id as string;
  await feedSettled(hq);
  await setupStore(store, hq, 'S001');
  const token = await store.login('s001-cashier', 'cashier-pass-1');
  const shiftId = (await store.http().post('/api/pos/shifts').set(bearer(token)).send({ tillCode: '01', openingFloat: '0' }).expect(201)).body.id as string;
  return { hq, hqDb, store, admin, products, methods: methodIds, s1, s2, token, shiftId };
}

/**
 * HQ's voucher calls of the voucher and gift-card suites, as the admin `at()` names (read at each
 * call: the suite boots HQ later): a batch made of the suite's `defaults()` and the body, valid
 * from an hour ago; the numbers of a batch; one number with its ledger.
 */
export function voucherHq(at: () => { hq: TestApp; admin: string }, defaults: () => Record<string, unknown>) {
  return {
    batch: (body: object) => {
      const { hq, admin } = at();
      return hq
        .http()
        .post('/api/vouchers/batches')
        .set(bearer(admin))
        .send({ id: randomUUID(), validFrom: new Date(Date.now() - 3600_000).toISOString(), ...defaults(), ...body });
    },
    numbersOf: async (batchId: string) => {
      const { hq, admin } = at();
      return (await hq.http().get(`/api/vouchers?batchId=${batchId}`).set(bearer(admin)).expect(200)).body.items.map((v: { number: string }) => v.number) as string[];
    },
    lookup: async (n: string) => {
      const { hq, admin } = at();
      return (await hq.http().get(`/api/vouchers/by-number/${n}`).set(bearer(admin)).expect(200)).body;
    },
  };
}
