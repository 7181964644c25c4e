import { randomUUID } from 'node:crypto';

/** The opening wizard's body (`POST /api/stores/open`) for a store `code`: one selling warehouse, an admin and a cashier. */
export function openingBody(code: string, extra: Record<string, unknown> = {}) {
  const c = code.toLowerCase();
  return {
    idempotencyKey: randomUUID(),
    code,
    name: `${code} 门店`,
    address: '上海市',
    openingDate: '2026-12-01',
    warehouses: [{ code: `${code}-01`, name: `${code} 卖场` }],
    users: [
      { username: `${c}-admin`, displayName: '店长', password: 'store-admin-1', role: 'store-admin' },
      { username: `${c}-cashier`, displayName: '收银员', password: 'cashier-pass-1', role: 'cashier' },
    ],
    transferPassword: `transfer-${c}-secret`,
    ...extra,
  };
}
