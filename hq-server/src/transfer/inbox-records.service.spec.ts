import { randomUUID } from 'node:crypto';
import { IsString } from 'class-validator';
import { DomainException } from '@chain-erp/shared';
import { bearer, bootTestApp, TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../server';
import { PushHandlerRegistry } from './push-handlers';
import { TransferInboxService } from './transfer-inbox.service';

class OrderBody {
  @IsString()
  n: string;
}

/**
 * The inbox on a real PostgreSQL: one store's records applied in arrival order even with two
 * workers at once, and staff retrying or discarding what HQ refused.
 */
describe('transfer inbox: order per store, and failed records for staff', () => {
  let hq: TestApp;
  let admin: string;
  let storeId: string;
  const seen: string[] = [];
  /** records of the test stream whose body says `refuse` fail until this is cleared */
  const refusing = new Set<string>();

  const receive = async (records: Array<{ n: string }>, startMs: number) => {
    const rows = records.map((r, i) => ({ id: randomUUID(), body: r, at: new Date(startMs + i).toISOString() }));
    await hq.dataSource.query(
      `INSERT INTO transfer_inbox (id, store_id, stream, body, body_hash, status, received_at)
       SELECT id, $1, 'test.order', body, md5(body::text), 'received', at FROM json_to_recordset($2::json) AS x(id uuid, body jsonb, at timestamptz)`,
      [storeId, JSON.stringify(rows)],
    );
    return rows.map((r) => r.id);
  };

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    hq.app.get(PushHandlerRegistry).register<OrderBody>({
      stream: 'test.order',
      dto: OrderBody,
      process: async (_ctx, r) => {
        if (refusing.has(r.body.n)) throw new DomainException('MEMBER_MOBILE_TAKEN', `refused ${r.body.n}`);
        seen.push(r.body.n);
        // long enough for a second worker to run into this store's records meanwhile
        if (Number(r.body.n) % 100 === 0) await new Promise((ok) => setTimeout(ok, 5));
      },
    });
    const opened = await hq
      .http()
      .post('/api/stores/open')
      .set(bearer(admin))
      .send({
        idempotencyKey: randomUUID(),
        code: 'S001',
        name: '一号店',
        address: '上海市',
        openingDate: '2026-12-01',
        warehouses: [{ code: 'S001-01', name: '卖场' }],
        users: [
          { username: 's001-admin', displayName: '店长', password: 'store-admin-1', role: 'store-admin' },
          { username: 's001-cashier', displayName: '收银员', password: 'cashier-pass-1', role: 'cashier' },
        ],
        transferPassword: 'transfer-s001-secret',
      });
    if (opened.status !== 201) throw new Error(JSON.stringify(opened.body));
    storeId = opened.body.store.id;
  });
  afterAll(() => hq.close());

  it('applies one store’s records in the order they arrived when two workers run at once', async () => {
    seen.length = 0;
    await receive(
      Array.from({ length: 1200 }, (_, i) => ({ n: String(i) })),
      Date.now() - 60_000,
    );
    const inbox = hq.app.get(TransferInboxService);
    const [a, b] = await Promise.all([inbox.processPending(storeId), inbox.processPending()]);
    expect(a + b).toBe(1200);
    expect(seen).toEqual(Array.from({ length: 1200 }, (_, i) => String(i)));
  });

  it('lets staff list a refused record, retry it after the fix, and discard another with a reason', async () => {
    refusing.add('bad-1').add('bad-2');
    const [bad1, bad2] = await receive([{ n: 'bad-1' }, { n: 'bad-2' }], Date.now() - 30_000);
    await hq.app.get(TransferInboxService).processPending(storeId);
    const http = hq.http();
    const list = await http.get(`/api/stores/${storeId}/transfer/records`).set(bearer(admin)).expect(200);
    expect(list.body.items.map((r: { id: string }) => r.id).sort()).toEqual([bad1, bad2].sort());
    expect(list.body.items[0]).toMatchObject({ status: 'failed', stream: 'test.order', attempts: 1, error: expect.stringMatching(/^MEMBER_MOBILE_TAKEN: refused/) });
    expect((await http.get(`/api/stores/${storeId}/transfer`).set(bearer(admin)).expect(200)).body.failedRecords).toBe(2);

    // still refused: it stays failed, one attempt more
    expect((await http.post(`/api/stores/${storeId}/transfer/records/${bad1}/retry`).set(bearer(admin)).expect(200)).body).toMatchObject({ status: 'failed', attempts: 2 });
    refusing.delete('bad-1');
    expect((await http.post(`/api/stores/${storeId}/transfer/records/${bad1}/retry`).set(bearer(admin)).expect(200)).body).toMatchObject({
      status: 'processed',
      attempts: 3,
      error: null,
    });
    expect(seen.at(-1)).toBe('bad-1');
    // applied once: it cannot be run again or discarded
    expect((await http.post(`/api/stores/${storeId}/transfer/records/${bad1}/retry`).set(bearer(admin)).expect(409)).body.code).toBe('TRANSFER_RECORD_NOT_FAILED');
    expect((await http.post(`/api/stores/${storeId}/transfer/records/${bad1}/discard`).set(bearer(admin)).send({ reason: '不要了' }).expect(409)).body.code).toBe(
      'TRANSFER_RECORD_NOT_FAILED',
    );

    expect((await http.post(`/api/stores/${storeId}/transfer/records/${bad2}/discard`).set(bearer(admin)).send({}).expect(400)).body.fields[0].field).toBe('reason');
    expect(
      (await http.post(`/api/stores/${storeId}/transfer/records/${bad2}/discard`).set(bearer(admin)).send({ reason: '手机号重复，总部另行处理' }).expect(200)).body,
    ).toMatchObject({ status: 'discarded' });
    const [audit] = await hq.dataSource.query(`SELECT action, reason FROM audit_log WHERE entity_type = 'transfer_inbox' AND entity_id = $1`, [bad2]);
    expect(audit).toEqual({ action: 'discard', reason: '手机号重复，总部另行处理' });
    expect((await http.get(`/api/stores/${storeId}/transfer`).set(bearer(admin)).expect(200)).body.failedRecords).toBe(0);
    expect((await http.get(`/api/stores/${storeId}/transfer/records?status=discarded`).set(bearer(admin)).expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([bad2]);
    // another store's id, an unknown record: 404
    expect((await http.post(`/api/stores/${randomUUID()}/transfer/records/${bad2}/retry`).set(bearer(admin)).expect(404)).body.code).toBe('STORE_NOT_A_STORE');
    expect((await http.post(`/api/stores/${storeId}/transfer/records/${randomUUID()}/retry`).set(bearer(admin)).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('runs a retried record through today’s push checks first: a body its stream refuses now stays failed with that refusal and is never applied', async () => {
    refusing.add('old-1');
    const [old] = await receive([{ n: 'old-1' }], Date.now() - 20_000);
    await hq.app.get(TransferInboxService).processPending(storeId);
    // received under older rules: what its stream's DTO refuses today (n is a string now)
    await hq.dataSource.query(`UPDATE transfer_inbox SET body = '{"n": 7}'::jsonb WHERE id = $1`, [old]);
    refusing.delete('old-1');
    const applied = seen.length;
    const http = hq.http();
    expect((await http.post(`/api/stores/${storeId}/transfer/records/${old}/retry`).set(bearer(admin)).expect(200)).body).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: expect.stringMatching(/^VALIDATION_FAILED: .*record\.body\.n/),
    });
    expect(seen.length).toBe(applied);
    const [audit] = await hq.dataSource.query(`SELECT action, changes FROM audit_log WHERE entity_type = 'transfer_inbox' AND entity_id = $1`, [old]);
    expect(audit).toMatchObject({
      action: 'retry',
      changes: expect.arrayContaining([expect.objectContaining({ field: 'error', after: expect.stringMatching(/^VALIDATION_FAILED/) })]),
    });
    // fixed (a body today's rules take): the retry applies it
    await hq.dataSource.query(`UPDATE transfer_inbox SET body = '{"n": "old-1"}'::jsonb WHERE id = $1`, [old]);
    expect((await http.post(`/api/stores/${storeId}/transfer/records/${old}/retry`).set(bearer(admin)).expect(200)).body).toMatchObject({ status: 'processed', attempts: 3 });
    expect(seen.at(-1)).toBe('old-1');
  });
});
