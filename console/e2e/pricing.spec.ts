import { expect, test, type Page, type Request } from '@playwright/test';
import { adminPassword, api, apiLogin, confirmOk, shot, signIn } from './helpers';

/**
 * 价格促销 in the console against a real HQ: a buyer defines a 满减 promotion with two steps and
 * approves a price change; a voucher batch is issued (the server's field error shown first), its
 * numbers listed, and one looked up with its ledger. Data is made through the API with codes of
 * its own (other spec files share this HQ).
 */
const u = Date.now().toString(36).toUpperCase();
let admin: string;
let buyer: { username: string; password: string };
let productId: string;

/** Types a date-time into an antd picker field and confirms it. */
async function pickTime(page: Page, label: string, value: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect(input).toHaveValue(value);
}

/** Opens a screen of the 价格促销 menu group (opening the group first when it is closed). */
async function openScreen(page: Page, name: string) {
  const item = page.getByRole('menuitem', { name, exact: true });
  if (!(await item.isVisible())) await page.getByRole('complementary').getByText('价格促销').click();
  await item.click();
}

const inFuture = (days: number) => {
  const d = new Date(Date.now() + days * 86400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} 08:00:00`;
};

test.beforeAll(async () => {
  admin = await apiLogin('admin', adminPassword());
  productId = (await api<{ id: string }>('POST', '/api/catalog/products', admin, { code: `PRC-${u}`, name: `调价商品 ${u}`, retailPrice: '12.00', barcodes: [] })).id;
  const role = await api<{ id: string }>('POST', '/api/roles', admin, {
    code: `buyer-${u}`.toLowerCase(),
    name: `采购员 ${u}`,
    permissions: [
      'catalog.read',
      'pricing.read',
      'pricing.price-change.write',
      'pricing.price-change.approve',
      'pricing.promotion.write',
      'pricing.promotion.approve',
      'voucher.read',
      'voucher.issue',
      // to pick the member card types a promotion is limited to
      'member.read',
    ],
  });
  buyer = { username: `buyer-${u}`.toLowerCase(), password: 'buyer-pass-123' };
  await api('POST', '/api/users', admin, { ...buyer, displayName: '采购员', roleIds: [role.id] });
});

test('a buyer defines a 满减 promotion with two steps and approves a price change', async ({ page }) => {
  const draft = await api<{ id: string; number: string }>('POST', '/api/pricing/price-changes', admin, {
    effectiveFrom: new Date(Date.now() + 86400_000).toISOString(),
    reason: `周二调价 ${u}`,
    lines: [{ productId, retailPrice: '9.90' }],
  });
  await signIn(page, buyer.username, buyer.password);
  await openScreen(page, '促销活动');
  await expect(page).toHaveURL(/\/pricing\/promotions$/);

  await page.getByRole('button', { name: '新增促销' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('活动名称').fill(`满100减20 ${u}`);
  // 满减 is the default kind: its steps are the form's own fields
  await expect(dialog.getByText('满减档位')).toBeVisible();
  await dialog.getByLabel('满', { exact: true }).first().fill('100');
  await dialog.getByLabel('减', { exact: true }).first().fill('120');
  await pickTime(page, '开始时间', inFuture(1));
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  // the server refuses a step saving more than its spend, under that step's field
  await expect(dialog.getByText('at most the spend of its step')).toBeVisible();
  await dialog.getByLabel('减', { exact: true }).first().fill('20');
  await dialog.getByRole('button', { name: '添加档位' }).click();
  await dialog.getByLabel('满', { exact: true }).nth(1).fill('200');
  await dialog.getByLabel('减', { exact: true }).nth(1).fill('50');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: `满100减20 ${u}` });
  await expect(row).toContainText('满减');
  await expect(row).toContainText('草稿');
  await row.getByText('审核').click();
  await confirmOk(page, /^审核 /);
  await expect(row).toContainText('已审核');
  const saved = (
    await api<{ items: Array<{ name: string; kind: string; status: string; rules: unknown }> }>('GET', '/api/pricing/promotions?kind=spend_save&pageSize=100', admin)
  ).items.find((p) => p.name === `满100减20 ${u}`);
  expect(saved).toMatchObject({
    kind: 'spend_save',
    status: 'approved',
    rules: {
      scope: {},
      tiers: [
        { spend: '100', save: '20' },
        { spend: '200', save: '50' },
      ],
    },
  });

  // 调价单: the draft made above, approved on screen
  await openScreen(page, '调价单');
  const pc = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: draft.number });
  await expect(pc).toContainText('草稿');
  await expect(pc).toContainText('全部门店');
  await pc.getByText('审核').click();
  await confirmOk(page, `审核 ${draft.number}`);
  await expect(pc).toContainText('已审核');
  await expect(pc).toContainText(buyer.username);
  expect(await api<{ status: string; approvedBy: string }>('GET', `/api/pricing/price-changes/${draft.id}`, admin)).toMatchObject({
    status: 'approved',
    approvedBy: buyer.username,
  });
});

test('drafts are edited: a price change gets another price, a promotion another percent and the member card types it is for', async ({ page }) => {
  const cardType = await api<{ id: string; code: string; name: string }>('POST', '/api/member-card-types', admin, {
    code: `GOLD${u}`.slice(0, 20),
    name: `金卡 ${u}`,
    pricing: 'discount',
    discountRate: '0.95',
    pointsRate: '1',
    storedValueAllowed: false,
  });
  const change = await api<{ id: string; number: string; rowVersion: number }>('POST', '/api/pricing/price-changes', admin, {
    effectiveFrom: new Date(Date.now() + 2 * 86400_000).toISOString(),
    reason: `待修改 ${u}`,
    lines: [{ productId, retailPrice: '9.90' }],
  });
  const promotion = await api<{ id: string; code: string }>('POST', '/api/pricing/promotions', admin, {
    name: `会员九折 ${u}`,
    kind: 'percent_off',
    rules: { scope: { productIds: [productId] }, percent: '10' },
    startsAt: new Date(Date.now() + 86400_000).toISOString(),
    membersOnly: true,
  });
  await signIn(page, buyer.username, buyer.password);

  // 调价单: the draft opens with its product named and its price; 8.80 is saved over 9.90
  await openScreen(page, '调价单');
  const pc = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: change.number });
  await pc.getByTestId('pc-edit').click();
  const pcForm = page.getByRole('dialog').filter({ hasText: `编辑 ${change.number}` });
  await expect(pcForm).toContainText(`PRC-${u} 调价商品 ${u}`);
  await expect(pcForm.getByLabel('零售价').first()).toHaveValue('9.90');
  await pcForm.getByLabel('零售价').first().fill('8.80');
  await pcForm.getByRole('button', { name: /保\s*存/ }).click();
  await expect(pcForm).toBeHidden();
  const changed = await api<{ rowVersion: number; reason: string; lines: Array<{ productId: string; retailPrice: string }> }>(
    'GET',
    `/api/pricing/price-changes/${change.id}`,
    admin,
  );
  expect(changed).toMatchObject({ reason: `待修改 ${u}`, lines: [{ productId, retailPrice: '8.80' }] });
  expect(changed.rowVersion).toBeGreaterThan(change.rowVersion);

  // 促销活动: the draft opens with its scope's product named; 15 % for 金卡 only
  await openScreen(page, '促销活动');
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: promotion.code });
  await row.getByTestId('promotion-edit').click();
  const form = page.getByRole('dialog').filter({ hasText: `编辑 ${promotion.code}` });
  await expect(form.getByLabel('活动名称')).toHaveValue(`会员九折 ${u}`);
  await expect(form).toContainText(`PRC-${u} 调价商品 ${u}`);
  await form.getByLabel('折扣 %（如 20 = 8折）').fill('15');
  await form.getByLabel('适用卡类型').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: cardType.name }).click();
  await form.getByLabel('活动名称').click(); // closes the select's list
  await shot(page, 'pricing-promotion-edit');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(form).toBeHidden();
  expect(await api('GET', `/api/pricing/promotions/${promotion.id}`, admin)).toMatchObject({
    status: 'draft',
    membersOnly: true,
    cardTypeIds: [cardType.id],
    rules: { scope: { productIds: [productId] }, percent: '15' },
  });
});

test('a voucher batch is issued (a bad face value refused on its field), its numbers listed and one looked up with its ledger', async ({ page }) => {
  await signIn(page, buyer.username, buyer.password);
  await openScreen(page, '代金券/礼品卡');
  await page.getByRole('button', { name: '发行券批次' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称', { exact: true }).fill(`满100用20元券 ${u}`);
  await dialog.getByLabel('面值').fill('-20');
  await dialog.getByLabel('使用门槛（满）').fill('100');
  await dialog.getByLabel('数量').fill('5');
  await pickTime(page, '生效时间', inFuture(0).replace('08:00:00', '00:00:00'));
  await pickTime(page, '失效时间', inFuture(30));
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.getByText('must be a positive amount with at most 2 decimals, e.g. "12.50"')).toBeVisible();
  await dialog.getByLabel('面值').fill('20');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: `满100用20元券 ${u}` });
  await expect(row).toContainText('代金券');
  await expect(row).toContainText('100.00'); // issued and outstanding: 5 × 20.00
  await expect(row).toContainText(/VB-HQ-\d{8}-\d{4}/);
  await row.getByText(/VB-HQ-/).click();
  const drawer = page.locator('.ant-drawer-content');
  const numbers = drawer.locator('.ant-table-tbody tr.ant-table-row');
  await expect(numbers).toHaveCount(5);
  const first = (await numbers.first().locator('td').first().innerText()).trim();
  expect(first).toMatch(/^\d{16}$/);
  await numbers.first().getByText(first).click();

  const detail = page.getByTestId('voucher-detail');
  await expect(detail).toContainText(first);
  await expect(detail).toContainText('可用');
  await expect(detail).toContainText('20.00');
  await expect(detail.locator('.ant-table-tbody tr.ant-table-row')).toHaveCount(1);
  await expect(detail.locator('.ant-table-tbody')).toContainText('发行');

  // an unknown number: the server's code and message
  await page.getByTestId('voucher-lookup').locator('input').fill('1234567890123452');
  await page.getByTestId('voucher-lookup').locator('button').click();
  await expect(page.getByText('VOUCHER_NOT_FOUND')).toBeVisible();
});

test('a voucher batch issued 离线可用 is listed so; for a gift card the switch is off and disabled', async ({ page }) => {
  await signIn(page, buyer.username, buyer.password);
  await openScreen(page, '代金券/礼品卡');
  await page.getByRole('button', { name: '发行券批次' }).click();
  const dialog = page.getByRole('dialog');
  // a gift card cannot be redeemed offline (the server refuses it): the switch is shown off and disabled
  // the kind's select has no accessible name: found by its form item's label
  const kind = dialog
    .locator('.ant-form-item')
    .filter({ has: page.getByText('类型', { exact: true }) })
    .locator('.ant-select-selector');
  await kind.click();
  await page.locator('.ant-select-dropdown:visible').getByText('礼品卡', { exact: true }).click();
  await expect(dialog.getByRole('switch', { name: '离线可用' })).toBeDisabled();
  await expect(dialog.getByRole('switch', { name: '离线可用' })).not.toBeChecked();
  await kind.click();
  await page.locator('.ant-select-dropdown:visible').getByText('代金券', { exact: true }).click();
  await dialog.getByLabel('名称', { exact: true }).fill(`离线券 ${u}`);
  await dialog.getByLabel('面值').fill('10');
  await dialog.getByLabel('数量').fill('2');
  await dialog.getByRole('switch', { name: '离线可用' }).click();
  await pickTime(page, '生效时间', inFuture(0).replace('08:00:00', '00:00:00'));
  await pickTime(page, '失效时间', inFuture(30));
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.ant-table-tbody tr.ant-table-row', { hasText: `离线券 ${u}` })).toContainText('离线可用');
  const batch = (await api<{ items: Array<{ name: string; offlineRedeemable: boolean }> }>('GET', '/api/vouchers/batches?kind=voucher&pageSize=200', admin)).items.find(
    (b) => b.name === `离线券 ${u}`,
  );
  expect(batch?.offlineRedeemable).toBe(true);
});

test('a list shows the newest answer: an older reload answered after the one made after an approval does not bring 草稿 back', async ({ page }) => {
  const promotion = await api<{ id: string; code: string }>('POST', '/api/pricing/promotions', admin, {
    name: `迟到的列表 ${u}`,
    kind: 'percent_off',
    rules: { scope: { productIds: [productId] }, percent: '5' },
    startsAt: new Date(Date.now() + 86400_000).toISOString(),
  });
  await signIn(page, buyer.username, buyer.password);
  await openScreen(page, '促销活动');
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: promotion.code });
  await expect(row).toContainText('草稿');

  // a reload whose answer (the draft) is held back by a slow network …
  const isList = (url: URL) => url.pathname === '/api/pricing/promotions';
  let held!: () => void;
  const release = new Promise<void>((r) => (held = r));
  let answered!: (request: Request) => void;
  const older = new Promise<Request>((r) => (answered = r));
  let first = true;
  await page.route(isList, async (route) => {
    if (!first) return route.continue();
    first = false;
    const response = await route.fetch();
    answered(route.request());
    await release;
    await route.fulfill({ response });
  });
  const reload = page.locator('.ant-pro-table-list-toolbar-setting-item').filter({ has: page.locator('.anticon-reload') });
  await reload.click();
  const olderRequest = await older;
  // … the promotion is approved and the list reloaded: this newer answer comes at once
  await api('POST', `/api/pricing/promotions/${promotion.id}/approve`, admin);
  await reload.click();
  await expect(row).toContainText('已审核');
  // the older answer arrives last and is handled (the page has had a frame after it): the row stays approved
  const finished = page.waitForEvent('requestfinished', (r) => r === olderRequest);
  held();
  await finished;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  await expect(row).toContainText('已审核');
  await expect(row).not.toContainText('草稿');
});
