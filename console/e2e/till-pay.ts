import { expect, type Page } from '@playwright/test';

/** The till's payment dialog by keyboard (收银台 → F12), shared by the till's tests. */

/** ↑↓ until the method is the selected one (in the amount or the number field). */
export async function chooseMethod(page: Page, name: string): Promise<void> {
  const names = await page.getByTestId('pay-methods').locator('div[data-selected]').allTextContents();
  const now = names.indexOf((await page.getByTestId('pay-methods').locator('div[data-selected="true"]').textContent()) ?? '');
  const want = names.indexOf(name);
  for (let i = now; i < want; i++) await page.keyboard.press('ArrowDown');
  for (let i = now; i > want; i--) await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('pay-methods').locator('div[data-selected="true"]')).toHaveText(name);
}

export async function amount(page: Page, value: string): Promise<void> {
  await expect(page.getByTestId('pay-amount')).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

/** a voucher or gift card: choose it, Enter asks for the number, the scanner types it and Enter, then the amount */
export async function numbered(page: Page, method: string, number: string, value: string): Promise<void> {
  await expect(page.getByTestId('pay-amount')).toBeFocused();
  await chooseMethod(page, method);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('pay-error')).toContainText(`16位${method}号`);
  await expect(page.getByTestId('pay-number')).toBeFocused();
  await page.keyboard.type(number);
  await page.keyboard.press('Enter');
  await amount(page, value);
}
