/**
 * Demo step 50: a morning at store S001's till — open a shift, a handful of sales with mixed
 * tenders, one refund by the store manager, the handover. Ids are derived from fixed names, so running the demo again
 * replays the same documents (the API is idempotent) instead of selling twice. Then S001 syncs and
 * the day shows up in HQ's cashier journal.
 */
const { demoId } = require('../ids');

const STORE = 'S001';
const TILL = 'D1';
const idOf = (name) => demoId(STORE, name);

async function run(demo) {
  const store = demo.stores.find((s) => s.code === STORE);
  // 20-open-stores lists store logins as `store S001 (url)`
  const atStore = (l) => new RegExp(`\\b${STORE}\\b`).test(l.where);
  const cred = demo.logins.find((l) => atStore(l) && /cashier|收银/i.test(`${l.username} ${l.note ?? ''}`)) ?? demo.logins.find(atStore);
  if (!store || !cred) return demo.log(`pos: no ${STORE} login in demo.logins (store not opened yet?) — skipping the till demo`);
  const token = await demo.login(store.url, cred.username, cred.password);
  const call = (method, path, body) => demo.api(store.url, method, path, { token, body });

  const methods = (await call('GET', '/api/pos/payment-methods')).body;
  if (!Array.isArray(methods)) return demo.log(`pos: ${cred.username} cannot sell at ${STORE} — skipping`);
  const cash = methods.find((m) => m.type === 'cash');
  const others = methods.filter((m) => m.type !== 'cash' && m.available);
  if (!cash) return demo.log('pos: no cash payment method synced to the store — skipping');

  const adminToken = await demo.login(store.url, `${STORE.toLowerCase()}-admin`, `${STORE.toLowerCase()}-admin-pass`);
  // products that synced to the store and have stock there; a store nothing was shipped to yet
  // books its opening stock first (其他入库, reason 期初)
  let found = await sellable(call, 3);
  if (!found.size) {
    await openingStock(demo, store.url, adminToken, [...(await sellable(call, -Infinity)).values()].slice(0, 4));
    found = await sellable(call, 3);
  }
  const products = [...found.values()].slice(0, 4);
  if (!products.length) return demo.log(`pos: no product with stock at ${STORE} yet — skipping the till demo`);

  const shift = await call('POST', '/api/pos/shifts', { id: idOf('shift-1'), tillCode: TILL, openingFloat: '200.00' });
  if (shift.status !== 201 && shift.status !== 200) return demo.log(`pos: could not open a shift: ${shift.status} ${JSON.stringify(shift.body)}`);
  const shiftId = shift.body.id;

  const sales = [];
  for (let i = 0; i < 6; i++) {
    const lines = [{ productId: products[i % products.length].productId, quantity: String((i % 2) + 1) }];
    if (products.length > 1 && i % 3 === 0) lines.push({ productId: products[(i + 1) % products.length].productId });
    const due = lines.reduce((a, l) => a + Number(found.get(l.productId).retailPrice) * Number(l.quantity ?? 1), 0);
    const other = others[i % Math.max(others.length, 1)];
    const payments =
      i % 3 === 0 || !other
        ? [{ paymentMethodId: cash.id, amount: (Math.ceil(due / 10) * 10).toFixed(2) }]
        : i % 3 === 1
          ? [{ paymentMethodId: other.id, amount: due.toFixed(2), reference: `DEMO-${i}` }]
          : [{ paymentMethodId: other.id, amount: (Math.floor(due / 2 * 100) / 100).toFixed(2) }, { paymentMethodId: cash.id, amount: Math.ceil(due).toFixed(2) }];
    const res = await call('POST', '/api/pos/sales', { id: idOf(`sale-${i}`), shiftId, lines, payments });
    if (res.status !== 200) {
      demo.log(`pos: sale ${i + 1} refused: ${res.body?.code} ${res.body?.message}`);
      continue;
    }
    sales.push(res.body);
    demo.log(`pos: ${res.body.receiptNo} total ${res.body.totalAmount} paid ${res.body.paidAmount} change ${res.body.changeAmount}`);
  }
  if (sales.length) {
    // refunds need pos.refund, which cashiers lack: the store manager takes it at the service desk till
    const first = sales[0];
    const manager = (method, path, body) => demo.api(store.url, method, path, { token: adminToken, body });
    const desk = await manager('POST', '/api/pos/shifts', { id: idOf('shift-desk'), tillCode: 'D2', openingFloat: '100.00' });
    const refund =
      desk.status === 201 || desk.status === 200
        ? await manager('POST', '/api/pos/refunds', { id: idOf('refund-1'), shiftId: desk.body.id, receiptNo: first.receiptNo, reason: '顾客不想要了', lines: [{ saleLineNo: 1, quantity: '1' }] })
        : desk;
    demo.log(refund.status === 200 ? `pos: refund ${refund.body.refundNo} of ${first.receiptNo}: ${refund.body.totalAmount} back` : `pos: refund refused: ${refund.body?.code} ${refund.body?.message}`);
  }
  const live = await call('GET', `/api/pos/shifts/${shiftId}`);
  if (live.body?.status === 'open') {
    const expectedCash = live.body.tenders.find((t) => t.methodType === 'cash')?.expected ?? '200.00';
    const counted = (Number(expectedCash) - 0.5).toFixed(2); // the cashier is fifty fen short
    const report = await call('POST', `/api/pos/shifts/${shiftId}/handover`, { counts: [{ paymentMethodId: cash.id, amount: counted }], note: 'demo handover' });
    demo.log(report.status === 200 ? `pos: shift ${report.body.shiftNo} handed over, difference ${report.body.differenceTotal}` : `pos: handover refused: ${report.body?.code}`);
  } else demo.log(`pos: shift ${live.body?.shiftNo ?? shiftId} was handed over in an earlier run`);

  // the transfer engine carries the day to HQ; HQ's inbox job files it into the cashier journal
  const sync = await demo.api(store.url, 'POST', '/api/sync', { token: adminToken, body: {} });
  if (sync.status !== 200) return demo.log(`pos: sync ${STORE} failed: ${sync.status} ${JSON.stringify(sync.body)}`);
  const pushed = sync.body.pushed ?? {};
  demo.log(`pos: ${STORE} synced — pushed sales ${fmt(pushed['pos.sale'])}, refunds ${fmt(pushed['pos.refund'])}, shift reports ${fmt(pushed['pos.shift-report'])}${sync.body.ok ? '' : ` (errors: ${JSON.stringify(sync.body.errors)})`}`);
  const storeId = await storeIdAtHq(demo);
  const storeTotals = (await call('GET', '/api/pos/journal?pageSize=1')).body?.totals;
  let atHq;
  for (let i = 0; i < 40; i++) {
    atHq = (await demo.api(demo.hq.url, 'GET', `/api/pos/journal?storeId=${storeId}&pageSize=1`, { token: demo.adminToken })).body?.totals;
    if (atHq && storeTotals && atHq.salesCount >= storeTotals.salesCount && atHq.refundsCount >= storeTotals.refundsCount) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  demo.log(`pos: HQ 收银查询 for ${STORE}: ${atHq?.salesCount} sales ${atHq?.salesTotal}, ${atHq?.refundsCount} refunds ${atHq?.refundsTotal}, net ${atHq?.net} (the store's own journal: ${storeTotals?.salesCount} sales, net ${storeTotals?.net})`);
}

async function sellable(call, minOnHand) {
  const found = new Map();
  for (const q of ['1', '2', '3', '0', 'a', 'e', '品', '奶', '面']) {
    const res = await call('GET', `/api/pos/products/lookup?q=${encodeURIComponent(q)}`);
    for (const p of Array.isArray(res.body) ? res.body : []) if (Number(p.retailPrice) > 0 && Number(p.onHand) >= minOnHand && !p.weighed) found.set(p.productId, p);
    if (found.size >= 4) break;
  }
  return found;
}

async function openingStock(demo, url, token, products) {
  if (!products.length) return;
  const warehouses = (await demo.api(url, 'GET', '/api/inventory/warehouses?pageSize=50', { token })).body?.items ?? [];
  const wh = warehouses.find((w) => w.code === `${STORE}-01`);
  if (!wh) return demo.log(`pos: no warehouse ${STORE}-01 at the store — cannot book opening stock`);
  const doc = await demo.api(url, 'POST', '/api/inventory/other-receipts', {
    token,
    body: { warehouseId: wh.id, remark: 'demo: 期初库存', lines: products.map((p) => ({ productId: p.productId, quantity: '50', reasonCode: 'opening' })) },
  });
  const posted = doc.status === 201 ? await demo.api(url, 'POST', `/api/inventory/other-receipts/${doc.body.id}/post`, { token }) : doc;
  demo.log(posted.status === 200 ? `pos: ${STORE} booked opening stock (其他入库 ${posted.body.number ?? ''}): 50 each of ${products.map((p) => p.code ?? p.productCode).join(', ')}` : `pos: opening stock refused: ${posted.status} ${JSON.stringify(posted.body)}`);
}

const fmt = (p) => (p ? `${p.stored} new${p.duplicate ? ` + ${p.duplicate} again` : ''}` : '—');

async function storeIdAtHq(demo) {
  const res = await demo.api(demo.hq.url, 'GET', `/api/org-units?search=${STORE}&pageSize=50`, { token: demo.adminToken });
  return res.body?.items?.find((o) => o.code === STORE)?.id;
}

module.exports = { run, sellable };
