import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The HQ server the global setup started, and calls to its API for test data. */
export const baseUrl = () => {
  const url = process.env.CONSOLE_TEST_URL;
  if (!url) throw new Error('CONSOLE_TEST_URL is not set: run the browser tests with `npx playwright test` (global setup starts HQ)');
  return url;
};
export const adminPassword = () => process.env.CONSOLE_TEST_ADMIN_PASSWORD ?? '';

/** Store S001: opened at HQ, set up against it and synced once by the global setup (STORE below). */
export const storeUrl = () => {
  const url = process.env.CONSOLE_TEST_STORE_URL;
  if (!url) throw new Error('CONSOLE_TEST_STORE_URL is not set: run the browser tests with `npx playwright test`');
  return url;
};
/** Store S002's server: running, never set up — for the first-run wizard (门店系统初始化). */
export const freshStoreUrl = () => {
  const url = process.env.CONSOLE_TEST_FRESH_STORE_URL;
  if (!url) throw new Error('CONSOLE_TEST_FRESH_STORE_URL is not set: run the browser tests with `npx playwright test`');
  return url;
};

/** Store S003's server: running, not set up — till-offline.spec.ts sets it up behind a proxy to HQ. */
export const offlineStoreUrl = () => {
  const url = process.env.CONSOLE_TEST_OFFLINE_STORE_URL;
  if (!url) throw new Error('CONSOLE_TEST_OFFLINE_STORE_URL is not set: run the browser tests with `npx playwright test`');
  return url;
};

/** Calls HQ's API (`api`) or any server's (`apiAt`); a non-2xx answer throws with its body. */
export async function api<T = unknown>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  return apiAt<T>(baseUrl(), method, path, token, body);
}

export async function apiAt<T = unknown>(server: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(server + path, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function apiLogin(username: string, password: string, server = baseUrl()): Promise<string> {
  return (await apiAt<{ accessToken: string }>(server, 'POST', '/api/auth/login', undefined, { username, password })).accessToken;
}

/** Signs in through the login page (of HQ, or of the server given) and waits for the shell. */
export async function signIn(page: Page, username: string, password: string, server = baseUrl()): Promise<void> {
  await page.goto(server + '/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Test data every browser test may rely on (made once by the global setup). */
export const PRODUCTS = 25;
export async function seed(): Promise<void> {
  const admin = await apiLogin('admin', adminPassword());
  for (let i = 1; i <= PRODUCTS; i++) {
    const n = String(i).padStart(3, '0');
    await api('POST', '/api/catalog/products', admin, { code: `E2E-${n}`, name: `测试商品 ${n}`, retailPrice: String(100 - i), barcodes: [`691${String(i).padStart(9, '0')}9`] });
  }
  // a user who may only read purchasing: no 基本信息 menu
  const role = await api<{ id: string }>('POST', '/api/roles', admin, { code: 'e2e-purchase-viewer', name: '采购查询', permissions: ['purchase.read'] });
  await api('POST', '/api/users', admin, { username: 'e2e-viewer', displayName: '只读用户', password: 'viewer-pass-123', roleIds: [role.id] });
}

/**
 * Store S001 as the global setup opens it: 开新店 at HQ (warehouse S001-01, a store manager and a
 * cashier, the transfer password), then 门店系统初始化 on the store server, which runs the first sync.
 */
export const STORE = {
  code: 'S001',
  warehouseCode: 'S001-01',
  transferPassword: 'e2e-transfer-S001',
  manager: { username: 's001-admin', password: 's001-admin-pass' },
  cashier: { username: 's001-cashier', password: 's001-cashier-pass' },
} as const;

export async function openStore(store: string): Promise<void> {
  const admin = await apiLogin('admin', adminPassword());
  await api('POST', '/api/stores/open', admin, {
    idempotencyKey: crypto.randomUUID(),
    code: STORE.code,
    name: '一号店',
    address: '上海市南京东路 1 号',
    openingDate: new Date().toISOString().slice(0, 10),
    warehouses: [{ code: STORE.warehouseCode, name: 'S001 卖场' }],
    users: [
      { ...STORE.manager, displayName: 'S001 店长', role: 'store-admin' },
      { ...STORE.cashier, displayName: 'S001 收银员', role: 'cashier' },
    ],
    transferPassword: STORE.transferPassword,
    settings: { allowNegativeStock: false, allowStorePurchasing: true },
    hqUrl: baseUrl(),
  });
  const setup = await apiAt<{ firstSync: { ok: boolean; errors?: unknown } }>(store, 'POST', '/api/setup', undefined, {
    hqUrl: baseUrl(),
    storeCode: STORE.code,
    warehouseCode: STORE.warehouseCode,
    transferPassword: STORE.transferPassword,
  });
  if (!setup.firstSync.ok) throw new Error(`S001's first sync failed: ${JSON.stringify(setup.firstSync.errors)}`);
}

/** Stock at store S001 for the products of these codes: an other receipt (其他入库), submitted and posted by the manager. */
export async function receiveAtStore(manager: string, codes: string[], quantity: string): Promise<void> {
  const list = <T>(r: T[] | { items: T[] }) => (Array.isArray(r) ? r : r.items);
  const wh = list(await apiAt<Array<{ id: string; code: string }> | { items: Array<{ id: string; code: string }> }>(storeUrl(), 'GET', '/api/inventory/warehouses', manager)).find(
    (w) => w.code === STORE.warehouseCode,
  )!;
  const reason = list(
    await apiAt<Array<{ code: string; direction: string }> | { items: Array<{ code: string; direction: string }> }>(storeUrl(), 'GET', '/api/inventory/reasons', manager),
  ).find((r) => r.direction === 'in' || r.direction === 'both')!;
  const lines: Array<{ productId: string; quantity: string; reasonCode: string; unitCost: string }> = [];
  for (const code of codes) {
    const found = await apiAt<{ items: Array<{ id: string; code: string }> }>(storeUrl(), 'GET', `/api/catalog/products?search=${encodeURIComponent(code)}&pageSize=10`, manager);
    lines.push({ productId: found.items.find((p) => p.code === code)!.id, quantity, reasonCode: reason.code, unitCost: '1.00' });
  }
  const doc = await apiAt<{ id: string }>(storeUrl(), 'POST', '/api/inventory/other-receipts', manager, { warehouseId: wh.id, lines });
  await apiAt(storeUrl(), 'POST', `/api/inventory/other-receipts/${doc.id}/submit`, manager, {});
  await apiAt(storeUrl(), 'POST', `/api/inventory/other-receipts/${doc.id}/post`, manager, {});
}

/**
 * A screenshot of a main screen for docs/console.md, written to docs/screenshots/<name>.png only
 * when SCREENSHOTS=1 (they are committed; a normal run leaves them alone). 1366×768 as configured.
 */
export async function shot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  const dir = join(__dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(dir, `${name}.png`), type: 'png' });
}

/**
 * Waits until nothing in `scope` moves: its finite animations (a modal's zoom, a drawer's slide) have
 * ended. A loading spinner spins forever, so infinite ones are left out.
 */
export async function settled(scope: Locator): Promise<void> {
  await scope.evaluate((el) =>
    Promise.all(
      el
        .getAnimations({ subtree: true })
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

/**
 * Picks `text` in the select labelled `label` inside `scope` (a form or dialog). The click is forced —
 * a chosen value's label lies over the search input — so it first waits for the scope to stop moving
 * (a modal's zoom): a forced click at a box that is still moving lands on another field.
 */
export async function pick(page: Page, scope: Locator, label: string, text: string): Promise<void> {
  await settled(scope);
  const input = scope.getByLabel(label, { exact: true });
  await input.click({ force: true });
  if (await input.isEditable()) await input.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/**
 * Answers the confirm dialog (antd's `modal.confirm`) titled `title` with its OK (`ok`): clicked once the
 * dialog has stopped zooming in, then waits for it to close — it stays open, its OK spinning, until
 * the action it confirms has its server's answer, and closes only then.
 */
export async function confirmOk(page: Page, title: string | RegExp, ok: string | RegExp = /确\s*定|OK/): Promise<void> {
  const confirm = page.locator('.ant-modal-confirm', { has: page.locator('.ant-modal-confirm-title', { hasText: title }) });
  await expect(confirm).toBeVisible();
  await settled(confirm);
  await confirm.getByRole('button', { name: ok }).click();
  await expect(confirm).toBeHidden();
}
