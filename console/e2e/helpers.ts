import { expect, type Page } from '@playwright/test';

/** The HQ server the global setup started, and calls to its API for test data. */
export const baseUrl = () => {
  const url = process.env.CONSOLE_TEST_URL;
  if (!url) throw new Error('CONSOLE_TEST_URL is not set: run the browser tests with `npx playwright test` (global setup starts HQ)');
  return url;
};
export const adminPassword = () => process.env.CONSOLE_TEST_ADMIN_PASSWORD ?? '';

export async function api<T = unknown>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(baseUrl() + path, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function apiLogin(username: string, password: string): Promise<string> {
  return (await api<{ accessToken: string }>('POST', '/api/auth/login', undefined, { username, password })).accessToken;
}

/** Signs in through the login page and waits for the shell. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(baseUrl() + '/login');
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
