import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import * as iconv from 'iconv-lite';
import { bearer, bootTestApp, count, type PosStore, seedPosStore, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import { STORE_SERVER } from '../src/server';
import { ESCPOS } from '../src/pos/printer/escpos';

/**
 * What the till screen needs beyond selling: a network receipt printer fed ESC/POS bytes (recorded
 * here by a TCP listener standing in for the printer) with the drawer kick; a manager's approval
 * (授权) lending one permission to the cashier's next request; and the basket priced before paying.
 */
describe('store POS: receipt printer, manager approval and the price quote for the till', () => {
  let store: TestApp;
  let s: PosStore;
  let shiftId: string;
  let printer: Server;
  let printerPort: number;
  const jobs: Buffer[] = [];
  const http = () => store.http();
  const peripherals = (printerCfg: object, drawer = { enabled: true, openOn: 'cash' }) =>
    http()
      .put('/api/pos/settings')
      .set(bearer(s.adminToken))
      .send({ peripherals: { printer: printerCfg, cashDrawer: drawer, scale: { enabled: false, protocol: 'none', port: null }, customerDisplay: { enabled: false, port: null } } })
      .expect(200);
  const sell = async (token: string, lines: object[], payments: object[], headers: Record<string, string> = {}) =>
    http().post('/api/pos/sales').set(bearer(token)).set(headers).send({ id: randomUUID(), shiftId, lines, payments });

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store);
    await seedStoreUser(store.dataSource, { username: 's001-manager', password: 'manager-pass-1', permissions: ['pos.sell', 'pos.void-line', 'pos.discount.override'] });
    await seedStoreUser(store.dataSource, { username: 's001-clerk', password: 'clerk-pass-1', permissions: ['pos.sell'] });
    await seedStoreUser(store.dataSource, { storeCode: 'S002', username: 's002-admin', password: 'other-pass-1' });
    shiftId = (await http().post('/api/pos/shifts').set(bearer(s.cashierToken)).send({ tillCode: '07', openingFloat: '100.00' }).expect(201)).body.id;
    printer = createServer((socket) => {
      const parts: Buffer[] = [];
      socket.on('data', (d) => parts.push(d));
      socket.on('end', () => jobs.push(Buffer.concat(parts)));
    });
    await new Promise<void>((r) => printer.listen(0, '127.0.0.1', r));
    printerPort = (printer.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => printer.close(r));
    await store.close();
  });

  const nextJob = async () => {
    for (let i = 0; i < 100 && jobs.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    return jobs.shift()!;
  };

  it('prints a cash sale’s receipt on the network printer in GBK, kicking the drawer and cutting; a second print is a reprint', async () => {
    await peripherals({ kind: 'escpos-network', address: `127.0.0.1:${printerPort}`, copies: 1, autoCut: true });
    const sale = (await sell(s.cashierToken, [{ productCode: 'P001', quantity: '2' }], [{ paymentMethodId: s.methods.cash.id, amount: '10.00' }])).body;
    expect(sale.totalAmount).toBe('7.00');
    const res = (await http().post(`/api/pos/sales/${sale.id}/print`).set(bearer(s.cashierToken)).expect(200)).body;
    expect(res).toMatchObject({ printed: true, kicked: true, printer: `127.0.0.1:${printerPort}` });
    const bytes = await nextJob();
    expect(bytes.length).toBe(res.bytes);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.concat([ESCPOS.init, ESCPOS.chineseOn]));
    expect(bytes.includes(ESCPOS.kick)).toBe(true);
    expect(bytes.includes(ESCPOS.cut)).toBe(true);
    const text = iconv.decode(bytes, 'gbk');
    expect(text).toContain(sale.receiptNo);
    expect(text).toContain('可乐 330ml');
    expect(text).toContain('7.00');
    // the first print was this one: printing again is a reprint, which the cashier may not do alone
    const again = await http().post(`/api/pos/sales/${sale.id}/print`).set(bearer(s.cashierToken)).expect(403);
    expect(again.body.code).toBe('PERMISSION_DENIED');
    await http().post(`/api/pos/sales/${sale.id}/print`).set(bearer(s.adminToken)).expect(200);
    expect(iconv.decode(await nextJob(), 'gbk')).toContain('重打');
  });

  it('a card sale prints without opening the drawer (openOn cash); 开钱箱 kicks the drawer alone', async () => {
    const sale = (await sell(s.cashierToken, [{ productCode: 'P003' }], [{ paymentMethodId: s.methods.card.id, amount: '9.90' }])).body;
    expect((await http().post(`/api/pos/sales/${sale.id}/print`).set(bearer(s.cashierToken)).expect(200)).body.kicked).toBe(false);
    expect((await nextJob()).includes(ESCPOS.kick)).toBe(false);
    // the cashier may not open the drawer alone: the store's manager approves it (授权)
    await http().post('/api/pos/drawer/open').set(bearer(s.cashierToken)).send({ shiftId, reason: '换零钱' }).expect(403);
    const ok = (
      await http().post('/api/pos/approvals').set(bearer(s.cashierToken)).send({ username: 's001-admin', password: 'store-pass-123', permission: 'pos.open-drawer' }).expect(200)
    ).body;
    await http().post('/api/pos/drawer/open').set(bearer(s.cashierToken)).set('X-Pos-Approval', ok.approvalToken).send({ shiftId, reason: '换零钱' }).expect(204);
    expect(await nextJob()).toEqual(Buffer.concat([ESCPOS.init, ESCPOS.chineseOn, ESCPOS.kick]));
  });

  it('a printer that is off is a 503 naming it; without a network printer the till is told to print itself', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const deadPort = (dead.address() as { port: number }).port;
    await new Promise((r) => dead.close(r));
    await peripherals({ kind: 'escpos-network', address: `127.0.0.1:${deadPort}`, copies: 1, autoCut: true });
    const sale = (await sell(s.cashierToken, [{ productCode: 'P001' }], [{ paymentMethodId: s.methods.cash.id, amount: '3.50' }])).body;
    const off = await http().post(`/api/pos/sales/${sale.id}/print`).set(bearer(s.cashierToken)).expect(503);
    expect(off.body).toMatchObject({ code: 'POS_PRINTER_UNREACHABLE', details: { printer: `127.0.0.1:${deadPort}` } });
    await peripherals({ kind: 'escpos-usb', address: null, copies: 1, autoCut: true });
    expect((await http().post(`/api/pos/sales/${sale.id}/print`).set(bearer(s.cashierToken)).expect(409)).body.code).toBe('POS_PRINTER_NOT_CONFIGURED');
  });

  it('授权: a void beyond the cashier’s rights goes through with a manager’s approval, for this cashier’s sign-in only', async () => {
    const lines = [{ productCode: 'P001' }, { productCode: 'P003', voided: true }];
    const cash = [{ paymentMethodId: s.methods.cash.id, amount: '5.00' }];
    expect((await sell(s.cashierToken, lines, cash)).body.code).toBe('POS_VOID_NOT_ALLOWED');

    const ask = (body: object) => http().post('/api/pos/approvals').set(bearer(s.cashierToken)).send(body);
    // a wrong password is a 403 (the cashier stays signed in), a manager without the right or of another store is refused
    expect((await ask({ username: 's001-manager', password: 'nope', permission: 'pos.void-line' }).expect(403)).body.code).toBe('POS_APPROVAL_CREDENTIALS_INVALID');
    expect((await ask({ username: 's001-clerk', password: 'clerk-pass-1', permission: 'pos.void-line' }).expect(403)).body.code).toBe('POS_APPROVER_NOT_ALLOWED');
    expect((await ask({ username: 's002-admin', password: 'other-pass-1', permission: 'pos.void-line' }).expect(403)).body.code).toBe('POS_APPROVER_NOT_ALLOWED');
    expect((await ask({ username: 's001-manager', password: 'manager-pass-1', permission: 'system.backup' }).expect(400)).body.code).toBe('VALIDATION_FAILED');

    const approval = (await ask({ username: 's001-manager', password: 'manager-pass-1', permission: 'pos.void-line', reason: '顾客不要了' }).expect(200)).body;
    expect(approval).toMatchObject({ approverName: 's001-manager', permission: 'pos.void-line', approvalToken: expect.any(String) });
    // the manager's sign-in used to check the password is ended at once
    expect(await count(store, 'auth_session s JOIN app_user u ON u.id = s.user_id', `u.username = 's001-manager' AND s.ended_at IS NULL`)).toBe(0);
    const header = { 'X-Pos-Approval': approval.approvalToken };
    const sale = await sell(s.cashierToken, lines, cash, header);
    expect(sale.status).toBe(200);
    expect(sale.body.lines[1]).toMatchObject({ voided: true });
    // lent, not given: the same permission is not the manager's to lend to another sign-in, nor usable as a bearer token
    const otherSignIn = await store.login('s001-cashier', 'store-pass-123');
    expect((await sell(otherSignIn, lines, cash, header)).body.code).toBe('AUTH_APPROVAL_INVALID');
    expect((await http().get('/api/pos/payment-methods').set(bearer(approval.approvalToken)).expect(401)).body.code).toBe('AUTH_TOKEN_INVALID');
    expect((await sell(s.cashierToken, lines, cash, { 'X-Pos-Approval': approval.approvalToken + 'x' })).body.code).toBe('AUTH_APPROVAL_INVALID');
    expect(await count(store, 'audit_log', `entity_type = 'pos_approval' AND action = 'approve' AND changes::text LIKE '%pos.void-line%'`)).toBe(1);
  });

  it('价格试算: prices the basket like the sale (member price, promotions per line, total) and writes nothing', async () => {
    await store.dataSource.query(
      `INSERT INTO promotion (id, code, name, kind, status, priority, stackable, rules, starts_at, members_only, created_by, row_version)
       VALUES ($1, 'PM-TILL', '牛奶特价', 'special_price', 'approved', 0, true, $2, now() - interval '1 hour', false, 'hq-admin', 1)`,
      [randomUUID(), JSON.stringify({ items: [{ productId: s.products.milk.id, price: '7.90' }] })],
    );
    const before = await count(store, 'pos_sale');
    const outbox = await count(store, 'transfer_outbox');
    const q = (
      await http()
        .post('/api/pos/sales/quote')
        .set(bearer(s.cashierToken))
        .send({ shiftId, lines: [{ productCode: 'P003', quantity: '2' }, { barcode: '6900000000011' }] })
        .expect(200)
    ).body;
    expect(q).toMatchObject({ grossAmount: '23.30', promotionDiscount: '4.00', totalAmount: '19.30' });
    expect(q.lines[0]).toMatchObject({ productName: '纯牛奶 1L', amount: '15.80', promotions: [expect.objectContaining({ name: '牛奶特价', saving: '4.00' })] });
    // the sale itself comes to the same total
    const sale = await sell(s.cashierToken, [{ productCode: 'P003', quantity: '2' }, { barcode: '6900000000011' }], [{ paymentMethodId: s.methods.cash.id, amount: '19.30' }]).then(
      (r) => r.body,
    );
    expect(sale.totalAmount).toBe(q.totalAmount);
    expect(await count(store, 'pos_sale')).toBe(before + 1);
    expect(await count(store, 'transfer_outbox')).toBe(outbox + 1);
    // a quote tells the till early what needs a manager
    expect(
      (
        await http()
          .post('/api/pos/sales/quote')
          .set(bearer(s.cashierToken))
          .send({ shiftId, lines: [{ productCode: 'P001', price: '1.00' }] })
          .expect(403)
      ).body.code,
    ).toBe('POS_PRICE_OVERRIDE_NOT_ALLOWED');
    await store.dataSource.query(`DELETE FROM promotion`);
  });
});
