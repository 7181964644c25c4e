/**
 * Membership: HQ makes a card type (金卡) and a batch of 100 blank chain cards for S001 (制卡); S001
 * syncs, issues one to a member at the till (发卡), syncs again, earns points for a sale at HQ's
 * member center (signed with the store key), and HQ's member center shows the balance.
 * Idempotent: an existing card type, batch or issued card is reused, never made twice; the member
 * sale is a new one on every run (ids from the data folder and the run number), on a till shift of
 * its own that it hands over at the end.
 */
const { sellable, handOver, handOverLeftover } = require('./50-pos');

exports.run = async function run(demo) {
  const { hq, api, adminToken: token, log } = demo;
  const must = (res, what) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const orgs = must(await api(hq.url, 'GET', '/api/org-units?search=S001&pageSize=50', { token }), 'list org units');
  const s001 = orgs.items.find((o) => o.code === 'S001');
  if (!s001) {
    log('membership: store S001 does not exist at HQ yet, skipping the card batch');
    return;
  }
  const types = must(await api(hq.url, 'GET', '/api/member-card-types?pageSize=500', { token }), 'list card types');
  let gold = types.items.find((t) => t.code === 'GOLD');
  if (!gold) {
    gold = must(
      await api(hq.url, 'POST', '/api/member-card-types', {
        token,
        body: { code: 'GOLD', name: '金卡', pricing: 'discount', discountRate: '0.95', pointsRate: '1', storedValueAllowed: true, validityMonths: 24 },
      }),
      'create card type',
    );
  }
  const batches = must(await api(hq.url, 'GET', `/api/member-card-batches?storeId=${s001.id}&cardTypeId=${gold.id}&pageSize=1`, { token }), 'list batches');
  if (batches.total > 0) {
    log(`membership: S001 already has card batch ${batches.items[0].batchNo}`);
  } else {
    const batch = must(
      await api(hq.url, 'POST', '/api/member-card-batches', {
        token,
        body: { cardTypeId: gold.id, scope: 'chain', prefix: 'VIP', startNo: 1, quantity: 100, numberWidth: 8, checkDigit: 'luhn', ownerStoreId: s001.id, note: 'demo' },
      }),
      'create card batch',
    );
    log(`membership: card batch ${batch.batchNo} with 100 blank cards (VIP00000001…) for S001`);
  }
  demo.state.membership = { cardTypeId: gold.id, storeId: s001.id };
  await issueAtStore(demo, must);
};

async function issueAtStore(demo, must) {
  const { hq, api, adminToken, log } = demo;
  const store = (demo.stores ?? []).find((s) => s.code === 'S001');
  if (!store) return log('membership: no S001 store server in this demo, skipping the card issue');
  const admin = await demo.login(store.url, 's001-admin', 's001-admin-pass');
  const sync = async (why) => {
    const r = must(await api(store.url, 'POST', '/api/sync', { token: admin, body: {} }), `sync S001 (${why})`);
    log(
      `membership: S001 synced (${why}): ${r.pulled.rows} rows pulled, ${r.pushed['member.card-issue']?.stored ?? 0} card issues and ${r.pushed['member.points']?.stored ?? 0} queued points pushed${r.ok ? '' : `, errors ${JSON.stringify(r.errors)}`}`,
    );
  };
  await sync('blank cards');
  const cards = (state) => api(store.url, 'GET', `/api/membership/cards?state=${state}&pageSize=1&sort=cardNo`, { token: admin });
  let card = must(await cards('issued'), 'issued cards at S001').items[0];
  if (card) {
    log(`membership: S001 issued ${card.cardNo} in an earlier run`);
  } else {
    const blank = must(await cards('assigned'), 'blank cards at S001').items[0];
    if (!blank) return log('membership: no blank card reached S001 — is the member.card pull stream wired?');
    const cashier = await demo.login(store.url, 's001-cashier', 's001-cashier-pass');
    const res = must(
      await api(store.url, 'POST', '/api/membership/cards/issue', {
        token: cashier,
        body: { issueId: demo.id('S001', 'member-card-issue', 4), cardNo: blank.cardNo, member: { name: '李四', mobile: '13800000001' } },
      }),
      'issue a card at S001',
    );
    card = res.card;
    log(`membership: 发卡 at S001 — ${card.cardNo} to ${res.member.name} (${res.member.mobile}), issued at the till and queued for HQ`);
  }
  await sync('the issued card');
  // HQ's inbox job files the issue; the member center knows the card once it has
  const lookup = async () => api(hq.url, 'GET', `/api/member-center/lookup?cardNo=${card.cardNo}`, { token: adminToken });
  let seen = await lookup();
  for (let i = 0; i < 40 && seen.body?.cards?.[0]?.state !== 'issued'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    seen = await lookup();
  }
  if (seen.body?.cards?.[0]?.state !== 'issued') return log(`membership: HQ does not show ${card.cardNo} as issued yet (${seen.status} ${JSON.stringify(seen.body)})`);
  // a sale at the till with the member's card: member prices, and the points go to HQ with the sale
  const cashier = await demo.login(store.url, 's001-cashier', 's001-cashier-pass');
  const till = (method, path, body) => api(store.url, method, path, { token: cashier, body });
  const cash = must(await till('GET', '/api/pos/payment-methods'), 'payment methods at S001').find((m) => m.type === 'cash');
  const [product] = [...(await sellable(till, 1)).values()];
  if (!cash || !product) return log('membership: nothing to sell at S001 (no cash tender or no stock) — skipping the member sale');
  await handOverLeftover(demo, till, 'M1', cash);
  const shift = must(await till('POST', '/api/pos/shifts', { id: demo.id('S001', 'member-shift', 4), tillCode: 'M1', openingFloat: '0' }), 'open the member till');
  const sale = must(
    await till('POST', '/api/pos/sales', {
      id: demo.id('S001', 'member-sale', 4),
      shiftId: shift.id,
      memberRef: card.cardNo,
      lines: [{ productId: product.productId, quantity: '1' }],
      payments: [{ paymentMethodId: cash.id, amount: (Math.ceil(Number(product.retailPrice)) + 1).toFixed(2) }],
    }),
    'a member sale at S001',
  );
  log(`membership: S001 sold ${sale.receiptNo} (${sale.totalAmount}) to card ${card.cardNo} at member prices; its points go to HQ with the next sync`);
  await handOver(till, shift.id, cash, 0);
  await sync('after the sale');
  // HQ's inbox job posts the sale's points shortly after the push
  let after = must(await lookup(), 'look the card up at HQ');
  for (let i = 0; i < 40 && !(Number(after.cards?.[0]?.pointsBalance) > 0); i++) {
    await new Promise((r) => setTimeout(r, 250));
    after = must(await lookup(), 'look the card up at HQ');
  }
  const c = after.cards[0];
  log(`membership: HQ 会员中心 shows ${c.cardNo} of ${after.member?.name}: state ${c.state}, points ${c.pointsBalance}, stored value ${c.storedValueBalance}`);
}
