import ExcelJS from 'exceljs';
import { bearer, bootTestApp, expectAnswerAsDocumented, type TestApp, binaryParser } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';
import { ledgerMismatches, newCategory, newProduct } from './inventory-fixtures';

describe('inventory at HQ (warehouses, documents, cost, batches, counts, queries, scope, alerts)', () => {
  let hq: TestApp;
  let admin: string;
  let hqOrg: string;
  let s1: string;
  let s2: string;
  let whHq: string;
  let whS1: string;
  let whS2: string;
  let s1Admin: string;
  let clerk: string;

  const api = () => hq.http();
  const count = async (table: string) => (await hq.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const stockOf = async (warehouseId: string, productId: string, token = admin) =>
    (await api().get(`/api/inventory/stock?warehouseId=${warehouseId}&productId=${productId}&includeZero=true`).set(bearer(token)).expect(200)).body.items[0];
  const receive = async (warehouseId: string, lines: object[], token = admin, businessDate?: string) => {
    const doc = await api()
      .post('/api/inventory/other-receipts')
      .set(bearer(token))
      .send({ warehouseId, lines, ...(businessDate ? { businessDate } : {}) })
      .expect(201);
    return (await api().post(`/api/inventory/other-receipts/${doc.body.id}/post`).set(bearer(token)).expect(200)).body;
  };
  const issueDraft = async (warehouseId: string, lines: object[], token = admin) =>
    (await api().post('/api/inventory/other-issues').set(bearer(token)).send({ warehouseId, lines }).expect(201)).body.id as string;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    hqOrg = (await hq.dataSource.query("SELECT id FROM org_unit WHERE kind = 'hq'"))[0].id;
    s1 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S001', name: '一号店', kind: 'store' }).expect(201)).body.id;
    s2 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S002', name: '二号店', kind: 'store' }).expect(201)).body.id;
    const wh = (code: string, orgUnitId: string, kind = 'normal') =>
      api()
        .post('/api/inventory/warehouses')
        .set(bearer(admin))
        .send({ code, name: `仓库 ${code}`, orgUnitId, kind })
        .expect(201);
    whHq = (await wh('WH-HQ', hqOrg)).body.id;
    whS1 = (await wh('WH-S001', s1)).body.id;
    whS2 = (await wh('WH-S002', s2)).body.id;
    await wh('TR-S001', s1, 'in_transit');
    const roles = (await api().get('/api/roles?pageSize=100').set(bearer(admin))).body.items;
    const role = (code: string) => roles.find((r: { code: string }) => r.code === code).id;
    await api()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username: 's001-admin', displayName: '店长', password: 'store-pass-1', orgUnitId: s1, roleIds: [role('store-admin')] })
      .expect(201);
    await api()
      .post('/api/roles')
      .set(bearer(admin))
      .send({ code: 'stock-clerk', name: '库管', permissions: ['inventory.read', 'inventory.adjust', 'inventory.other'] })
      .expect(201);
    const clerkRole = (await api().get('/api/roles?pageSize=100').set(bearer(admin))).body.items.find((r: { code: string }) => r.code === 'stock-clerk').id;
    await api()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username: 'clerk', displayName: '库管员', password: 'clerk-pass-1', roleIds: [clerkRole] })
      .expect(201);
    s1Admin = await hq.login('s001-admin', 'store-pass-1');
    clerk = await hq.login('clerk', 'clerk-pass-1');
  });

  afterAll(async () => {
    expect(await ledgerMismatches(hq.dataSource)).toEqual([]);
    await hq.close();
  });

  it('manages warehouses: one in-transit location per org, unique codes, bad input, store users read only their own', async () => {
    expect((await api().post('/api/inventory/warehouses').set(bearer(admin)).send({ code: 'TR2', name: 'x', orgUnitId: s1, kind: 'in_transit' }).expect(409)).body.code).toBe(
      'STOCK_WAREHOUSE_IN_TRANSIT_EXISTS',
    );
    expect((await api().post('/api/inventory/warehouses').set(bearer(admin)).send({ code: 'WH-HQ', name: 'x', orgUnitId: hqOrg }).expect(409)).body.code).toBe(
      'STOCK_WAREHOUSE_CODE_TAKEN',
    );
    const bad = await api()
      .post('/api/inventory/warehouses')
      .set(bearer(admin))
      .send({ code: '', name: 'x'.repeat(200), orgUnitId: 'nope', kind: 'weird' })
      .expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['code', 'name', 'orgUnitId', 'kind']));
    expect((await api().get('/api/inventory/warehouses/not-a-uuid').set(bearer(admin)).expect(400)).body.code).toBe('INVALID_ID');
    const mine = (await api().get('/api/inventory/warehouses').set(bearer(s1Admin)).expect(200)).body.items;
    expect(mine.map((w: { code: string }) => w.code).sort()).toEqual(['TR-S001', 'WH-S001']);
    await api().get(`/api/inventory/warehouses/${whS2}`).set(bearer(s1Admin)).expect(404);
    await api().post('/api/inventory/warehouses').set(bearer(s1Admin)).send({ code: 'X1', name: 'x', orgUnitId: s1 }).expect(403);
    const renamed = await api().patch(`/api/inventory/warehouses/${whS2}`).set(bearer(admin)).send({ name: '二号店主仓' }).expect(200);
    expect(renamed.body.name).toBe('二号店主仓');
  });

  it('a warehouse holding stock cannot be disabled; emptied, it can', async () => {
    const w = (await api().post('/api/inventory/warehouses').set(bearer(admin)).send({ code: 'WH-DIS', name: '待停用仓', orgUnitId: hqOrg }).expect(201)).body.id;
    const p = await newProduct(hq.dataSource, 'DIS-1');
    await receive(w, [{ productId: p, quantity: '2', unitCost: '5', reasonCode: 'other' }]);
    const refused = await api().post(`/api/inventory/warehouses/${w}/disable`).set(bearer(admin)).expect(409);
    expect(refused.body).toMatchObject({ code: 'STOCK_WAREHOUSE_HAS_STOCK', details: { products: 1 } });
    expect((await api().get(`/api/inventory/warehouses/${w}`).set(bearer(admin)).expect(200)).body.status).toBe('active');
    await api()
      .post(`/api/inventory/other-issues/${await issueDraft(w, [{ productId: p, quantity: '2', reasonCode: 'internal_use' }])}/post`)
      .set(bearer(admin))
      .expect(200);
    expect((await api().post(`/api/inventory/warehouses/${w}/disable`).set(bearer(admin)).expect(200)).body.status).toBe('disabled');
  });

  it('values stock at moving-average cost (hand-computed)', async () => {
    const p = await newProduct(hq.dataSource, 'MA-1');
    await receive(whHq, [{ productId: p, quantity: '10', unitCost: '10', reasonCode: 'other' }]);
    await receive(whHq, [{ productId: p, quantity: '5', unitCost: '13', reasonCode: 'other' }]);
    expect(await stockOf(whHq, p)).toMatchObject({ qty: '15', avgCost: '11', value: '165' }); // (100 + 65) / 15
    const out = await api()
      .post(`/api/inventory/other-issues/${await issueDraft(whHq, [{ productId: p, quantity: '3', reasonCode: 'internal_use' }])}/post`)
      .set(bearer(admin))
      .expect(200);
    expect(out.body.lines[0].postedCost).toBe('11');
    expect(await stockOf(whHq, p)).toMatchObject({ qty: '12', avgCost: '11', value: '132' });
    await receive(whHq, [{ productId: p, quantity: '2', unitCost: '12.5', reasonCode: 'other' }]);
    expect(await stockOf(whHq, p)).toMatchObject({ qty: '14', avgCost: '11.214286', value: '157' }); // 157 / 14
    const out2 = await api()
      .post(`/api/inventory/other-issues/${await issueDraft(whHq, [{ productId: p, quantity: '14', reasonCode: 'internal_use' }])}/post`)
      .set(bearer(admin))
      .expect(200);
    expect(out2.body.lines[0].postedCost).toBe('11.214286');
    expect(await stockOf(whHq, p)).toMatchObject({ qty: '0', value: '0' }); // the last unit takes the rounding residue
  });

  it('20 parallel requests for the last 5 units: exactly 5 succeed, the rest get 409 with what is available', async () => {
    const p = await newProduct(hq.dataSource, 'LAST-5');
    await receive(whHq, [{ productId: p, quantity: '5', unitCost: '2', reasonCode: 'other' }]);
    const drafts = await Promise.all(Array.from({ length: 20 }, () => issueDraft(whHq, [{ productId: p, quantity: '1', reasonCode: 'internal_use' }])));
    const results = await Promise.all(drafts.map((id) => api().post(`/api/inventory/other-issues/${id}/post`).set(bearer(admin))));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(15);
    for (const r of refused) {
      expect(r.body).toMatchObject({ code: 'STOCK_INSUFFICIENT', details: { productId: p, available: '0', requested: '1' }, fields: [{ field: 'lines.0.quantity' }] });
    }
    expect(await stockOf(whHq, p)).toMatchObject({ qty: '0' });
    const ledger = await hq.dataSource.query('SELECT count(*)::int AS n, sum(delta)::text AS s FROM stock_ledger WHERE product_id = $1', [p]);
    expect(ledger[0]).toEqual({ n: 6, s: '0.000' });
  });

  it('picks batches first-expiry-first-out unless a batch is named, and requires a batch inbound', async () => {
    const p = await newProduct(hq.dataSource, 'BATCH-1', { batchManaged: true });
    expect(
      (
        await api()
          .post('/api/inventory/other-receipts')
          .set(bearer(admin))
          .send({ warehouseId: whHq, lines: [{ productId: p, quantity: '5', reasonCode: 'other' }] })
          .expect(400)
      ).body.fields[0].field,
    ).toBe('lines.0.batchNo');
    await receive(whHq, [
      { productId: p, quantity: '5', unitCost: '1', batchNo: 'B-MAR', expiryDate: '2027-03-01', reasonCode: 'other' },
      { productId: p, quantity: '5', unitCost: '1', batchNo: 'B-JAN', expiryDate: '2027-01-01', reasonCode: 'other' },
      { productId: p, quantity: '5', unitCost: '1', batchNo: 'B-NONE', reasonCode: 'other' },
    ]);
    await api()
      .post(`/api/inventory/other-issues/${await issueDraft(whHq, [{ productId: p, quantity: '7', reasonCode: 'internal_use' }])}/post`)
      .set(bearer(admin))
      .expect(200);
    await api()
      .post(`/api/inventory/other-issues/${await issueDraft(whHq, [{ productId: p, quantity: '2', batchNo: 'B-NONE', reasonCode: 'internal_use' }])}/post`)
      .set(bearer(admin))
      .expect(200);
    const batches = (await api().get(`/api/inventory/stock?warehouseId=${whHq}&productId=${p}&byBatch=true&includeZero=true`).set(bearer(admin)).expect(200)).body.items;
    expect(Object.fromEntries(batches.map((b: { batchNo: string; qty: string }) => [b.batchNo, b.qty]))).toEqual({ 'B-JAN': '0', 'B-MAR': '3', 'B-NONE': '3' });
    // a named batch cannot lend from the others
    const short = await api()
      .post(`/api/inventory/other-issues/${await issueDraft(whHq, [{ productId: p, quantity: '4', batchNo: 'B-NONE', reasonCode: 'internal_use' }])}/post`)
      .set(bearer(admin))
      .expect(409);
    expect(short.body.details).toMatchObject({ batchNo: 'B-NONE', available: '3' });
  });

  it('adjustments: approval permission, reasons, bad input writes nothing, posted is immutable, reversal restores stock at the same cost', async () => {
    const p = await newProduct(hq.dataSource, 'ADJ-1');
    await receive(whHq, [{ productId: p, quantity: '10', unitCost: '4', reasonCode: 'other' }]);
    const docsBefore = await count('stock_document');
    const post = (body: object, token = clerk) => api().post('/api/inventory/adjustments').set(bearer(token)).send(body);
    expect((await post({ warehouseId: whHq, lines: [{ productId: p, quantity: '-1' }] }).expect(400)).body.fields[0].field).toBe('lines.0.reasonCode');
    expect((await post({ warehouseId: whHq, lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: '-1', reasonCode: 'damaged' }] }).expect(400)).body.code).toBe(
      'STOCK_UNKNOWN_PRODUCT',
    );
    expect((await post({ warehouseId: whHq, lines: [{ productId: p, quantity: '0', reasonCode: 'damaged' }] }).expect(400)).body.fields[0].field).toBe('lines.0.quantity');
    for (const quantity of ['1e20', '99999999999', '1.2345', 'NaN', -1e300, { $gt: 1 }])
      await post({ warehouseId: whHq, lines: [{ productId: p, quantity, reasonCode: 'damaged' }] }).expect(400);
    expect((await post({ warehouseId: whHq, lines: [{ productId: p, quantity: '2', reasonCode: 'damaged' }] }).expect(400)).body.code).toBe('STOCK_UNKNOWN_REASON');
    expect((await post({ warehouseId: whHq, lines: [{ productId: p, quantity: '-1', reasonCode: 'no-such' }] }).expect(400)).body.code).toBe('STOCK_UNKNOWN_REASON');
    expect((await post({ warehouseId: whS1, lines: [{ productId: p, quantity: '-1', reasonCode: 'damaged' }] }).expect(400)).body.code).toBe('STOCK_WAREHOUSE_NOT_LOCAL');
    expect(await count('stock_document')).toBe(docsBefore);

    const doc = (await post({ warehouseId: whHq, remark: '破损', lines: [{ productId: p, quantity: '-3', reasonCode: 'damaged', note: '运输破损' }] }).expect(201)).body;
    expect(doc).toMatchObject({ status: 'draft', number: expect.stringMatching(/^ADJ-HQ-\d{8}-\d{4}$/) });
    await api().post(`/api/inventory/adjustments/${doc.id}/submit`).set(bearer(clerk)).expect(200);
    expect((await api().post(`/api/inventory/adjustments/${doc.id}/post`).set(bearer(clerk)).expect(403)).body.code).toBe('PERMISSION_DENIED');
    await api().post(`/api/inventory/adjustments/${doc.id}/post`).set(bearer(admin)).expect(200);
    expect(await stockOf(whHq, p)).toMatchObject({ qty: '7', value: '28' });
    expect((await api().post(`/api/inventory/adjustments/${doc.id}/post`).set(bearer(admin)).expect(409)).body.code).toBe('ILLEGAL_TRANSITION');
    expect((await api().patch(`/api/inventory/adjustments/${doc.id}`).set(bearer(admin)).send({ remark: 'changed' }).expect(409)).body.code).toBe('DOCUMENT_POSTED');
    expect((await api().post(`/api/inventory/adjustments/${doc.id}/cancel`).set(bearer(admin)).expect(409)).body.code).toBe('ILLEGAL_TRANSITION');

    const reversal = (await api().post(`/api/inventory/adjustments/${doc.id}/reverse`).set(bearer(admin)).send({ remark: '录错' }).expect(201)).body;
    expect(reversal).toMatchObject({ status: 'posted', reversesId: doc.id, lines: [{ quantity: '3', postedCost: '4' }] });
    expect(await stockOf(whHq, p)).toMatchObject({ qty: '10', value: '40' });
    expect((await api().post(`/api/inventory/adjustments/${doc.id}/reverse`).set(bearer(admin)).send({ remark: 'again' }).expect(409)).body.code).toBe(
      'STOCK_DOCUMENT_ALREADY_REVERSED',
    );
    const trail = await hq.dataSource.query("SELECT action FROM audit_log WHERE entity_type = 'stock_document' AND entity_id = $1 ORDER BY id", [doc.id]);
    expect(trail.map((t: { action: string }) => t.action)).toEqual(['create', 'submit', 'post', 'reverse']);
    // the ledger is append-only, even for the database owner
    await expect(hq.dataSource.query('UPDATE stock_ledger SET delta = 1 WHERE product_id = $1', [p])).rejects.toThrow(/append-only/);
  });

  it('the negative-stock switch is read live', async () => {
    const p = await newProduct(hq.dataSource, 'NEG-1');
    const id = await issueDraft(whHq, [{ productId: p, quantity: '2', reasonCode: 'internal_use' }]);
    await api().post(`/api/inventory/other-issues/${id}/post`).set(bearer(admin)).expect(409);
    await api().put(`/api/inventory/settings/${hqOrg}`).set(bearer(admin)).send({ allowNegativeStock: true }).expect(200);
    await api().post(`/api/inventory/other-issues/${id}/post`).set(bearer(admin)).expect(200);
    expect(await stockOf(whHq, p)).toMatchObject({ qty: '-2' });
    await api().put(`/api/inventory/settings/${hqOrg}`).set(bearer(admin)).send({ allowNegativeStock: false }).expect(200);
    expect((await api().put(`/api/inventory/settings/${hqOrg}`).set(bearer(admin)).send({ allowNegativeStock: 'yes' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('stock count while selling: variance = counted − (snapshot + movements until counted); uncounted kept or zeroed', async () => {
    const cat = await newCategory(hq.dataSource, 'CNT-CAT');
    const a = await newProduct(hq.dataSource, 'CNT-A', { categoryId: cat.id, barcode: '6900000000011' });
    const b = await newProduct(hq.dataSource, 'CNT-B', { categoryId: cat.id, barcode: '6900000000028' });
    const outside = await newProduct(hq.dataSource, 'CNT-X');
    await receive(whHq, [
      { productId: a, quantity: '20', unitCost: '1', reasonCode: 'other' },
      { productId: b, quantity: '10', unitCost: '1', reasonCode: 'other' },
      { productId: outside, quantity: '1', unitCost: '1', reasonCode: 'other' },
    ]);
    const sell = async (p: string, q: string) =>
      api()
        .post(`/api/inventory/other-issues/${await issueDraft(whHq, [{ productId: p, quantity: q, reasonCode: 'internal_use' }])}/post`)
        .set(bearer(admin))
        .expect(200);

    const cnt = (await api().post('/api/inventory/counts').set(bearer(admin)).send({ warehouseId: whHq, categoryId: cat.id }).expect(201)).body;
    expect(cnt.lines.map((l: { productCode: string; bookQty: string }) => [l.productCode, l.bookQty])).toEqual([
      ['CNT-A', '20'],
      ['CNT-B', '10'],
    ]);
    expect((await api().post('/api/inventory/counts').set(bearer(admin)).send({ warehouseId: whHq }).expect(409)).body.code).toBe('STOCK_COUNT_OPEN');
    await sell(a, '3'); // sold after the snapshot, before the count
    const entered = await api()
      .put(`/api/inventory/counts/${cnt.id}/lines`)
      .set(bearer(admin))
      .send({ lines: [{ barcode: '6900000000011', quantity: '16' }] })
      .expect(200);
    expect(entered.body.lines.find((l: { productId: string }) => l.productId === a)).toMatchObject({ countedQty: '16', expectedQty: '17', varianceQty: '-1' });
    await sell(a, '2'); // sold after the count: not a variance
    expect(
      (
        await api()
          .put(`/api/inventory/counts/${cnt.id}/lines`)
          .set(bearer(admin))
          .send({ lines: [{ productId: outside, quantity: '1' }] })
          .expect(400)
      ).body.code,
    ).toBe('STOCK_COUNT_PRODUCT_OUTSIDE');
    expect((await api().post(`/api/inventory/counts/${cnt.id}/post`).set(bearer(admin)).send({ uncounted: 'maybe' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const posted = (await api().post(`/api/inventory/counts/${cnt.id}/post`).set(bearer(admin)).send({ uncounted: 'keep' }).expect(200)).body;
    expect(posted.status).toBe('posted');
    expect(await stockOf(whHq, a)).toMatchObject({ qty: '14' }); // 20 − 3 − 1 − 2
    expect(await stockOf(whHq, b)).toMatchObject({ qty: '10' }); // uncounted, kept
    await api()
      .put(`/api/inventory/counts/${cnt.id}/lines`)
      .set(bearer(admin))
      .send({ lines: [{ productId: a, quantity: '1' }] })
      .expect(409);

    // second count by scanner file (duplicate scans add up) and Excel, uncounted set to zero
    const cnt2 = (await api().post('/api/inventory/counts').set(bearer(admin)).send({ warehouseId: whHq, categoryId: cat.id }).expect(201)).body;
    const bad = await api()
      .post(`/api/inventory/counts/${cnt2.id}/import`)
      .set(bearer(admin))
      .attach('file', Buffer.from('6900000000011,5\nnope,1\n6900000000011,x\n'), 'scan.txt')
      .expect(400);
    expect(bad.body.fields).toEqual([{ field: 'quantity', row: 3, message: expect.any(String) }]);
    const unknown = await api()
      .post(`/api/inventory/counts/${cnt2.id}/import`)
      .set(bearer(admin))
      .attach('file', Buffer.from('6900000000011,5\n0000000000000,1\n'), 'scan.txt')
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'STOCK_UNKNOWN_PRODUCT', fields: [{ row: 2 }] });
    await api().post(`/api/inventory/counts/${cnt2.id}/import`).set(bearer(admin)).attach('file', Buffer.from('6900000000011,5\r\n6900000000011,4\r\n'), 'scan.txt').expect(200);
    expect((await api().get(`/api/inventory/counts/${cnt2.id}`).set(bearer(admin))).body.lines.find((l: { productId: string }) => l.productId === a).countedQty).toBe('9');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('盘点');
    ws.addRow(['商品编码', '数量']);
    ws.addRow(['CNT-A', 12.5]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    await api().post(`/api/inventory/counts/${cnt2.id}/import`).set(bearer(admin)).attach('file', xlsx, 'count.xlsx').expect(200);
    expect((await api().post(`/api/inventory/counts/${cnt2.id}/import`).set(bearer(admin)).send({}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await api().post(`/api/inventory/counts/${cnt2.id}/post`).set(bearer(admin)).send({ uncounted: 'zero' }).expect(200);
    expect(await stockOf(whHq, a)).toMatchObject({ qty: '12.5' });
    expect(await stockOf(whHq, b)).toMatchObject({ qty: '0' });
  });

  it('stock card: opening, late entries on their own day, closing = balance; exports .xlsx', async () => {
    const p = await newProduct(hq.dataSource, 'CARD-1');
    const day = (offset: number) => {
      const d = new Date();
      d.setDate(d.getDate() + offset);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await receive(whHq, [{ productId: p, quantity: '10', unitCost: '3', reasonCode: 'other' }], admin, day(-5));
    await receive(whHq, [{ productId: p, quantity: '4', unitCost: '3', reasonCode: 'other' }]);
    await receive(whHq, [{ productId: p, quantity: '1', unitCost: '3', reasonCode: 'other' }], admin, day(-2)); // late entry
    expect(
      (
        await api()
          .post('/api/inventory/other-receipts')
          .set(bearer(admin))
          .send({ warehouseId: whHq, businessDate: day(3), lines: [{ productId: p, quantity: '1', reasonCode: 'other' }] })
          .expect(400)
      ).body.fields[0].field,
    ).toBe('businessDate');
    const card = (
      await api()
        .get(`/api/inventory/stock-card?warehouseId=${whHq}&productId=${p}&from=${day(-3)}&to=${day(0)}`)
        .set(bearer(admin))
        .expect(200)
    ).body;
    // the entries' scalars as the document types them (ids, dates, decimal text)
    expectAnswerAsDocumented('hq', 'GET', '/api/inventory/stock-card', card);
    expect(card.opening).toEqual({ qty: '10', value: '30' });
    expect(card.entries.map((e: { businessDate: string; balance: string }) => [e.businessDate, e.balance])).toEqual([
      [day(-2), '11'],
      [day(0), '15'],
    ]);
    expect(card.closing).toEqual({ qty: '15', value: '45' });
    await api()
      .get(`/api/inventory/stock-card?warehouseId=${whHq}&productId=${p}&from=${day(0)}&to=${day(-3)}`)
      .set(bearer(admin))
      .expect(400);
    await api().get(`/api/inventory/stock-card?warehouseId=${whHq}&productId=${p}&from=2026-13-45&to=x`).set(bearer(admin)).expect(400);
    const file = await api()
      .get(`/api/inventory/stock-card/export?warehouseId=${whHq}&productId=${p}&from=${day(-3)}&to=${day(0)}`)
      .set(bearer(admin))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body);
    expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('业务日期');
    expect(wb.worksheets[0].rowCount).toBe(4);
  });

  it('scopes every query to the store user’s warehouses', async () => {
    const p = await newProduct(hq.dataSource, 'SCOPE-1', { minStock: '100' });
    await receive(whS1, [{ productId: p, quantity: '3', unitCost: '1', reasonCode: 'other' }], s1Admin);
    await hq.dataSource.query('INSERT INTO stock_balance (warehouse_id, product_id, qty, avg_cost, value) VALUES ($1, $2, 0, 0, 0) ON CONFLICT DO NOTHING', [whS2, p]);
    const stock = (await api().get('/api/inventory/stock?includeZero=true&pageSize=500').set(bearer(s1Admin)).expect(200)).body;
    expect(stock.items.length).toBeGreaterThan(0);
    expect(stock.items.every((r: { orgUnitId: string }) => r.orgUnitId === s1)).toBe(true);
    expect((await api().get(`/api/inventory/stock?storeId=${s2}`).set(bearer(s1Admin)).expect(200)).body.total).toBe(0);
    expect(
      (await api().get(`/api/inventory/stock?storeId=${s1}&includeZero=true`).set(bearer(admin)).expect(200)).body.items.every((r: { orgUnitId: string }) => r.orgUnitId === s1),
    ).toBe(true);
    const valuation = (await api().get('/api/inventory/valuation').set(bearer(s1Admin)).expect(200)).body;
    expect(valuation.items.map((i: { warehouseCode: string }) => i.warehouseCode)).toEqual(['WH-S001']);
    expect(valuation.totalValue).toBe('3');
    await api().get(`/api/inventory/stock-card?warehouseId=${whS2}&productId=${p}&from=2020-01-01&to=2020-01-02`).set(bearer(s1Admin)).expect(404);
    const docs = (await api().get('/api/inventory/other-receipts').set(bearer(s1Admin)).expect(200)).body.items;
    expect(docs.every((d: { orgUnitId: string }) => d.orgUnitId === s1)).toBe(true);
    const hqDoc = (await api().get('/api/inventory/other-receipts').set(bearer(admin))).body.items.find((d: { orgUnitId: string }) => d.orgUnitId === hqOrg);
    await api().get(`/api/inventory/other-receipts/${hqDoc.id}`).set(bearer(s1Admin)).expect(404);
    await api().post(`/api/inventory/other-receipts/${hqDoc.id}/reverse`).set(bearer(s1Admin)).send({ remark: 'x' }).expect(404);
    expect((await api().post('/api/inventory/counts').set(bearer(s1Admin)).send({ warehouseId: whHq }).expect(400)).body.code).toBe('STOCK_UNKNOWN_WAREHOUSE');
    expect((await api().get('/api/inventory/counts').set(bearer(s1Admin)).expect(200)).body.total).toBe(0);
    // alerts: live and recorded, filtered by store
    const live = (await api().get('/api/inventory/alerts/current?kind=low_stock').set(bearer(s1Admin)).expect(200)).body.items;
    expect(live.map((a: { warehouseCode: string; productCode: string }) => `${a.warehouseCode}/${a.productCode}`)).toContain('WH-S001/SCOPE-1');
    expect(live.every((a: { orgUnitId: string }) => a.orgUnitId === s1)).toBe(true);
    await api().post('/api/inventory/alerts/record').set(bearer(admin)).expect(200);
    const recorded = (await api().get(`/api/inventory/alerts?storeId=${s2}&kind=low_stock`).set(bearer(admin)).expect(200)).body.items;
    expect(recorded.map((a: { warehouseCode: string; productCode: string }) => `${a.warehouseCode}/${a.productCode}`)).toEqual(['WH-S002/SCOPE-1']);
    expect((await api().get(`/api/inventory/alerts?storeId=${s2}`).set(bearer(s1Admin)).expect(200)).body.total).toBe(0);
    const exported = await api()
      .get('/api/inventory/stock/export?includeZero=true')
      .set(bearer(s1Admin))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.body);
    const codes = wb.worksheets[0].getColumn(1).values.slice(2);
    expect(new Set(codes)).toEqual(new Set(['WH-S001']));
    // 库存金额 as .xlsx (streamed from a cursor): the same rows as the JSON answer, the store's own only
    const valued = await api()
      .get('/api/inventory/valuation/export')
      .set(bearer(s1Admin))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const vwb = new ExcelJS.Workbook();
    await vwb.xlsx.load(valued.body);
    const vrows = (vwb.worksheets[0].getSheetValues() as unknown[][]).slice(2).map((r) => [r[1], r[7]]);
    expect(vrows).toEqual(valuation.items.map((i: { warehouseCode: string; value: string }) => [i.warehouseCode, Number(i.value)]));
  });

  it('alerts: per-warehouse limits override product defaults; near-expiry window from settings', async () => {
    const p = await newProduct(hq.dataSource, 'ALERT-1', { batchManaged: true, maxStock: '1000' });
    await api().put('/api/inventory/limits').set(bearer(admin)).send({ warehouseId: whHq, productId: p, minQty: '1', maxQty: '5' }).expect(200);
    expect((await api().put('/api/inventory/limits').set(bearer(admin)).send({ warehouseId: whHq, productId: p, minQty: '9', maxQty: '5' }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await receive(whHq, [{ productId: p, quantity: '8', unitCost: '1', batchNo: 'SOON', expiryDate: soon, reasonCode: 'other' }]);
    const kinds = async () =>
      (await api().get(`/api/inventory/alerts/current?warehouseId=${whHq}`).set(bearer(admin)).expect(200)).body.items
        .filter((a: { productId: string }) => a.productId === p)
        .map((a: { kind: string }) => a.kind)
        .sort();
    expect(await kinds()).toEqual(['near_expiry', 'overstock']);
    await api().put(`/api/inventory/settings/${hqOrg}`).set(bearer(admin)).send({ nearExpiryDays: 1 }).expect(200);
    expect(await kinds()).toEqual(['overstock']);
  });
});
