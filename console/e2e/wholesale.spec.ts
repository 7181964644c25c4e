import { expect, test, type Page } from '@playwright/test';
import { adminPassword, api, apiLogin, baseUrl, shot, signIn, pick } from './helpers';

/**
 * 批发管理 and 结算管理 in a real browser against the global setup's HQ: a wholesale clerk's order
 * approved by a second user, delivered in part, one piece returned, the customer's payment allocated,
 * the statement made, sent and confirmed, and the ageing — to the cent; and the credit-limit refusal
 * as the approver sees it. Every test makes its own data with codes unique to the run.
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

async function makeUser(admin: string, permissions: string[], name: string): Promise<{ username: string; password: string }> {
  const role = await api<{ id: string }>('POST', '/api/roles', admin, { code: unique('r-').toLowerCase(), name: `${name} ${run}${seq}`, permissions });
  const username = unique('u-').toLowerCase();
  const password = 'pass-word-12345';
  await api('POST', '/api/users', admin, { username, displayName: `${name}${seq}`, password, roleIds: [role.id] });
  return { username, password };
}

/** A product sold wholesale: its code and name from the prefix, its prices, and whatever else is given. */
const newProduct = (admin: string, prefix: string, label: string, fields: Record<string, unknown>) =>
  api<Named>('POST', '/api/catalog/products', admin, { code: unique(prefix), name: `${label} ${run}-${seq}`, ...fields });

/** An other receipt (其他入库, reason opening) into an HQ warehouse, posted. */
async function receive(admin: string, warehouseId: string, lines: Record<string, string>[]): Promise<void> {
  const receipt = await api<{ id: string }>('POST', '/api/inventory/other-receipts', admin, { warehouseId, lines: lines.map((l) => ({ reasonCode: 'opening', ...l })) });
  await api('POST', `/api/inventory/other-receipts/${receipt.id}/post`, admin);
}

/** An HQ warehouse holding 50 of a product whose wholesale price is 8.50, and a wholesale customer. */
async function wholesaleSetup(admin: string, creditLimit: string) {
  const me = await api<{ orgUnit: { id: string } }>('GET', '/api/auth/me', admin);
  const warehouse = await api<Named>('POST', '/api/inventory/warehouses', admin, { code: unique('WH'), name: `批发仓 ${run}${seq}`, orgUnitId: me.orgUnit.id });
  const product = await newProduct(admin, 'WP', '批发商品', { purchasePrice: '6.00', retailPrice: '12.00', wholesalePrice: '8.50', taxRate: '13' });
  await receive(admin, warehouse.id, [{ productId: product.id, quantity: '50', unitCost: '6.00' }]);
  const customer = await api<Named>('POST', '/api/catalog/customers', admin, {
    code: unique('C'),
    name: `批发客户 ${run}-${seq}`,
    creditLimit,
    priceLevel: 'wholesale',
    paymentTermsDays: 30,
    address: '上海市浦东新区 88 号',
  });
  return { warehouse, product, customer };
}

/** The clerk signs in and opens 新建批发订单 with the customer and warehouse picked; `line` picks a line's product. */
async function newOrder(page: Page, clerk: { username: string; password: string }, customer: Named, warehouse: Named) {
  await signIn(page, clerk.username, clerk.password);
  await page.getByRole('menuitem', { name: '批发订单' }).click();
  await page.getByTestId('wso-create').click();
  const dialog = page.getByRole('dialog').filter({ hasText: '新建批发订单' });
  await pick(page, dialog, '客户', customer.code);
  await pick(page, dialog, '发货仓库', warehouse.code);
  const line = async (i: number, code: string) => {
    await dialog.getByTestId('line-row').nth(i).locator('.ant-select-selector').click();
    await page.keyboard.type(code);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: code }).first().click();
  };
  return { dialog, line };
}

const CLERK = ['wholesale.read', 'wholesale.order.write', 'wholesale.delivery.write', 'wholesale.return.write', 'catalog.read', 'inventory.read'];

test('an order is approved, delivered in part, one piece returned, paid in part — the statement and ageing match to the cent', async ({ page, browser }) => {
  // three users' sessions through order, delivery, return, payment, statement and ageing: ~3 minutes on a busy machine
  test.slow();
  const admin = await apiLogin('admin', adminPassword());
  const { warehouse, product, customer } = await wholesaleSetup(admin, '1000');
  const clerk = await makeUser(admin, CLERK, '批发业务员');
  const approver = await makeUser(admin, ['wholesale.read', 'wholesale.order.approve'], '批发审核');
  const accountant = await makeUser(admin, ['settlement.read', 'settlement.receipt.write', 'settlement.statement.write', 'settlement.allocate', 'catalog.read'], '财务');

  // the clerk writes the order: 10 at the customer's wholesale price 8.50 = 85.00
  const { dialog, line } = await newOrder(page, clerk, customer, warehouse);
  await line(0, product.code);
  await dialog.getByTestId('line-quantity-0').fill('10');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();

  const drawer = page.getByTestId('wso-drawer');
  await expect(drawer.getByTestId('doc-status')).toHaveText('草稿');
  await expect(drawer.getByTestId('wso-total')).toHaveText('85.00');
  await expect(drawer).toContainText('批发价');
  await shot(page, 'wholesale-order');
  const orderNumber = (await drawer.locator('.ant-drawer-title').textContent())!.replace('批发订单', '').trim();
  await drawer.getByTestId('wso-submit').click();
  await expect(drawer.getByTestId('doc-status')).toHaveText('待审核');
  await expect(drawer.getByTestId('wso-approve')).toHaveCount(0); // the clerk approves nothing
  const orderUrl = page.url();

  // a second user approves it (within the credit limit)
  const other = await browser.newContext();
  const approverPage = await other.newPage();
  await signIn(approverPage, approver.username, approver.password);
  await approverPage.goto(orderUrl);
  await approverPage.getByTestId('wso-drawer').getByTestId('wso-approve').click();
  await expect(approverPage.getByTestId('wso-drawer').getByTestId('doc-status')).toHaveText('已审核');
  await other.close();

  // the clerk delivers 6 of the 10 (partial), posted at once: 6 × 8.50 = 51.00 owed, due in 30 days
  await page.reload();
  await drawer.getByTestId('wso-deliver').click();
  const deliver = page.getByRole('dialog').filter({ hasText: `订单 ${orderNumber} 出库` });
  await expect(deliver.getByTestId('deliver-qty-0')).toHaveValue('10');
  await deliver.getByTestId('deliver-qty-0').fill('6');
  await deliver.getByRole('button', { name: /保\s*存/ }).click();
  const delivery = page.getByTestId('wsd-drawer');
  await expect(delivery.getByTestId('doc-status')).toHaveText('已过账');
  await expect(delivery.getByTestId('wsd-total')).toHaveText('51.00');
  await expect(delivery.getByTestId('wsd-open')).toHaveText('51.00');
  const deliveryNumber = (await delivery.locator('.ant-drawer-title').textContent())!.replace('批发出库', '').trim();
  // the delivery note prints with the customer's address
  await delivery.getByTestId('wsd-print-view').click();
  await expect(page.getByTestId('print-sheet')).toContainText('上海市浦东新区 88 号');
  await expect(page.getByTestId('print-sheet')).toContainText('客户签收');
  await page.getByRole('dialog').filter({ hasText: '打印预览' }).getByRole('button', { name: 'Close' }).click(); // Esc would close the drawer too

  // one piece comes back: 8.50 off the delivery's receivable
  await delivery.getByTestId('wsd-return').click();
  const ret = page.getByRole('dialog').filter({ hasText: `从 ${deliveryNumber} 退货` });
  await ret.getByTestId('return-qty-0').fill('1');
  await ret.getByLabel('退货原因').fill('包装破损');
  await ret.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('wsr-drawer').getByTestId('doc-status')).toHaveText('已过账');
  await expect(page.getByTestId('wsr-drawer')).toContainText('8.50');

  // the order is partly delivered, 4 still outstanding
  await page.goto(orderUrl);
  await expect(drawer.getByTestId('doc-status')).toHaveText('部分出库');
  await expect(drawer.locator('tr', { hasText: product.code })).toContainText('4');

  // the accountant records 30.00 received, allocated automatically to the delivery
  const finance = await browser.newContext();
  const fin = await finance.newPage();
  await signIn(fin, accountant.username, accountant.password);
  await fin.getByRole('menuitem', { name: '收款单' }).click();
  await fin.getByTestId('payment-create').click();
  const receipt = fin.getByRole('dialog').filter({ hasText: '新建收款单' });
  await pick(fin, receipt, '客户', customer.code);
  await receipt.getByLabel('金额', { exact: true }).fill('30');
  await receipt.getByRole('button', { name: /保\s*存/ }).click();
  const payment = fin.getByTestId('payment-drawer');
  await expect(payment.getByTestId('doc-status')).toHaveText('已过账');
  await expect(payment.getByTestId('payment-amount')).toHaveText('30.00');
  await expect(payment.getByTestId('payment-unallocated')).toHaveText('0.00');
  await expect(payment.getByTestId('payment-allocations')).toContainText(deliveryNumber);

  // the statement up to today: 51.00 delivered, 8.50 returned + 30.00 paid, 12.50 still owed
  await fin.goto(`${baseUrl()}/settlement/statements`);
  await fin.getByTestId('statement-create').click();
  const st = fin.getByRole('dialog').filter({ hasText: '新建对账单' });
  await pick(fin, st, '往来单位', customer.code);
  await st.getByRole('button', { name: /确\s*定|确\s*认/ }).click();
  const statement = fin.getByTestId('statement-drawer');
  await expect(statement.getByTestId('doc-status')).toHaveText('草稿');
  await expect(statement.getByTestId('st-opening')).toHaveText('0.00');
  await expect(statement.getByTestId('st-debit')).toHaveText('51.00');
  await expect(statement.getByTestId('st-credit')).toHaveText('38.50');
  await expect(statement.getByTestId('st-closing')).toHaveText('12.50');
  await expect(statement.getByTestId('statement-lines')).toContainText(deliveryNumber);
  await statement.getByTestId('statement-send').click();
  await expect(statement.getByTestId('doc-status')).toHaveText('已发送');
  await statement.getByTestId('statement-confirm').click();
  const confirm = fin.getByRole('dialog').filter({ hasText: '确认' }).last();
  await confirm.getByLabel('原因').fill('客户财务 电话确认');
  await confirm.getByRole('button', { name: /确\s*定|确\s*认/ }).click();
  await expect(statement.getByTestId('doc-status')).toHaveText('已确认');
  await shot(fin, 'settlement-statement');
  await statement.getByRole('tab', { name: '审计记录' }).click();
  await expect(statement.getByTestId('audit-trail')).toContainText('确认');

  // ageing as of today: the 12.50 is in 0–30 days, and the total over the filter agrees
  await fin.goto(`${baseUrl()}/settlement/ageing`);
  await pick(fin, fin.locator('.ant-pro-table-search'), '往来单位', customer.code);
  await fin.getByRole('button', { name: /查\s*询/ }).click();
  const row = fin.locator('.ant-table-row', { hasText: customer.code });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('12.50');
  await expect(fin.getByTestId('total-d0to30')).toHaveText('12.50');
  await expect(fin.getByTestId('total-total')).toHaveText('12.50');
  await shot(fin, 'settlement-ageing');
  await finance.close();
});

test('an order beyond the credit limit is refused on screen with the figures, and approved by a user holding the over-credit right', async ({ page, browser }) => {
  const admin = await apiLogin('admin', adminPassword());
  const { warehouse, product, customer } = await wholesaleSetup(admin, '50');
  const clerk = await makeUser(admin, CLERK, '批发业务员');
  const approver = await makeUser(admin, ['wholesale.read', 'wholesale.order.approve', 'catalog.read'], '批发审核');
  const creditApprover = await makeUser(admin, ['wholesale.read', 'wholesale.order.approve.credit'], '超额审批');

  // 10 × 8.50 = 85.00 against a credit limit of 50.00
  const clerkToken = await apiLogin(clerk.username, clerk.password);
  const order = await api<{ id: string; number: string }>('POST', '/api/wholesale/orders', clerkToken, {
    customerId: customer.id,
    warehouseId: warehouse.id,
    lines: [{ productId: product.id, quantity: '10' }],
  });
  await api('POST', `/api/wholesale/orders/${order.id}/submit`, clerkToken);

  await signIn(page, approver.username, approver.password);
  await page.goto(`${baseUrl()}/wholesale/orders?id=${order.id}`);
  const drawer = page.getByTestId('wso-drawer');
  await drawer.getByTestId('wso-approve').click();
  const refused = drawer.getByTestId('credit-refused');
  await expect(refused).toContainText('WHOLESALE_CREDIT_LIMIT_EXCEEDED');
  await expect(refused.getByTestId('credit-creditLimit')).toHaveText('50.00');
  await expect(refused.getByTestId('credit-orderAmount')).toHaveText('85.00');
  await expect(refused.getByTestId('credit-creditExposure')).toHaveText('85.00');
  await expect(refused.getByTestId('credit-excess')).toHaveText('35.00');
  await page.reload();
  await expect(drawer.getByTestId('doc-status')).toHaveText('待审核');

  // the customer's credit as the credit check sees it
  await page.goto(`${baseUrl()}/wholesale/credit`);
  await page.getByLabel('关键字').fill(customer.code);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await page.locator('.ant-table-row', { hasText: customer.code }).getByText(customer.code, { exact: true }).click();
  await expect(page.getByTestId('credit-drawer')).toContainText('50.00');

  // a user with 超信用额度审批 approves it; the order and its audit trail say so
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await signIn(p2, creditApprover.username, creditApprover.password);
  await p2.goto(`${baseUrl()}/wholesale/orders?id=${order.id}`);
  const d2 = p2.getByTestId('wso-drawer');
  await d2.getByTestId('wso-approve').click();
  await expect(d2.getByTestId('doc-status')).toHaveText('已审核');
  await expect(d2).toContainText('超信用额度');
  await d2.getByRole('tab', { name: '审计记录' }).click();
  await expect(d2.getByTestId('audit-trail')).toContainText('超信用额度审批');
  await other.close();
});

test("the order form shows the server's price of each line while it is typed; a delivery names the batch the customer wants", async ({ page }) => {
  const admin = await apiLogin('admin', adminPassword());
  const { warehouse, product, customer } = await wholesaleSetup(admin, '1000');
  // a contract price for the first product; a batch-managed second product in two batches
  await api('PUT', '/api/wholesale/contract-prices', admin, { customerId: customer.id, productId: product.id, price: '7.80', validFrom: '2020-01-01' });
  const batched = await newProduct(admin, 'WB', '批次商品', { purchasePrice: '3.00', retailPrice: '6.00', wholesalePrice: '4.20', batchManaged: true });
  const early = unique('B1-');
  const late = unique('B2-');
  await receive(admin, warehouse.id, [
    { productId: batched.id, quantity: '10', unitCost: '3.00', batchNo: early, expiryDate: '2030-01-31' },
    { productId: batched.id, quantity: '10', unitCost: '3.00', batchNo: late, expiryDate: '2031-06-30' },
  ]);
  const clerk = await makeUser(admin, CLERK, '批发业务员');
  const approver = await makeUser(admin, ['wholesale.read', 'wholesale.order.approve'], '批发审核');

  const { dialog, line } = await newOrder(page, clerk, customer, warehouse);
  await line(0, product.code);
  // before saving: the contract price, from GET /api/wholesale/prices
  await expect(dialog.getByTestId('line-quote-0')).toHaveText(/7\.80\s*协议价/);
  await dialog.getByTestId('line-quantity-0').fill('2');
  await dialog.getByTestId('add-line').click();
  await line(1, batched.code);
  await expect(dialog.getByTestId('line-quote-1')).toHaveText(/4\.20\s*批发价/);
  await dialog.getByTestId('line-quantity-1').fill('3');
  await shot(page, 'wholesale-order-form');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  const drawer = page.getByTestId('wso-drawer');
  // the saved order priced the same way: 2 × 7.80 + 3 × 4.20 = 28.20
  await expect(drawer.getByTestId('wso-total')).toHaveText('28.20');
  await drawer.getByTestId('wso-submit').click();
  await expect(drawer.getByTestId('doc-status')).toHaveText('待审核');
  const orderId = new URL(page.url()).searchParams.get('id')!;
  await api('POST', `/api/wholesale/orders/${orderId}/approve`, await apiLogin(approver.username, approver.password));

  // the delivery takes the later batch the customer asked for (FEFO would take the earlier one)
  await page.reload();
  await drawer.getByTestId('wso-deliver').click();
  const deliver = page.getByRole('dialog').filter({ hasText: '出库' });
  await expect(deliver.getByTestId('deliver-batch-0')).toHaveCount(0); // the first line is not batch-managed
  await deliver.getByTestId('deliver-batch-1').fill(late);
  await deliver.getByRole('button', { name: /保\s*存/ }).click();
  const delivery = page.getByTestId('wsd-drawer');
  await expect(delivery.getByTestId('doc-status')).toHaveText('已过账');
  await expect(delivery.locator('tr', { hasText: batched.code })).toContainText(late);
  await expect(delivery.locator('tr', { hasText: batched.code })).not.toContainText(early);
});
