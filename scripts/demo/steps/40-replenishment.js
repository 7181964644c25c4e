/**
 * Demo step: 要货 (replenishment) between HQ and S001, every document crossing through the transfer
 * engine (POST /api/sync at the store with the store admin's token):
 * S001 asks for two products → HQ approves with a cut → ships in two parts → S001 receives, one line
 * short → HQ settles the shortage and the request ends received. Idempotent: does nothing when
 * S001 already has its demo request. Needs HQ stock in WH-HQ (step 30).
 */
const MARK = '[demo]';

function ok(res, what) {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run(demo) {
  const { api, hq, log } = demo;
  const admin = demo.adminToken;
  const store = demo.stores.find((s) => s.code === 'S001');
  const atHq = (method, path, body) => api(hq.url, method, path, { token: admin, body });
  const token = await demo.login(store.url, 's001-admin', 's001-admin-pass');
  const atStore = (method, path, body) => api(store.url, method, path, { token, body });
  const sync = async () => ok(await atStore('POST', '/api/sync', {}), 'sync S001');
  /** HQ's change feed and inbox job work in the background: sync until the store sees what it waits for */
  const until = async (what, check) => {
    for (let i = 0; i < 60; i++) {
      await sync();
      if (await check()) return;
      await sleep(500);
    }
    throw new Error(`S001 did not see ${what} after a minute of syncing`);
  };

  const mine = ok(await atStore('GET', '/api/replenishment/requests?pageSize=100'), 'requests at S001');
  if (mine.items.some((r) => (r.note ?? '').startsWith(MARK))) {
    log('replenishment: S001 demo request already there');
    return;
  }
  const whs = ok(await atHq('GET', '/api/inventory/warehouses?pageSize=100'), 'warehouses');
  const wh = whs.items.find((w) => w.code === 'WH-HQ');
  if (!wh) {
    log('replenishment: no HQ warehouse WH-HQ with stock (step 30) — skipping');
    return;
  }
  const stock = ok(await atHq('GET', `/api/inventory/stock?warehouseId=${wh.id}&pageSize=100`), 'HQ stock').items.filter((s) => Number(s.qty) >= 6);
  const picked = [...new Map(stock.map((s) => [s.productId, s])).values()].slice(0, 2);
  if (picked.length < 2) {
    log('replenishment: HQ has too little stock for the demo — skipping');
    return;
  }
  await sync();

  // ① 要货申请 at S001
  const req = ok(
    await atStore('POST', '/api/replenishment/requests', {
      note: `${MARK} 周末补货`,
      lines: picked.map((s) => ({ productId: s.productId, quantity: '6' })),
    }),
    'request',
  );
  ok(await atStore('POST', `/api/replenishment/requests/${req.id}/submit`), 'submit');
  log(`要货申请 ${req.number} at S001: ${picked.map((s) => `${s.productCode} × 6`).join(', ')}`);
  let hqReq;
  for (let i = 0; i < 60 && !hqReq; i++) {
    await sync();
    const r = await atHq('GET', `/api/replenishment/requests/${req.id}`);
    if (r.status === 200) hqReq = r.body;
    else await sleep(500);
  }
  if (!hqReq) throw new Error('HQ did not receive the request');

  // ② 要货确认 with a cut on the first line
  const approved = ok(
    await atHq('POST', `/api/replenishment/requests/${req.id}/approve`, { lines: [{ lineId: hqReq.lines[0].id, approvedQty: '4', reason: '总部库存紧张，先发 4 件' }] }),
    'approve',
  );
  log(`要货确认 at HQ: ${approved.status} (${hqReq.lines[0].productCode} cut 6 → 4)`);

  // ③ 调拨出库 in two parts
  const first = ok(
    await atHq('POST', '/api/transfer-shipments', { fromWarehouseId: wh.id, requestIds: [req.id], lines: [{ requestLineId: hqReq.lines[0].id, quantity: '2' }], note: MARK }),
    'shipment 1',
  );
  ok(await atHq('POST', `/api/transfer-shipments/${first.id}/post`), 'post shipment 1');
  const second = ok(await atHq('POST', '/api/transfer-shipments', { fromWarehouseId: wh.id, requestIds: [req.id], note: MARK }), 'shipment 2');
  ok(await atHq('POST', `/api/transfer-shipments/${second.id}/post`), 'post shipment 2');
  log(`调拨出库 ${first.number} (2 件) and ${second.number} (the rest) posted: HQ stock → S001 in transit`);

  // ④ 调拨入库 at S001: the first whole, the second with one short
  await until('both shipments', async () => ok(await atStore('GET', '/api/transfer-shipments?status=posted'), 'shipments').items.filter((s) => s.inTransit).length >= 2);
  const r1 = ok(await atStore('POST', '/api/transfer-receipts', { shipmentId: first.id }), 'receipt 1');
  ok(await atStore('POST', `/api/transfer-receipts/${r1.id}/post`), 'post receipt 1');
  const shipped = ok(await atStore('GET', `/api/transfer-shipments/${second.id}`), 'shipment 2 at S001');
  const shortLine = shipped.lines[shipped.lines.length - 1];
  const r2 = ok(
    await atStore('POST', '/api/transfer-receipts', {
      shipmentId: second.id,
      note: MARK,
      lines: [{ shipmentLineId: shortLine.id, receivedQty: String(Number(shortLine.quantity) - 1), variances: [{ reason: 'short', quantity: '1' }], note: '少一件' }],
    }),
    'receipt 2',
  );
  ok(await atStore('POST', `/api/transfer-receipts/${r2.id}/post`), 'post receipt 2');
  log(`调拨入库 ${r1.number} (all) and ${r2.number} (one short) posted at S001`);

  // HQ settles; S001 shows HQ's final state
  await until('the request received', async () => ok(await atStore('GET', `/api/replenishment/requests/${req.id}`), 'request at S001').status === 'received');
  const done = ok(await atHq('GET', `/api/replenishment/requests/${req.id}`), 'request at HQ');
  log(
    `要货 ${req.number}: ${done.status} — ${done.lines.map((l) => `${l.productCode} requested ${l.requestedQty}, approved ${l.approvedQty}, shipped ${l.shippedQty}, received ${l.receivedQty}`).join('; ')}`,
  );
}

module.exports = { run };
