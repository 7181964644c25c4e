import { randomUUID } from 'node:crypto';
import { bearer, bootTestApp, openingBody, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';

type Json = Record<string, any>;

/**
 * 门店传输管理's lists (transfer-lists.repository.ts): each filter narrows, each sort orders, the
 * page and the total agree, and the rows keep their documented shape. The rows are written as the
 * transfer API leaves them (the push and the lockout have their own tests in system-test).
 */
describe('门店传输管理 lists', () => {
  let hq: TestApp;
  let admin: string;
  const q = (sql: string, params: unknown[] = []) => hq.dataSource.query(sql, params);
  const get = async (url: string, status = 200) => (await hq.http().get(url).set(bearer(admin)).expect(status)).body;

  /** A store opened with the wizard (its code unique to the test). */
  async function openStore(code: string): Promise<string> {
    const res = await hq.http().post('/api/stores/open').set(bearer(admin)).send(openingBody(code));
    if (res.status !== 201) throw new Error(`open ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.store.id as string;
  }

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
  });
  afterAll(() => hq.close());

  it('sources: by store code, address and lock; sorted by any key; paged with the total', async () => {
    const later = new Date(Date.now() + 3600_000);
    await q(
      `INSERT INTO transfer_source_failure (source, store_code, failures, total_failures, lock_count, first_failed_at, last_failed_at, locked_until, last_reason)
       VALUES ('198.51.100.1', 'S901', 2, 2, 0, '2026-12-07T08:00:00Z', '2026-12-07T08:01:00Z', NULL, 'bad-signature'),
              ('198.51.100.2', 'S901', 5, 9, 1, '2026-12-07T07:00:00Z', '2026-12-07T09:00:00Z', $1, 'bad-signature'),
              ('198.51.100.2', '*', 7, 7, 0, '2026-12-07T07:00:00Z', '2026-12-07T08:30:00Z', NULL, 'unknown-store')`,
      [later],
    );
    const s901 = await get('/api/stores/transfer/sources?storeCode=S901');
    expect(s901.total).toBe(2);
    expect(s901.items.map((s: Json) => s.source)).toEqual(['198.51.100.2', '198.51.100.1']); // -lastFailedAt
    expect(s901.items[0]).toEqual({
      source: '198.51.100.2',
      storeCode: 'S901',
      failures: 5,
      totalFailures: 9,
      lockCount: 1,
      firstFailedAt: '2026-12-07T07:00:00.000Z',
      lastFailedAt: '2026-12-07T09:00:00.000Z',
      lastReason: 'bad-signature',
      locked: true,
      lockedUntil: later.toISOString(),
    });
    expect((await get('/api/stores/transfer/sources?storeCode=S901&lockedOnly=true')).items.map((s: Json) => s.source)).toEqual(['198.51.100.2']);
    expect((await get('/api/stores/transfer/sources?source=198.51.100.2&sort=totalFailures')).items.map((s: Json) => s.storeCode)).toEqual(['*', 'S901']);
    const page2 = await get('/api/stores/transfer/sources?source=198.51.100.2&sort=-totalFailures&pageSize=1&page=2');
    expect([page2.total, page2.items.map((s: Json) => s.storeCode)]).toEqual([2, ['*']]);
  });

  it('stores: by code or name and by status, sorted, paged, each with its health', async () => {
    const a = await openStore('S911');
    await openStore('S912');
    await hq.http().post(`/api/stores/${a}/transfer/revoke`).set(bearer(admin)).expect(200);
    const both = await get('/api/stores/transfer?search=S91&sort=-code');
    expect([both.total, both.items.map((s: Json) => s.code)]).toEqual([2, ['S912', 'S911']]);
    expect(both.items[1]).toMatchObject({ storeId: a, code: 'S911', name: 'S911 门店', transferStatus: 'revoked', locked: false, recentFailures: [] });
    expect((await get('/api/stores/transfer?search=S91&status=active')).items.map((s: Json) => s.code)).toEqual(['S912']);
    expect((await get('/api/stores/transfer?search=911 门')).items.map((s: Json) => s.code)).toEqual(['S911']);
    // a LIKE character in the search is a character, not a pattern
    expect((await get('/api/stores/transfer?search=S9_1')).total).toBe(0);
    const page2 = await get('/api/stores/transfer?search=S91&sort=code&pageSize=1&page=2');
    expect([page2.total, page2.items.map((s: Json) => s.code)]).toEqual([2, ['S912']]);
  });

  it('a store’s events, failed records and conflicts: filtered, sorted, paged; an unknown store is refused', async () => {
    const store = await openStore('S921');
    await q(
      `INSERT INTO store_event (id, store_id, occurred_at, level, kind, message, data, received_at)
       VALUES (gen_random_uuid(), $1, '2026-12-07T08:00:00Z', 'info', 'shift.open', '开班', '{"till": 1}', '2026-12-07T10:00:00Z'),
              (gen_random_uuid(), $1, '2026-12-07T09:00:00Z', 'error', 'sync.failed', '同步失败', '{}', '2026-12-07T09:30:00Z')`,
      [store],
    );
    const events = await get(`/api/stores/${store}/events`);
    expect(events.items.map((e: Json) => e.kind)).toEqual(['sync.failed', 'shift.open']); // -occurredAt
    expect(events.items[1]).toEqual({
      id: expect.any(String),
      storeId: store,
      occurredAt: '2026-12-07T08:00:00.000Z',
      level: 'info',
      kind: 'shift.open',
      message: '开班',
      data: { till: 1 },
      receivedAt: '2026-12-07T10:00:00.000Z',
    });
    expect((await get(`/api/stores/${store}/events?sort=-receivedAt`)).items.map((e: Json) => e.kind)).toEqual(['shift.open', 'sync.failed']);
    expect((await get(`/api/stores/${store}/events?level=error`)).items.map((e: Json) => e.kind)).toEqual(['sync.failed']);

    const [r1, r2, r3] = [randomUUID(), randomUUID(), randomUUID()];
    await q(
      `INSERT INTO transfer_inbox (id, store_id, stream, body, body_hash, store_seq, status, attempts, error, received_at)
       VALUES ($2, $1, 'member.card-issue', '{"n": 1}', 'h1', 7, 'failed', 3, 'MEMBER_MOBILE_TAKEN: 手机号已被使用', '2026-12-07T08:00:00Z'),
              ($3, $1, 'pos.sale', '{"n": 2}', 'h2', 8, 'failed', 1, 'VALIDATION_FAILED', '2026-12-07T09:00:00Z'),
              ($4, $1, 'pos.sale', '{"n": 3}', 'h3', 9, 'processed', 1, NULL, '2026-12-07T09:30:00Z')`,
      [store, r1, r2, r3],
    );
    const failed = await get(`/api/stores/${store}/transfer/records`);
    expect([failed.total, failed.items.map((r: Json) => r.id)]).toEqual([2, [r2, r1]]);
    expect(failed.items[1]).toEqual({
      id: r1,
      storeId: store,
      stream: 'member.card-issue',
      body: { n: 1 },
      bodyHash: 'h1',
      storeSeq: '7',
      status: 'failed',
      attempts: 3,
      error: 'MEMBER_MOBILE_TAKEN: 手机号已被使用',
      receivedAt: '2026-12-07T08:00:00.000Z',
      processedAt: null,
    });
    expect((await get(`/api/stores/${store}/transfer/records?sort=-attempts`)).items.map((r: Json) => r.id)).toEqual([r1, r2]);
    expect((await get(`/api/stores/${store}/transfer/records?stream=pos.sale`)).items.map((r: Json) => r.id)).toEqual([r2]);
    expect((await get(`/api/stores/${store}/transfer/records?status=processed`)).items.map((r: Json) => r.id)).toEqual([r3]);

    const [c1, c2] = [randomUUID(), randomUUID()];
    await q(
      `INSERT INTO transfer_conflict (id, record_id, store_id, stream, body, body_hash, status, error, received_at)
       VALUES ($2, $4, $1, 'pos.sale', '{"n": 20}', 'c1', 'failed', 'another body under a known id', '2026-12-07T10:00:00Z'),
              ($3, $5, $1, 'member.card-issue', '{"n": 10}', 'c2', 'discarded', 'another body under a known id', '2026-12-07T11:00:00Z')`,
      [store, c1, c2, r3, r1],
    );
    const conflicts = await get(`/api/stores/${store}/transfer/conflicts`);
    expect(conflicts).toEqual({
      items: [
        {
          id: c1,
          recordId: r3,
          storeId: store,
          stream: 'pos.sale',
          body: { n: 20 },
          bodyHash: 'c1',
          status: 'failed',
          error: 'another body under a known id',
          receivedAt: '2026-12-07T10:00:00.000Z',
          resolvedAt: null,
        },
      ],
      total: 1,
    });
    expect((await get(`/api/stores/${store}/transfer/conflicts?status=discarded&stream=member.card-issue`)).items.map((c: Json) => c.id)).toEqual([c2]);
    expect((await get(`/api/stores/${store}/transfer/conflicts?status=discarded&stream=pos.sale`)).total).toBe(0);

    // a page past the end is empty, with the total
    expect(await get(`/api/stores/${store}/events?page=3&pageSize=1`)).toEqual({ items: [], total: 2 });
    const unknown = await get(`/api/stores/${randomUUID()}/events`, 404);
    expect(unknown.code).toBe('STORE_NOT_A_STORE');
  });
});
