import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { adminPassword, api, apiLogin, shot, signIn } from './helpers';

/**
 * HQ's base screens against a real HQ (engineer A's part of issue 20): a clerk imports a catalog
 * workbook with two bad rows (preview with row errors, the valid rows committed, the annotated error
 * workbook downloaded), a clerk opens a store with the 开新店 wizard and sees the setup code once, a
 * user without rights sees none of these menus, and a top-up from the member center shows in the
 * card ledger. Every test makes its own data with unique codes (other spec files share this HQ).
 */
let admin: string;
const uniq = () => randomUUID().slice(0, 6).toUpperCase();

/** A user holding exactly these permissions (a role of its own), for signing in as "a clerk". */
async function userWith(permissions: string[], tag: string): Promise<{ username: string; password: string }> {
  const u = uniq().toLowerCase();
  const role = await api<{ id: string }>('POST', '/api/roles', admin, { code: `e2e-${tag}-${u}`, name: `${tag} ${u}`, permissions });
  const user = { username: `e2e-${tag}-${u}`, password: `pass-${u}-12345` };
  await api('POST', '/api/users', admin, { ...user, displayName: `${tag} ${u}`, roleIds: [role.id] });
  return user;
}

test.beforeAll(async () => {
  admin = await apiLogin('admin', adminPassword());
});

test('a clerk imports a catalog workbook with two bad rows: sees the row errors, commits the rest, downloads the error workbook', async ({ page }) => {
  const u = uniq();
  await api('POST', '/api/catalog/units', admin, { code: `PCS${u}`, name: `个${u}` });
  const clerk = await userWith(['catalog.read', 'catalog.import', 'catalog.product.write'], 'clerk');
  // the sample catalog: ten products, the 4th with a negative price, the 8th with a unit that does not exist
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  ws.addRow(['商品编码', '商品名称', '单位编码', '条码', '进价', '零售价']);
  for (let i = 1; i <= 10; i++) {
    const n = String(i).padStart(2, '0');
    ws.addRow([`IMP${u}-${n}`, `导入商品 ${n}`, i === 8 ? `NOPE${u}` : `PCS${u}`, `69${u.replace(/\D/g, '7').padEnd(6, '7')}${n}0`, '3.50', i === 4 ? '-1' : `${10 + i}.90`]);
  }
  const file = join(test.info().outputDir, `商品资料-${u}.xlsx`);
  mkdirSync(test.info().outputDir, { recursive: true });
  await wb.xlsx.writeFile(file);

  await signIn(page, clerk.username, clerk.password);
  await page.getByRole('menuitem', { name: '商品', exact: true }).click();
  await page.getByRole('button', { name: /^(upload )?导\s*入$/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[type=file]').setInputFiles(file);
  await dialog.getByRole('button', { name: /^校\s*验$/ }).click();
  await expect(dialog.getByTestId('import-result')).toContainText('校验完成');
  const errors = dialog.getByTestId('import-errors');
  await expect(errors).toContainText('错误行（共 2 条）');
  await expect(errors.locator('tbody tr')).toHaveCount(2);
  // rows as Excel shows them: the header is row 1, the 4th product row 5, the 8th row 9
  await expect(errors.locator('tbody tr').nth(0)).toContainText('5');
  await expect(errors.locator('tbody tr').nth(0)).toContainText('OUT_OF_RANGE');
  await expect(errors.locator('tbody tr').nth(1)).toContainText('UNKNOWN_REFERENCE');
  await shot(page, 'import-preview');
  // nothing was written by the validation
  expect((await api<{ total: number }>('GET', `/api/catalog/products?search=IMP${u}`, admin)).total).toBe(0);

  await dialog.getByRole('button', { name: '只导入正确行' }).click();
  await expect(dialog.getByTestId('import-result')).toContainText('已导入');
  await expect(dialog.getByTestId('import-result')).toContainText('新增8');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: '下载错误标注文件' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`商品资料-${u}-errors.xlsx`);
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(await readFile(await download.path()));
  const sheet = back.worksheets[0];
  const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
  const errCol = header.findIndex((h) => h.includes('错误'));
  expect(errCol).toBeGreaterThan(0);
  expect(String(sheet.getRow(5).getCell(errCol).value)).toMatch(/零售价|retailPrice/);
  expect(String(sheet.getRow(9).getCell(errCol).value)).toMatch(/单位|unit/i);
  expect(String(sheet.getRow(2).getCell(errCol).value ?? '')).toBe('');

  // the eight good rows are in the catalog, the two bad ones are not
  const saved = await api<{ total: number; items: { code: string }[] }>('GET', `/api/catalog/products?search=IMP${u}&pageSize=50`, admin);
  expect(saved.total).toBe(8);
  expect(saved.items.map((p) => p.code)).not.toContain(`IMP${u}-04`);
  expect(saved.items.map((p) => p.code)).not.toContain(`IMP${u}-08`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByPlaceholder('编码或名称').fill(`IMP${u}`);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page.locator('.ant-table-tbody tr.ant-table-row')).toHaveCount(8);
});

test('a clerk opens a store with the 开新店 wizard and sees the setup code once', async ({ page }) => {
  const u = uniq();
  const code = `W${u.slice(0, 5)}`;
  // opening a store grants the store-admin role: the clerk must hold what it grants (the server checks)
  const all = (await api<{ code: string }[]>('GET', '/api/permissions', admin)).map((p) => p.code);
  const clerk = await userWith(all, 'opener');
  await signIn(page, clerk.username, clerk.password);
  await page.getByRole('menuitem', { name: '开新店' }).click();
  const next = page.getByTestId('wizard-next');
  // 1 机构
  await page.getByLabel('门店编码', { exact: true }).fill(code);
  await page.getByLabel('门店名称', { exact: true }).fill(`向导店 ${u}`);
  await page.getByLabel('地址', { exact: true }).fill('杭州市西湖区 1 号');
  await next.click();
  // 2 仓库: the one row the wizard starts with
  await page.getByLabel('仓库编码', { exact: true }).fill(`${code}-01`);
  await page.getByLabel('仓库名称', { exact: true }).fill(`${code} 卖场`);
  await next.click();
  // 3 人员: a store manager and a cashier (rows prepared with their roles)
  const usernames = page.getByLabel('用户名', { exact: true });
  await usernames.nth(0).fill(`${code.toLowerCase()}-admin`);
  await page.getByLabel('姓名', { exact: true }).nth(0).fill('向导店长');
  await page.getByLabel('密码', { exact: true }).nth(0).fill('wizard-admin-pass');
  await usernames.nth(1).fill(`${code.toLowerCase()}-cashier`);
  await page.getByLabel('姓名', { exact: true }).nth(1).fill('向导收银员');
  await page.getByLabel('密码', { exact: true }).nth(1).fill('wizard-cashier-pass');
  await shot(page, 'open-store-wizard');
  await next.click();
  // 4 传输密码: empty — HQ generates one and shows it once
  await next.click();
  // 5 门店基础资料: everything (the defaults)
  await expect(page.getByText('全部类别')).toBeVisible();
  await next.click();
  // 6 设置, then open
  await page.getByLabel('允许零库存销售', { exact: true }).click();
  await next.click();

  const setupCode = page.getByTestId('setup-code');
  await expect(setupCode).toBeVisible();
  const shown = (await setupCode.innerText()).trim();
  expect(shown.length).toBeGreaterThan(10);
  await expect(page.getByTestId('transfer-password')).toBeVisible();
  await expect(page.getByText(`门店 ${code} 向导店 ${u} 已开通`)).toBeVisible();
  // the copy button copies exactly the code
  await expect(page.locator('.ant-typography-copy').first()).toBeVisible();
  await shot(page, 'open-store-done');

  // the store exists with its warehouses and users
  const stores = await api<{ items: { id: string; code: string }[] }>('GET', `/api/org-units?kind=store&search=${code}`, admin);
  expect(stores.items.map((s) => s.code)).toContain(code);
  const whs = await api<{ items: { code: string; kind: string }[] }>('GET', `/api/inventory/warehouses?orgUnitId=${stores.items[0].id}`, admin);
  expect(whs.items.map((w) => w.code).sort()).toEqual([`${code}-01`, `${code}-TRANSIT`].sort());

  // once: after leaving the page the code is nowhere to be seen again
  await page.getByRole('menuitem', { name: '首页' }).click();
  await page.getByRole('menuitem', { name: '开新店' }).click();
  await expect(page.getByLabel('门店编码', { exact: true })).toBeVisible();
  await expect(page.getByText(shown)).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('门店编码', { exact: true })).toBeVisible();
  await expect(page.getByText(shown)).toHaveCount(0);
});

test('a permission-limited user sees only the menus they may use', async ({ page }) => {
  // may read members only: no 基本信息, no 系统设置, no write buttons
  const viewer = await userWith(['member.read'], 'memberview');
  await signIn(page, viewer.username, viewer.password);
  await expect(page.getByRole('menuitem', { name: '卡台账' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '会员中心' })).toBeVisible();
  for (const name of ['商品', '类别', '客户', '角色', '用户', '开新店', '操作日志', '门店基础资料']) await expect(page.getByRole('menuitem', { name, exact: true })).toHaveCount(0);
  await expect(page.getByText('基本信息')).toHaveCount(0);
  await expect(page.getByText('系统设置')).toHaveCount(0);
  await page.getByRole('menuitem', { name: '制卡' }).click();
  await expect(page.locator('.ant-table')).toBeVisible();
  await expect(page.getByRole('button', { name: '制卡' })).toHaveCount(0);
  // a screen opened by its address without the right answers 403
  await page.goto(page.url().replace(/\/member\/.*$/, '/settings/open-store'));
  await expect(page.getByText('403', { exact: true })).toBeVisible();
});

test('a top-up from the member center shows in the card ledger', async ({ page }) => {
  const u = uniq();
  // a chain card issued to a member (through the API: 发卡 is the till's)
  const type = await api<{ id: string }>('POST', '/api/member-card-types', admin, {
    code: `T${u}`,
    name: `储值卡${u}`,
    pricing: 'discount',
    discountRate: '0.95',
    pointsRate: '1',
    storedValueAllowed: true,
  });
  const store = (await api<{ items: { id: string }[] }>('GET', '/api/org-units?kind=store&search=S001', admin)).items[0];
  const prefix = u.replace(/[^A-Z]/g, 'Q').slice(0, 4);
  await api('POST', '/api/member-card-batches', admin, { cardTypeId: type.id, scope: 'chain', prefix, startNo: 1, quantity: 3, numberWidth: 6, ownerStoreId: store.id });
  const cardNo = `${prefix}000001`;
  const mobile = `139${String(Date.now()).slice(-8)}`;
  await api('POST', `/api/member-center/issue?storeId=${store.id}`, admin, { issueId: randomUUID(), cardNo, member: { name: `会员${u}`, mobile } });

  await signIn(page, 'admin', adminPassword());
  await page.getByRole('menuitem', { name: '会员中心' }).click();
  await page.getByTestId('member-search').fill(cardNo);
  await page.getByTestId('member-search').press('Enter');
  const cards = page.getByTestId('member-cards');
  await expect(cards).toContainText(cardNo);
  await expect(page.getByText(`会员${u}`)).toBeVisible();
  await cards.getByText('充值/调整').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('金额/积分', { exact: true }).fill('88.50');
  // the reason is required: money moves only with a document that says why
  await dialog.getByRole('button', { name: /^确\s*定$/ }).click();
  await expect(dialog.locator('.ant-form-item-explain-error')).toBeVisible();
  await dialog.getByLabel('原因', { exact: true }).fill('会员预存款补录');
  await dialog.getByRole('button', { name: /^确\s*定$/ }).click();
  await expect(dialog).toBeHidden();
  await expect(cards.getByTestId('stored-value')).toHaveText('88.50');
  await expect(page.getByText(`卡 ${cardNo} 的调整记录`)).toBeVisible();
  await expect(page.locator('.ant-table-row', { hasText: 'MADJ-' })).toContainText('会员预存款补录');
  await shot(page, 'member-center');

  // 卡台账: the card's stored value is there
  await page.getByRole('menuitem', { name: '卡台账' }).click();
  await page.getByLabel('卡号', { exact: true }).fill(cardNo);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: cardNo });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('88.50');
  await expect(row).toContainText('已发卡');
  await row.getByText(cardNo).click();
  await expect(page.locator('.ant-drawer')).toContainText('发卡');
  await shot(page, 'card-ledger');
});

test('screens of 基本信息, 系统设置 and the dashboard open with their data', async ({ page }) => {
  const u = uniq();
  const parent = await api<{ id: string }>('POST', '/api/catalog/categories', admin, { code: `C${u}`, name: `饮料${u}` });
  await api('POST', '/api/catalog/categories', admin, { code: `C${u}-1`, name: `碳酸饮料${u}`, parentId: parent.id });
  await signIn(page, 'admin', adminPassword());
  await expect(page.getByTestId('sales-today')).toBeVisible();
  await expect(page.getByTestId('todo-orders')).toBeVisible();
  await page.getByRole('menuitem', { name: '类别', exact: true }).click();
  await expect(page.getByTestId('category-tree')).toContainText(`C${u} 饮料${u}`);
  await expect(page.getByTestId('category-tree')).toContainText(`C${u}-1 碳酸饮料${u}`);
  await shot(page, 'categories');
  await page.getByRole('menuitem', { name: '角色', exact: true }).click();
  await page.locator('.ant-table-row', { hasText: 'purchaser' }).getByText('授权').click();
  await expect(page.getByTestId('permission-picker')).toContainText('审核采购订单');
  await shot(page, 'roles-grant');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^取\s*消$/ })
    .click();
  await page.getByRole('menuitem', { name: '操作日志' }).click();
  await expect(page.locator('.ant-table-row').first()).toBeVisible();

  // 商品 → its store prices (a product opens 门店价格 filtered to it, names shown, not ids)
  const product = await api<{ id: string }>('POST', '/api/catalog/products', admin, { code: `SP${u}`, name: `门店价商品${u}`, retailPrice: '9.90', wholesalePrice: '7.20' });
  const store = (await api<{ items: { id: string }[] }>('GET', '/api/org-units?kind=store&search=S001', admin)).items[0];
  await api('POST', '/api/catalog/store-prices', admin, { storeId: store.id, productId: product.id, retailPrice: '8.80', validFrom: '2026-01-01' });
  await page.getByRole('menuitem', { name: '商品', exact: true }).click();
  await page.getByPlaceholder('编码或名称').fill(`SP${u}`);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const productRow = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: `SP${u}` });
  await expect(productRow).toContainText('7.20');
  await productRow.getByRole('link', { name: '查看' }).click();
  await expect(page).toHaveURL(/\/catalog\/store-prices\?productId=/);
  const priceRows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(priceRows).toHaveCount(1);
  await expect(priceRows.first()).toContainText(`SP${u} 门店价商品${u}`);
  await expect(priceRows.first()).toContainText('8.80');
});

test('门店基础资料: a store is limited to one category and its subtree', async ({ page }) => {
  const u = uniq();
  const code = `V${u.slice(0, 5)}`;
  const cat = await api<{ id: string }>('POST', '/api/catalog/categories', admin, { code: `SC${u}`, name: `限定类别${u}` });
  await api('POST', '/api/stores/open', admin, {
    idempotencyKey: randomUUID(),
    code,
    name: `范围店 ${u}`,
    warehouses: [{ code: `${code}-01`, name: `${code} 卖场` }],
    users: [
      { username: `${code.toLowerCase()}-admin`, displayName: '店长', password: 'scope-admin-pass', role: 'store-admin' },
      { username: `${code.toLowerCase()}-cashier`, displayName: '收银员', password: 'scope-cashier-pass', role: 'cashier' },
    ],
  });
  const store = (await api<{ items: { id: string; code: string }[] }>('GET', `/api/org-units?kind=store&search=${code}`, admin)).items.find((s) => s.code === code)!;
  await signIn(page, 'admin', adminPassword());
  await page.getByRole('menuitem', { name: '门店基础资料' }).click();
  await page.getByTestId('scope-store').click();
  await page.keyboard.type(code);
  await page.locator('.ant-select-item-option', { hasText: code }).click();
  const allCategories = page.getByRole('switch', { name: '全部类别' });
  await expect(allCategories).toBeChecked();
  await allCategories.click();
  await page.getByLabel('可见类别（含下级）', { exact: true }).click();
  await page.keyboard.type(`SC${u}`);
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: `SC${u} 限定类别${u}` }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^保\s*存$/ }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  const scope = await api<{ allCategories: boolean; categoryIds: string[]; allSuppliers: boolean }>('GET', `/api/stores/${store.id}/data-scope`, admin);
  expect(scope.allCategories).toBe(false);
  expect(scope.categoryIds).toEqual([cat.id]);
  expect(scope.allSuppliers).toBe(true);
});
