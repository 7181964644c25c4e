/**
 * Membership at HQ: a card type (金卡) and a batch of 100 blank chain cards for S001 (制卡).
 * Idempotent: an existing card type or batch for S001 is reused, never made twice.
 */
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
};
