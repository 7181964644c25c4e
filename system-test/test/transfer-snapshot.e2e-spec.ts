import {
  HQ_ROUTES,
  type HqPort,
  HttpHqPort,
  HttpStorePort,
  parseSnapshotStream,
  PULL_STREAMS,
  RequestContext,
  SignedClient,
  snapshotRowCount,
  type SnapshotPage,
  type SnapshotRequest,
  SyncEngine,
  type SyncReport,
} from '@chain-erp/shared';
import { type TestApp } from '@chain-erp/shared/testing';
import { TransferApiService } from '@chain-erp/hq-server/transfer/transfer-api.service';
import { StoreSetupService } from '@chain-erp/store-server/transfer/store-setup.service';
import { BUSY_SNAPSHOT_PAGE, IN_PROCESS_SNAPSHOT_PAGE, StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { TillActivity } from '@chain-erp/store-server/transfer/till-activity';
import { addProducts, feedSettled, hqServer, openStore, storeServer } from './transfer-helpers';

/**
 * Snapshots over protocol 2 (streamed pages) and protocol 1 (JSON pages, for an older HQ): a first
 * sync in many pages per stream, a snapshot into a store that already has rows (the sweep), a
 * snapshot that fails mid-way and resumes, and the store's scope on the streamed route.
 */
describe('transfer snapshots (protocol 2 and the fallback to 1)', () => {
  let hq: TestApp;
  const stores: TestApp[] = [];
  let admin: string;
  const PAGE = 700; // 1,500 products and barcodes: 3 pages each

  /** a page seen by the engine: the protocol it came in and its row count */
  interface Seen {
    stream: string;
    streamed: boolean;
    rows: number;
  }
  class RecordingHq implements HqPort {
    readonly pages: Seen[] = [];
    constructor(readonly inner: HttpHqPort) {}
    hello = () => this.inner.hello();
    handshake = () => this.inner.handshake();
    pull = (r: Parameters<HqPort['pull']>[0]) => this.inner.pull(r);
    push = (r: Parameters<HqPort['push']>[0]) => this.inner.push(r);
    async snapshot(req: SnapshotRequest): Promise<SnapshotPage> {
      const page = await this.inner.snapshot(req);
      this.pages.push({ stream: page.stream, streamed: page.rowsText !== undefined, rows: snapshotRowCount(page) });
      return page;
    }
  }

  const sync = (s: TestApp) => s.app.get(StoreSyncService);
  const setupOf = (s: TestApp) => s.app.get(StoreSetupService);
  const hqPortOf = async (s: TestApp, maxProtocol?: number) => {
    const link = await setupOf(s).requireLink();
    return new RecordingHq(new HttpHqPort(new SignedClient({ baseUrl: link.hqUrl, storeCode: link.storeCode, key: link.key }), maxProtocol));
  };

  /** links a fresh store server to HQ without its first sync (setup's own sync uses large pages) */
  const linkStore = async (code: string): Promise<TestApp> => {
    const s = await storeServer();
    stores.push(s);
    const input = { hqUrl: hq.url, storeCode: code, warehouseCode: `${code}-01`, transferPassword: `transfer-${code.toLowerCase()}-secret` };
    await setupOf(s).save(new RequestContext(null), input, await setupOf(s).verify(input));
    return s;
  };

  /** the store holds exactly the rows HQ lets it see */
  const sameAsHq = async (s: TestApp, code: string) => {
    const [{ id: storeId }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = $1`, [code]);
    const queries = [
      [`SELECT id, code, name, retail_price::text, purchase_price::text, status, row_version FROM product ORDER BY id`, []],
      [`SELECT barcode, product_id, is_primary, row_version FROM product_barcode ORDER BY barcode`, []],
      [`SELECT id, product_id, retail_price::text, row_version, status FROM store_price WHERE store_id = $1 ORDER BY id`, [storeId]],
    ] as const;
    for (const [q, p] of queries) {
      const [a, b] = [await hq.dataSource.query(q, [...p]), await s.dataSource.query(q.replace(' WHERE store_id = $1', ''), [])];
      expect(b).toEqual(a);
    }
    expect(Number((await s.dataSource.query(`SELECT count(*) AS n FROM store_price WHERE store_id <> $1`, [storeId]))[0].n)).toBe(0);
  };

  const noErrors = (r: SyncReport) => expect(r.errors).toEqual([]);

  beforeAll(async () => {
    hq = await hqServer();
    admin = await hq.loginAdmin();
    await addProducts(hq, 1500);
    await openStore(hq, admin, 'S001');
    await openStore(hq, admin, 'S002');
    await openStore(hq, admin, 'S003');
    await openStore(hq, admin, 'S004');
    await openStore(hq, admin, 'S005');
    // store prices for S001 and S002: each store must receive its own only
    for (const code of ['S001', 'S002']) {
      await hq.dataSource.query(
        `INSERT INTO store_price (store_id, product_id, retail_price, valid_from, row_version)
         SELECT o.id, p.id, p.retail_price - 1, '2026-01-01', 1 FROM product p, org_unit o WHERE o.code = $1 AND right(p.code, 1) IN ('1', '7')`,
        [code],
      );
    }
    await feedSettled(hq);
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await hq?.close();
  });

  it('a new store’s first sync in several streamed pages per stream gives exactly its HQ rows, without a key per row for the sweep', async () => {
    const s1 = await linkStore('S001');
    const port = await hqPortOf(s1);
    const seenKeys: number[] = [];
    const store = sync(s1).storePort({
      beforeCommit: async () => {
        // (tables a new store already has rows in, e.g. its seeded roles, still record their keys)
        seenKeys.push(
          Number(
            (
              await s1.dataSource.query(
                `SELECT count(*) AS n FROM transfer_snapshot_seen WHERE stream IN ('catalog.product', 'catalog.barcode', 'catalog.store-price') AND row_key <> ''`,
              )
            )[0].n,
          ),
        );
      },
    });
    const report = await new SyncEngine(port, store).run({ snapshotPageSize: PAGE });
    noErrors(report);
    expect(report.snapshot?.reason).toBe('new-store');
    expect(await port.inner.negotiate()).toBe(2);
    expect(port.pages.every((p) => p.streamed)).toBe(true);
    for (const stream of ['catalog.product', 'catalog.barcode']) {
      expect(port.pages.filter((p) => p.stream === stream).map((p) => p.rows)).toEqual([700, 700, 100]);
    }
    // (the beforeCommit seam runs inside each snapshot page's transaction, before its commit)
    expect(seenKeys.length).toBeGreaterThanOrEqual(port.pages.length);
    expect(seenKeys.every((n) => n === 0)).toBe(true);
    await sameAsHq(s1, 'S001');
    const [st] = await s1.dataSource.query(`SELECT cursor, snapshot FROM transfer_stream_state WHERE stream = 'pull'`);
    expect(st.snapshot).toBeNull();
    expect(st.cursor).toMatch(/^\d+:0$/);
    // pulling on from the snapshot's position: a change at HQ arrives
    await hq.dataSource.query(`UPDATE product SET name = name || ' 改' WHERE code = 'P000007'`);
    await feedSettled(hq);
    noErrors(await sync(s1).run('test'));
    expect((await s1.dataSource.query(`SELECT name FROM product WHERE code = 'P000007'`))[0].name).toBe('商品 7 改');
  });

  it('while a till sells the whole time, the sync asks for small pages, gives way between them (bounded pauses) and still finishes with every row', async () => {
    const s5 = await linkStore('S005');
    const tills = s5.app.get(TillActivity);
    let sold!: () => void;
    const sale = tills.selling(() => new Promise<void>((r) => (sold = r)));
    try {
      const before = tills.pauses();
      const pagesOf = new Map<string, number>();
      // the store server's own page sizes: BUSY_SNAPSHOT_PAGE while the till sells
      const report = await sync(s5).run('test', {
        onProgress: (p) => {
          if (p.phase === 'snapshot') pagesOf.set(p.stream!, (pagesOf.get(p.stream!) ?? 0) + 1);
        },
      });
      noErrors(report);
      // 1,500 products and barcodes: 1,000 + 500 rows each, not one page of IN_PROCESS_SNAPSHOT_PAGE
      expect(BUSY_SNAPSHOT_PAGE).toBe(1000);
      expect(IN_PROCESS_SNAPSHOT_PAGE).toBeGreaterThan(1500);
      expect(pagesOf.get('catalog.product')).toBe(2);
      expect(pagesOf.get('catalog.barcode')).toBe(2);
      // a pause after each snapshot page but the last (and between pull pages, if any): the till never stopped
      expect(tills.pauses().count - before.count).toBeGreaterThanOrEqual(report.snapshot!.pages - 1);
      expect(tills.busy()).toBe(true);
      await sameAsHq(s5, 'S005');
    } finally {
      sold();
      await sale;
    }
  });

  it('a snapshot into a store that has rows sweeps what HQ deleted or no longer shows, also when it failed mid-way and resumed', async () => {
    const s1 = stores[0];
    // at HQ meanwhile: two barcodes deleted; at the store, rows HQ never had
    const gone = (await hq.dataSource.query(`DELETE FROM product_barcode WHERE product_id IN (SELECT id FROM product WHERE code IN ('P000002', 'P001201')) RETURNING barcode`)).map(
      (r: { barcode: string }) => r.barcode,
    );
    expect(gone).toHaveLength(2);
    await feedSettled(hq);
    const [{ id: strayProduct }] = await s1.dataSource.query(
      `INSERT INTO product (code, name, retail_price, purchase_price, row_version) VALUES ('ZZ-LOCAL', '门店多出的', 1, 1, 3) RETURNING id`,
    );
    await s1.dataSource.query(`INSERT INTO product_barcode (barcode, product_id, is_primary, row_version) VALUES ('stray-barcode-1', $1, true, 1)`, [strayProduct]);
    // the store forgets its cursor: HQ answers with a snapshot (as for a new store), its tables are not empty
    await s1.dataSource.query(`UPDATE transfer_stream_state SET cursor = NULL WHERE stream = 'pull'`);

    // killed while applying the second barcode page (the hook reads on another connection: it sees the
    // position the first barcode page committed)
    const barcodes = PULL_STREAMS.findIndex((d) => d.name === 'catalog.barcode');
    let barcodePages = 0;
    const failing = sync(s1).storePort({
      beforeCommit: async () => {
        const [st] = await s1.dataSource.query(`SELECT snapshot FROM transfer_stream_state WHERE stream = 'pull'`);
        if (st.snapshot?.streamIndex === barcodes && st.snapshot.afterKey !== null && ++barcodePages === 1) throw new Error('killed in the middle of the snapshot');
      },
    });
    const first = await new SyncEngine(await hqPortOf(s1), failing).run({ push: false, snapshotPageSize: PAGE });
    expect(first.ok).toBe(false);
    const [mid] = await s1.dataSource.query(`SELECT snapshot FROM transfer_stream_state WHERE stream = 'pull'`);
    expect(mid.snapshot).toMatchObject({ streamIndex: barcodes }); // after the last page that committed
    expect(mid.snapshot.afterKey).not.toBeNull();
    expect(Number((await s1.dataSource.query(`SELECT count(*) AS n FROM transfer_snapshot_seen WHERE row_key <> ''`))[0].n)).toBeGreaterThan(0);

    const port = await hqPortOf(s1);
    const again = await new SyncEngine(port, sync(s1).storePort()).run({ push: false, snapshotPageSize: PAGE });
    noErrors(again);
    expect(again.snapshot?.reason).toBe('resumed');
    expect(port.pages.every((p) => p.streamed)).toBe(true);
    expect(port.pages.filter((p) => p.stream === 'catalog.barcode').map((p) => p.rows)).toEqual([700, 98]);
    // swept: the barcodes deleted at HQ and the stray one are gone, the stray product is inactive, the rest is HQ's
    expect(Number((await s1.dataSource.query(`SELECT count(*) AS n FROM product_barcode WHERE barcode = ANY($1)`, [[...gone, 'stray-barcode-1']]))[0].n)).toBe(0);
    const [stray] = await s1.dataSource.query(`SELECT status, row_version FROM product WHERE id = $1`, [strayProduct]);
    expect(stray).toEqual({ status: 'disabled', row_version: 0 });
    await s1.dataSource.query(`DELETE FROM product WHERE id = $1`, [strayProduct]);
    await sameAsHq(s1, 'S001');
    expect(Number((await s1.dataSource.query(`SELECT count(*) AS n FROM transfer_snapshot_seen`))[0].n)).toBe(0);
  });

  it('a row that appeared in a new store’s table during its snapshot does not stop the page (the direct COPY gives way to the upsert)', async () => {
    const s4 = await linkStore('S004');
    // the product HQ sends first on the third page, written at the store while the second page is applied
    const [third] = await hq.dataSource.query(`SELECT id, code FROM product ORDER BY id OFFSET ${2 * PAGE} LIMIT 1`);
    let planted = false;
    const store = sync(s4).storePort({
      beforeCommit: async () => {
        // (read on another connection: it sees what the pages before this one committed)
        const [{ n }] = await s4.dataSource.query(`SELECT count(*)::int AS n FROM product`);
        if (!planted && n === PAGE) {
          await s4.dataSource.transaction(async (em) => {
            await em.query(`SET LOCAL lock_timeout = '3s'`);
            await em.query(`INSERT INTO product (id, code, name, retail_price, purchase_price, row_version) VALUES ($1, $2, '门店先有的', 1, 1, 99)`, [
              third.id,
              third.code + '-x',
            ]);
          });
          planted = true;
        }
      },
    });
    const port = await hqPortOf(s4);
    noErrors(await new SyncEngine(port, store).run({ snapshotPageSize: PAGE }));
    expect(planted).toBe(true);
    expect(port.pages.filter((p) => p.stream === 'catalog.product').map((p) => p.rows)).toEqual([700, 700, 100]);
    await sameAsHq(s4, 'S004'); // HQ's row replaced the store's (another version)
  });

  it('against an HQ that speaks only protocol 1 the store falls back to JSON pages (at most 5,000 rows) and ends the same', async () => {
    const api = hq.app.get(TransferApiService);
    const hello = jest.spyOn(api, 'hello').mockImplementation(async (ctx, code) => {
      const real = await TransferApiService.prototype.hello.call(api, ctx, code);
      return { ...real, protocol: 1, supportedProtocols: [1] };
    });
    const streamed = jest.spyOn(api, 'snapshotStream');
    try {
      const s2 = await linkStore('S002');
      const port = await hqPortOf(s2);
      noErrors(await new SyncEngine(port, sync(s2).storePort()).run({ snapshotPageSize: PAGE }));
      expect(await port.inner.negotiate()).toBe(1);
      expect(port.pages.length).toBeGreaterThan(3);
      expect(port.pages.some((p) => p.streamed)).toBe(false);
      expect(streamed).not.toHaveBeenCalled();
      expect(port.pages.filter((p) => p.stream === 'catalog.product').map((p) => p.rows)).toEqual([700, 700, 100]);
      await sameAsHq(s2, 'S002');

      // the store server's own sync asks for pages of 10,000: an HQ of protocol 1 is asked for 5,000
      const big = await hqPortOf(s2);
      const page = await big.snapshot({ position: null, limit: 10_000 });
      expect(page.rowsText).toBeUndefined();
    } finally {
      hello.mockRestore();
      streamed.mockRestore();
    }
    // the same store, HQ speaking 2 again: a new port negotiates 2
    expect(await (await hqPortOf(stores[1])).inner.negotiate()).toBe(2);
  });

  it('the CLI’s store port carries streamed pages through the store’s local route', async () => {
    const s3 = await linkStore('S003');
    const link = await setupOf(s3).requireLink();
    const port = await hqPortOf(s3);
    const local = new HttpStorePort(new SignedClient({ baseUrl: s3.url, storeCode: link.storeCode, key: link.key }));
    const report = await new SyncEngine(port, local).run({ snapshotPageSize: PAGE });
    noErrors(report);
    expect(port.pages.every((p) => p.streamed)).toBe(true);
    expect(port.pages.filter((p) => p.stream === 'catalog.product')).toHaveLength(3);
    await sameAsHq(s3, 'S003');
  });

  it('the streamed route is signed, scoped to the signing store, and refuses bad input with stable codes', async () => {
    const link = await setupOf(stores[0]).requireLink();
    const client = new SignedClient({ baseUrl: hq.url, storeCode: 'S001', key: link.key });
    const [{ id: s2Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S002'`);
    const [{ id: s1Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S001'`);
    let position: SnapshotRequest['position'] = null;
    let text = '';
    let prices = 0;
    for (;;) {
      const page = parseSnapshotStream(await client.callBytes('POST', HQ_ROUTES.snapshotStream, { position, limit: 20_000 }, 2));
      text += page.rowsText!.toString() + '\n';
      if (page.stream === 'catalog.store-price') prices += page.count ?? 0;
      // HQ-local columns never travel
      if (page.stream === 'identity.user') expect(page.columns).not.toEqual(expect.arrayContaining(['failed_login_count']));
      if (page.stream === 'identity.user') expect(page.columns).toEqual(expect.arrayContaining(['id', 'username', 'row_version']));
      if (!page.next) break;
      position = page.next;
    }
    expect(text).toContain(s1Id);
    expect(text).not.toContain(s2Id);
    expect(text).not.toContain('s002-admin');
    expect(prices).toBe(Number((await hq.dataSource.query(`SELECT count(*) AS n FROM store_price WHERE store_id = $1`, [s1Id]))[0].n));

    await expect(client.callBytes('POST', HQ_ROUTES.snapshotStream, { position: null, limit: 20_001 }, 2)).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    await expect(client.callBytes('POST', HQ_ROUTES.snapshotStream, { position: { cursor: 'x' }, limit: 10 }, 2)).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    // a position from the store is inlined into HQ's COPY as literals: a key that is no uuid is a 400,
    // one that tries to break out of its quotes is just a key
    const scopeVersion = (await client.call<{ scopeVersion: number }>('POST', HQ_ROUTES.handshake, {})).scopeVersion;
    const productIndex = PULL_STREAMS.findIndex((d) => d.name === 'catalog.product');
    const at = (afterKey: string) => ({ position: { cursor: '1:0', scopeVersion, streamIndex: productIndex, afterKey }, limit: 10 });
    await expect(client.callBytes('POST', HQ_ROUTES.snapshotStream, at('not-a-uuid'), 2)).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    await expect(client.callBytes('POST', HQ_ROUTES.snapshotStream, at("x') TO STDOUT; DROP TABLE product; --"), 2)).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const reasons = PULL_STREAMS.findIndex((d) => d.name === 'inventory.stock-reason');
    const odd = parseSnapshotStream(
      await client.callBytes('POST', HQ_ROUTES.snapshotStream, { position: { cursor: '1:0', scopeVersion, streamIndex: reasons, afterKey: String.raw`a\'b` }, limit: 10 }, 2),
    );
    expect(odd.position.afterKey).toBe(String.raw`a\'b`);
    expect(Number((await hq.dataSource.query(`SELECT count(*)::int AS n FROM product`))[0].n)).toBe(1500);
    // protocol 1's route keeps its own limit
    await expect(client.call('POST', HQ_ROUTES.snapshot, { position: null, limit: 5001 })).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const unsigned = await hq.http().post(HQ_ROUTES.snapshotStream).send({ position: null, limit: 10 });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.code).toBe('TRANSFER_UNSIGNED');
    const wrongKey = new SignedClient({ baseUrl: hq.url, storeCode: 'S002', key: link.key });
    await expect(wrongKey.callBytes('POST', HQ_ROUTES.snapshotStream, { position: null, limit: 10 }, 2)).rejects.toMatchObject({ status: 401, code: 'TRANSFER_BAD_SIGNATURE' });
    await expect(client.callBytes('POST', HQ_ROUTES.snapshotStream, { position: null, limit: 10 }, 3)).rejects.toMatchObject({
      status: 426,
      code: 'TRANSFER_PROTOCOL_UNSUPPORTED',
    });
  });
});
