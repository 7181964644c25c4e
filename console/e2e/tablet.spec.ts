import { expect, test, type Page } from '@playwright/test';
import { adminPassword, signIn, STORE, storeUrl } from './helpers';

/**
 * The console on a tablet (768×1024, portrait; issue 20: "works at 1366×768 and on a tablet"):
 * the page never scrolls sideways — wide tables scroll inside their own box. The till (收银台) on a
 * store, in landscape (1024×768).
 */
test.use({ viewport: { width: 768, height: 1024 }, hasTouch: true });

/** Nothing wider than the screen: a page that scrolls sideways hides its buttons on a tablet. */
async function fitsTheScreen(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test('on a tablet the console fits the screen: the dashboard and the lists of products, purchase orders and users', async ({ page }) => {
  await signIn(page, 'admin', adminPassword());
  await expect(page.getByTestId('current-user')).toBeAttached();
  await fitsTheScreen(page);
  for (const path of ['/catalog/products', '/purchase/orders', '/settings/users']) {
    await page.goto(page.url().replace(/(https?:\/\/[^/]+).*/, `$1${path}`));
    await expect(page.locator('.ant-table').first()).toBeVisible();
    await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
    await fitsTheScreen(page);
  }
});

test('on a tablet in landscape the till (收银台) fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page, STORE.cashier.username, STORE.cashier.password, storeUrl());
  await page.goto(storeUrl() + '/pos');
  await expect(page.getByTestId('till')).toBeVisible();
  await fitsTheScreen(page);
});
