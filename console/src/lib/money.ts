/**
 * Exact decimal strings shown with two places (no float arithmetic on money). Its own module: the
 * home screen and the member screens show money without loading the product list's code.
 */
export function formatMoney(v: unknown): string {
  if (v === null || v === undefined || v === '') return '-';
  const [int, frac = ''] = String(v).split('.');
  return `${int}.${frac.padEnd(2, '0')}`;
}
