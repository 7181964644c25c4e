/**
 * Demo step: S001's till — a cashier opens a shift, a handful of sales with mixed tenders, one
 * refund by the store manager at the service desk, the handovers. Every run is a new till day: its
 * ids are derived from the data folder and the run number (demo.id), so a second run — also after
 * people used the system — never replays an earlier document with other contents. It sells its own
 * four products (the first sellable ones by code) and tops their stock up only when this run's sales
 * need more than the store has. Shifts an interrupted run left open on its tills are handed over
 * first. Then S001 syncs and the day shows up in HQ's cashier journal.
 */
const STORE = 'S001';
const TILL = 'D1';
const DESK = 'D2';
/** each product's units sold by this step's sales at most */
const NEED_PER_PRODUCT = 6;

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
  // tenders that need no number: vouchers and gift cards carry one, stored value a member card
  const others = methods.filter((m) => m.available && !['cash', 'voucher', 'gift_card', 'stored_value'].includes(m.type));
  if (!cash) return demo.log('pos: no cash payment method synced to the store — skipping');

  const adminToken = await demo.login(store.url, `${STORE.toLowerCase()}-admin`, `${STORE.toLowerCase()}-admin-pass`);
  const manager = (method, path, body) => demo.api(store.url, method, path, { token: adminToken, body });
  const idOf = (name) => demo.id(STORE, name);
  // this step's products: the first four sellable ones by code (not weighed, priced), whatever their stock
  const products = [...(await sellable(call, -Infinity)).values()].sort((a, b) => String(a.code ?? a.productCode).localeCompare(String(b.code ?? b.productCode))).slice(0, 4);
  if (!products.length) return demo.log(`pos: no product synced to ${STORE} yet — skipping the till demo`);
  const found = new Map(products.map((p) => [p.productId, p]));
  await topUp(
    demo,
    store.url,
    adminToken,
    products.filter((p) => Number(p.onHand) < NEED_PER_PRODUCT),
  );

  await handOverLeftover(demo, call, TILL, cash);
  await handOverLeftover(demo, manager, DESK, cash);
  const shift = await call('POST', '/api/pos/shifts', { id: idOf('shift'), tillCode: TILL, openingFloat: '200.00' });
  if (shift.status !== 201 && shift.status !== 200) throw new Error(`pos: could not open a shift at ${TILL}: ${shift.status} ${JSON.stringify(shift.body)}`);
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
          : [
              { paymentMethodId: other.id, amount: (Math.floor((due / 2) * 100) / 100).toFixed(2) },
              { paymentMethodId: cash.id, amount: Math.ceil(due).toFixed(2) },
            ];
    const res = await call('POST', '/api/pos/sales', { id: idOf(`sale-${i}`), shiftId, lines, payments });
    if (res.status !== 200) throw new Error(`pos: sale ${i + 1} refused: ${res.status} ${res.body?.code} ${res.body?.message}`);
    sales.push(res.body);
    demo.log(`pos: ${res.body.receiptNo} total ${res.body.totalAmount} paid ${res.body.paidAmount} change ${res.body.changeAmount}`);
  }
  // refunds need pos.refund, which cashiers lack: the store manager takes it at the service desk till
  const first = sales[0];
  const desk = await manager('POST', '/api/pos/shifts', { id: idOf('shift-desk'), tillCode: DESK, openingFloat: '100.00' });
  if (desk.status !== 201 && desk.status !== 200) throw new Error(`pos: could not open the service desk till ${DESK}: ${desk.status} ${JSON.stringify(desk.body)}`);
  const refund = await manager('POST', '/api/pos/refunds', {
    id: idOf('refund-1'),
    shiftId: desk.body.id,
    receiptNo: first.receiptNo,
    reason: '顾客不想要了',
    lines: [{ saleLineNo: 1, quantity: '1' }],
  });
  if (refund.status !== 200) throw new Error(`pos: refund refused: ${refund.status} ${refund.body?.code} ${refund.body?.message}`);
  demo.log(`pos: refund ${refund.body.refundNo} of ${first.receiptNo}: ${refund.body.totalAmount} back`);
  const report = await handOver(call, shiftId, cash, -0.5); // the cashier is fifty fen short
  demo.log(`pos: shift ${report.shiftNo} handed over, difference ${report.differenceTotal}`);
  const deskReport = await handOver(manager, desk.body.id, cash, 0);
  demo.log(`pos: service desk shift ${deskReport.shiftNo} handed over`);

  // the transfer engine carries the day to HQ; HQ's inbox job files it into the cashier journal
  const sync = await demo.api(store.url, 'POST', '/api/sync', { token: adminToken, body: {} });
  if (sync.status !== 200) return demo.log(`pos: sync ${STORE} failed: ${sync.status} ${JSON.stringify(sync.body)}`);
  const pushed = sync.body.pushed ?? {};
  demo.log(
    `pos: ${STORE} synced — pushed sales ${fmt(pushed['pos.sale'])}, refunds ${fmt(pushed['pos.refund'])}, shift reports ${fmt(pushed['pos.shift-report'])}${sync.body.ok ? '' : ` (errors: ${JSON.stringify(sync.body.errors)})`}`,
  );
  const storeId = await storeIdAtHq(demo);
  const storeTotals = (await call('GET', '/api/pos/journal?pageSize=1')).body?.totals;
  let atHq;
  for (let i = 0; i < 40; i++) {
    atHq = (await demo.api(demo.hq.url, 'GET', `/api/pos/journal?storeId=${storeId}&pageSize=1`, { token: demo.adminToken })).body?.totals;
    if (atHq && storeTotals && atHq.salesCount >= storeTotals.salesCount && atHq.refundsCount >= storeTotals.refundsCount) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  demo.log(
    `pos: HQ 收银查询 for ${STORE}: ${atHq?.salesCount} sales ${atHq?.salesTotal}, ${atHq?.refundsCount} refunds ${atHq?.refundsTotal}, net ${atHq?.net} (the store's own journal: ${storeTotals?.salesCount} sales, net ${storeTotals?.net})`,
  );
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

/** Hands a shift over, counting the cash expected (+ `off`). */
async function handOver(call, shiftId, cash, off) {
  const live = await call('GET', `/api/pos/shifts/${shiftId}`);
  const expected = Number(live.body?.tenders?.find((t) => t.methodType === 'cash')?.expected ?? '0');
  const res = await call('POST', `/api/pos/shifts/${shiftId}/handover`, {
    counts: [{ paymentMethodId: cash.id, amount: Math.max(0, expected + off).toFixed(2) }],
    note: 'demo handover',
  });
  if (res.status !== 200) throw new Error(`pos: handover refused: ${res.status} ${res.body?.code} ${res.body?.message}`);
  return res.body;
}

/** A shift an earlier (interrupted) run, or someone trying the till, left open on `till`: handed over so the till can open again. */
async function handOverLeftover(demo, call, till, cash) {
  const open = await call('GET', `/api/pos/shifts/current/${till}`);
  if (open.status !== 200 || !open.body?.id) return;
  const report = await handOver(call, open.body.id, cash, 0);
  demo.log(`pos: till ${till} still had shift ${report.shiftNo ?? open.body.id} open — handed over first`);
}

/** Stock for this run's sales: each short product brought to 50 with an other receipt (其他入库; 期初 the first time). */
async function topUp(demo, url, token, products) {
  if (!products.length) return;
  const warehouses = (await demo.api(url, 'GET', '/api/inventory/warehouses?pageSize=50', { token })).body?.items ?? [];
  const wh = warehouses.find((w) => w.code === `${STORE}-01`);
  if (!wh) throw new Error(`pos: no warehouse ${STORE}-01 at the store — cannot book stock for the till demo`);
  const lines = products.map((p) => ({
    productId: p.productId,
    quantity: String(50 - Math.max(0, Math.floor(Number(p.onHand)))),
    reasonCode: Number(p.onHand) === 0 && demo.run === 1 ? 'opening' : 'other',
  }));
  const doc = await demo.api(url, 'POST', '/api/inventory/other-receipts', { token, body: { warehouseId: wh.id, remark: 'demo: stock for the till demo / 收银演示补货', lines } });
  if (doc.status !== 201) throw new Error(`pos: stock for the till demo refused: ${doc.status} ${JSON.stringify(doc.body)}`);
  const posted = await demo.api(url, 'POST', `/api/inventory/other-receipts/${doc.body.id}/post`, { token });
  if (posted.status !== 200) throw new Error(`pos: posting the till demo's stock refused: ${posted.status} ${JSON.stringify(posted.body)}`);
  demo.log(`pos: ${STORE} booked stock for the till demo (其他入库 ${posted.body.number ?? ''}): ${products.map((p) => `${p.code ?? p.productCode} → 50`).join(', ')}`);
}

const fmt = (p) => (p ? `${p.stored} new${p.duplicate ? ` + ${p.duplicate} again` : ''}` : '—');

async function storeIdAtHq(demo) {
  const res = await demo.api(demo.hq.url, 'GET', `/api/org-units?search=${STORE}&pageSize=50`, { token: demo.adminToken });
  return res.body?.items?.find((o) => o.code === STORE)?.id;
}

module.exports = { run, sellable, handOver, handOverLeftover };
