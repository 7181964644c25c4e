import { expect, test, type Page } from '@playwright/test';
import { adminPassword, api, apiAt, apiLogin, baseUrl, freshStoreUrl, signIn, STORE, storeUrl } from './helpers';

/**
 * The store's own console (issue 21): 门店系统初始化 on a fresh store server, and the store
 * manager's screens on store S001. Each test makes its own data through the APIs.
 */

/** A small PNG of a screen for docs/console.md (the viewport, not the whole page). */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `docs/screenshots/${name}.png`, type: 'png' });
}

test('first-run wizard: test the connection, a wrong password says the tries left, then the first sync with progress', async ({ page }) => {
  // HQ opens store S009 (开新店); its server is the fresh one the global setup started
  const admin = await apiLogin('admin', adminPassword());
  await api('POST', '/api/stores/open', admin, {
    idempotencyKey: crypto.randomUUID(),
    code: 'S009',
    name: '九号店',
    address: '上海市淮海路 9 号',
    openingDate: new Date().toISOString().slice(0, 10),
    warehouses: [{ code: 'S009-01', name: 'S009 卖场' }],
    users: [
      { username: 's009-admin', password: 's009-admin-pass', displayName: 'S009 店长', role: 'store-admin' },
      { username: 's009-cashier', password: 's009-cashier-pass', displayName: 'S009 收银员', role: 'cashier' },
    ],
    transferPassword: 'e2e-transfer-S009',
    settings: { allowNegativeStock: false, allowStorePurchasing: false },
    hqUrl: baseUrl(),
  });

  // any path of a server never set up shows the wizard instead of the login
  await page.goto(freshStoreUrl() + '/login');
  await expect(page.getByText('门店系统初始化')).toBeVisible();
  await page.getByLabel('总部地址').fill('http://127.0.0.1:1');
  await page.getByRole('button', { name: '测试连接' }).click();
  await expect(page.getByTestId('connection-error')).toContainText('无法连接总部');
  await page.getByLabel('总部地址').fill(baseUrl());
  await page.getByRole('button', { name: '测试连接' }).click();
  await expect(page.getByTestId('connection-ok')).toContainText('连接成功');
  await shot(page, 'store-setup-connection');
  await page.getByRole('button', { name: /下一步/ }).click();

  await page.getByLabel('门店编码').fill('S009');
  await page.getByLabel('仓库编码').fill('S009-01');
  await page.getByRole('textbox', { name: '传输密码' }).fill('not-the-password');
  await page.getByTestId('setup-start').click();
  await expect(page.getByTestId('setup-error')).toContainText('再错 4 次本地址将被锁定');
  await expect(page.getByTestId('setup-error')).toContainText('TRANSFER_BAD_SIGNATURE');

  await page.getByRole('textbox', { name: '传输密码' }).fill('e2e-transfer-S009');
  await page.getByTestId('setup-start').click();
  await expect(page.getByTestId('setup-done')).toContainText(/门店 S009 已连接总部：接收 [1-9]\d* 页，[1-9]\d* 行/);
  await shot(page, 'store-setup-done');
  await page.getByTestId('setup-to-login').click();

  // set up: the login page, and the store's manager (synced from HQ) signs in
  await page.getByLabel('用户名').fill('s009-admin');
  await page.getByLabel('密码').fill('s009-admin-pass');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByText('九号店 · 门店')).toBeVisible();
});

test('同步: the screen shows what waits to go up, and 立即同步 sends it', async ({ page }) => {
  const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  // a note to the store log is a record for HQ: it waits in the outbox until the next sync
  await apiAt(storeUrl(), 'POST', '/api/sync/events', manager, { level: 'info', kind: 'e2e.note', message: 'browser test: sync screen' });
  await signIn(page, STORE.manager.username, STORE.manager.password, storeUrl());
  await page.goto(storeUrl() + '/store/sync');
  await expect(page.getByTestId('push-backlog')).not.toHaveText('0');
  const logRow = page.getByRole('row').filter({ hasText: '门店日志' });
  await expect(logRow.getByRole('cell').nth(2)).not.toHaveText('0');
  await shot(page, 'store-sync');
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-result')).toContainText(/上传 [1-9]\d* 条记录/);
  await expect(page.getByTestId('push-backlog')).toHaveText('0');
  await expect(logRow.getByRole('cell').nth(2)).toHaveText('0');
});

/** The id of a product of the global seed, by code (at HQ: the same ids reach the store). */
async function productId(token: string, code: string): Promise<string> {
  const page = await api<{ items: { id: string; code: string }[] }>('GET', `/api/catalog/products?search=${code}`, token);
  return page.items.find((p) => p.code === code)!.id;
}

test('要货申请 with suggestions is submitted; HQ approves and ships; 调拨入库 receives it with a short line', async ({ page }) => {
  const admin = await apiLogin('admin', adminPassword());
  const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  const product = await productId(admin, 'E2E-021');
  // HQ's own warehouse with stock to ship from
  const me = await api<{ orgUnit: { id: string } }>('GET', '/api/auth/me', admin);
  const hqWh = await api<{ id: string }>('POST', '/api/inventory/warehouses', admin, { code: 'WH-E2E-C', name: '总部测试仓', orgUnitId: me.orgUnit.id });
  const stockIn = await api<{ id: string }>('POST', '/api/inventory/other-receipts', admin, {
    warehouseId: hqWh.id,
    lines: [{ productId: product, quantity: '100', unitCost: '5', reasonCode: 'other' }],
  });
  await api('POST', `/api/inventory/other-receipts/${stockIn.id}/post`, admin);
  // HQ sets the store's minimum 20 and maximum 40; nothing on hand → 40 suggested once synced
  const wh = await api<{ items: { id: string; code: string }[] }>('GET', `/api/inventory/warehouses?search=${STORE.warehouseCode}`, admin);
  const storeWh = wh.items.find((w) => w.code === STORE.warehouseCode)!.id;
  await api('PUT', '/api/inventory/limits', admin, { warehouseId: storeWh, productId: product, minQty: '20', maxQty: '40' });
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});

  await signIn(page, STORE.manager.username, STORE.manager.password, storeUrl());
  await page.goto(storeUrl() + '/store/requests');
  await page.getByTestId('request-new').click();
  const row = page.getByRole('row').filter({ hasText: 'E2E-021' });
  await expect(row).toContainText('40');
  await expect(row).toContainText('再订货点 20');
  await shot(page, 'store-request-new');
  await row.getByTestId('qty-E2E-021').fill('12');
  await page.getByTestId('request-submit').click();
  await expect(page.getByText(/要货申请 .* 已提交/)).toBeVisible();
  const listed = page.getByRole('row').filter({ hasText: '已提交' }).first();
  await expect(listed).toBeVisible();

  // the request reaches HQ; HQ approves and ships it (连锁管理: 要货确认, 调拨出库), the store syncs
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});
  const mine = await apiAt<{ items: { id: string; number: string; status: string }[] }>(storeUrl(), 'GET', '/api/replenishment/requests?status=submitted', manager);
  const request = await api<{ id: string; lines: { id: string; productId: string }[] }>('GET', `/api/replenishment/requests/${mine.items[0].id}`, admin);
  expect(request.lines.map((l) => l.productId)).toContain(product);
  await api('POST', `/api/replenishment/requests/${request.id}/approve`, admin, {});
  const draft = await api<{ id: string }>('POST', '/api/transfer-shipments', admin, { fromWarehouseId: hqWh.id, requestIds: [request.id] });
  const shipment = await api<{ number: string }>('POST', `/api/transfer-shipments/${draft.id}/post`, admin);
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});

  await page.goto(storeUrl() + '/store/receipts');
  await page.getByTestId(`receive-${shipment.number}`).click();
  await expect(page.getByRole('dialog')).toContainText('E2E-021');
  // 10 of the 12 arrived: the two missing are said to be short
  await page.getByTestId('received-E2E-021').fill('10');
  await expect(page.getByTestId('short-E2E-021')).toHaveValue('2.000');
  await shot(page, 'store-transfer-receipt');
  await page.getByTestId('receipt-post').click();
  await expect(page.getByText(/调拨入库单 .* 已入库/)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: shipment.number })).toContainText('已入库');

  // 10 taken into the store's stock; HQ learns of the short 2 with the receipt
  const stock = await apiAt<{ items: { qty: string }[] }>(storeUrl(), 'GET', `/api/inventory/stock?warehouseId=${storeWh}&productId=${product}`, manager);
  expect(stock.items.map((s) => Number(s.qty))).toEqual([10]);
});

test('小票设置: the live preview follows the settings on screen (58/80 mm, header, printed fields)', async ({ page }) => {
  const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  const before = (await apiAt<{ effective: { receipt: unknown } }>(storeUrl(), 'GET', '/api/pos/settings', manager)).effective.receipt;
  try {
    await signIn(page, STORE.manager.username, STORE.manager.password, storeUrl());
    await page.goto(storeUrl() + '/store-settings/receipt');
    const preview = page.getByTestId('receipt-preview');
    await expect(preview).toContainText('应收');
    await page.getByText('58 mm（32 字符）').click();
    await page.getByTestId('receipt-header').fill('一号店欢迎您\n营业时间 8:00-22:00');
    await expect(preview).toContainText('一号店欢迎您');
    await expect(preview).toContainText('营业时间 8:00-22:00');
    await page.getByTestId('field-cashier').check();
    await expect(preview).toContainText('收银员:');
    const widest = async () =>
      Math.max(...((await preview.textContent()) ?? '').split('\n').map((l) => [...l].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0)));
    expect(await widest()).toBeLessThanOrEqual(32);
    await expect(page.getByText('小票预览（58 mm）')).toBeVisible();
    await shot(page, 'store-receipt-settings');

    // 80 mm paper, no cashier: the preview widens and drops the line
    await page.getByText('80 mm（48 字符）').click();
    await page.getByTestId('field-cashier').uncheck();
    await expect(page.getByText('小票预览（80 mm）')).toBeVisible();
    await expect(preview).not.toContainText('收银员:');
    await expect.poll(widest).toBeGreaterThan(32);

    await page.getByTestId('settings-save').click();
    await expect(page.getByText('已保存')).toBeVisible();
    const saved = (await apiAt<{ effective: { receipt: { header: string[]; width: number; fields: { cashier: boolean } } } }>(storeUrl(), 'GET', '/api/pos/settings', manager))
      .effective.receipt;
    expect(saved).toMatchObject({ header: ['一号店欢迎您', '营业时间 8:00-22:00'], width: 48, fields: { cashier: false } });
  } finally {
    await apiAt(storeUrl(), 'PUT', '/api/pos/settings', manager, { receipt: before });
  }
});

test('键盘设置: a shortcut is set by pressing it, a key used twice is refused, and the till reads what was saved', async ({ page }) => {
  const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  const cashier = await apiLogin(STORE.cashier.username, STORE.cashier.password, storeUrl());
  const before = (await apiAt<{ effective: { keyboard: unknown } }>(storeUrl(), 'GET', '/api/pos/settings', manager)).effective.keyboard;
  try {
    await signIn(page, STORE.manager.username, STORE.manager.password, storeUrl());
    await page.goto(storeUrl() + '/store-settings/keyboard');
    await expect(page.getByTestId('key-search')).toHaveValue(/.+/);
    const search = await page.getByTestId('key-search').inputValue();
    await page.getByTestId('key-open-drawer').click();
    await page.keyboard.press('Alt+KeyD');
    await expect(page.getByTestId('key-open-drawer')).toHaveValue('Alt+D');
    // the search key again on 取单: both marked, and the server refuses it
    await page.getByTestId('key-resume').click();
    await page.keyboard.press(search);
    await expect(page.getByText('按键重复').first()).toBeVisible();
    await shot(page, 'store-keyboard-settings');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-error')).toContainText('POS_SETTINGS_INVALID');
    await page.getByTestId('key-resume').click();
    await page.keyboard.press('Backspace');
    await page.getByTestId('settings-save').click();
    await expect(page.getByText('已保存')).toBeVisible();
    // the till (a cashier's sign-in) reads the new key
    const till = (await apiAt<{ effective: { keyboard: { shortcuts: { action: string; key: string }[] } } }>(storeUrl(), 'GET', '/api/pos/settings', cashier)).effective.keyboard;
    expect(till.shortcuts).toContainEqual({ action: 'open-drawer', key: 'Alt+D' });
    expect(till.shortcuts.find((s) => s.action === 'resume')).toBeUndefined();
  } finally {
    await apiAt(storeUrl(), 'PUT', '/api/pos/settings', manager, { keyboard: before });
  }
});

test('交班对账 shows a handed-over shift per payment method, and opens its 收银流水', async ({ page }) => {
  // a cashier's shift on a till of this test's own: float 100, handed over 2 yuan short
  const cashier = await apiLogin(STORE.cashier.username, STORE.cashier.password, storeUrl());
  type Method = { id: string; type: string };
  const cashAtStore = async () => {
    const m = await apiAt<Method[] | { items: Method[] }>(storeUrl(), 'GET', '/api/pos/payment-methods', cashier);
    return (Array.isArray(m) ? m : m.items).find((x) => x.type === 'cash');
  };
  let cash = await cashAtStore();
  if (!cash) {
    // HQ keeps the payment methods (基本信息 - 付款方式); the store gets them by sync
    const admin = await apiLogin('admin', adminPassword());
    await api('POST', '/api/catalog/payment-methods', admin, { code: 'E2E-CASH', name: '现金', type: 'cash', allowsChange: true, enabled: true });
    const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
    await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});
    cash = (await cashAtStore())!;
  }
  const shift = await apiAt<{ id: string; shiftNo: string }>(storeUrl(), 'POST', '/api/pos/shifts', cashier, { tillCode: 'C9', openingFloat: '100.00' });
  await apiAt(storeUrl(), 'POST', `/api/pos/shifts/${shift.id}/handover`, cashier, { counts: [{ paymentMethodId: cash.id, amount: '98.00' }] });

  await signIn(page, STORE.manager.username, STORE.manager.password, storeUrl());
  await page.goto(storeUrl() + '/store/shifts');
  await expect(page.getByTestId('day-reconciliation')).toContainText('全天对账');
  const row = page.getByRole('row').filter({ hasText: shift.shiftNo });
  await expect(row).toContainText('C9');
  await expect(row).toContainText('已交班');
  await expect(row).toContainText('-2.00');
  await shot(page, 'store-shifts');
  await row.getByRole('link', { name: shift.shiftNo }).click();
  await expect(page.getByTestId('journal-shift')).toContainText(shift.shiftNo);
  await expect(page.getByTestId('journal-totals')).toContainText('净销售');
});

test('门店采购 (HQ allows S001): a goods receipt from a supplier is posted into the store’s stock', async ({ page }) => {
  const admin = await apiLogin('admin', adminPassword());
  const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  await api('POST', '/api/catalog/suppliers', admin, { code: 'SUP-E2E-C', name: '测试供应商丙' });
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});

  await signIn(page, STORE.manager.username, STORE.manager.password, storeUrl());
  await page.goto(storeUrl() + '/store/purchases');
  await page.getByTestId('purchase-new').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('purchase-supplier').click();
  await page.getByTitle('SUP-E2E-C 测试供应商丙').click();
  await dialog.getByTestId('purchase-product').click();
  await page.keyboard.type('E2E-022');
  await page.getByTitle('E2E-022 测试商品 022').click();
  await dialog.getByTestId('purchase-qty').fill('6');
  await dialog.getByTestId('purchase-post').click();
  await expect(page.getByText(/已过账/).first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'SUP-E2E-C' }).first()).toContainText('已过账');

  const product = await productId(admin, 'E2E-022');
  const wh = await api<{ items: { id: string; code: string }[] }>('GET', `/api/inventory/warehouses?search=${STORE.warehouseCode}`, admin);
  const storeWh = wh.items.find((w) => w.code === STORE.warehouseCode)!.id;
  const stock = await apiAt<{ items: { qty: string }[] }>(storeUrl(), 'GET', `/api/inventory/stock?warehouseId=${storeWh}&productId=${product}`, manager);
  expect(stock.items.map((s) => Number(s.qty))).toEqual([6]);
});
