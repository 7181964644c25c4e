/**
 * Demo step: open S001 and S002 through the wizard (开新店), set each store server up with its
 * transfer password (门店系统初始化), run the first sync, then change a product at HQ and show it
 * arriving at the stores after a sync. Idempotent: a second run reuses what exists.
 */
const { randomUUID } = require('node:crypto');

const PASSWORDS = { S001: 'demo-transfer-S001', S002: 'demo-transfer-S002' };

async function run(demo) {
  const { hq, api, log } = demo;
  const admin = demo.adminToken;
  const existing = await api(hq.url, 'GET', '/api/stores/transfer?pageSize=100', { token: admin });
  if (existing.status !== 200) throw new Error(`store list: ${existing.status} ${JSON.stringify(existing.body)}`);
  for (const store of demo.stores) {
    const code = store.code;
    const c = code.toLowerCase();
    const users = [
      { username: `${c}-admin`, displayName: `${code} 店长`, password: `${c}-admin-pass`, role: 'store-admin' },
      { username: `${c}-cashier`, displayName: `${code} 收银员`, password: `${c}-cashier-pass`, role: 'cashier' },
    ];
    if (!existing.body.items.some((s) => s.code === code)) {
      const res = await api(hq.url, 'POST', '/api/stores/open', {
        token: admin,
        body: {
          idempotencyKey: randomUUID(),
          code,
          name: code === 'S001' ? '一号店' : '二号店',
          address: code === 'S001' ? '上海市南京东路 1 号' : '上海市淮海中路 2 号',
          openingDate: new Date().toISOString().slice(0, 10),
          warehouses: [{ code: `${code}-01`, name: `${code} 卖场` }],
          users,
          transferPassword: PASSWORDS[code],
          settings: { allowNegativeStock: false, allowStorePurchasing: code === 'S002' },
          hqUrl: hq.url,
        },
      });
      if (res.status !== 201) throw new Error(`open ${code}: ${res.status} ${JSON.stringify(res.body)}`);
      log(`开新店 ${code}: org unit, warehouses ${res.body.warehouses.map((w) => w.code).join(', ')}, users, transfer password set`);
    } else {
      log(`${code} already open at HQ`);
    }
    for (const u of users) demo.logins.push({ where: `store ${code} (${store.url})`, username: u.username, password: u.password, note: u.role });

    const setup = await api(store.url, 'GET', '/api/setup');
    if (!setup.body.initialised) {
      const res = await api(store.url, 'POST', '/api/setup', { body: { hqUrl: hq.url, storeCode: code, warehouseCode: `${code}-01`, transferPassword: PASSWORDS[code] } });
      if (res.status !== 201) throw new Error(`setup ${code}: ${res.status} ${JSON.stringify(res.body)}`);
      const f = res.body.firstSync;
      log(`门店系统初始化 ${code}: first sync ${f.ok ? 'ok' : 'with errors: ' + JSON.stringify(f.errors)} — snapshot ${f.snapshot ? f.snapshot.rows : 0} rows`);
    } else if (setup.body.hqUrl && setup.body.hqUrl.replace(/\/+$/, '') !== hq.url) {
      log(
        `warning: ${code} was set up against HQ at ${setup.body.hqUrl}, but this run's HQ is ${hq.url} (DEMO_HQ_PORT changed?): ${code} cannot sync until HQ runs there again — or start over with --reset`,
      );
    } else {
      log(`${code} already set up against ${setup.body.hqUrl}`);
    }
  }

  // a product changed at HQ reaches the stores at their next sync
  const [product] = await hqProducts(demo);
  if (!product) {
    log('no product at HQ (the catalog step imports them): skipping the change demonstration');
    return;
  }
  const name = `${product.name.replace(/ \(改\d+\)$/, '')} (改${Date.now() % 1000})`;
  const changed = await api(hq.url, 'PATCH', `/api/catalog/products/${product.id}`, { token: admin, body: { name, expectedVersion: product.rowVersion } });
  if (changed.status === 404 || changed.status === 405) {
    log(`HQ has no product edit API at PATCH /api/catalog/products/:id (${changed.code ?? changed.status}): skipping the change demonstration`);
    return;
  }
  if (changed.status >= 300) throw new Error(`change product at HQ: ${changed.status} ${JSON.stringify(changed.body)}`);
  log(`HQ renamed product ${product.code} to "${name}"`);
  for (const store of demo.stores) {
    const token = await demo.login(store.url, `${store.code.toLowerCase()}-admin`, `${store.code.toLowerCase()}-admin-pass`);
    const sync = await api(store.url, 'POST', '/api/sync', { token, body: {} });
    if (sync.status !== 200) throw new Error(`sync ${store.code}: ${sync.status} ${JSON.stringify(sync.body)}`);
    const seen = await api(store.url, 'GET', `/api/catalog/products/${product.id}`, { token });
    const at = seen.status === 200 ? seen.body.name : '(no product API at the store yet)';
    log(`${store.code} synced (${sync.body.pulled.rows} rows pulled): product ${product.code} is now "${at}"`);
  }
  const health = await api(hq.url, 'GET', '/api/stores/transfer', { token: admin });
  for (const s of health.body.items) log(`门店传输管理 ${s.code}: last contact ${s.lastContactAt}, HQ→store backlog ${s.pullBacklog}, store→HQ backlog ${s.outboxBacklog}`);
}

async function hqProducts(demo) {
  const res = await demo.api(demo.hq.url, 'GET', '/api/catalog/products?pageSize=1&sort=code', { token: demo.adminToken });
  return res.status === 200 && Array.isArray(res.body.items) ? res.body.items : [];
}

module.exports = { run };
