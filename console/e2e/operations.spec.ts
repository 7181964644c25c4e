import { expect, test } from '@playwright/test';
import { adminPassword, api, apiAt, apiLogin, baseUrl, signIn, STORE, storeUrl, pick } from './helpers';

/**
 * HQ operations screens (采购管理, 库存管理, 连锁管理) in a real browser against the real HQ of the
 * global setup. Every test makes its own data through the API with codes unique to the run, since
 * other spec files share the same HQ.
 */
const run = Date.now().toString(36).slice(-5).toUpperCase();
let seq = 0;
const unique = (prefix: string) => `${prefix}${run}${++seq}`;

interface Named {
  id: string;
  code: string;
  name: string;
}

/** Picks an option of an antd select reached by its label: types to search, clicks the match. */

/** A user with exactly these permissions (at HQ), and a password. */
async function makeUser(admin: string, permissions: string[], name: string): Promise<{ username: string; password: string }> {
  const role = await api<{ id: string }>('POST', '/api/roles', admin, { code: unique('r-').toLowerCase(), name: `${name} ${run}`, permissions });
  const username = unique('u-').toLowerCase();
  const password = 'pass-word-12345';
  await api('POST', '/api/users', admin, { username, displayName: `${name}${seq}`, password, roleIds: [role.id] });
  return { username, password };
}

async function hqSetup(admin: string) {
  const me = await api<{ orgUnit: { id: string } }>('GET', '/api/auth/me', admin);
  const warehouse = await api<Named>('POST', '/api/inventory/warehouses', admin, { code: unique('WH'), name: `采购仓 ${run}${seq}`, orgUnitId: me.orgUnit.id });
  const supplier = await api<Named>('POST', '/api/catalog/suppliers', admin, { code: unique('SUP'), name: `测试供应商 ${run}` });
  const products: Named[] = [];
  for (const [price, retail] of [
    ['12.50', '19.90'],
    ['3.20', '5.50'],
  ]) {
    products.push(
      await api<Named>('POST', '/api/catalog/products', admin, { code: unique('P'), name: `采购商品 ${run}-${seq}`, purchasePrice: price, retailPrice: retail, taxRate: '13' }),
    );
  }
  return { hqId: me.orgUnit.id, warehouse, supplier, products };
}

test('a buyer makes a purchase order, a second user approves it, goods arrive with one line short, and the stock shows it', async ({ page, browser }) => {
  const admin = await apiLogin('admin', adminPassword());
  const { warehouse, supplier, products } = await hqSetup(admin);
  const buyer = await makeUser(admin, ['purchase.read', 'purchase.order.write', 'purchase.receipt.write', 'inventory.read', 'catalog.read'], '采购员');
  const approver = await makeUser(admin, ['purchase.read', 'purchase.order.approve'], '审核员');

  // the buyer writes the order: supplier, warehouse, two lines priced by the server
  await signIn(page, buyer.username, buyer.password);
  await page.getByRole('menuitem', { name: '采购订单' }).click();
  await page.getByTestId('po-create').click();
  const dialog = page.getByRole('dialog').filter({ hasText: '新建采购订单' });
  await pick(page, dialog, '供应商', supplier.code);
  await pick(page, dialog, '仓库', warehouse.code);
  for (const [i, [p, q]] of (
    [
      [products[0], '10'],
      [products[1], '5'],
    ] as const
  ).entries()) {
    if (i > 0) await dialog.getByTestId('add-line').click();
    await dialog.getByTestId('line-row').nth(i).locator('.ant-select-selector').click();
    await page.keyboard.type(p.code);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: p.code }).first().click();
    await dialog.getByTestId(`line-quantity-${i}`).fill(q);
  }
  await dialog.getByRole('button', { name: /保\s*存/ }).click();

  // the order opens: priced from the product's purchase price, 10 × 12.50 + 5 × 3.20 = 141.00
  const drawer = page.getByTestId('po-drawer');
  await expect(drawer.getByTestId('doc-status')).toHaveText('草稿');
  await expect(drawer).toContainText('141.00');
  const number = (await drawer.locator('.ant-drawer-title').textContent())!.replace('采购订单', '').trim();
  await drawer.getByTestId('po-submit').click();
  await expect(drawer.getByTestId('doc-status')).toHaveText('待审核');
  // the buyer holds no approval right: no approve button
  await expect(drawer.getByTestId('po-approve')).toHaveCount(0);
  const orderUrl = page.url();

  // a second user approves
  const other = await browser.newContext();
  const approverPage = await other.newPage();
  await signIn(approverPage, approver.username, approver.password);
  await approverPage.goto(orderUrl);
  const approverDrawer = approverPage.getByTestId('po-drawer');
  await approverDrawer.getByTestId('po-approve').click();
  await expect(approverDrawer.getByTestId('doc-status')).toHaveText('已审核');
  await approverDrawer.getByRole('tab', { name: '审计记录' }).click();
  await expect(approverDrawer.getByTestId('audit-trail')).toContainText('提交');
  await expect(approverDrawer.getByTestId('audit-trail')).toContainText(approver.username);
  await other.close();

  // the buyer receives it: the outstanding quantities come in, the second line arrives short
  await page.reload();
  await drawer.getByTestId('po-receive').click();
  const receipt = page.getByRole('dialog').filter({ hasText: '新建验收单' });
  await expect(receipt.getByTestId('gr-qty-0')).toHaveValue('10');
  await expect(receipt.getByTestId('gr-qty-1')).toHaveValue('5');
  await receipt.getByTestId('gr-qty-1').fill('3');
  await receipt.getByLabel('送货单号').fill(unique('DN'));
  await receipt.getByRole('button', { name: /保\s*存/ }).click();
  const grDrawer = page.getByTestId('gr-drawer');
  await expect(grDrawer.getByTestId('doc-status')).toHaveText('已过账');
  await expect(grDrawer).toContainText(number);

  // the order is partly received, the line short by 2
  await page.goto(`${baseUrl()}${new URL(orderUrl).pathname}${new URL(orderUrl).search}`);
  await expect(drawer.getByTestId('doc-status')).toHaveText('部分到货');
  await expect(drawer.locator('tr', { hasText: products[1].code })).toContainText('2');

  // 商品仓库 shows what came in
  await page.keyboard.press('Escape');
  await page.getByRole('menuitem', { name: '商品仓库' }).click();
  await page.getByLabel('关键字').fill(products[1].code);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const row = page.locator('.ant-table-row', { hasText: products[1].code });
  await expect(row).toContainText(warehouse.code);
  await expect(row).toContainText('3');
  await page.getByLabel('关键字').fill(products[0].code);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page.locator('.ant-table-row', { hasText: products[0].code })).toContainText('10');
});

test("HQ confirms a store's replenishment request with a cut and ships it", async ({ page }) => {
  const admin = await apiLogin('admin', adminPassword());
  const { warehouse, products } = await hqSetup(admin);
  const product = products[0];
  // HQ has 20 in its warehouse
  const receipt = await api<{ id: string }>('POST', '/api/inventory/other-receipts', admin, {
    warehouseId: warehouse.id,
    lines: [{ productId: product.id, quantity: '20', reasonCode: 'opening', unitCost: '12.50' }],
  });
  await api('POST', `/api/inventory/other-receipts/${receipt.id}/post`, admin);

  // S001 gets the product by sync, asks for 10 and sends the request
  const store = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  await apiAt(storeUrl(), 'POST', '/api/sync', store, {});
  const made = await apiAt<{ id: string; number: string }>(storeUrl(), 'POST', '/api/replenishment/requests', store, {
    lines: [{ productId: product.id, quantity: '10' }],
    note: `e2e ${run}`,
  });
  const request = { id: made.id, requestNo: made.number };
  await apiAt(storeUrl(), 'POST', `/api/replenishment/requests/${request.id}/submit`, store);
  await apiAt(storeUrl(), 'POST', '/api/sync', store, {});

  // 要货确认: HQ cuts the line to 6 with a reason
  await signIn(page, 'admin', adminPassword());
  await page.getByRole('menuitem', { name: '要货确认' }).click();
  await page.locator('.ant-table-row', { hasText: request.requestNo }).getByText(request.requestNo).click();
  const drawer = page.getByTestId('request-drawer');
  await expect(drawer.getByTestId('doc-status')).toHaveText('待审核');
  await drawer.getByTestId('approve-qty-1').fill('6');
  await drawer.getByTestId('request-approve').click();
  // a cut without a reason is refused by the server, with its code
  await expect(page.locator('.ant-message')).toContainText('REPLENISHMENT_REASON_REQUIRED');
  await drawer.getByTestId('cut-reason-1').fill('总部库存紧张');
  await drawer.getByTestId('request-approve').click();
  await expect(drawer.getByTestId('doc-status')).toHaveText('部分确认');
  await expect(drawer.locator('tr', { hasText: product.code })).toContainText('总部库存紧张');

  // 调拨出库 from the request: its 6 to ship, from HQ's warehouse, posted
  await drawer.getByTestId('request-ship').click();
  const form = page.getByRole('dialog').filter({ hasText: '新建调拨出库单' });
  // the request's line comes with what is left to ship; choosing the warehouse keeps it
  await expect(form.getByTestId('ship-qty-1')).toHaveValue('6');
  await pick(page, form, '发货仓库', warehouse.code);
  await expect(form.getByTestId('ship-qty-1')).toHaveValue('6');
  await form.getByRole('button', { name: /确\s*定|保\s*存|提\s*交/ }).click();
  const shipment = page.getByTestId('shipment-drawer');
  await expect(shipment.getByTestId('doc-status')).toHaveText('草稿');
  await shipment.getByTestId('shipment-post').click();
  await expect(shipment.getByTestId('doc-status')).toHaveText('已过账');
  await expect(shipment.locator('tr', { hasText: product.code })).toContainText('6');

  // HQ's warehouse gave 6; the request is shipped
  const stock = await api<{ items: { qty: string }[] }>('GET', `/api/inventory/stock?warehouseId=${warehouse.id}&productId=${product.id}`, admin);
  expect(stock.items[0].qty).toBe('14');
  const after = await api<{ status: string }>('GET', `/api/replenishment/requests/${request.id}`, admin);
  expect(after.status).toBe('shipped');
});
