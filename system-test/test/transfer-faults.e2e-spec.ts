import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import {
  bodyText,
  deriveTransferKey,
  fetchHello,
  HQ_ROUTES,
  type HqPort,
  type HttpHqPort,
  type PushRequest,
  RequestContext,
  SignedClient,
  signedHeaders,
  STORE_ROUTES,
  SyncEngine,
  TransferCallError,
} from '@chain-erp/shared';
import { bearer, bootTestApp, dropDatabase, type TestApp } from '@chain-erp/shared/testing';
import { STORE_SERVER } from '@chain-erp/store-server/server';
import { StoreOutboxService } from '@chain-erp/store-server/transfer/store-outbox.service';
import { StoreSetupService } from '@chain-erp/store-server/transfer/store-setup.service';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { addProducts, feedSettled, hqServer, openStore, setupStore, storeServer } from './transfer-helpers';

/**
 * The fault tests of issue #7: real HQ and stores over HTTP; faults injected at the engine's ports.
 * The servers are shared; each test arranges what it needs (a store caught up first, its own
 * records, the store's current transfer password from `passwords`), so each runs alone or in any order.
 */
describe('transfer faults', () => {
  let hq: TestApp;
  let s1: TestApp;
  let s2: TestApp;
  let admin: string;
  /** each store's transfer password now (a rotation test changes S001's and writes it here) */
  const passwords: Record<string, string> = { S001: 'transfer-s001-secret', S002: 'transfer-s002-secret' };

  const sync = (s: TestApp) => s.app.get(StoreSyncService);
  const count = async (app: TestApp, sql: string, params: unknown[] = []) => Number((await app.dataSource.query(sql, params))[0].n);
  const hqPort = async (s: TestApp): Promise<HttpHqPort> => {
    const setup = s.app.get(StoreSetupService);
    return setup.hqPort(await setup.requireLink());
  };
  /** a signed client with a key derived from a password, as any program could make */
  const client = async (code: string, password: string, base = hq.url) => {
    const hello = await fetchHello(hq.url, code);
    return new SignedClient({ baseUrl: base, storeCode: code, key: await deriveTransferKey(password, hello.salt, hello.kdf) });
  };
  /** HQ's feed settled and the store's pull and pushes done: the start of a test that counts what one sync moves */
  const caughtUp = async (s: TestApp) => {
    await feedSettled(hq);
    expect((await sync(s).run('test')).errors).toEqual([]);
  };
  const storeId = async (code: string): Promise<string> => (await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = $1`, [code]))[0].id;
  const productsEqual = async (store: TestApp) => {
    const q = `SELECT id, name, retail_price::text, status, row_version FROM product ORDER BY id`;
    const [a, b] = [await hq.dataSource.query(q), await store.dataSource.query(q)];
    expect(b).toEqual(a);
  };

  beforeAll(async () => {
    hq = await hqServer();
    [s1, s2] = await Promise.all([storeServer(), storeServer()]);
    admin = await hq.loginAdmin();
    await addProducts(hq, 120);
    await openStore(hq, admin, 'S001');
    await openStore(hq, admin, 'S002');
    await setupStore(s1, hq, 'S001');
    await setupStore(s2, hq, 'S002');
  }, 180_000); // HQ and two stores booting on a busy machine

  afterAll(async () => {
    await Promise.all([s1?.close(), s2?.close()]);
    await hq?.close();
  });

  it('a store killed mid-apply reaches the same end state on the next run', async () => {
    await caughtUp(s1); // so the first page holds only this test's changes
    await hq.dataSource.query(`UPDATE product SET name = name || ' v2' WHERE code BETWEEN 'P000001' AND 'P000100'`);
    await feedSettled(hq);
    let pages = 0;
    const faulty = sync(s1).storePort({
      beforeCommit: async () => {
        if (++pages === 2) throw new Error('killed mid-apply');
      },
    });
    const first = await new SyncEngine(await hqPort(s1), faulty).run({ push: false, pageSize: 30 });
    expect(first.ok).toBe(false);
    const half = await count(s1, `SELECT count(*) AS n FROM product WHERE name LIKE '% v2'`);
    expect(half).toBe(30); // the first page committed, the second rolled back with its cursor
    const again = await new SyncEngine(await hqPort(s1), sync(s1).storePort()).run({ push: false, pageSize: 30 });
    expect(again.errors).toEqual([]);
    await productsEqual(s1);
  });

  it('a crash after HQ stored a push but before the ack reached the store makes no duplicate', async () => {
    const outbox = s1.app.get(StoreOutboxService);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await outbox.recordEvent(new RequestContext(null), 'S001', { level: 'info', kind: 'test.crash', message: `event ${i}` }));
    const real = await hqPort(s1);
    const lostAck: HqPort = Object.assign(Object.create(real), {
      push: async (req: PushRequest) => {
        await real.push(req);
        throw new TransferCallError(502, 'TRANSFER_HQ_UNREACHABLE', 'connection reset after HQ committed');
      },
    });
    const r1 = await new SyncEngine(lostAck, sync(s1).storePort()).run({ pull: false });
    expect(r1.ok).toBe(false);
    expect(await count(s1, `SELECT count(*) AS n FROM transfer_outbox WHERE id = ANY($1) AND sent_at IS NULL`, [ids])).toBe(5);
    const r2 = await new SyncEngine(real, sync(s1).storePort()).run({ pull: false });
    expect(r2.pushed['store.event-log'].duplicate).toBeGreaterThanOrEqual(5);
    expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE id = ANY($1)`, [ids])).toBe(5);
    expect(await count(s1, `SELECT count(*) AS n FROM transfer_outbox WHERE id = ANY($1) AND sent_at IS NULL`, [ids])).toBe(0);
  });

  it('acks dropped at random over 1,000 pushes: each record exactly once at HQ', async () => {
    const ctx = new RequestContext(null);
    const outbox = s2.app.get(StoreOutboxService);
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) ids.push(await outbox.recordEvent(ctx, 'S002', { level: 'info', kind: 'test.bulk', message: `bulk ${i}` }));
    const real = await hqPort(s2);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const flaky: HqPort = Object.assign(Object.create(real), {
      push: async (req: PushRequest) => {
        const res = await real.push(req);
        if (rnd() < 0.4) throw new TransferCallError(502, 'TRANSFER_HQ_UNREACHABLE', 'ack lost');
        return res;
      },
    });
    for (let run = 0; run < 60; run++) {
      const r = await new SyncEngine(flaky, sync(s2).storePort()).run({ pull: false, pushBatchSize: 50 });
      if (r.ok) break;
    }
    expect(await count(s2, `SELECT count(*) AS n FROM transfer_outbox WHERE id = ANY($1) AND sent_at IS NULL`, [ids])).toBe(0);
    expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE id = ANY($1)`, [ids])).toBe(1000);
  });

  it('the same idempotency key with a different body: HQ keeps the first, the other is a conflict shown in 门店传输管理 (never a silent blocked stream); another store’s key is a 422', async () => {
    const c = await client('S001', passwords.S001);
    const [{ id: s1Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S001'`);
    const id = randomUUID();
    const body = { occurredAt: new Date().toISOString(), level: 'info', kind: 'test.idem', message: 'first' };
    await c.call('POST', HQ_ROUTES.push, { records: [{ id, stream: 'store.event-log', body }] });
    const again = await c.call<{ results: Array<{ outcome: string }> }>('POST', HQ_ROUTES.push, { records: [{ id, stream: 'store.event-log', body }] });
    expect(again.results[0].outcome).toBe('duplicate');
    const other = randomUUID();
    const changed = { ...body, message: 'changed' };
    const mixed = await c.call<{ results: Array<{ id: string; outcome: string }> }>('POST', HQ_ROUTES.push, {
      records: [
        { id: other, stream: 'store.event-log', body },
        { id, stream: 'store.event-log', body: changed },
      ],
    });
    expect(mixed.results.map((r) => r.outcome)).toEqual(['stored', 'conflict']);
    // a resend of the conflicting body answers the same and keeps one conflict
    const resent = await c.call<{ results: Array<{ outcome: string }> }>('POST', HQ_ROUTES.push, { records: [{ id, stream: 'store.event-log', body: changed }] });
    expect(resent.results[0].outcome).toBe('conflict');
    expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE id = $1 AND body->>'message' = 'first'`, [id])).toBe(1);
    const health = (await hq.http().get(`/api/stores/${s1Id}/transfer`).set(bearer(admin)).expect(200)).body;
    expect(health.failedRecords).toBeGreaterThanOrEqual(1);
    expect(health.lastFailedRecord).toMatchObject({ kind: 'conflict', stream: 'store.event-log', error: expect.stringMatching(/^IDEMPOTENCY_MISMATCH: /) });
    const list = (await hq.http().get(`/api/stores/${s1Id}/transfer/conflicts`).set(bearer(admin)).expect(200)).body;
    const conflict = list.items.find((x: { recordId: string }) => x.recordId === id);
    expect(conflict).toMatchObject({ status: 'failed', body: changed });
    // the first is applied: it is not replaced (a posted document is corrected by a new one); discarding keeps it
    expect((await hq.http().post(`/api/stores/${s1Id}/transfer/conflicts/${conflict.id}/supersede`).set(bearer(admin)).send({ reason: '以门店为准' }).expect(409)).body.code).toBe(
      'TRANSFER_RECORD_APPLIED',
    );
    await hq.http().post(`/api/stores/${s1Id}/transfer/conflicts/${conflict.id}/discard`).set(bearer(admin)).send({ reason: '总部已有原记录' }).expect(200);
    expect((await hq.http().get(`/api/stores/${s1Id}/transfer/conflicts`).set(bearer(admin)).expect(200)).body.items.some((x: { id: string }) => x.id === conflict.id)).toBe(false);
    // another store's id is never taken: the whole push is refused, nothing stored, and HQ shows the refusal
    const c2 = await client('S002', passwords.S002);
    const third = randomUUID();
    await expect(
      c2.call('POST', HQ_ROUTES.push, {
        records: [
          { id: third, stream: 'store.event-log', body },
          { id, stream: 'store.event-log', body },
        ],
      }),
    ).rejects.toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_MISMATCH',
    });
    expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE id = $1`, [third])).toBe(0);
    const [{ id: s2Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S002'`);
    const h2 = (await hq.http().get(`/api/stores/${s2Id}/transfer`).set(bearer(admin)).expect(200)).body;
    expect(h2.pushError).toMatchObject({ stream: 'store.event-log', error: expect.stringMatching(/^IDEMPOTENCY_MISMATCH: /) });
    expect(h2.lastError).toMatch(/^IDEMPOTENCY_MISMATCH: /);
    // the stream's next accepted push clears it
    await c2.call('POST', HQ_ROUTES.push, { records: [{ id: third, stream: 'store.event-log', body }] });
    expect((await hq.http().get(`/api/stores/${s2Id}/transfer`).set(bearer(admin)).expect(200)).body.pushError).toBeNull();
  });

  it('two concurrent pushes of the same record make one row', async () => {
    const c = await client('S001', passwords.S001);
    const id = randomUUID();
    const body = { occurredAt: new Date().toISOString(), level: 'warn', kind: 'test.race', message: 'race' };
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => c.call<{ results: Array<{ outcome: string }> }>('POST', HQ_ROUTES.push, { records: [{ id, stream: 'store.event-log', body }] })),
    );
    expect(results.map((r) => r.results[0].outcome).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'stored']);
    expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE id = $1`, [id])).toBe(1);
  });

  it('a batch of new records and one received before: the new ones stored exactly as sent, the old one answered duplicate', async () => {
    const c = await client('S001', passwords.S001);
    const body = (message: string) => ({
      occurredAt: new Date().toISOString(),
      level: 'info',
      kind: 'test.mixed',
      message,
      data: { path: 'C:\\till\\log', note: 'tab\there\nnew line\r', quote: '"q"', zh: '收银 ✓' },
    });
    const old = { id: randomUUID(), stream: 'store.event-log', body: body('first \\ alone') };
    const first = await c.call<{ results: Array<{ outcome: string; receivedAt: string }> }>('POST', HQ_ROUTES.push, { records: [old] });
    expect(first.results[0].outcome).toBe('stored');
    const fresh = [0, 1, 2].map((i) => ({ id: randomUUID(), stream: 'store.event-log', body: body(`new ${i} \\N \t end`) }));
    const mixed = await c.call<{ results: Array<{ id: string; outcome: string; receivedAt: string }> }>('POST', HQ_ROUTES.push, { records: [fresh[0], old, fresh[1], fresh[2]] });
    expect(mixed.results.map((r) => [r.id, r.outcome])).toEqual([
      [fresh[0].id, 'stored'],
      [old.id, 'duplicate'],
      [fresh[1].id, 'stored'],
      [fresh[2].id, 'stored'],
    ]);
    expect(mixed.results[1].receivedAt).toBe(first.results[0].receivedAt);
    const rows: Array<{ id: string; body: unknown; received_at: Date }> = await hq.dataSource.query(`SELECT id, body, received_at FROM transfer_inbox WHERE id = ANY($1)`, [
      [old.id, ...fresh.map((f) => f.id)],
    ]);
    expect(new Map(rows.map((r) => [r.id, r.body]))).toEqual(new Map([old, ...fresh].map((r) => [r.id, r.body])));
    // a batch of new records only (the COPY path) answers the time HQ stored them
    const alone = { id: randomUUID(), stream: 'store.event-log', body: body('copy path \\ \n') };
    const copied = await c.call<{ results: Array<{ outcome: string; receivedAt: string }> }>('POST', HQ_ROUTES.push, { records: [alone] });
    const [stored] = await hq.dataSource.query(`SELECT body, received_at FROM transfer_inbox WHERE id = $1`, [alone.id]);
    expect(stored.body).toEqual(alone.body);
    expect(copied.results[0]).toEqual({ id: alone.id, outcome: 'stored', receivedAt: stored.received_at.toISOString() });
  });

  it('a writer that commits late with a lower sequence, and a long-open transaction, are delayed, never lost', async () => {
    const late = new Client({ connectionString: hq.databaseUrl });
    await late.connect();
    try {
      await late.query('BEGIN');
      await late.query('SELECT pg_current_xact_id()'); // takes its xid now: the oldest in flight
      await hq.dataSource.query(`UPDATE product SET name = 'early writer' WHERE code = 'P000110'`); // commits first, larger xid
      await late.query(`UPDATE product SET name = 'late writer' WHERE code = 'P000111'`); // later seq, smaller xid
      const during = await sync(s1).run('test');
      expect(during.errors).toEqual([]);
      // nothing at or after the open transaction is delivered while it is open
      expect((await s1.dataSource.query(`SELECT name FROM product WHERE code = 'P000111'`))[0].name).not.toBe('late writer');
      expect((await s1.dataSource.query(`SELECT name FROM product WHERE code = 'P000110'`))[0].name).not.toBe('early writer');
      await late.query('COMMIT');
    } finally {
      await late.end();
    }
    await feedSettled(hq);
    await sync(s1).run('test');
    const rows = await s1.dataSource.query(`SELECT code, name FROM product WHERE code IN ('P000110', 'P000111') ORDER BY code`);
    expect(rows).toEqual([
      { code: 'P000110', name: 'early writer' },
      { code: 'P000111', name: 'late writer' },
    ]);
  });

  it('a poison record stops only its stream and is reported in status', async () => {
    await caughtUp(s2); // nothing else waiting to be pushed
    const ctx = new RequestContext(null);
    const outbox = s2.app.get(StoreOutboxService);
    const good = await outbox.recordEvent(ctx, 'S002', { level: 'info', kind: 'test.before', message: 'before poison' });
    const poison = await outbox.enqueue(ctx, 'store.event-log', { occurredAt: 'yesterday', level: 'fatal', kind: 'X', message: '' });
    const after = await outbox.recordEvent(ctx, 'S002', { level: 'info', kind: 'test.after', message: 'after poison' });
    await hq.dataSource.query(`UPDATE product SET name = 'while poisoned' WHERE code = 'P000050'`);
    await feedSettled(hq);
    const r = await sync(s2).run('test');
    expect(r.errors).toEqual([expect.objectContaining({ stream: 'store.event-log', recordId: poison, code: 'VALIDATION_FAILED' })]);
    expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE id = $1`, [good])).toBe(1);
    expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE id = ANY($1)`, [[poison, after]])).toBe(0);
    // the pull stream went on
    expect((await s2.dataSource.query(`SELECT name FROM product WHERE code = 'P000050'`))[0].name).toBe('while poisoned');
    const token = await s2.login('s002-admin', 'store-admin-1');
    const status = (await s2.http().get('/api/sync/status').set(bearer(token)).expect(200)).body;
    const stream = status.streams.find((s: { stream: string }) => s.stream === 'store.event-log');
    expect(stream).toMatchObject({ blockedRecordId: poison, lastError: expect.stringContaining('invalid'), backlog: 2 });
    expect(status.streams.find((s: { stream: string }) => s.stream === 'pull').lastError).toBeNull();
    await s2.dataSource.query(`DELETE FROM transfer_outbox WHERE id = $1`, [poison]); // the operator's fix
    expect((await sync(s2).run('test')).ok).toBe(true);
  });

  it('malformed bodies are 400 and nothing is applied', async () => {
    const c = await client('S001', passwords.S001);
    for (const body of [
      { records: 'x' },
      { records: [{ id: 'nope', stream: 'store.event-log', body: {} }] },
      { records: [{ id: randomUUID(), stream: 'no.such', body: {} }] },
      { cursor: 5 },
    ]) {
      await expect(c.call('POST', HQ_ROUTES.push, body)).rejects.toMatchObject({ status: 400 });
    }
    await expect(c.call('POST', HQ_ROUTES.pull, { cursor: 'drop table', limit: 10, scopeVersion: 1 })).rejects.toMatchObject({ status: 400 });
    // the store's local port: a page with a broken row changes nothing, cursor included
    const local = await client('S001', passwords.S001, s1.url);
    const before = (await s1.dataSource.query(`SELECT cursor FROM transfer_stream_state WHERE stream = 'pull'`))[0].cursor;
    await expect(
      local.call('POST', STORE_ROUTES.apply, {
        kind: 'changes',
        from: before,
        cursor: '999999999:1',
        hasMore: false,
        scopeVersion: 1,
        changes: [{ stream: 'catalog.product', upserts: ['{"id": "not json'], removes: [] }],
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect((await s1.dataSource.query(`SELECT cursor FROM transfer_stream_state WHERE stream = 'pull'`))[0].cursor).toBe(before);
  });

  it('a store offline for a long time (thousands of changes and outbox rows) catches up', async () => {
    const ctx = new RequestContext(null);
    await addProducts(hq, 3000, 'Q');
    await hq.dataSource.query(`UPDATE product SET retail_price = retail_price + 1 WHERE code LIKE 'Q%'`);
    const outbox = s1.app.get(StoreOutboxService);
    for (let i = 0; i < 1500; i++) await outbox.recordEvent(ctx, 'S001', { level: 'info', kind: 'test.offline', message: `offline ${i}` });
    await feedSettled(hq);
    const r = await sync(s1).run('test');
    expect(r.errors).toEqual([]);
    await productsEqual(s1);
    expect(await count(s1, `SELECT count(*) AS n FROM transfer_outbox WHERE sent_at IS NULL`)).toBe(0);
    expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox i JOIN org_unit o ON o.id = i.store_id WHERE o.code = 'S001' AND i.body->>'kind' = 'test.offline'`)).toBe(
      1500,
    );
  });

  it('a store database restored from an older backup re-syncs to the right state', async () => {
    const ctx = new RequestContext(null);
    await openStore(hq, admin, 'S003');
    const [{ id: s3Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S003'`);
    const [{ id: s1Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S001'`);
    const pids: string[] = (await hq.dataSource.query(`SELECT id FROM product WHERE code IN ('P000061', 'P000062', 'P000063') ORDER BY code`)).map((r: { id: string }) => r.id);
    await hq.dataSource.query(`INSERT INTO store_price (store_id, product_id, retail_price, valid_from, row_version) SELECT $1, unnest($2::uuid[]), 4.44, '2026-03-01', 1`, [
      s3Id,
      pids,
    ]);
    const live = await bootTestApp(STORE_SERVER, { keepDatabase: true });
    let old: TestApp | undefined;
    let copyUrl: string | undefined;
    try {
      await setupStore(live, hq, 'S003');
      await feedSettled(hq);
      expect((await sync(live).run('test')).errors).toEqual([]);
      // the "backup": unsent outbox records are in it
      const unsent = [];
      for (let i = 0; i < 3; i++)
        unsent.push(await live.app.get(StoreOutboxService).recordEvent(ctx, 'S003', { level: 'info', kind: 'test.restore', message: `before backup ${i}` }));
      await live.close();
      const copy = `restored_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const admin0 = new Client({ connectionString: process.env.TEST_PG_URL });
      await admin0.connect();
      try {
        // the closed server's connections may take a moment to go away
        for (let attempt = 0; ; attempt++) {
          try {
            await admin0.query(`CREATE DATABASE ${copy} TEMPLATE ${new URL(live.databaseUrl).pathname.slice(1)}`);
            break;
          } catch (e) {
            if (attempt > 50 || !/being accessed/.test(String(e))) throw e;
            await new Promise((res) => setTimeout(res, 200));
          }
        }
      } finally {
        await admin0.end();
      }
      copyUrl = Object.assign(new URL(live.databaseUrl), { pathname: '/' + copy }).toString();

      // life goes on after the backup: the store pushes, HQ changes, deletes and moves rows
      const again = await bootTestApp(STORE_SERVER, { databaseUrl: live.databaseUrl });
      try {
        const later = await again.app.get(StoreOutboxService).recordEvent(ctx, 'S003', { level: 'info', kind: 'test.restore', message: 'after backup' });
        await hq.dataSource.query(`UPDATE product SET name = name || ' (after backup)', retail_price = retail_price + 2 WHERE code BETWEEN 'P000020' AND 'P000029'`);
        await hq.dataSource.query(`DELETE FROM product_barcode WHERE product_id IN (SELECT id FROM product WHERE code IN ('P000030', 'P000031'))`);
        await hq.dataSource.query(`UPDATE product SET status = 'disabled' WHERE code = 'P000032'`);
        await hq.dataSource.query(`UPDATE store_price SET store_id = $1 WHERE store_id = $2 AND product_id = $3`, [s1Id, s3Id, pids[0]]); // out of S003's scope
        await hq.dataSource.query(`UPDATE store_price SET retail_price = 5.55 WHERE store_id = $1 AND product_id = $2`, [s3Id, pids[1]]);
        await addProducts(hq, 5, 'R');
        await feedSettled(hq);
        const r = await sync(again).run('test');
        expect(r.errors).toEqual([]);
        expect(r.pushed['store.event-log'].stored).toBe(4);
        expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE id = ANY($1)`, [[...unsent, later]])).toBe(4);
        // a second run confirms the newest cursor at HQ (a store's cursor is confirmed by its next pull)
        expect((await sync(again).run('test')).errors).toEqual([]);
      } finally {
        await again.close();
      }

      // the store's database is restored from the copy: it has gone back in time
      old = await bootTestApp(STORE_SERVER, { databaseUrl: copyUrl });
      const oldSync = await sync(old).run('test');
      expect(oldSync.errors).toEqual([]);
      expect(oldSync.pushed['store.event-log']).toEqual({ stored: 0, duplicate: 3 }); // pushed again, HQ knew them
      expect(oldSync.snapshot?.reason).toBe('cursor-regressed');
      expect(await count(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE id = ANY($1)`, [unsent])).toBe(3);
      expect(await count(old, `SELECT count(*) AS n FROM transfer_outbox WHERE sent_at IS NULL`)).toBe(0);
      await productsEqual(old);
      const barcodes = `SELECT barcode, product_id, row_version FROM product_barcode ORDER BY barcode`;
      expect(await old.dataSource.query(barcodes)).toEqual(await hq.dataSource.query(barcodes));
      expect(await count(old, `SELECT count(*) AS n FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE p.code IN ('P000030', 'P000031')`)).toBe(0);
      expect((await old.dataSource.query(`SELECT status FROM product WHERE code = 'P000032'`))[0].status).toBe('disabled');
      const prices = await old.dataSource.query(`SELECT product_id, retail_price::text AS price, status FROM store_price ORDER BY product_id`);
      expect(prices).toEqual(
        [
          { product_id: pids[0], price: '4.44', status: 'disabled' },
          { product_id: pids[1], price: '5.55', status: 'active' },
          { product_id: pids[2], price: '4.44', status: 'active' },
        ].sort((x, y) => x.product_id.localeCompare(y.product_id)),
      );
      // a second run is quiet: nothing doubled, nothing re-sent
      const quiet = await sync(old).run('test');
      expect(quiet.snapshot).toBeNull();
      expect(quiet.pushed['store.event-log']).toEqual({ stored: 0, duplicate: 0 });
    } finally {
      await old?.close();
      for (const url of [live.databaseUrl, copyUrl]) if (url) await dropDatabase(url).catch(() => undefined);
    }
  });

  it('HQ wins a conflicting base-data change', async () => {
    await s1.dataSource.query(`UPDATE product SET name = 'edited at the store', row_version = row_version + 5 WHERE code = 'P000005'`);
    await hq.dataSource.query(`UPDATE product SET name = 'HQ says so' WHERE code = 'P000005'`);
    await feedSettled(hq);
    await sync(s1).run('test');
    expect((await s1.dataSource.query(`SELECT name FROM product WHERE code = 'P000005'`))[0].name).toBe('HQ says so');
    await productsEqual(s1);
  });

  it('wrong password ×5 locks that address for that store; clock skew and a replayed nonce are 401', async () => {
    await hq
      .http()
      .post(`/api/stores/${await storeId('S002')}/transfer/reinstate`)
      .set(bearer(admin))
      .expect(200); // no wrong signature counted before
    const skewed = new SignedClient({ ...(await client('S001', passwords.S001)).options, now: () => Date.now() - 10 * 60_000 });
    await expect(skewed.call('POST', HQ_ROUTES.handshake, {})).rejects.toMatchObject({ status: 401, code: 'TRANSFER_STALE_TIMESTAMP' });
    // replay: send the very same signed request twice
    const good = await client('S001', passwords.S001);
    const headers = signedHeaders(good.options.key, 'S001', 'POST', HQ_ROUTES.handshake, bodyText({}));
    const send = () => fetch(hq.url + HQ_ROUTES.handshake, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    expect((await send()).status).toBe(200);
    const replay = await send();
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { code: string }).code).toBe('TRANSFER_REPLAYED_NONCE');
    // five wrong passwords (on S002, so the other tests keep their channel)
    const wrong = await client('S002', 'wrong-password');
    for (let i = 1; i <= 4; i++) await expect(wrong.call('POST', HQ_ROUTES.handshake, {})).rejects.toMatchObject({ status: 401, code: 'TRANSFER_BAD_SIGNATURE' });
    await expect(wrong.call('POST', HQ_ROUTES.handshake, {})).rejects.toMatchObject({ status: 423, code: 'TRANSFER_LOCKED' });
    // locked even with the right password from the same address, until HQ lifts it
    await expect((await client('S002', passwords.S002)).call('POST', HQ_ROUTES.handshake, {})).rejects.toMatchObject({ status: 423 });
    const [{ id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S002'`);
    const view = (await hq.http().get(`/api/stores/${id}/transfer`).set(bearer(admin)).expect(200)).body;
    expect(view.locked).toBe(true);
    await hq.http().post(`/api/stores/${id}/transfer/reinstate`).set(bearer(admin)).expect(200);
    await (await client('S002', passwords.S002)).call('POST', HQ_ROUTES.handshake, {});
  });

  it('password rotation: the old key works during the grace period, not after', async () => {
    const [{ id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S001'`);
    const next = `rotated-${randomUUID().slice(0, 8)}`;
    const rotated = (await hq.http().post(`/api/stores/${id}/transfer/password`).set(bearer(admin)).send({ password: next, graceHours: 2 }).expect(200)).body;
    expect(rotated.previousPasswordValidUntil).toBeTruthy();
    passwords.S001 = next; // HQ's password from now on (the store's still works during the grace period)
    const during = await sync(s1).run('test');
    expect(during.errors).toEqual([]);
    await hq.dataSource.query(`UPDATE store_transfer SET previous_key_until = now() - interval '1 second' WHERE store_id = $1`, [id]);
    const after = await sync(s1).run('test');
    expect(after.errors[0]).toMatchObject({ code: 'TRANSFER_KEY_EXPIRED' });
    const token = await s1.login('s001-admin', 'store-admin-1');
    await s1.http().put('/api/setup/transfer-password').set(bearer(token)).send({ transferPassword: next }).expect(204);
    expect((await sync(s1).run('test')).errors).toEqual([]);
  });

  it('a store can never pull another store’s scoped data nor push as another store', async () => {
    // signing as S002 with S001's key fails
    const s1Key = (await client('S001', passwords.S001)).options.key;
    const asOther = new SignedClient({ baseUrl: hq.url, storeCode: 'S002', key: s1Key });
    await expect(asOther.call('POST', HQ_ROUTES.pull, { cursor: null, limit: 10, scopeVersion: null })).rejects.toMatchObject({ status: 401, code: 'TRANSFER_BAD_SIGNATURE' });
    await hq
      .http()
      .post(`/api/stores/${await storeId('S002')}/transfer/reinstate`)
      .set(bearer(admin))
      .expect(200);
    // a record of S002's own at HQ
    const s2Record = { id: randomUUID(), stream: 'store.event-log', body: { occurredAt: new Date().toISOString(), level: 'info', kind: 'test.scope', message: 'S002’s' } };
    await (await client('S002', passwords.S002)).call('POST', HQ_ROUTES.push, { records: [s2Record] });
    // a record claiming to be S002's
    const c = new SignedClient({ baseUrl: hq.url, storeCode: 'S001', key: s1Key });
    await expect(
      c.call('POST', HQ_ROUTES.push, {
        records: [{ id: randomUUID(), stream: 'store.event-log', body: { occurredAt: new Date().toISOString(), level: 'info', kind: 'x', message: 'm', storeCode: 'S002' } }],
      }),
    ).rejects.toMatchObject({ status: 403, code: 'TRANSFER_OTHER_STORE' });
    // an S002 record id reused by S001 is refused, not overwritten
    await expect(
      c.call('POST', HQ_ROUTES.push, { records: [{ id: s2Record.id, stream: 'store.event-log', body: { ...s2Record.body, storeCode: 'S001' } }] }),
    ).rejects.toMatchObject({ status: 422 });
    // a full snapshot for S001 holds no S002 data
    const [{ id: s2Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S002'`);
    const [{ id: pid }] = await hq.dataSource.query(`SELECT id FROM product WHERE code = 'P000003'`);
    await hq.dataSource.query(`INSERT INTO store_price (store_id, product_id, retail_price, valid_from, row_version) VALUES ($1, $2, 1.11, '2026-02-01', 1)`, [s2Id, pid]);
    let position = null;
    const seen: string[] = [];
    for (;;) {
      const page: { rows: string[]; next: unknown } = await c.call('POST', HQ_ROUTES.snapshot, { position, limit: 2000 });
      seen.push(...page.rows);
      if (!page.next) break;
      position = page.next as never;
    }
    const text = seen.join('\n');
    expect(text).not.toContain(s2Id);
    expect(text).not.toContain('s002-admin');
  });
  it('a pulled row the store cannot apply stops the pull, is named in status and in HQ’s list; a new version at HQ lets it go on', async () => {
    await feedSettled(hq);
    expect((await sync(s2).run('test')).errors).toEqual([]); // caught up: the next page is the poisoned one
    // a leftover row at the store holds a unique code HQ now gives to another product
    await s2.dataSource.query(`INSERT INTO product (id, code, name, retail_price, row_version) VALUES (gen_random_uuid(), 'CLASH1', 'store leftover', 1, 1)`);
    const [{ id }] = await hq.dataSource.query(`INSERT INTO product (code, name, retail_price, row_version) VALUES ('CLASH1', 'from HQ', 2, 1) RETURNING id`);
    await hq.dataSource.query(`UPDATE product SET name = 'same page, other row' WHERE code = 'P000090'`);
    await feedSettled(hq);
    const cursor = async () => (await s2.dataSource.query(`SELECT cursor FROM transfer_stream_state WHERE stream = 'pull'`))[0].cursor;
    const before = await cursor();
    const r = await sync(s2).run('test');
    expect(r.errors).toEqual([expect.objectContaining({ stream: 'pull', code: 'TRANSFER_APPLY_FAILED', message: expect.stringContaining(`catalog.product row ${id}`) })]);
    expect(await cursor()).toBe(before); // the page is not half applied
    expect((await s2.dataSource.query(`SELECT name FROM product WHERE code = 'P000090'`))[0].name).not.toBe('same page, other row');
    const token = await s2.login('s002-admin', 'store-admin-1');
    const status = (await s2.http().get('/api/sync/status').set(bearer(token)).expect(200)).body;
    expect(status.streams.find((x: { stream: string }) => x.stream === 'pull').lastError).toContain(`catalog.product row ${id}`);
    const [{ id: s2Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S002'`);
    const view = (await hq.http().get(`/api/stores/${s2Id}/transfer`).set(bearer(admin)).expect(200)).body;
    expect(view.lastError).toContain(`catalog.product row ${id}`);
    // the fix at HQ is a new version of the row: the same page now applies
    await hq.dataSource.query(`UPDATE product SET code = 'CLASH1-HQ' WHERE id = $1`, [id]);
    await feedSettled(hq);
    const fixed = await sync(s2).run('test');
    expect(fixed.errors).toEqual([]);
    expect((await s2.dataSource.query(`SELECT code, name FROM product WHERE id = $1`, [id]))[0]).toEqual({ code: 'CLASH1-HQ', name: 'from HQ' });
    expect((await s2.dataSource.query(`SELECT name FROM product WHERE code = 'P000090'`))[0].name).toBe('same page, other row');
    expect((await hq.http().get(`/api/stores/${s2Id}/transfer`).set(bearer(admin)).expect(200)).body.lastError).toBeNull();
  });
});
