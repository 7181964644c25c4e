import { expect, test } from '@playwright/test';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { api, apiAt, apiLogin, adminPassword, baseUrl, offlineStoreUrl, receiveAtStore, signIn, STORE, storeUrl } from './helpers';
import { amount, chooseMethod, numbered } from './till-pay';

/**
 * The till keeps selling while HQ is stopped, and the sales reach HQ once it is back. Store S003
 * (started by the global setup, not set up) is opened at HQ and set up against HQ through a TCP
 * proxy this test owns: closing the proxy (and every connection through it) is HQ gone for this
 * store — connections refused, as when HQ's process is stopped — while HQ keeps serving the other
 * tests. S003 syncs by itself every 2 s (SYNC_INTERVAL_SECONDS), as a store does on its schedule.
 */
const S003 = {
  code: 'S003',
  warehouseCode: 'S003-01',
  transferPassword: 'e2e-transfer-S003',
  manager: { username: 's003-admin', password: 's003-admin-pass' },
  cashier: { username: 's003-cashier', password: 's003-cashier-pass' },
} as const;
const TEA = { code: 'OFF-TEA', name: '断网测试绿茶', barcode: '6972000000013', retail: '4.50' };
const CASH = { code: 'OFFCASH', name: '断网测试现金' };
// a 代金券 allocated to the stores (docs/promotions.md "Offline: vouchers allocated to stores")
const VOUCHER = { code: 'OFFVCH', name: '断网测试代金券' };
let voucherNo: string;
// the batch's second number: redeemed offline at S003 and online at S001 — a double redemption (代金券异常)
let doubleNo: string;

/** A TCP proxy to HQ that can be cut and restored on the same port. */
class HqLink {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: URL) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(this.port, '127.0.0.1', () => res());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** HQ gone: nothing listens on the port any more and every open connection is cut. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((res) => server.close(() => res()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

const link = new HqLink(new URL(baseUrl()));
let storeId: string;
let admin: string;

test.beforeAll(async () => {
  await link.up();
  admin = await apiLogin('admin', adminPassword());
  await api('POST', '/api/catalog/payment-methods', admin, { ...CASH, type: 'cash', allowsChange: true, sortOrder: 1 });
  await api('POST', '/api/catalog/payment-methods', admin, { ...VOUCHER, type: 'voucher', allowsChange: false, sortOrder: 2 });
  await api('POST', '/api/catalog/products', admin, { code: TEA.code, name: TEA.name, retailPrice: TEA.retail, barcodes: [TEA.barcode] });
  const batch = await api<{ id: string }>('POST', '/api/vouchers/batches', admin, {
    id: crypto.randomUUID(),
    kind: 'voucher',
    name: '断网可用5元券',
    faceValue: '5',
    quantity: 2,
    validFrom: new Date(Date.now() - 3600_000).toISOString(),
    validTo: new Date(Date.now() + 30 * 86400_000).toISOString(),
    offlineRedeemable: true,
  });
  [voucherNo, doubleNo] = (await api<{ items: Array<{ number: string }> }>('GET', `/api/vouchers?batchId=${batch.id}&sort=number`, admin)).items.map((v) => v.number);
  await api('POST', '/api/stores/open', admin, {
    idempotencyKey: crypto.randomUUID(),
    code: S003.code,
    name: '三号店',
    address: '上海市淮海中路 3 号',
    openingDate: new Date().toISOString().slice(0, 10),
    warehouses: [{ code: S003.warehouseCode, name: 'S003 卖场' }],
    users: [
      { ...S003.manager, displayName: 'S003 店长', role: 'store-admin' },
      { ...S003.cashier, displayName: 'S003 收银员', role: 'cashier' },
    ],
    transferPassword: S003.transferPassword,
    // no stock is received in this test: the store may sell below zero (flagged, listed)
    settings: { allowNegativeStock: true },
    hqUrl: link.url,
  });
  const setup = await apiAt<{ firstSync: { ok: boolean; errors?: unknown } }>(offlineStoreUrl(), 'POST', '/api/setup', undefined, {
    hqUrl: link.url,
    storeCode: S003.code,
    warehouseCode: S003.warehouseCode,
    transferPassword: S003.transferPassword,
  });
  expect(setup.firstSync.ok, JSON.stringify(setup.firstSync.errors)).toBe(true);
  const manager = await apiLogin(S003.manager.username, S003.manager.password, offlineStoreUrl());
  storeId = (await apiAt<{ orgUnit: { id: string } }>(offlineStoreUrl(), 'GET', '/api/auth/me', manager)).orgUnit.id;
});

test.afterAll(async () => {
  await link.down();
});

async function hqJournal(receiptNo: string): Promise<Array<{ docNo: string; amount: string; kind: string }>> {
  const j = await api<{ items: Array<{ docNo: string; amount: string; kind: string }> }>('GET', `/api/pos/journal?storeId=${storeId}&pageSize=100`, admin);
  return j.items.filter((i) => i.docNo === receiptNo);
}

test('the till sells while HQ is stopped, and the sale reaches HQ once HQ is back', async ({ page }) => {
  // HQ goes away before the cashier even signs in: sign-in, shift, look-up and sale are the store's
  await link.down();
  const manager = await apiLogin(S003.manager.username, S003.manager.password, offlineStoreUrl());
  const sync = await fetch(`${offlineStoreUrl()}/api/sync`, { method: 'POST', headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'application/json' }, body: '{}' });
  const report = sync.ok ? ((await sync.json()) as { ok: boolean }) : { ok: false };
  expect(report.ok).toBe(false);

  await page.addInitScript(() => {
    localStorage.setItem('chain-erp.till.code', '01');
    window.print = () => undefined;
  });
  await signIn(page, S003.cashier.username, S003.cashier.password, offlineStoreUrl());
  await page.goto(offlineStoreUrl() + '/pos');
  await expect(page.getByTestId('till')).toBeVisible();
  await expect(page.getByRole('dialog')).toContainText('开始营业');
  await expect(page.locator('.ant-modal-wrap input:focus')).toHaveCount(1);
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-shift')).toContainText('SHIFT-S003-');
  await expect(page.getByTestId('till-input')).toBeFocused();
  await page.keyboard.type(`2*${TEA.barcode}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-total')).toHaveText('9.00');
  await page.keyboard.press('F12');
  await expect(page.getByTestId('pay-amount')).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('10');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-last')).toContainText('找零 1.00');
  const receiptNo = /SALE-S003-01-\d{8}-\d+/.exec((await page.getByTestId('till-last').textContent())!)![0];

  // a voucher allocated to the store pays against the store's replica while HQ is away: 5.00 of 9.00
  await expect(page.getByTestId('till-input')).toBeFocused();
  await page.keyboard.type(`2*${TEA.barcode}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-total')).toHaveText('9.00');
  await page.keyboard.press('F12');
  await numbered(page, VOUCHER.name, voucherNo, '5');
  await expect(page.getByTestId('pay-remaining')).toHaveText('4.00');
  await chooseMethod(page, CASH.name);
  await amount(page, '4');
  await expect(page.getByTestId('till-last')).not.toContainText(receiptNo);
  const voucherSale = /SALE-S003-01-\d{8}-\d+/.exec((await page.getByTestId('till-last').textContent())!)![0];

  // HQ does not have them while it is away (its own API answers the tests; the store cannot reach it)
  expect(await hqJournal(receiptNo)).toEqual([]);
  expect((await api<{ balance: string }>('GET', `/api/vouchers/by-number/${voucherNo}`, admin)).balance).toBe('5.00');

  // HQ is back: the store's scheduled sync pushes the sales without anyone pressing a key
  await link.up();
  await expect.poll(() => hqJournal(receiptNo), { timeout: 90_000, intervals: [1000] }).toEqual([expect.objectContaining({ docNo: receiptNo, kind: 'sale', amount: '9.00' })]);
  // and the voucher's offline redemption: booked once at HQ, by the store that took it
  await expect
    .poll(
      async () =>
        (await api<{ ledger: Array<{ kind: string; docNo: string | null; delta: string; offline: boolean }> }>('GET', `/api/vouchers/by-number/${voucherNo}`, admin)).ledger.filter(
          (l) => l.kind === 'redeem',
        ),
      {
        timeout: 90_000,
        intervals: [1000],
      },
    )
    .toEqual([expect.objectContaining({ docNo: voucherSale, delta: '-5.00', offline: true })]);
});

/** A sale of two teas (9.00) at a store's API: 5.00 by the voucher, 4.00 cash. */
async function sellWithVoucher(server: string, token: string, shiftId: string, number: string): Promise<void> {
  const methods = await apiAt<Array<{ id: string; code: string }> | { items: Array<{ id: string; code: string }> }>(
    server,
    'GET',
    '/api/catalog/payment-methods?pageSize=100',
    token,
  );
  const list = Array.isArray(methods) ? methods : methods.items;
  const tea = (await apiAt<{ items: Array<{ id: string; code: string }> }>(server, 'GET', `/api/catalog/products?search=${TEA.code}&pageSize=10`, token)).items.find(
    (p) => p.code === TEA.code,
  )!;
  await apiAt(server, 'POST', '/api/pos/sales', token, {
    id: crypto.randomUUID(),
    shiftId,
    lines: [{ productId: tea.id, quantity: '2' }],
    payments: [
      { paymentMethodId: list.find((m) => m.code === VOUCHER.code)!.id, amount: '5.00', reference: number },
      { paymentMethodId: list.find((m) => m.code === CASH.code)!.id, amount: '4.00' },
    ],
  });
}

test('a voucher redeemed offline at S003 and online at S001 is listed in 代金券异常 and handled there (处理) once', async ({ page }) => {
  await link.down();
  try {
    // S003 away from HQ takes the voucher against its replica (the shift the first test opened)
    const cashier3 = await apiLogin(S003.cashier.username, S003.cashier.password, offlineStoreUrl());
    const shift3 = await apiAt<{ id: string }>(offlineStoreUrl(), 'GET', '/api/pos/shifts/current/01', cashier3);
    await sellWithVoucher(offlineStoreUrl(), cashier3, shift3.id, doubleNo);
    // meanwhile S001, online, takes it too: HQ has not heard of S003's use yet
    const manager1 = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
    await apiAt(storeUrl(), 'POST', '/api/sync', manager1, {});
    await receiveAtStore(manager1, [TEA.code], '2');
    const cashier1 = await apiLogin(STORE.cashier.username, STORE.cashier.password, storeUrl());
    const shift1 = await apiAt<{ id: string }>(storeUrl(), 'POST', '/api/pos/shifts', cashier1, { tillCode: 'VX', openingFloat: '0' });
    await sellWithVoucher(storeUrl(), cashier1, shift1.id, doubleNo);
  } finally {
    await link.up();
  }

  const today = new Date().toLocaleDateString('sv-SE');
  const listed = async (status: string) =>
    (
      await api<{ items: Array<{ number: string; storeCode: string }> }>('GET', `/api/vouchers/exceptions?from=${today}&to=${today}&status=${status}&pageSize=200`, admin)
    ).items.filter((e) => e.number === doubleNo);
  await expect.poll(() => listed('open'), { timeout: 90_000, intervals: [1000] }).toEqual([expect.objectContaining({ kind: 'double_redemption', storeCode: 'S003' })]);

  await signIn(page, 'admin', adminPassword());
  await page.goto(baseUrl() + '/pricing/voucher-exceptions');
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: doubleNo });
  await expect(row).toContainText('重复用券');
  await expect(row).toContainText('未处理');
  await row.getByText('处理', { exact: true }).click();
  const dialog = page.getByRole('dialog');
  // the note is required: the form says so and sends nothing
  await dialog.getByLabel('处理结果').click();
  await page.locator('.ant-select-dropdown:visible').getByText('已向顾客追回', { exact: true }).click();
  await dialog.getByRole('button', { name: /确\s*[定认]/ }).click();
  await expect(dialog.locator('.ant-form-item-explain-error')).toBeVisible();
  await dialog.getByLabel('处理说明').fill('顾客补付5元');
  await dialog.getByRole('button', { name: /确\s*[定认]/ }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toBeHidden();
  expect(await listed('resolved')).toEqual([expect.objectContaining({ resolution: 'recovered', note: '顾客补付5元', resolvedBy: 'admin' })]);

  // 已处理: the row with its resolution, no 处理 action any more
  await page
    .locator('.ant-pro-query-filter .ant-form-item')
    .filter({ has: page.getByText('处理状态', { exact: true }) })
    .locator('.ant-select-selector')
    .click();
  await page.locator('.ant-select-dropdown:visible').getByText('已处理', { exact: true }).click();
  await page
    .locator('.ant-pro-query-filter')
    .getByRole('button', { name: /查\s*询/ })
    .click();
  const done = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: doubleNo });
  await expect(done).toContainText('已向顾客追回');
  await expect(done).toContainText('顾客补付5元');
  await expect(done.getByText('处理', { exact: true })).toHaveCount(0);
});
