import { expect, test, type Page } from '@playwright/test';
import { api, apiAt, apiLogin, adminPassword, receiveAtStore, signIn, STORE, storeUrl } from './helpers';

/**
 * The till's catalog cached in the browser (IndexedDB) on store S001: scans are answered from it
 * without asking the store server; through a blip of the store server scanning goes on with
 * reference prices (待定价) and no payment, and the basket is priced by the server once it answers;
 * a refresh fetches only the part of the catalog that changed.
 */
const CRACKER = { code: 'CC-CRACKER', name: '缓存测试饼干', barcode: '6974000000011', retail: '5.50' };
const JUICE = { code: 'CC-JUICE', name: '缓存测试果汁', barcode: '6974000000028', retail: '8.00' };
const LATE = { code: 'CC-LATE', name: '缓存测试新品', barcode: '6974000000035', retail: '3.00' };

let admin: string;
let manager: string;

test.beforeAll(async () => {
  admin = await apiLogin('admin', adminPassword());
  manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  await api('POST', '/api/catalog/payment-methods', admin, { code: 'CCCASH', name: '缓存测试现金', type: 'cash', allowsChange: true, sortOrder: 0 });
  for (const p of [CRACKER, JUICE]) await api('POST', '/api/catalog/products', admin, { code: p.code, name: p.name, retailPrice: p.retail, barcodes: [p.barcode] });
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});
  await receiveAtStore(manager, [CRACKER.code, JUICE.code], '20');
});

/** Each bucket list the till asked for (`?buckets=…`), in order. */
function watchCatalog(page: Page): { lookups: string[]; buckets: number[][] } {
  const seen = { lookups: [] as string[], buckets: [] as number[][] };
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/pos/products/lookup') seen.lookups.push(url.search);
    if (url.pathname === '/api/pos/products/catalog') seen.buckets.push(url.searchParams.get('buckets')!.split(',').map(Number));
  });
  return seen;
}

async function scan(page: Page, code: string, lines: number): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-lines').locator('tbody tr.ant-table-row')).toHaveCount(lines);
}

test('scans are answered from the cached catalog, keep going through a store-server blip with reference prices, and a refresh fetches only what changed', async ({ page }) => {
  const seen = watchCatalog(page);
  await page.addInitScript(() => {
    localStorage.setItem('chain-erp.till.code', 'C1');
    window.print = () => undefined;
  });
  await signIn(page, STORE.cashier.username, STORE.cashier.password, storeUrl());
  await page.goto(storeUrl() + '/pos');
  await expect(page.getByRole('dialog')).toContainText('开始营业');
  await expect(page.locator('.ant-modal-wrap input:focus')).toHaveCount(1);
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-input')).toBeFocused();
  await expect(page.getByTestId('till-catalog')).toContainText(/商品缓存 \d+ 种/);
  // the first load fetched every bucket that holds products, in a few requests
  const firstLoad = seen.buckets.flat();
  expect(firstLoad.length).toBeGreaterThan(1);

  // a scan found in the cache: no look-up at the store server
  await scan(page, CRACKER.barcode, 1);
  await expect(page.getByTestId('till-total')).toHaveText('5.50');
  expect(seen.lookups).toEqual([]);

  // the store server does not answer: the scan still lands, at the cached reference price, and no payment
  await page.route('**/api/pos/**', (r) => r.abort('connectionrefused'));
  await scan(page, `2*${JUICE.barcode}`, 2);
  await expect(page.getByTestId('till-price-pending')).toBeVisible();
  await expect(page.getByTestId('line-provisional').nth(1)).toContainText('8.00');
  await expect(page.getByTestId('till-total-provisional')).toContainText('21.50');
  await page.keyboard.press('F12');
  await expect(page.getByText('等待门店服务器定价后才能结账')).toBeVisible();
  await expect(page.getByTestId('pay-amount')).toHaveCount(0);

  // it answers again: the till prices the basket by itself, then sells it
  await page.unroute('**/api/pos/**');
  await expect(page.getByTestId('till-total')).toHaveText('21.50');
  await expect(page.getByTestId('till-price-pending')).toHaveCount(0);
  await page.keyboard.press('F12');
  await expect(page.getByTestId('pay-amount')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-last')).toContainText('实收 21.50');
  expect(seen.lookups).toEqual([]);

  // a new product at HQ reaches the store; the till's next refresh (on opening) fetches one bucket only
  await api('POST', '/api/catalog/products', admin, { code: LATE.code, name: LATE.name, retailPrice: LATE.retail, barcodes: [LATE.barcode] });
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});
  await receiveAtStore(manager, [LATE.code], '5');
  const before = Number(/(\d+)/.exec((await page.getByTestId('till-catalog').textContent())!)![1]);
  seen.buckets.length = 0;
  await page.reload();
  await expect(page.getByTestId('till-input')).toBeFocused();
  await expect(page.getByTestId('till-catalog')).toContainText(`商品缓存 ${before + 1} 种`);
  expect(seen.buckets).toHaveLength(1);
  expect(seen.buckets[0]).toHaveLength(1);
  await scan(page, LATE.barcode, 1);
  await expect(page.getByTestId('till-total')).toHaveText('3.00');
  expect(seen.lookups).toEqual([]);
});
