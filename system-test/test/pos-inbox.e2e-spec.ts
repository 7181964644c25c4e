import { dec, parsePosDoc, PosRefundDoc, PosSaleDoc, PosShiftReportDoc, RequestContext } from '@chain-erp/shared';
import { TransferInboxService } from '@chain-erp/hq-server/transfer/transfer-inbox.service';
import { PosInboxService } from '@chain-erp/hq-server/pos/pos-inbox.service';
import { bearer, bootTestApp, seedStoreUser, type TestApp, binaryParser } from '@chain-erp/shared/testing';
import * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { STORE_SERVER } from '@chain-erp/store-server/server';
import { count, type PosStore, seedPosStore } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '@chain-erp/hq-server/server';

/**
 * HQ's POS inbox and journal, fed with what a real store server wrote to its outbox: the bodies the
 * transfer engine will carry.
 */
describe('HQ POS inbox and cashier journal', () => {
  let hq: TestApp;
  let store: TestApp;
  let s: PosStore;
  let inbox: PosInboxService;
  let ctx: RequestContext;
  let storeId: string;
  let otherToken: string;
  let adminToken: string;
  let outbox: Array<{ id: string; stream: string; body: Record<string, any> }>;

  // the body as the push path hands it over: checked against its DTO once (parsePosDoc here, the push's validation at HQ)
  const apply = async (stream: string, body: unknown, forStore = storeId) =>
    stream === 'pos.sale'
      ? inbox.applySale(ctx, forStore, parsePosDoc(PosSaleDoc, body))
      : stream === 'pos.refund'
        ? inbox.applyRefund(ctx, forStore, parsePosDoc(PosRefundDoc, body))
        : inbox.applyShiftReport(ctx, forStore, parsePosDoc(PosShiftReportDoc, body));

  beforeAll(async () => {
    [hq, store] = await Promise.all([bootTestApp(HQ_SERVER), bootTestApp(STORE_SERVER)]);
    const s001 = await seedStoreUser(hq.dataSource, { storeCode: 'S001', username: 's001-hq' });
    const s002 = await seedStoreUser(hq.dataSource, { storeCode: 'S002', username: 's002-hq' });
    storeId = s001.storeId;
    otherToken = await hq.login(s002.username, s002.password);
    adminToken = await hq.loginAdmin();
    // the store's org unit is HQ's (it arrives by sync)
    await store.dataSource.query(`INSERT INTO org_unit (id, code, name, kind, status, row_version) VALUES ($1, 'S001', '门店 S001', 'store', 'active', 1)`, [storeId]);
    s = await seedPosStore(store);
    inbox = hq.app.get(PosInboxService);
    ctx = RequestContext.system({ id: storeId, code: 'S001', kind: 'store' });
    const t = bearer(s.adminToken);
    const shift = (await store.http().post('/api/pos/shifts').set(t).send({ tillCode: '01', openingFloat: '100.00' }).expect(201)).body.id;
    const sale = (body: object) =>
      store
        .http()
        .post('/api/pos/sales')
        .set(t)
        .send({ id: randomUUID(), shiftId: shift, ...body })
        .expect(200);
    const a = (await sale({ lines: [{ productCode: 'P001', quantity: '2' }], payments: [{ paymentMethodId: s.methods.cash.id, amount: '10.00' }] })).body;
    await sale({ lines: [{ productCode: 'P003' }], payments: [{ paymentMethodId: s.methods.card.id, amount: '9.90' }] });
    await store
      .http()
      .post('/api/pos/refunds')
      .set(t)
      .send({ id: randomUUID(), shiftId: shift, saleId: a.id, reason: '不想要了', lines: [{ saleLineNo: 1, quantity: '1' }] })
      .expect(200);
    await store
      .http()
      .post(`/api/pos/shifts/${shift}/handover`)
      .set(t)
      .send({ counts: [{ paymentMethodId: s.methods.cash.id, amount: '103.50' }] })
      .expect(200);
    outbox = await store.dataSource.query('SELECT id, stream, body FROM transfer_outbox ORDER BY created_at');
  });
  afterAll(async () => {
    await Promise.all([hq?.close(), store?.close()]);
  });

  it('stores each pushed document once; a repeat is a no-op with the same answer', async () => {
    expect(outbox.map((o) => o.stream)).toEqual(['pos.sale', 'pos.sale', 'pos.refund', 'pos.shift-report']);
    const first = [];
    for (const o of outbox) first.push(await apply(o.stream, o.body));
    expect(first.every((r) => !r.duplicate)).toBe(true);
    const again = await Promise.all(outbox.map((o) => apply(o.stream, JSON.parse(JSON.stringify(o.body)))));
    expect(again.map((r) => ({ ...r, duplicate: false }))).toEqual(first);
    expect(again.every((r) => r.duplicate)).toBe(true);
    expect(await count(hq, 'pos_sale')).toBe(2);
    expect(await count(hq, 'pos_sale_line')).toBe(2);
    expect(await count(hq, 'pos_refund')).toBe(1);
    expect(await count(hq, 'pos_shift_report')).toBe(1);
  });

  it('refuses another body under a known id, another store’s document, garbage and documents that do not add up', async () => {
    const sale = outbox[0].body;
    await expect(apply('pos.sale', { ...sale, totalAmount: '1.00' })).rejects.toMatchObject({ code: 'POS_BODY_INVALID' });
    await expect(apply('pos.sale', { ...sale, memberRef: 'X1' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', status: 422 });
    await expect(apply('pos.sale', { ...sale, id: randomUUID() }, randomUUID())).rejects.toMatchObject({ code: 'POS_STORE_MISMATCH' });
    await expect(apply('pos.sale', { ...sale, id: 'nope', lines: 'x' })).rejects.toMatchObject({ code: 'POS_BODY_INVALID', status: 400 });
    await expect(apply('pos.refund', null)).rejects.toMatchObject({ code: 'POS_BODY_INVALID' });
    await expect(apply('pos.shift-report', { ...outbox[3].body, id: randomUUID() })).rejects.toMatchObject({ code: 'POS_BODY_INVALID' });
    expect(await count(hq, 'pos_sale')).toBe(2);
  });

  it('takes 1,000 sales exactly once, even when each arrives twice at the same time', async () => {
    const base = outbox[1].body;
    const docs = Array.from({ length: 1000 }, (_, i) => ({ ...base, id: randomUUID(), receiptNo: `SALE-S001-09-20261123-${String(i + 1).padStart(4, '0')}` }));
    for (let i = 0; i < docs.length; i += 50) {
      await Promise.all(docs.slice(i, i + 50).flatMap((d) => [apply('pos.sale', d), apply('pos.sale', d)]));
    }
    expect(await count(hq, 'pos_sale', "till_code = '01' AND receipt_no LIKE 'SALE-S001-09-%'")).toBe(1000);
    expect(await count(hq, 'pos_sale_payment')).toBe(1002);
    await hq.dataSource.query(`DELETE FROM pos_sale_payment WHERE sale_id IN (SELECT id FROM pos_sale WHERE receipt_no LIKE 'SALE-S001-09-%')`);
    await hq.dataSource.query(`DELETE FROM pos_sale_line WHERE sale_id IN (SELECT id FROM pos_sale WHERE receipt_no LIKE 'SALE-S001-09-%')`);
    await hq.dataSource.query(`DELETE FROM pos_sale WHERE receipt_no LIKE 'SALE-S001-09-%'`);
  }, 300_000);

  it('applies a batch of pushed sales in the inbox job with set-based inserts: the same rows as one by one; a poison sale is isolated', async () => {
    const base = outbox[1].body;
    const doc = (i: number) => ({ ...base, id: randomUUID(), receiptNo: `SALE-S001-08-20261123-${String(i).padStart(4, '0')}` });
    const receive = (docs: Array<Record<string, unknown>>) =>
      hq.dataSource.query(
        `INSERT INTO transfer_inbox (id, store_id, stream, body, body_hash, status, received_at)
         SELECT (x.body->>'id')::uuid, $1, 'pos.sale', x.body, md5(x.body::text), 'received', now() - interval '1 minute' + x.n * interval '1 millisecond'
           FROM jsonb_to_recordset($2::jsonb) AS x(n int, body jsonb)`,
        [storeId, JSON.stringify(docs.map((body, n) => ({ n, body })))],
      );
    const rowsOf = async () => ({
      sales: await hq.dataSource.query(`SELECT to_jsonb(s) - 'created_at' AS r FROM pos_sale s WHERE receipt_no LIKE 'SALE-S001-08-%' ORDER BY receipt_no`),
      lines: await hq.dataSource.query(
        `SELECT to_jsonb(l) - 'id' AS r FROM pos_sale_line l JOIN pos_sale s ON s.id = l.sale_id WHERE s.receipt_no LIKE 'SALE-S001-08-%' ORDER BY s.receipt_no, l.line_no`,
      ),
      payments: await hq.dataSource.query(
        `SELECT to_jsonb(p) - 'id' AS r FROM pos_sale_payment p JOIN pos_sale s ON s.id = p.sale_id WHERE s.receipt_no LIKE 'SALE-S001-08-%' ORDER BY s.receipt_no, p.line_no`,
      ),
      total: (
        await hq.dataSource.query(
          `SELECT COALESCE(sum(p.amount), 0)::text AS t FROM pos_sale_payment p JOIN pos_sale s ON s.id = p.sale_id WHERE s.receipt_no LIKE 'SALE-S001-08-%'`,
        )
      )[0].t,
    });
    const clear = async () => {
      for (const t of ['pos_sale_payment', 'pos_sale_line'])
        await hq.dataSource.query(`DELETE FROM ${t} WHERE sale_id IN (SELECT id FROM pos_sale WHERE receipt_no LIKE 'SALE-S001-08-%')`);
      await hq.dataSource.query(`DELETE FROM pos_sale WHERE receipt_no LIKE 'SALE-S001-08-%'`);
    };
    const job = hq.app.get(TransferInboxService);
    const batches = jest.spyOn(inbox, 'applySales');

    // 150 sales, 5 of them already at HQ (a repeat after a lost acknowledgement): one batch
    const docs = Array.from({ length: 150 }, (_, i) => doc(i + 1));
    for (const d of docs.slice(10, 15)) await apply('pos.sale', d);
    await receive(docs);
    expect(await job.processPending(storeId)).toBe(150);
    expect(batches).toHaveBeenCalledTimes(1);
    expect(await hq.dataSource.query(`SELECT status, count(*)::int AS n FROM transfer_inbox WHERE id = ANY($1::uuid[]) GROUP BY status`, [docs.map((d) => d.id)])).toEqual([
      { status: 'processed', n: 150 },
    ]);
    const batched = await rowsOf();
    expect(batched.sales).toHaveLength(150);
    expect(batched.total).toBe(dec(base.totalAmount).times(150).toFixed(2));
    // the same sales one by one (applySale) give the very same rows, money to the cent
    await clear();
    for (const d of docs) await apply('pos.sale', d);
    expect(await rowsOf()).toEqual(batched);
    await clear();

    // a poison sale (another store's) inside a batch: it fails with its code, the others are applied
    batches.mockClear();
    const more = Array.from({ length: 100 }, (_, i) => doc(i + 201));
    const poison = { ...doc(999), storeId: randomUUID() };
    more.splice(40, 0, poison);
    await receive(more);
    expect(await job.processPending(storeId)).toBe(101);
    expect(batches).toHaveBeenCalledTimes(1);
    const states = await hq.dataSource.query(`SELECT id, status, error FROM transfer_inbox WHERE id = ANY($1::uuid[])`, [more.map((d) => d.id)]);
    expect(states.filter((r: { status: string }) => r.status === 'processed')).toHaveLength(100);
    expect(states.find((r: { id: string }) => r.id === poison.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^POS_STORE_MISMATCH: /) });
    expect((await rowsOf()).sales).toHaveLength(100);
    await clear();
    batches.mockRestore();
  }, 120_000);

  it('shows HQ every store’s journal with totals, filters by store, payment method and till, and exports Excel', async () => {
    const all = await hq.http().get('/api/pos/journal').set(bearer(adminToken)).expect(200);
    expect(all.body.total).toBe(3);
    expect(all.body.totals).toMatchObject({ salesCount: 2, salesTotal: '16.90', refundsCount: 1, refundsTotal: '3.50', net: '13.40' });
    expect(all.body.byMethod).toEqual([
      expect.objectContaining({ methodCode: 'CARD', sales: '9.90', refunds: '0.00', net: '9.90' }),
      expect.objectContaining({ methodCode: 'CASH', sales: '7.00', refunds: '3.50', net: '3.50' }),
    ]);
    const refund = all.body.items.find((i: { kind: string }) => i.kind === 'refund');
    expect(refund).toMatchObject({ amount: '-3.50', reason: '不想要了', storeCode: 'S001' });
    const byCard = await hq.http().get(`/api/pos/journal?storeId=${storeId}&paymentMethodId=${s.methods.card.id}`).set(bearer(adminToken)).expect(200);
    expect(byCard.body.items.map((i: { payments: string }) => i.payments)).toEqual(['银行卡 9.90']);
    expect((await hq.http().get('/api/pos/journal?tillCode=07').set(bearer(adminToken)).expect(200)).body.total).toBe(0);
    const xlsx = await hq
      .http()
      .get(`/api/pos/journal/export?storeId=${storeId}`)
      .set(bearer(adminToken))
      .buffer(true)
      .parse(binaryParser as never);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    const sheet = book.getWorksheet('收银流水')!;
    expect(sheet.getRow(1).getCell(3).value).toBe('单号');
    expect(sheet.actualRowCount).toBe(4);
    expect(book.getWorksheet('汇总')!.getRow(4).values).toEqual([undefined, '合计', '16.90', '3.50', '13.40', '0.00', '13.40']);
  });

  it('never shows a store user another store’s journal at HQ', async () => {
    const own = await hq.http().get('/api/pos/journal').set(bearer(otherToken)).expect(200);
    expect(own.body).toMatchObject({ total: 0, items: [] });
    const asked = await hq.http().get(`/api/pos/journal?storeId=${storeId}`).set(bearer(otherToken)).expect(200);
    expect(asked.body.total).toBe(0);
    expect((await hq.http().get(`/api/pos/shift-reports?storeId=${storeId}`).set(bearer(otherToken)).expect(200)).body.total).toBe(0);
    expect((await hq.http().get('/api/pos/shift-reports').set(bearer(adminToken)).expect(200)).body.items[0]).toMatchObject({ storeCode: 'S001', differenceTotal: '0.00' });
  });
});
