import { expect, test } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { adminPassword, api, apiAt, apiLogin, baseUrl, confirmOk, freshStoreUrl, PRODUCTS, signIn, STORE, storeUrl } from './helpers';

/**
 * The console against a real HQ: signing in, menus from permissions, the product list (server
 * paging, sorting, filters), a form showing the server's field errors, a version conflict, the
 * served app (deep links, JSON 404s under /api, split bundle) and antd's Chinese texts.
 */
let admin: string;

test.beforeAll(async () => {
  admin = await apiLogin('admin', adminPassword());
});

test('a wrong password shows the server’s message; the right one opens the console', async ({ page }) => {
  await page.goto(baseUrl() + '/');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('login-error')).toContainText('用户名或密码错误');
  await page.getByLabel('密码').fill(adminPassword());
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '商品', exact: true })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '供应商' })).toBeVisible();
});

test('a user without base-data rights sees no 基本信息 menu and cannot open the screen', async ({ page }) => {
  await signIn(page, 'e2e-viewer', 'viewer-pass-123');
  await expect(page.getByRole('menuitem', { name: '首页' })).toBeVisible();
  await expect(page.getByText('基本信息')).toHaveCount(0);
  await expect(page.getByRole('menuitem', { name: '商品', exact: true })).toHaveCount(0);
  await page.goto(baseUrl() + '/catalog/products');
  await expect(page.getByText('403', { exact: true })).toBeVisible();
});

test('the product list pages, sorts and filters on the server, with antd’s Chinese texts', async ({ page }) => {
  await signIn(page, 'admin', adminPassword());
  await page.getByRole('menuitem', { name: '商品', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/products$/);
  await page.getByPlaceholder('编码或名称').fill('E2E-');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows).toHaveCount(20);
  // antd's own texts in Chinese (the zh_CN locale really applied)
  await expect(page.locator('.ant-pagination-options')).toContainText('20 条/页');
  await expect(page.locator('.ant-pagination-total-text')).toContainText(`共 ${PRODUCTS} 条`);
  await expect(page.locator('li.ant-pagination-next')).toHaveAttribute('title', '下一页');
  // server paging: the second page holds the last five by code
  await page.locator('li.ant-pagination-next').click();
  await expect(rows).toHaveCount(PRODUCTS - 20);
  await expect(rows.first()).toContainText('E2E-021');
  // server sorting: code descending puts E2E-025 first
  await page.locator('li.ant-pagination-item-1').click();
  const codeHeader = page.locator('th.ant-table-column-has-sorters', { hasText: '商品编码' });
  await codeHeader.click(); // ascending
  await codeHeader.click(); // descending
  await expect(rows.first()).toContainText('E2E-025');
  // sort by retail price ascending: E2E-025 costs 75, the least
  const priceHeader = page.locator('th.ant-table-column-has-sorters', { hasText: '零售价' });
  await priceHeader.click();
  await expect(rows.first()).toContainText('E2E-025');
  await expect(rows.nth(1)).toContainText('E2E-024');
  // a filter the server applies: an exact barcode finds one product
  await page.getByPlaceholder('编码或名称').fill('');
  await page.getByLabel('条码（精确）').fill('6910000000079');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page.locator('.ant-pagination-total-text')).toContainText('共 1 条');
});

test('creating a product shows the server’s field error on the field, then saves when fixed', async ({ page }) => {
  await signIn(page, 'admin', adminPassword());
  await page.goto(baseUrl() + '/catalog/products');
  await page.getByRole('button', { name: /新\s*增/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('新增商品');
  await dialog.getByLabel('商品编码').fill('E2E-NEW');
  await dialog.getByLabel('商品名称').fill('新品 可乐 330ml');
  await dialog.getByLabel('零售价').fill('3.505'); // three decimals: the server refuses it
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  const priceItem = dialog.locator('.ant-form-item', { has: page.getByLabel('零售价') });
  await expect(priceItem.locator('.ant-form-item-explain-error')).toContainText('retailPrice');
  await dialog.getByLabel('零售价').fill('3.50');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();
  const saved = await api<{ items: { code: string; retailPrice: string }[] }>('GET', '/api/catalog/products?search=E2E-NEW', admin);
  expect(saved.items).toEqual([expect.objectContaining({ code: 'E2E-NEW', retailPrice: '3.5' })]);
  // a taken code comes back as an error the form shows too
  await page.getByRole('button', { name: /新\s*增/ }).click();
  await dialog.getByLabel('商品编码').fill('E2E-NEW');
  await dialog.getByLabel('商品名称').fill('重复');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.locator('.ant-form-item-explain-error, [data-testid="form-error"]').first()).toBeVisible();
});

test('saving over someone else’s change offers to reload the record', async ({ page }) => {
  // a product of its own: the test renames it (and may run again on the same servers)
  const code = `CONF-${Date.now().toString(36).toUpperCase()}`;
  await api('POST', '/api/catalog/products', admin, { code, name: `冲突商品 ${code}`, retailPrice: '10.00', barcodes: [] });
  await signIn(page, 'admin', adminPassword());
  await page.goto(baseUrl() + '/catalog/products');
  await page.getByPlaceholder('编码或名称').fill(code);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: code });
  await row.getByText('编辑').click();
  const dialog = page.getByRole('dialog').filter({ hasText: '编辑商品' });
  await expect(dialog.getByLabel('商品名称')).toHaveValue(`冲突商品 ${code}`);
  // meanwhile someone else renames it
  const p = (await api<{ items: { id: string; rowVersion: number }[] }>('GET', `/api/catalog/products?search=${code}`, admin)).items[0];
  await api('PATCH', `/api/catalog/products/${p.id}`, admin, { name: '别人改的名字', expectedVersion: p.rowVersion });
  await dialog.getByLabel('零售价').fill('50.00');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.locator('.ant-modal-confirm-title')).toHaveText('记录已被他人修改');
  await confirmOk(page, '记录已被他人修改', '重新加载');
  await expect(dialog.getByLabel('商品名称')).toHaveValue('别人改的名字');
});

test('the English switch changes the console and antd’s own texts', async ({ page }) => {
  await signIn(page, 'admin', adminPassword());
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('menuitem', { name: 'Products' })).toBeVisible();
  await page.getByRole('menuitem', { name: 'Products' }).click();
  await expect(page.locator('li.ant-pagination-next')).toHaveAttribute('title', 'Next Page');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('menuitem', { name: '商品', exact: true })).toBeVisible();
});

test('the server serves the console: deep links get the app, /api stays JSON, the first page is small', async ({ page, request }) => {
  const deep = await request.get(baseUrl() + '/catalog/suppliers');
  expect(deep.status()).toBe(200);
  expect(deep.headers()['content-type']).toContain('text/html');
  const missing = await request.get(baseUrl() + '/api/no-such-route');
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual(expect.objectContaining({ statusCode: 404 }));
  expect((await request.get(baseUrl() + '/docs-json')).headers()['content-type']).toContain('application/json');

  const scripts: Buffer[] = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() === 'script') scripts.push(await res.body());
  });
  await page.goto(baseUrl() + '/login');
  await expect(page.getByLabel('用户名')).toBeVisible();
  const gzipKb = scripts.reduce((n, b) => n + gzipSync(b).length, 0) / 1024;
  expect(scripts.length).toBeGreaterThan(0);
  expect(gzipKb).toBeLessThanOrEqual(300);
});

// the product page's own chunk (Vite names a lazy chunk after its module)
const PRODUCTS_CHUNK = /\/assets\/Products-[\w-]+\.js$/;

test('a menu item’s screen starts loading when the item is hovered, not with the home screen', async ({ page }) => {
  const chunks: string[] = [];
  page.on('request', (r) => {
    if (PRODUCTS_CHUNK.test(r.url())) chunks.push(r.url());
  });
  await signIn(page, 'admin', adminPassword());
  await expect(page.getByRole('menuitem', { name: '商品', exact: true })).toBeVisible();
  expect(chunks).toEqual([]); // the home screen does not load the product page
  const requested = page.waitForRequest((r) => PRODUCTS_CHUNK.test(r.url()));
  await page.getByRole('menuitem', { name: '商品', exact: true }).getByRole('link').hover();
  await requested;
  await page.getByRole('menuitem', { name: '商品', exact: true }).click();
  await expect(page.locator('.ant-table-tbody tr.ant-table-row').first()).toBeVisible();
});

test('a deep link of a signed-in user requests its screen’s chunk before the sign-in check is answered', async ({ page, browser }) => {
  await signIn(page, 'admin', adminPassword());
  // a fresh context (no cached chunks) holding the same sign-in
  const context = await browser.newContext({ storageState: await page.context().storageState(), locale: 'zh-CN' });
  try {
    let chunkRequested!: () => void;
    const chunk = new Promise<boolean>((resolve) => (chunkRequested = () => resolve(true)));
    // `/api/auth/me` is held until the product page's chunk is requested (or 20 s pass: then the
    // page only loaded it after the answer, one after the other), then goes to HQ as it was
    let heldUntilChunk: boolean | undefined;
    await context.route('**/api/auth/me', async (route) => {
      heldUntilChunk ??= await Promise.race([chunk, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000))]);
      await route.continue();
    });
    const deep = await context.newPage();
    deep.on('request', (r) => {
      if (PRODUCTS_CHUNK.test(r.url())) chunkRequested();
    });
    await deep.goto(baseUrl() + '/catalog/products');
    await expect(deep.locator('.ant-table-tbody tr.ant-table-row').first()).toBeVisible();
    expect(heldUntilChunk).toBe(true);
  } finally {
    await context.close();
  }
});

test('export downloads the list’s Excel file with the filters on screen', async ({ page }) => {
  await signIn(page, 'admin', adminPassword());
  await page.goto(baseUrl() + '/catalog/products');
  await page.getByPlaceholder('编码或名称').fill('E2E-01');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page.locator('.ant-pagination-total-text')).toContainText('共 10 条');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const path = await file.path();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const JSZip = require('jszip');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zip = await JSZip.loadAsync(require('node:fs').readFileSync(path));
  const sheet: string = await zip.file('xl/worksheets/sheet1.xml').async('string');
  const strings: string = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
  const text = sheet + strings;
  expect(text).toContain('E2E-010');
  expect(text).not.toContain('E2E-020');
});

test('signing out ends the sign-in on the server: the old token is refused', async ({ page }) => {
  await signIn(page, 'admin', adminPassword());
  await expect(page.getByTestId('current-user')).toBeVisible();
  const token = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.includes('token'))?.[1] ?? null);
  expect(token).toBeTruthy();
  expect((await fetch(baseUrl() + '/api/auth/me', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login/);
  const after = await fetch(baseUrl() + '/api/auth/me', { headers: { Authorization: `Bearer ${token}` } });
  expect(after.status).toBe(401);
  expect(((await after.json()) as { code: string }).code).toBe('AUTH_SESSION_ENDED');
});

test('a store serves its own console: its manager signs in there and reads the products synced from HQ', async ({ page }) => {
  await signIn(page, STORE.manager.username, STORE.manager.password, storeUrl());
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expect(page.getByText('一号店 · 门店')).toBeVisible();
  await page.goto(storeUrl() + '/catalog/products');
  await expect(page.getByRole('cell', { name: '测试商品 001', exact: true })).toBeVisible();
  // the fresh store server is not set up yet: it says so to the wizard
  const setup = await apiAt<{ initialised: boolean }>(freshStoreUrl(), 'GET', '/api/setup');
  expect(setup.initialised).toBe(false);
});
