import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { api, apiAt, apiLogin, adminPassword, receiveAtStore, signIn, STORE, storeUrl } from './helpers';

/**
 * 售礼品卡 at the till of S001 (docs/promotions.md "Gift cards sold at the till"): HQ makes a batch of
 * gift cards sold at the till (no value until sold); the cashier sells one for cash by keyboard
 * (Shift+F4: number, Enter shows its face value, the cash handed over, Enter), looks it up
 * (Shift+F5), then a customer pays a sale with it — the payment dialog shows what the card can pay
 * when its number is entered. HQ's ledger shows the card sold, then spent.
 */
const JUICE = { code: 'GC-JUICE', name: '售卡测试果汁', barcode: '6973000000098', retail: '8.00' };
const CASH = { code: 'GCSCASH', name: '售卡测试现金' };
const GIFT = { code: 'GCSGIFT', name: '售卡测试礼品卡' };

let admin: string;
let card: string;

test.beforeAll(async () => {
  admin = await apiLogin('admin', adminPassword());
  const manager = await apiLogin(STORE.manager.username, STORE.manager.password, storeUrl());
  await api('POST', '/api/catalog/payment-methods', admin, { ...CASH, type: 'cash', allowsChange: true, sortOrder: 21 });
  await api('POST', '/api/catalog/payment-methods', admin, { ...GIFT, type: 'gift_card', allowsChange: false, sortOrder: 22 });
  await api('POST', '/api/catalog/products', admin, { code: JUICE.code, name: JUICE.name, retailPrice: JUICE.retail, barcodes: [JUICE.barcode] });
  const batch = await api<{ id: string }>('POST', '/api/vouchers/batches', admin, {
    id: randomUUID(),
    kind: 'gift_card',
    name: '售卡测试礼品卡100',
    faceValue: '100',
    quantity: 1,
    soldAtTill: true,
    validFrom: new Date(Date.now() - 3600_000).toISOString(),
    validTo: new Date(Date.now() + 365 * 86400_000).toISOString(),
  });
  card = (await api<{ items: Array<{ number: string }> }>('GET', `/api/vouchers?batchId=${batch.id}`, admin)).items[0].number;
  await apiAt(storeUrl(), 'POST', '/api/sync', manager, {});
  await receiveAtStore(manager, [JUICE.code], '20');
});

async function dialogReady(page: Page): Promise<void> {
  await expect(page.locator('.ant-modal-wrap input:focus')).toHaveCount(1);
}

/** ↑↓ until the method is the selected one. */
async function chooseMethod(page: Page, list: string, name: string): Promise<void> {
  const names = await page.getByTestId(list).locator('div[data-selected]').allTextContents();
  const now = names.indexOf((await page.getByTestId(list).locator('div[data-selected="true"]').textContent()) ?? '');
  const want = names.indexOf(name);
  for (let i = now; i < want; i++) await page.keyboard.press('ArrowDown');
  for (let i = now; i > want; i--) await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId(list).locator('div[data-selected="true"]')).toHaveText(name);
}

test('a cashier sells a gift card for cash, looks it up, and a customer pays a sale with it', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('chain-erp.till.code', 'G9');
    window.print = () => undefined;
  });
  await signIn(page, STORE.cashier.username, STORE.cashier.password, storeUrl());
  await page.goto(storeUrl() + '/pos');
  await expect(page.getByTestId('till')).toBeVisible();
  await dialogReady(page);
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-shift')).toContainText('SHIFT-S001-');
  await expect(page.getByTestId('till-input')).toBeFocused();

  // 售礼品卡: the number, Enter shows the card (未售出, face value 100.00); cash 120.00 handed over, Enter sells
  await page.keyboard.press('Shift+F4');
  await dialogReady(page);
  await page.keyboard.type(card);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('voucher-balance')).toContainText('未售出');
  await expect(page.getByTestId('voucher-balance')).toContainText('100.00');
  await chooseMethod(page, 'giftcard-methods', CASH.name);
  const tendered = page.getByRole('dialog').getByLabel('实收（现金可找零，回车售卡）');
  await expect(tendered).toHaveValue('100.00');
  await tendered.fill('120');
  await tendered.press('Enter');
  await expect(page.getByTestId('giftcard-done')).toContainText(/GCS-S001-G9-\d{8}-\d{4}/);
  await expect(page.getByTestId('giftcard-change')).toHaveText('20.00');
  await expect(page.getByTestId('giftcard-balance')).toHaveText('100.00');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('till-input')).toBeFocused();

  // 券卡余额查询: it can pay now
  await page.keyboard.press('Shift+F5');
  await dialogReady(page);
  await page.keyboard.type(card);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('voucher-balance-amount')).toHaveText('100.00');
  await expect(page.getByTestId('voucher-balance')).toContainText('可用');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // a sale of 3 juices (24.00) paid with the card: its number, Enter shows what it can pay, Enter pays
  await page.getByTestId('till-input').focus();
  await page.keyboard.type(`3*${JUICE.barcode}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-total')).toHaveText('24.00');
  await page.keyboard.press('F12');
  await expect(page.getByTestId('pay-due')).toHaveText('24.00');
  await expect(page.getByTestId('pay-amount')).toBeFocused();
  await chooseMethod(page, 'pay-methods', GIFT.name);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pay-number')).toBeFocused();
  await page.keyboard.type(card);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pay-number-balance')).toContainText('可付 24.00（余额 100.00）');
  await expect(page.getByTestId('pay-amount')).toBeFocused();
  await expect(page.getByTestId('pay-amount')).toHaveValue('24.00');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('till-last')).toContainText('24.00');

  // HQ's ledger: sold at S001, then spent by the sale
  const detail = await api<{ state: string; balance: string; ledger: Array<{ kind: string; amount: string }> }>('GET', `/api/vouchers/by-number/${card}`, admin);
  expect(detail).toMatchObject({ state: 'active', balance: '76.00' });
  expect(detail.ledger.map((l) => [l.kind, l.amount])).toEqual([
    ['sell', '100.00'],
    ['redeem', '24.00'],
  ]);
});
