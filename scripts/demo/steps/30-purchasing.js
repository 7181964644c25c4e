/**
 * Demo step: HQ purchasing (采购订单 → 验收入库 → 商品仓库). Idempotent: does nothing when its
 * orders exist. Needs an HQ warehouse (made through the inventory API when it exists) and
 * suppliers/products (from step 10-catalog, or made through the catalog API when it exists).
 */
const MARK = '[demo]';

function ok(res, what) {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function run(demo) {
  const { api, hq, log } = demo;
  const admin = demo.adminToken;
  const call = (method, path, body, token = admin) => api(hq.url, method, path, { token, body });

  const existing = await call('GET', '/api/purchase-orders?pageSize=100');
  if (existing.status === 200 && existing.body.items.some((o) => (o.remark ?? '').startsWith(MARK))) {
    log('purchasing: demo orders already there');
    return;
  }
  const me = ok(await call('GET', '/api/auth/me'), 'me');

  // 总部仓库
  const whs = await call('GET', '/api/inventory/warehouses?pageSize=100');
  if (whs.status === 404) {
    log('purchasing: no warehouse API in this build (inventory module not wired) — skipping the purchasing demo');
    return;
  }
  let wh =
    ok(whs, 'warehouses').items.find((w) => w.code === 'WH-HQ') ??
    ok(whs, 'warehouses').items.find((w) => w.orgUnitId === me.orgUnit.id && w.kind === 'normal' && w.status === 'active');
  if (!wh) wh = ok(await call('POST', '/api/inventory/warehouses', { code: 'WH-HQ', name: '总部仓库', orgUnitId: me.orgUnit.id }), 'create warehouse WH-HQ');

  // suppliers and their products
  const sup = await call('GET', '/api/catalog/suppliers?pageSize=100');
  if (sup.status === 404) {
    log('purchasing: no catalog API in this build — skipping the purchasing demo');
    return;
  }
  let suppliers = ok(sup, 'suppliers').items.filter((s) => s.status === 'active');
  for (const [code, name] of [
    ['SUP-D1', '华润饮料供应商'],
    ['SUP-D2', '金龙鱼粮油供应商'],
  ].slice(0, Math.max(0, 2 - suppliers.length))) {
    suppliers.push(ok(await call('POST', '/api/catalog/suppliers', { code, name }), `supplier ${code}`));
  }
  const plan = [];
  for (const [i, s] of suppliers.slice(0, 3).entries()) {
    let products = ok(await call('GET', `/api/catalog/products?supplierId=${s.id}&pageSize=20`), 'products').items.filter((p) => p.status === 'active');
    if (!products.length) {
      for (let k = 1; k <= 3; k++) {
        const body = { code: `D${i + 1}-${k}`, name: `${s.name} 商品${k}`, purchasePrice: String(5 * k + i), retailPrice: String(8 * k + i), taxRate: '13' };
        let res = await call('POST', '/api/catalog/products', { ...body, defaultSupplierId: s.id });
        if (res.status === 400) res = await call('POST', '/api/catalog/products', { ...body, supplierCode: s.code });
        products.push(ok(res, `product ${body.code}`));
      }
    }
    plan.push({ supplier: s, products: products.slice(0, 3) });
  }

  // 采购员 writes the orders, the administrator approves them (nobody approves their own order)
  const roles = ok(await call('GET', '/api/roles?pageSize=100'), 'roles').items;
  const purchaser = roles.find((r) => r.code === 'purchaser');
  const created = await call('POST', '/api/users', { username: 'caigou', displayName: '采购员 小李', password: 'caigou12345', roleIds: [purchaser.id] });
  if (created.status >= 300 && created.status !== 409) ok(created, 'user caigou');
  const buyer = await demo.login(hq.url, 'caigou', 'caigou12345');
  demo.logins.push({ where: 'HQ', username: 'caigou', password: 'caigou12345', note: '采购员 purchaser (orders, receipts, returns)' });

  const today = new Date();
  const inDays = (n) => new Date(today.getTime() + n * 86400000).toISOString().slice(0, 10);
  const order = async (entry, remark, qty) =>
    ok(
      await call(
        'POST',
        '/api/purchase-orders',
        {
          supplierId: entry.supplier.id,
          warehouseId: wh.id,
          expectedDate: inDays(3),
          remark: `${MARK} ${remark}`,
          lines: entry.products.map((p, k) => ({ productId: p.id, quantity: String(qty * (k + 1)) })),
        },
        buyer,
      ),
      `order ${remark}`,
    );
  const approve = async (po) => {
    ok(await call('POST', `/api/purchase-orders/${po.id}/submit`, undefined, buyer), 'submit');
    let o = ok(await call('POST', `/api/purchase-orders/${po.id}/approve`), 'approve');
    return o;
  };
  const receive = async (po, share, note) => {
    const full = ok(await call('GET', `/api/purchase-orders/${po.id}`), 'order');
    const lines = full.lines
      .filter((l) => Number(l.outstandingQty) > 0)
      .map((l, k) => ({
        orderLineId: l.id,
        quantity: String(Math.max(1, Math.floor(Number(l.outstandingQty) * share))),
        ...(l.batchManaged ? { batchNo: `B${inDays(0).replace(/-/g, '')}-${k + 1}`, expiryDate: inDays(180) } : {}),
      }));
    return ok(await call('POST', '/api/goods-receipts', { orderId: po.id, deliveryNoteNo: note, post: true, lines }, buyer), `receipt ${note}`);
  };

  const [a, b, c] = [plan[0], plan[1] ?? plan[0], plan[2] ?? plan[0]];
  await order(b, '草稿：下周补货', 12);
  await approve(await order(a, '已审核，待到货', 10));
  const partial = await approve(await order(b, '部分到货', 20));
  await receive(partial, 0.5, `DN-${partial.number.slice(-4)}-1`);
  const done = await approve(await order(c, '全部到货并结案', 30));
  await receive(done, 1, `DN-${done.number.slice(-4)}-1`);
  ok(await call('POST', `/api/purchase-orders/${done.id}/close`, {}, buyer), 'close');
  log(`purchasing: 4 orders (draft, approved, partially received, closed), 2 receipts posted into ${wh.code} ${wh.name}`);
}

module.exports = { run };
