import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { api, apiAt, apiLogin, adminPassword, signIn, STORE, storeUrl } from './helpers';
import { amount, chooseMethod, numbered } from './till-pay';

/**
 * 收银台 payment step with 代金券 and 礼品卡 (docs/pos.md "Payment"): HQ issues a voucher batch (20.00,
 * minimum spend 30.00) and a gift-card batch (50.00) for every store; the cashier of S001 pays with a
 * voucher's number, a gift card and cash, by keyboard; HQ's ledger shows both numbers spent by this
 * sale. A voucher used once is refused the second time, and the cashier takes it off and pays cash.
 */
const ean13 = (twelve: string) => {
  const sum = [...twelve].reduce((a, d, i) => a + Number(d) * (i % 2 ? 3 : 1), 0);
  return twelve + String((10 - (sum % 10)) % 10);
};
const WINE = { code: 'TT-WINE', name: '券测试红酒', barcode: ean13('697100000101'), retail: '45.00' };
const CASH = { code: 'TTCASH', name: '券测试现金' };
const VOUCHER = { code: 'TTVCH', name: '券测试代金券' };
const GIFT = { code: 'TTGC', name: '券测试礼品卡' };

let admin: string;
let manager: string;
// the numbers are HQ's secret: an HQ user reads them to hand them to the "customer"

let vouchers: string[] = [];
let giftCards: string[] = [];

test.beforeAll(async () => {
  admin = await apiLogin('admin', adminPassword());
  manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  const methods = await api<Array<{ code: string }> | { items: Array<{ code: string }> }>('GET', '/api/catalog/payment-methods?pageSize=100', admin);
  if (!(Array.isArray(methods) ? methods : methods.items).some((m) => m.code === CASH.code)) {
    await api('POST', '/api/catalog/payment-methods', admin, { ...CASH, type: 'cash', allowsChange: true, sortOrder: 11 });
    await api('POST', '/api/catalog/payment-methods', admin, { ...VOUCHER, type: 'voucher', allowsChange: false, sortOrder: 12 });
    await api('POST', '/api/catalog/payment-methods', admin, { ...GIFT, type: 'gift_card', allowsChange: false, sortOrder: 13 });
    await api('POST', '/api/catalog/products', admin, { code: WINE.code, name: WINE.name, retailPrice: WINE.retail, barcodes: [WINE.barcode] });
  }
  const validity = { validFrom: new Date(Date.now() - 3600_000).toISOString(), validTo: new Date(Date.now() + 30 * 86400_000).toISOString() };
  const voucherBatch = await api<{ id: string }>('POST', '/api/vouchers/batches', admin, {
    id: randomUUID(),
    kind: 'voucher',
    name: '券测试满30用20',
    faceValue: '20',
    minSpend: '30',
    quantity: 1,
    ...validity,
  });
  const giftBatch = await api<{ id: string }>('POST', '/api/vouchers/batches', admin, {
    id: randomUUID(),
    kind: 'gift_card',
    name: '券测试礼品卡50',
    faceValue: '50',
    quantity: 1,
    ...validity,
  });
  const numbers = async (batchId: string) => (await api<{ items: Array<{ number: string }> }>('GET', `/api/vouchers?batchId=${batchId}`, admin)).items.map((v) => v.number);
  vouchers = await numbers(voucherBatch.id);
  giftCards = await numbers(giftBatch.id);
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});
  // stock of the wine at the store: an other receipt (其他入库), submitted and posted by the manager
  const warehouses = await apiAt<Array<{ id: string; code: string }> | { items: Array<{ id: string; code: string }> }>(storeUrl(), 'GET', '/api/inventory/warehouses', manager);
  const wh = (Array.isArray(warehouses) ? warehouses : warehouses.items).find((w) => w.code === STORE.warehouseCode)!;
  const reasons = await apiAt<Array<{ code: string; direction: string }> | { items: Array<{ code: string; direction: string }> }>(
    storeUrl(),
    'GET',
    '/api/inventory/reasons',
    manager,
  );
  const reason = (Array.isArray(reasons) ? reasons : reasons.items).find((r) => r.direction === 'in' || r.direction === 'both')!;
  const products = await apiAt<{ items: Array<{ id: string }> }>(storeUrl(), 'GET', `/api/catalog/products?search=${encodeURIComponent(WINE.name)}&pageSize=10`, manager);
  const doc = await apiAt<{ id: string }>(storeUrl(), 'POST', '/api/inventory/other-receipts', manager, {
    warehouseId: wh.id,
    lines: [{ productId: products.items[0].id, quantity: '20', reasonCode: reason.code, unitCost: '10.00' }],
  });
  await apiAt(storeUrl(), 'POST', `/api/inventory/other-receipts/${doc.id}/submit`, manager, {});
  await apiAt(storeUrl(), 'POST', `/api/inventory/other-receipts/${doc.id}/post`, manager, {});
});

async function dialogReady(page: Page): Promise<void> {
  await expect(page.locator('.ant-modal-wrap input:focus')).toHaveCount(1);
}

async function sellWine(page: Page, count: number): Promise<void> {
  await page.keyboard.type(`${count}*${WINE.barcode}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-total')).toHaveText((45 * count).toFixed(2));
  await page.keyboard.press('F12');
  await expect(page.getByTestId('pay-due')).toHaveText((45 * count).toFixed(2));
}

test('a cashier pays with a voucher number, a gift card and cash; a voucher used once is refused and taken off', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('chain-erp.till.code', 'T7');
    window.print = () => undefined;
  });
  await signIn(page, STORE.cashier.username, STORE.cashier.password, storeUrl());
  await page.goto(storeUrl() + '/pos');
  await expect(page.getByTestId('till')).toBeVisible();
  await dialogReady(page);
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-shift')).toContainText('SHIFT-S001-');

  // 90.00: the voucher pays 20.00, the gift card 50.00, cash 30.00 (change 10.00)
  await sellWine(page, 2);
  await numbered(page, VOUCHER.name, vouchers[0], '20');
  await expect(page.getByTestId('pay-tender')).toHaveCount(1);
  await expect(page.getByTestId('pay-tender')).toContainText(`${VOUCHER.name} …${vouchers[0].slice(-4)} 20.00`);
  await expect(page.getByTestId('pay-remaining')).toHaveText('70.00');
  // the same voucher twice in one sale: refused at the till, nothing added
  await chooseMethod(page, VOUCHER.name);
  await page.keyboard.press('Enter');
  await page.getByTestId('pay-number').fill(vouchers[0]);
  await page.getByTestId('pay-number').press('Enter');
  await amount(page, '10');
  await expect(page.getByTestId('pay-error')).toContainText('同一张券在本单已经使用');
  await expect(page.getByTestId('pay-tender')).toHaveCount(1);
  await page.getByTestId('pay-number').fill('');
  await page.getByTestId('pay-amount').focus();
  await numbered(page, GIFT.name, giftCards[0], '50');
  await expect(page.getByTestId('pay-remaining')).toHaveText('20.00');
  await chooseMethod(page, CASH.name);
  await amount(page, '30');
  await expect(page.getByTestId('till-last')).toContainText('找零 10.00');

  // HQ holds the value: the voucher is used up by this sale, the gift card holds 0.00 of 50.00
  const voucher = await api<{ state: string; balance: string; ledger: Array<{ kind: string; storeId: string | null }> }>('GET', `/api/vouchers/by-number/${vouchers[0]}`, admin);
  expect(voucher).toMatchObject({ state: 'redeemed', balance: '0.00' });
  expect(voucher.ledger.map((l) => l.kind).sort()).toEqual(['issue', 'redeem']);
  const gift = await api<{ balance: string }>('GET', `/api/vouchers/by-number/${giftCards[0]}`, admin);
  expect(gift.balance).toBe('0.00');

  // the voucher again in the next sale: HQ refuses it (已使用); the cashier removes it and pays cash
  await sellWine(page, 1);
  await numbered(page, VOUCHER.name, vouchers[0], '20');
  await chooseMethod(page, CASH.name);
  await amount(page, '25');
  await expect(page.getByTestId('pay-error')).toContainText('已使用');
  await page.getByTestId('pay-tender-remove').first().click();
  await expect(page.getByTestId('pay-tender')).toHaveCount(1);
  await expect(page.getByTestId('pay-tender')).toContainText(`${CASH.name} 25.00`);
  await expect(page.getByTestId('pay-remaining')).toHaveText('20.00');
  await amount(page, '20');
  await expect(page.getByTestId('till-last')).toContainText('实收 45.00，找零 0.00');
});
