import * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { RequestContext } from '@chain-erp/shared';
import { bearer, binaryParser, bootTestApp, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';
import { VoucherLedgerService } from '../src/vouchers/voucher-ledger.service';

/**
 * 代金券异常 处理 at HQ (docs/promotions.md): an exception is resolved once — with a resolution, a
 * note, who and when, audited — and leaves the default (未处理) list for the 已处理 one; the export
 * carries it. A second resolve is 409 and changes nothing; bad input is 400 with the field; a store
 * user (even holding the permission) and an HQ user without the write permission are refused.
 */
describe('voucher exceptions at HQ: resolve (处理)', () => {
  let hq: TestApp;
  let admin: string;
  let storeId: string;
  let today: string;
  const api = () => hq.http();
  const day = 86400_000;

  const list = async (q = '') =>
    (await api().get(`/api/vouchers/exceptions?from=${today}&to=${today}${q}`).set(bearer(admin)).expect(200)).body as {
      items: Array<Record<string, string | null>>;
      total: number;
    };

  /** a voucher redeemed offline at the store twice (two sales): the second is a double redemption */
  async function doubleRedemption(): Promise<string> {
    const batch = (
      await api()
        .post('/api/vouchers/batches')
        .set(bearer(admin))
        .send({
          id: randomUUID(),
          kind: 'voucher',
          name: '离线券',
          faceValue: '20',
          quantity: 1,
          validFrom: new Date(Date.now() - day).toISOString(),
          validTo: new Date(Date.now() + 30 * day).toISOString(),
          offlineRedeemable: true,
        })
        .expect(201)
    ).body;
    const [{ number }] = (await api().get(`/api/vouchers?batchId=${batch.id}`).set(bearer(admin)).expect(200)).body.items;
    const ledger = hq.app.get(VoucherLedgerService);
    const [org] = await hq.dataSource.query(`SELECT id, code FROM org_unit WHERE kind = 'hq'`);
    const ctx = RequestContext.system({ id: org.id, code: org.code, kind: 'hq' });
    for (const receiptNo of ['R-1', 'R-2']) {
      // the push handler's call: the store's offline redemption booked at HQ
      await ledger.redeemOffline(ctx, storeId, {
        saleId: randomUUID(),
        number,
        amount: '20.00',
        saleTotal: '30.00',
        receiptNo,
        storeId,
        queuedAt: new Date().toISOString(),
      });
    }
    return number;
  }

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    storeId = (await seedStoreUser(hq.dataSource, { storeCode: 'S001', permissions: ['voucher.read', 'voucher.issue'] })).storeId;
    today = (await hq.dataSource.query(`SELECT to_char(now(), 'YYYY-MM-DD') AS d`))[0].d;
  });
  afterAll(() => hq.close());

  it('resolves a double redemption once, with who, when and the note; it moves to 已处理 and into the export', async () => {
    const number = await doubleRedemption();
    const open = await list();
    expect(open.items).toEqual([expect.objectContaining({ kind: 'double_redemption', number, receiptNo: 'R-2', status: 'open', resolution: null, note: null, resolvedBy: null })]);
    const id = open.items[0].id as string;

    // bad input: nothing written
    const bad = await api().post(`/api/vouchers/exceptions/${id}/resolve`).set(bearer(admin)).send({ resolution: 'forgiven', note: '' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['note', 'resolution']);
    expect((await api().post(`/api/vouchers/exceptions/${randomUUID()}/resolve`).set(bearer(admin)).send({ resolution: 'other', note: 'x' }).expect(404)).body.code).toBe(
      'VOUCHER_EXCEPTION_NOT_FOUND',
    );
    expect((await api().post(`/api/vouchers/exceptions/not-a-uuid/resolve`).set(bearer(admin)).send({ resolution: 'other', note: 'x' }).expect(400)).body.fields[0].field).toBe(
      'id',
    );

    // a store user is refused even with the permission in its role (an HQ-only one); an HQ user without the write permission too
    const store = await hq.login('s001-admin', 'store-pass-123');
    expect((await api().post(`/api/vouchers/exceptions/${id}/resolve`).set(bearer(store)).send({ resolution: 'store_absorbs', note: '门店承担' }).expect(403)).body.code).toBe(
      'PERMISSION_DENIED',
    );
    const hqCode = (await hq.dataSource.query(`SELECT o.code FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.username = 'admin'`))[0].code;
    await seedStoreUser(hq.dataSource, { storeCode: hqCode, username: 'hq-viewer', permissions: ['voucher.read'] }); // a user of HQ's own unit
    const viewer = await hq.login('hq-viewer', 'store-pass-123');
    await api().get(`/api/vouchers/exceptions?from=${today}&to=${today}`).set(bearer(viewer)).expect(200);
    expect((await api().post(`/api/vouchers/exceptions/${id}/resolve`).set(bearer(viewer)).send({ resolution: 'store_absorbs', note: '门店承担' }).expect(403)).body.code).toBe(
      'PERMISSION_DENIED',
    );
    expect(await hq.dataSource.query(`SELECT count(*)::int AS n FROM voucher_exception_resolution`)).toEqual([{ n: 0 }]);

    const done = (await api().post(`/api/vouchers/exceptions/${id}/resolve`).set(bearer(admin)).send({ resolution: 'recovered', note: '顾客补付20元' }).expect(200)).body;
    expect(done).toEqual({ exceptionId: id, kind: 'double_redemption', resolution: 'recovered', note: '顾客补付20元', resolvedBy: 'admin', resolvedAt: expect.any(String) });
    const audit = await hq.dataSource.query(`SELECT action, username, reason FROM audit_log WHERE entity_type = 'voucher_exception' AND entity_id = $1`, [id]);
    expect(audit).toEqual([{ action: 'resolve', username: 'admin', reason: '顾客补付20元' }]);

    // once: a second resolve is 409 with the first resolution, which stands
    const again = await api().post(`/api/vouchers/exceptions/${id}/resolve`).set(bearer(admin)).send({ resolution: 'other', note: '再次' }).expect(409);
    expect(again.body).toMatchObject({ code: 'VOUCHER_EXCEPTION_RESOLVED', details: { resolution: 'recovered', resolvedBy: 'admin' } });
    expect(await hq.dataSource.query(`SELECT resolution, note FROM voucher_exception_resolution`)).toEqual([{ resolution: 'recovered', note: '顾客补付20元' }]);

    expect((await list()).items).toEqual([]);
    expect((await list('&status=resolved')).items).toEqual([
      expect.objectContaining({
        id,
        status: 'resolved',
        resolution: 'recovered',
        resolutionName: '已向顾客追回',
        note: '顾客补付20元',
        resolvedBy: 'admin',
        resolvedAt: expect.any(String),
      }),
    ]);
    expect((await api().get(`/api/vouchers/exceptions?from=${today}&to=${today}&status=done`).set(bearer(admin)).expect(400)).body.fields[0].field).toBe('status');

    const file = await api()
      .get(`/api/vouchers/exceptions?from=${today}&to=${today}&status=resolved&format=xlsx`)
      .set(bearer(admin))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as never);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const header = rows[0] as string[];
    const row = rows.find((r) => r.includes(number))!;
    expect(row[header.findIndex((h) => h.includes('处理结果') && !h.includes('代码'))]).toBe('已向顾客追回');
    expect(row[header.findIndex((h) => h.includes('处理说明'))]).toBe('顾客补付20元');
    expect(row[header.findIndex((h) => h.includes('处理人'))]).toBe('admin');
  });
});
