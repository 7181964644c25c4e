import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { adminPassword, api, apiAt, apiLogin, baseUrl, receiveAtStore, shot, signIn, STORE, storeUrl, pick } from './helpers';

/**
 * The remaining HQ screens of issue 20 in a real browser against the real HQ (and store S001) of the
 * global setup: a purchase order's lines imported from Excel (a bad row refuses the whole file and is
 * shown, the fixed file goes in), a receipt without an order raising stock and a free return taking
 * some back, the purchasing settings refusing a bad value on its field, and the card actions — blank
 * cards moved and voided, a card reported lost refused at the till, its replacement carrying the
 * balance. Every test makes its own data with codes unique to the run (other spec files share HQ).
 */
const run = Date.now().toString(36).slice(-5).toUpperCase();
let seq = 0;
const unique = (prefix: string) => `${prefix}${run}${++seq}`;
let admin: string;

interface Named {
  id: string;
  code: string;
  name: string;
}

test.beforeAll(async () => {
  admin = await apiLogin('admin', adminPassword());
});

/** A user holding exactly these permissions (a role of its own). */
async function userWith(permissions: string[], tag: string): Promise<{ username: string; password: string }> {
  const role = await api<{ id: string }>('POST', '/api/roles', admin, { code: unique(`r-${tag}-`).toLowerCase(), name: `${tag} ${run}${seq}`, permissions });
  const user = { username: unique(`u-${tag}-`).toLowerCase(), password: 'pass-word-12345' };
  await api('POST', '/api/users', admin, { ...user, displayName: `${tag}${seq}`, roleIds: [role.id] });
  return user;
}

/** Picks an option of an antd select reached by its label: types to search, clicks the match. */

/** S001's cash payment method (HQ keeps the methods; made and synced down when missing). */
async function cashAtStore(cashier: string): Promise<{ id: string }> {
  type Method = { id: string; type: string };
  const find = async () => {
    const m = await apiAt<Method[] | { items: Method[] }>(storeUrl(), 'GET', '/api/pos/payment-methods', cashier);
    return (Array.isArray(m) ? m : m.items).find((x) => x.type === 'cash');
  };
  const found = await find();
  if (found) return found;
  await api('POST', '/api/catalog/payment-methods', admin, { code: unique('CASH'), name: '现金', type: 'cash', allowsChange: true, enabled: true });
  const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});
  return (await find())!;
}

async function purchasingData() {
  const me = await api<{ orgUnit: { id: string } }>('GET', '/api/auth/me', admin);
  const warehouse = await api<Named>('POST', '/api/inventory/warehouses', admin, { code: unique('WH'), name: `总仓 ${run}${seq}`, orgUnitId: me.orgUnit.id });
  const supplier = await api<Named>('POST', '/api/catalog/suppliers', admin, { code: unique('SUP'), name: `供应商 ${run}${seq}` });
  const products: Named[] = [];
  for (const price of ['8.00', '2.50']) {
    products.push(
      await api<Named>('POST', '/api/catalog/products', admin, { code: unique('P'), name: `商品 ${run}-${seq}`, purchasePrice: price, retailPrice: '20.00', taxRate: '13' }),
    );
  }
  return { warehouse, supplier, products };
}

async function stockOf(productId: string, warehouseId: string): Promise<string> {
  const page = await api<{ items: { qty?: string; quantity?: string; onHand?: string }[] }>('GET', `/api/inventory/stock?productId=${productId}&warehouseId=${warehouseId}`, admin);
  const row = page.items[0];
  return row ? String(row.qty ?? row.quantity ?? row.onHand) : '0';
}

test("a buyer imports a purchase order's lines from Excel: a bad row refuses the file and is shown, the fixed file goes in", async ({ page }) => {
  const { warehouse, supplier, products } = await purchasingData();
  const order = await api<{ id: string; number: string }>('POST', '/api/purchase-orders', admin, { supplierId: supplier.id, warehouseId: warehouse.id, lines: [] });
  const buyer = await userWith(['purchase.read', 'purchase.order.write', 'catalog.read'], 'buyer');
  const sheet = async (name: string, rows: (string | number)[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('明细');
    ws.addRow(['商品编码', '数量', '含税单价', '税率%', '备注']);
    for (const r of rows) ws.addRow(r);
    mkdirSync(test.info().outputDir, { recursive: true });
    const file = join(test.info().outputDir, name);
    await wb.xlsx.writeFile(file);
    return file;
  };
  const bad = await sheet(`订单明细-错-${run}.xlsx`, [
    [products[0].code, 12, '7.80', '', ''],
    [`NOPE${run}`, 3, '', '', ''],
    [products[1].code, 40, '', '', '整箱'],
  ]);
  const good = await sheet(`订单明细-${run}.xlsx`, [
    [products[0].code, 12, '7.80', '', ''],
    [products[1].code, 40, '', '', '整箱'],
  ]);

  await signIn(page, buyer.username, buyer.password);
  await page.getByRole('menuitem', { name: '采购订单' }).click();
  await page.getByLabel('关键字').fill(order.number);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await page.getByText(order.number, { exact: true }).click();
  const drawer = page.getByTestId('po-drawer');
  await drawer.getByTestId('po-import-lines').click();
  // the order's drawer is a dialog too (its button says 从 Excel 导入明细): the import is the modal
  const dialog = page.locator('.ant-modal').filter({ hasText: '全部导入' });
  await dialog.locator('input[type=file]').setInputFiles(bad);
  await dialog.getByTestId('import-lines').click();
  // the unknown product on Excel row 3 is named; nothing was written
  await expect(dialog.getByTestId('import-error')).toContainText('PURCHASE_IMPORT_INVALID');
  const errors = dialog.getByTestId('import-errors');
  await expect(errors.locator('tr', { hasText: `NOPE${run}` })).toContainText('3');
  await expect(errors.locator('tr', { hasText: `NOPE${run}` })).toContainText('UNKNOWN_REFERENCE');
  expect((await api<{ lines: unknown[] }>('GET', `/api/purchase-orders/${order.id}`, admin)).lines).toHaveLength(0);

  // the fixed file goes in whole: 12 × 7.80 + 40 × 2.50 (the product's price) = 193.60
  await dialog.locator('input[type=file]').setInputFiles(good);
  await dialog.getByTestId('import-lines').click();
  await expect(dialog.getByTestId('import-result')).toContainText('2');
  await dialog.locator('.ant-modal-close').click();
  await expect(drawer.locator('tr', { hasText: products[1].code })).toContainText('40');
  await expect(drawer).toContainText('193.60');
});

/** Closes the open document drawer with its ✕ (Escape closes it only while the focus is inside it). */
async function closeDrawer(page: Page): Promise<void> {
  await page.locator('.ant-drawer-open .ant-drawer-close').click();
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
}

test('a receipt without an order raises the stock; a free return takes some back; the reports show them', async ({ page }) => {
  const { warehouse, supplier, products } = await purchasingData();
  const clerk = await userWith(
    ['purchase.read', 'purchase.receipt.write', 'purchase.receipt.without-order', 'purchase.return.write', 'inventory.read', 'catalog.read', 'report.read'],
    'recv',
  );

  await signIn(page, clerk.username, clerk.password);
  await page.getByRole('menuitem', { name: '验收入库' }).click();
  await page.getByTestId('gr-create-free').click();
  const dialog = page.getByRole('dialog').filter({ hasText: '无订单收货（验收入库）' });
  await pick(page, dialog, '供应商', supplier.code);
  await pick(page, dialog, '仓库', warehouse.code);
  await dialog.getByTestId('line-row').first().locator('.ant-select-selector').click();
  await page.keyboard.type(products[0].code);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: products[0].code }).first().click();
  // a quantity of zero is refused by the server on its cell, nothing is written
  await dialog.getByTestId('line-quantity-0').fill('0');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect(dialog.getByTestId('form-error')).toBeVisible();
  expect(await stockOf(products[0].id, warehouse.id)).toBe('0');
  await dialog.getByTestId('line-quantity-0').fill('7');
  await dialog.getByTestId('line-unitPrice-0').fill('7.50');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect(dialog).toBeHidden();
  const grDrawer = page.getByTestId('gr-drawer');
  await expect(grDrawer.getByTestId('doc-status')).toHaveText('已过账');
  const receiptNo = (await grDrawer.locator('.ant-drawer-title').textContent())!.match(/GR-[\w-]+/)?.[0];
  expect(receiptNo).toBeTruthy();
  expect(Number(await stockOf(products[0].id, warehouse.id))).toBe(7);

  // a return to the supplier without naming the receipt: 2 go back
  await closeDrawer(page);
  await page.getByRole('menuitem', { name: '采购退货' }).click();
  await page.getByTestId('pr-create-free').click();
  const ret = page.getByRole('dialog').filter({ hasText: '采购退货（不按验收单）' });
  await pick(page, ret, '供应商', supplier.code);
  await pick(page, ret, '仓库', warehouse.code);
  await ret.getByLabel('退货原因').fill('包装破损退回');
  await ret.getByTestId('line-row').first().locator('.ant-select-selector').click();
  await page.keyboard.type(products[0].code);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: products[0].code }).first().click();
  await ret.getByTestId('line-quantity-0').fill('2');
  await ret.getByRole('button', { name: /确\s*定/ }).click();
  await expect(ret).toBeHidden();
  await expect(page.locator('.ant-drawer').getByTestId('doc-status')).toHaveText('已过账');
  expect(Number(await stockOf(products[0].id, warehouse.id))).toBe(5);

  // 采购报表 → 供应商价格历史 shows the receipt's price; 库存报表 → by category shows the warehouse
  await closeDrawer(page);
  await page.getByRole('menuitem', { name: '采购报表' }).click();
  await page.getByRole('tab', { name: '供应商价格历史' }).click();
  const history = page.getByRole('tabpanel', { name: '供应商价格历史' });
  await pick(page, history, '供应商', supplier.code);
  await history.getByRole('button', { name: /查\s*询/ }).click();
  const line = history.locator('.ant-table-row', { hasText: products[0].code });
  await expect(line).toContainText('7.50');
  await expect(line).toContainText(receiptNo!);
  await page.getByRole('menuitem', { name: '库存报表' }).click();
  await page.getByRole('tab', { name: '库存金额（按类别）' }).click();
  await expect(page.getByRole('tabpanel', { name: '库存金额（按类别）' }).locator('.ant-table-row', { hasText: warehouse.code })).toBeVisible();
});

test('purchasing settings: a tolerance over 100 is refused on its field, thresholds are saved', async ({ page }) => {
  const before = await api<{ approvalThresholds: string[]; overReceiptTolerancePercent: string }>('GET', '/api/purchasing/settings', admin);
  try {
    await signIn(page, 'admin', adminPassword());
    await page.getByRole('menuitem', { name: '采购设置' }).click();
    const form = page.getByTestId('purchasing-settings');
    await form.getByLabel('超收容差').fill('120');
    await form.getByTestId('settings-save').click();
    await expect(form.getByTestId('settings-error')).toBeVisible();
    expect((await api<{ overReceiptTolerancePercent: string }>('GET', '/api/purchasing/settings', admin)).overReceiptTolerancePercent).toBe(before.overReceiptTolerancePercent);
    await form.getByLabel('审核金额门槛').fill('50000\n200000');
    await form.getByLabel('超收容差').fill('5');
    await form.getByTestId('settings-save').click();
    await expect(page.getByText('已保存')).toBeVisible();
    const after = await api<{ approvalThresholds: string[]; overReceiptTolerancePercent: string }>('GET', '/api/purchasing/settings', admin);
    expect(after.approvalThresholds.map(Number)).toEqual([50000, 200000]);
    expect(Number(after.overReceiptTolerancePercent)).toBe(5);
  } finally {
    await api('PUT', '/api/purchasing/settings', admin, before);
  }
});

test('blank cards move to a store and are voided; a card reported lost is refused at the till and its replacement carries the balance', async ({ page }) => {
  const u = unique('').replace(/[^A-Z0-9]/g, '');
  const prefix = `L${u.replace(/\d/g, 'Q').slice(0, 3)}`;
  const type = await api<{ id: string }>('POST', '/api/member-card-types', admin, {
    code: `T${u}`,
    name: `储值卡${u}`,
    pricing: 'discount',
    discountRate: '0.95',
    pointsRate: '1',
    storedValueAllowed: true,
  });
  const store = (await api<{ items: Named[] }>('GET', `/api/org-units?kind=store&search=${STORE.code}`, admin)).items[0];
  // cards 1–2 at S001 (issued / blank), cards 3–5 blank at HQ
  await api('POST', '/api/member-card-batches', admin, { cardTypeId: type.id, scope: 'chain', prefix, startNo: 1, quantity: 2, numberWidth: 6, ownerStoreId: store.id });
  await api('POST', '/api/member-card-batches', admin, { cardTypeId: type.id, scope: 'chain', prefix, startNo: 3, quantity: 3, numberWidth: 6 });
  const card = (n: number) => `${prefix}${String(n).padStart(6, '0')}`;
  await api('POST', `/api/member-center/issue?storeId=${store.id}`, admin, {
    issueId: randomUUID(),
    cardNo: card(1),
    member: { name: `会员${u}`, mobile: `137${String(Date.now()).slice(-8)}` },
  });
  await api('POST', '/api/member-adjustments', admin, { id: randomUUID(), cardNo: card(1), account: 'stored_value', delta: '50.00', reason: '开卡预存' });
  // card staff with the card rights only: no 机构 read right, the dialogs list the stores from /api/member-cards/stores
  const staff = await userWith(['member.read', 'member.card.manage'], 'cards');
  await signIn(page, staff.username, staff.password);

  // 卡台账: an issued card cannot move (the server says why), the run of blank cards 3–4 moves to S001, card 5 is voided
  await page.getByRole('menuitem', { name: '卡台账' }).click();
  await page.getByRole('button', { name: '调拨到门店' }).click();
  const move = page.getByRole('dialog').filter({ hasText: '空卡调拨到门店' });
  await pick(page, move, '调入门店', STORE.code);
  await move.getByLabel('卡号清单').fill(card(1));
  await move.getByLabel('原因').fill('二号店空卡不足');
  await move.getByRole('button', { name: /确\s*定/ }).click();
  await expect(move.getByTestId('form-error')).toContainText('MEMBER_CARD_NOT_MOVABLE');
  await move.getByLabel('卡号清单').fill('');
  await move.getByLabel('起始卡号').fill(card(3));
  await move.getByLabel('结束卡号').fill(card(4));
  await move.getByRole('button', { name: /确\s*定/ }).click();
  await expect(move).toBeHidden();
  await expect(page.getByText('已调拨 2 张卡')).toBeVisible();
  await page.getByLabel('卡号', { exact: true }).fill(card(4));
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page.locator('.ant-table-tbody tr.ant-table-row', { hasText: card(4) })).toContainText(STORE.code);
  await page.getByLabel('卡号', { exact: true }).fill(card(5));
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const five = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: card(5) });
  await five.getByText('作废').click();
  const voiding = page.getByRole('dialog').filter({ hasText: `作废空卡 ${card(5)}` });
  await voiding.getByLabel('原因').fill('卡面损坏');
  await voiding.getByRole('button', { name: /确\s*定/ }).click();
  await expect(five).toContainText('已作废');

  // 会员中心: card 1 reported lost
  await page.getByRole('menuitem', { name: '会员中心' }).click();
  await page.getByTestId('member-search').fill(card(1));
  await page.getByTestId('member-search').press('Enter');
  const cards = page.getByTestId('member-cards');
  await expect(cards.getByTestId('stored-value')).toHaveText('50.00');
  await cards.getByText('挂失').click();
  const lost = page.getByRole('dialog').filter({ hasText: `挂失卡 ${card(1)}` });
  await lost.getByLabel('原因').fill('顾客电话挂失');
  await lost.getByRole('button', { name: /确\s*定/ }).click();
  await expect(lost).toBeHidden();
  await expect(cards).toContainText('已挂失');

  // the till refuses it: a top-up at S001 names the card as blocked
  const cashier = await apiLogin(STORE.cashier.username, STORE.cashier.password, storeUrl());
  const cash = await cashAtStore(cashier);
  const till = `H${run}`.slice(0, 4);
  const shift = await apiAt<{ id: string }>(storeUrl(), 'POST', '/api/pos/shifts', cashier, { tillCode: till, openingFloat: '0.00' });
  const topUp = (cardNo: string) =>
    fetch(`${storeUrl()}/api/pos/top-ups`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${cashier}` },
      body: JSON.stringify({ id: randomUUID(), shiftId: shift.id, cardNo, amount: '10.00', paymentMethodId: cash.id }),
    });
  const refused = await topUp(card(1));
  expect(refused.status).toBeGreaterThanOrEqual(400);
  expect(refused.status).toBeLessThan(500);
  expect(await refused.text()).toContain('MEMBER_CARD_BLOCKED');

  // 补卡: card 2 (blank at S001) takes over the member and the 50.00
  await cards.getByText('补卡').click();
  const replace = page.getByRole('dialog').filter({ hasText: `卡 ${card(1)} 补卡` });
  await replace.getByLabel('新卡号').fill(card(2));
  await replace.getByLabel('原因').fill('遗失补卡');
  await replace.getByRole('button', { name: /确\s*定/ }).click();
  await expect(replace).toBeHidden();
  await expect(page.getByText(`已补卡，新卡 ${card(2)}`)).toBeVisible();
  const fresh = cards.locator('tr', { hasText: card(2) });
  await expect(fresh).toContainText('已发卡');
  await expect(fresh.getByTestId('stored-value')).toHaveText('50.00');
  await expect(page.getByText(`会员${u}`)).toBeVisible();
  // the replacement works at the till once S001 has synced (its copy of card 2 was a blank card)
  const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});
  const accepted = await topUp(card(2));
  expect(accepted.status, await accepted.clone().text()).toBeLessThan(300);
  await apiAt(storeUrl(), 'POST', `/api/pos/shifts/${shift.id}/handover`, cashier, { counts: [{ paymentMethodId: cash.id, amount: '10.00' }] });

  // the new card's ledger: the 50.00 moved in from the lost card, then the till's top-up
  await fresh.getByText(card(2)).click();
  const drawer = page.locator('.ant-drawer');
  await drawer.getByRole('tab', { name: '卡流水' }).click();
  const ledger = drawer.getByTestId('card-ledger');
  await expect(ledger.locator('tr', { hasText: '补卡转入' })).toContainText('50.00');
  await expect(ledger.locator('tr', { hasText: '充值' }).first()).toContainText('60.00');
  // the lost card's ledger shows the balance leaving it
  await closeDrawer(page);
  await cards
    .locator('tr', { hasText: card(1) })
    .getByText(card(1))
    .click();
  await drawer.getByRole('tab', { name: '卡流水' }).click();
  await expect(drawer.getByTestId('card-ledger').locator('tr', { hasText: '补卡转出' })).toContainText('-50.00');
});

test('库存设置 changes a store’s near-expiry window; 要货设置 and 门店采购 open with their data', async ({ page }) => {
  const store = (await api<{ items: Named[] }>('GET', `/api/org-units?kind=store&search=${STORE.code}`, admin)).items[0];
  const before = await api<{ allowNegativeStock: boolean; nearExpiryDays: number }>('GET', `/api/inventory/settings/${store.id}`, admin);
  const settlement = await api<{ shortTreatment: string; damagedTreatment: string }>('GET', '/api/replenishment/settings', admin);
  try {
    await signIn(page, 'admin', adminPassword());
    await page.getByRole('menuitem', { name: '库存设置' }).click();
    await page.getByTestId('settings-org-unit').locator('.ant-select-selector').click();
    await page.keyboard.type(STORE.code);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: STORE.code }).first().click();
    const form = page.getByTestId('inventory-settings');
    await expect(form.getByLabel('临期预警天数')).toHaveValue(String(before.nearExpiryDays));
    await form.getByLabel('临期预警天数').fill(String(before.nearExpiryDays + 15));
    await form.getByTestId('settings-save').click();
    await expect(page.getByText('已保存')).toBeVisible();
    expect((await api<{ nearExpiryDays: number }>('GET', `/api/inventory/settings/${store.id}`, admin)).nearExpiryDays).toBe(before.nearExpiryDays + 15);

    await page.getByRole('menuitem', { name: '要货设置' }).click();
    const rules = page.getByTestId('replenishment-settings');
    const label = (v: string) => (v === 'write_off' ? '报损' : '向承运人索赔');
    await expect(rules.getByRole('radio', { name: label(settlement.shortTreatment) }).first()).toBeChecked();

    // 门店采购: S001 was opened allowing store purchasing; the switch shows what the store has now
    await page.getByRole('menuitem', { name: '门店采购' }).click();
    await page.locator('.ant-alert .ant-select-selector').click();
    await page.keyboard.type(STORE.code);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: STORE.code }).first().click();
    await expect(page.getByTestId('switch-current')).toHaveText('当前：允许自采');
    await expect(page.locator('.ant-table')).toBeVisible();
  } finally {
    await api('PUT', `/api/inventory/settings/${store.id}`, admin, { allowNegativeStock: before.allowNegativeStock, nearExpiryDays: before.nearExpiryDays });
  }
});

test('a sale at S001 reaches HQ: the dashboard and 销售报表 chart it (the chart library drawn, every figure readable as text)', async ({ page }) => {
  const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  const cashier = await apiLogin(STORE.cashier.username, STORE.cashier.password, storeUrl());
  await receiveAtStore(manager, ['E2E-020'], '5');
  const cash = await cashAtStore(cashier);
  const shift = await apiAt<{ id: string }>(storeUrl(), 'POST', '/api/pos/shifts', cashier, { tillCode: `C${run}`.slice(0, 4), openingFloat: '0.00' });
  await apiAt(storeUrl(), 'POST', '/api/pos/sales', cashier, {
    id: randomUUID(),
    shiftId: shift.id,
    lines: [{ productCode: 'E2E-020', quantity: '1' }],
    payments: [{ paymentMethodId: cash.id, amount: '100.00' }],
  });
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});

  await signIn(page, 'admin', adminPassword());
  const today = page.getByTestId('sales-chart');
  await expect(today).toHaveAttribute('aria-label', /S001 ¥\d/);
  await expect(today.locator('canvas').first()).toBeVisible();
  await shot(page, 'dashboard');

  await page.goto(`${baseUrl()}/reports/sales`);
  const chart = page.getByTestId('bar-chart');
  await expect(chart).toHaveAttribute('aria-label', /S001 \d/);
  await expect(chart.locator('canvas').first()).toBeVisible();
  await expect(page.locator('.ant-table-row', { hasText: 'S001' })).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await shot(page, 'report-sales');
});
