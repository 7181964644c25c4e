/**
 * Demo step 50: a morning at store S001's till — open a shift, a handful of sales with mixed
 * tenders, one refund, the handover. Ids are derived from fixed names, so running the demo again
 * replays the same documents (the API is idempotent) instead of selling twice. Then S001 syncs and
 * the day shows up in HQ's cashier journal.
 */
const { demoId } = require('../ids');

const STORE = 'S001';
const TILL = 'D1';
const idOf = (name) => demoId(STORE, name);

async function run(demo) {
  const store = demo.stores.find((s) => s.code === STORE);
  const cred = demo.logins.find((l) => l.where === STORE && /cashier|收银/i.test(`${l.username} ${l.note ?? ''}`)) ?? demo.logins.find((l) => l.where === STORE);
  if (!store || !cred) return demo.log(`pos: no ${STORE} login in demo.logins (store not opened yet?) — skipping the till demo`);
  const token = await demo.login(store.url, cred.username, cred.password);
  const call = (method, path, body) => demo.api(store.url, method, path, { token, body });

  const methods = (await call('GET', '/api/pos/payment-methods')).body;
  if (!Array.isArray(methods)) return demo.log(`pos: ${cred.username} cannot sell at ${STORE} — skipping`);
  const cash = methods.find((m) => m.type === 'cash');
  const others = methods.filter((m) => m.type !== 'cash' && m.available);
  if (!cash) return demo.log('pos: no cash payment method synced to the store — skipping');

  // products that synced to the store and have stock there
  const found = new Map();
  for (const q of ['1', '2', '3', '0', 'a', 'e', '品', '奶', '面']) {
    const res = await call('GET', `/api/pos/products/lookup?q=${encodeURIComponent(q)}`);
    for (const p of Array.isArray(res.body) ? res.body : []) if (Number(p.retailPrice) > 0 && Number(p.onHand) >= 3 && !p.weighed) found.set(p.productId, p);
    if (found.size >= 4) break;
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
    const first = sales[0];
    const refund = await call('POST', '/api/pos/refunds', { id: idOf('refund-1'), shiftId, receiptNo: first.receiptNo, reason: '顾客不想要了', lines: [{ saleLineNo: 1, quantity: '1' }] });
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
  const adminToken = await demo.login(store.url, `${STORE.toLowerCase()}-admin`, `${STORE.toLowerCase()}-admin-pass`);
  const sync = await demo.api(store.url, 'POST', '/api/sync', { token: adminToken, body: {} });
  if (sync.status !== 200) return demo.log(`pos: sync ${STORE} failed: ${sync.status} ${JSON.stringify(sync.body)}`);
  const pushed = sync.body.pushed ?? {};
  demo.log(`pos: ${STORE} synced — pushed sales ${fmt(pushed['pos.sale'])}, refunds ${fmt(pushed['pos.refund'])}, shift reports ${fmt(pushed['pos.shift-report'])}${sync.body.ok ? '' : ` (errors: ${JSON.stringify(sync.body.errors)})`}`);
  const storeId = await storeIdAtHq(demo);
  const atStore = (await call('GET', '/api/pos/journal?pageSize=1')).body?.totals;
  let atHq;
  for (let i = 0; i < 40; i++) {
    atHq = (await demo.api(demo.hq.url, 'GET', `/api/pos/journal?storeId=${storeId}&pageSize=1`, { token: demo.adminToken })).body?.totals;
    if (atHq && atStore && atHq.salesCount >= atStore.salesCount && atHq.refundsCount >= atStore.refundsCount) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  demo.log(`pos: HQ 收银查询 for ${STORE}: ${atHq?.salesCount} sales ${atHq?.salesTotal}, ${atHq?.refundsCount} refunds ${atHq?.refundsTotal}, net ${atHq?.net} (the store's own journal: ${atStore?.salesCount} sales, net ${atStore?.net})`);
}

const fmt = (p) => (p ? `${p.stored} new${p.duplicate ? ` + ${p.duplicate} again` : ''}` : '—');

async function storeIdAtHq(demo) {
  const res = await demo.api(demo.hq.url, 'GET', `/api/org-units?search=${STORE}&pageSize=50`, { token: demo.adminToken });
  return res.body?.items?.find((o) => o.code === STORE)?.id;
}

module.exports = { run };
