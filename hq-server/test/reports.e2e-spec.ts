import { dec, type Dec } from '@chain-erp/shared';
import { bearer, binaryParser, bootTestApp, expectAnswerAsDocumented, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { HQ_SERVER } from '../src/server';

/**
 * Reports at HQ over generated data put straight into the tables (two stores, four days, sales at
 * different hours, voided lines, lines without cost, refunds, member sales, stock, member cards and
 * ledger, purchase documents). Every figure is checked against a computation in this file.
 */

const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];

interface Fact {
  store: string;
  day: string;
  hour: number;
  cashier: string;
  product: number;
  saleId: string | null;
  refundId: string | null;
  qty: Dec;
  amount: Dec;
  discount: Dec;
  cost: Dec | null;
  member: boolean;
}

/** what the reports must say, computed from the generated rows */
function aggregate(facts: Fact[], key: (f: Fact) => string) {
  const out = new Map<
    string,
    { qty: Dec; amount: Dec; discount: Dec; sales: Set<string>; refunds: Set<string>; costed: Dec; cost: Dec; uncosted: Dec; memberSales: Set<string>; memberAmount: Dec }
  >();
  for (const f of facts) {
    const k = key(f);
    const a = out.get(k) ?? {
      qty: dec(0),
      amount: dec(0),
      discount: dec(0),
      sales: new Set(),
      refunds: new Set(),
      costed: dec(0),
      cost: dec(0),
      uncosted: dec(0),
      memberSales: new Set(),
      memberAmount: dec(0),
    };
    a.qty = a.qty.plus(f.qty);
    a.amount = a.amount.plus(f.amount);
    a.discount = a.discount.plus(f.discount);
    if (f.saleId) a.sales.add(f.saleId);
    if (f.refundId) a.refunds.add(f.refundId);
    if (f.cost) {
      a.costed = a.costed.plus(f.amount);
      a.cost = a.cost.plus(f.cost);
    } else a.uncosted = a.uncosted.plus(f.amount);
    if (f.member) {
      a.memberAmount = a.memberAmount.plus(f.amount);
      if (f.saleId) a.memberSales.add(f.saleId);
    }
    out.set(k, a);
  }
  return out;
}

const salesRow = (a: ReturnType<typeof aggregate> extends Map<string, infer V> ? V : never) => ({
  qty: a.qty.toString(),
  amount: a.amount.toFixed(2),
  discount: a.discount.toFixed(2),
  receipts: a.sales.size,
  refunds: a.refunds.size,
  avgBasket: a.sales.size ? a.amount.div(a.sales.size).toFixed(2) : null,
});

describe('reports at HQ', () => {
  let hq: TestApp;
  let admin: string;
  let r2Token: string;
  const stores: Array<{ id: string; code: string; warehouseId: string }> = [];
  const products: Array<{ id: string; code: string; category: string | null }> = [];
  const categories: Record<string, string> = {};
  const facts: Fact[] = [];
  const get = (path: string, token = admin) => hq.http().get(path).set(bearer(token));

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    const q = (sql: string, params: unknown[] = []) => hq.dataSource.query(sql, params);
    for (const code of ['R001', 'R002']) {
      const u = await seedStoreUser(hq.dataSource, { storeCode: code, username: `${code.toLowerCase()}-reports` });
      const [w] = await q(`INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ($1, $1, $2, 1) RETURNING id`, [`${code}-01`, u.storeId]);
      stores.push({ id: u.storeId, code, warehouseId: w.id });
      if (code === 'R002') r2Token = await hq.login(u.username, u.password);
    }
    // categories: C1 ⊃ C11, and C2; products P1, P2 in C11, P3 in C1, P4, P5 in C2, P6 none
    for (const [code, parent] of [
      ['C1', null],
      ['C11', 'C1'],
      ['C2', null],
    ] as const) {
      const id = randomUUID();
      categories[code] = id;
      await q(`INSERT INTO category (id, code, name, parent_id, path, row_version) VALUES ($1, $2, $2, $3, $4, 1)`, [
        id,
        code,
        parent && categories[parent],
        parent ? [categories[parent], id] : [id],
      ]);
    }
    const catOf = [null, 'C11', 'C11', 'C1', 'C2', 'C2', null];
    for (let i = 1; i <= 6; i++) {
      const [p] = await q(`INSERT INTO product (code, name, category_id, row_version) VALUES ($1, $2, $3, 1) RETURNING id`, [
        `P${i}`,
        `商品${i}`,
        catOf[i] && categories[catOf[i]!],
      ]);
      products[i] = { id: p.id, code: `P${i}`, category: catOf[i] };
    }

    // sales: per store and day six receipts of one to three lines, at 09:15 … 19:15 local time
    const sales: unknown[] = [];
    const lines: unknown[] = [];
    const refunds: unknown[] = [];
    const refundLines: unknown[] = [];
    stores.forEach((st, si) => {
      const cashiers = [randomUUID(), randomUUID()];
      DAYS.forEach((day, d) => {
        for (let k = 1; k <= 6; k++) {
          const id = randomUUID();
          const soldAt = new Date(`${day}T00:00:00`);
          soldAt.setHours(7 + 2 * k, 15);
          const cashier = cashiers[k % 2];
          const member = k % 3 === 0;
          let total = dec(0);
          const n = 1 + ((k + d + si) % 3);
          for (let j = 1; j <= n + (k === 6 ? 1 : 0); j++) {
            const voided = j > n;
            const product = ((d + k + j + si) % 6) + 1;
            const qty = dec(j).plus(k % 2 ? '0.5' : 0);
            const price = dec(10 + j);
            const lineDiscount = j === 1 ? dec(1) : dec(0);
            const saleDiscount = j === 1 && k % 2 === 0 ? dec('0.5') : dec(0);
            const amount = qty.times(price).minus(lineDiscount).minus(saleDiscount);
            const unitCost = (d + k + j) % 7 === 0 ? null : price.times('0.6');
            lines.push({
              sale_id: id,
              line_no: j,
              product_id: products[product].id,
              product_code: `P${product}`,
              product_name: `商品${product}`,
              quantity: qty.toString(),
              list_price: price.toFixed(2),
              unit_price: price.toFixed(2),
              price_source: 'retail',
              line_discount: lineDiscount.toFixed(2),
              sale_discount: saleDiscount.toFixed(2),
              amount: amount.toFixed(2),
              voided,
              unit_cost: unitCost?.toString() ?? null,
            });
            if (voided) continue;
            total = total.plus(amount);
            facts.push({
              store: st.code,
              day,
              hour: soldAt.getHours(),
              cashier: `cashier-${si}-${k % 2}`,
              product,
              saleId: id,
              refundId: null,
              qty,
              amount,
              discount: lineDiscount.plus(saleDiscount),
              cost: unitCost && qty.times(unitCost),
              member,
            });
            // a refund of one unit of the first line for some receipts, the next day (the last day's fall outside the period asked)
            if (j === 1 && (d + k) % 4 === 0) {
              const refundId = randomUUID();
              const refundedAt = new Date(soldAt.getTime() + 24 * 3600 * 1000);
              const refundAmount = amount.div(qty).toDecimalPlaces(2);
              const refundDay = d + 1 < DAYS.length ? DAYS[d + 1] : '2026-11-05';
              refunds.push({
                id: refundId,
                store_id: st.id,
                store_code: st.code,
                refund_no: `RF-${st.code}-${d}-${k}`,
                sale_id: id,
                shift_id: randomUUID(),
                till_code: '01',
                cashier_id: cashier,
                cashier_name: `cashier-${si}-${k % 2}`,
                warehouse_id: st.warehouseId,
                business_date: refundDay,
                refunded_at: refundedAt.toISOString(),
                reason: 'test',
                total_amount: refundAmount.toFixed(2),
                payload_hash: 'x',
              });
              refundLines.push({
                refund_id: refundId,
                line_no: 1,
                product_id: products[product].id,
                product_code: `P${product}`,
                product_name: `商品${product}`,
                quantity: '1',
                amount: refundAmount.toFixed(2),
                unit_cost: unitCost?.toString() ?? null,
              });
              facts.push({
                store: st.code,
                day: refundDay,
                hour: refundedAt.getHours(),
                cashier: `cashier-${si}-${k % 2}`,
                product,
                saleId: null,
                refundId,
                qty: dec(-1),
                amount: refundAmount.negated(),
                discount: dec(0),
                cost: unitCost && unitCost.negated(),
                member,
              });
            }
          }
          sales.push({
            id,
            store_id: st.id,
            store_code: st.code,
            receipt_no: `SALE-${st.code}-${d}-${k}`,
            shift_id: randomUUID(),
            till_code: '01',
            cashier_id: cashier,
            cashier_name: `cashier-${si}-${k % 2}`,
            warehouse_id: st.warehouseId,
            business_date: day,
            sold_at: soldAt.toISOString(),
            member_ref: member ? `M${k}` : null,
            gross_amount: total.toFixed(2),
            discount_amount: '0',
            rounding_amount: '0',
            total_amount: total.toFixed(2),
            paid_amount: total.toFixed(2),
            change_amount: '0',
            payload_hash: 'x',
          });
        }
      });
    });
    const insert = async (table: string, rows: unknown[], columns: string) =>
      q(`INSERT INTO ${table} (${columns.replace(/ [a-z0-9(),]+(?=,|$)/g, '')}) SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${columns})`, [JSON.stringify(rows)]);
    await insert(
      'pos_sale',
      sales,
      'id uuid, store_id uuid, store_code text, receipt_no text, shift_id uuid, till_code text, cashier_id uuid, cashier_name text, warehouse_id uuid, business_date date, sold_at timestamptz, member_ref text, gross_amount numeric, discount_amount numeric, rounding_amount numeric, total_amount numeric, paid_amount numeric, change_amount numeric, payload_hash text',
    );
    await insert(
      'pos_sale_line',
      lines,
      'sale_id uuid, line_no int, product_id uuid, product_code text, product_name text, quantity numeric, list_price numeric, unit_price numeric, price_source text, line_discount numeric, sale_discount numeric, amount numeric, voided boolean, unit_cost numeric',
    );
    await insert(
      'pos_refund',
      refunds,
      'id uuid, store_id uuid, store_code text, refund_no text, sale_id uuid, shift_id uuid, till_code text, cashier_id uuid, cashier_name text, warehouse_id uuid, business_date date, refunded_at timestamptz, reason text, total_amount numeric, payload_hash text',
    );
    await insert(
      'pos_refund_line',
      refundLines,
      'refund_id uuid, line_no int, product_id uuid, product_code text, product_name text, quantity numeric, amount numeric, unit_cost numeric',
    );
  });
  afterAll(async () => {
    await hq?.close();
  });

  const period = 'from=2026-11-01&to=2026-11-04';
  const inPeriod = () => facts.filter((f) => f.day <= '2026-11-04');

  it('sales by store, product, category, cashier, hour and day, net of refunds', async () => {
    const checks: Array<[string, (f: Fact) => string, (r: Record<string, unknown>) => string]> = [
      ['store', (f) => f.store, (r) => r.storeCode as string],
      ['product', (f) => `P${f.product}`, (r) => r.productCode as string],
      ['category', (f) => products[f.product].category ?? '-', (r) => (r.categoryCode as string) ?? '-'],
      ['cashier', (f) => f.cashier, (r) => r.cashierName as string],
      ['hour', (f) => String(f.hour), (r) => String(r.hour)],
      ['day', (f) => f.day, (r) => r.day as string],
      ['store,day', (f) => `${f.store} ${f.day}`, (r) => `${r.storeCode} ${r.day}`],
    ];
    for (const [groupBy, key, keyOf] of checks) {
      const expected = aggregate(inPeriod(), key);
      const res = await get(`/api/reports/sales?${period}&groupBy=${groupBy}&pageSize=500`).expect(200);
      expect(res.body.total).toBe(expected.size);
      expectAnswerAsDocumented('hq', 'GET', '/api/reports/sales', res.body);
      const got = Object.fromEntries(
        res.body.items.map((r: Record<string, unknown>) => [
          keyOf(r),
          { qty: r.qty, amount: r.amount, discount: r.discount, receipts: r.receipts, refunds: r.refunds, avgBasket: r.avgBasket },
        ]),
      );
      expect(got).toEqual(Object.fromEntries([...expected].map(([k, a]) => [k, salesRow(a)])));
      expect(res.body.totals).toMatchObject(salesRow(aggregate(inPeriod(), () => 'all').get('all')!));
    }
    // a day or hour view sorts by itself; product views by amount, largest first
    const byDay = await get(`/api/reports/sales?${period}&groupBy=day`).expect(200);
    expect(byDay.body.items.map((r: { day: string }) => r.day)).toEqual(DAYS);
    const byProduct = await get(`/api/reports/sales?${period}&groupBy=product&pageSize=2&page=2`).expect(200);
    const amounts = [...aggregate(inPeriod(), (f) => `P${f.product}`).values()].map((a) => a.amount).sort((a, b) => b.comparedTo(a));
    expect(byProduct.body.items.map((r: { amount: string }) => r.amount)).toEqual(amounts.slice(2, 4).map((a) => a.toFixed(2)));
  });

  it('filters by store, category subtree, product and cashier-independent period', async () => {
    const r1 = stores[0];
    const c1 = await get(`/api/reports/sales?${period}&groupBy=product&storeId=${r1.id}&categoryId=${categories.C1}`).expect(200);
    const expected = aggregate(
      inPeriod().filter((f) => f.store === 'R001' && ['C1', 'C11'].includes(products[f.product].category ?? '')),
      (f) => `P${f.product}`,
    );
    expect(c1.body.items.map((r: { productCode: string; amount: string }) => [r.productCode, r.amount]).sort()).toEqual(
      [...expected].map(([k, a]) => [k, a.amount.toFixed(2)]).sort(),
    );
    const one = await get(`/api/reports/sales?from=2026-11-02&to=2026-11-02&groupBy=store&productId=${products[3].id}`).expect(200);
    const e1 = aggregate(
      facts.filter((f) => f.day === '2026-11-02' && f.product === 3),
      (f) => f.store,
    );
    expect(one.body.items.map((r: { storeCode: string; qty: string }) => [r.storeCode, r.qty])).toEqual([...e1].map(([k, a]) => [k, a.qty.toString()]).sort());
  });

  it('gross margin at the cost each line carries; lines without cost are shown apart, never guessed', async () => {
    const res = await get(`/api/reports/gross-margin?${period}&groupBy=store`).expect(200);
    expectAnswerAsDocumented('hq', 'GET', '/api/reports/gross-margin', res.body);
    const expected = aggregate(inPeriod(), (f) => f.store);
    for (const r of res.body.items) {
      const a = expected.get(r.storeCode)!;
      const margin = a.costed.minus(a.cost.toDecimalPlaces(2));
      expect(r).toMatchObject({
        amount: a.amount.toFixed(2),
        costedAmount: a.costed.toFixed(2),
        cost: a.cost.toFixed(2),
        margin: margin.toFixed(2),
        marginPercent: margin.times(100).div(a.costed).toFixed(2),
        uncostedAmount: a.uncosted.toFixed(2),
      });
    }
    expect(expected.get('R001')!.uncosted.isZero()).toBe(false); // the data do hold lines without cost
    expect(res.body.totals.uncostedAmount).toBe(
      aggregate(inPeriod(), () => 'x')
        .get('x')!
        .uncosted.toFixed(2),
    );
  });

  it('member sales: receipts, amount and share per store', async () => {
    const res = await get(`/api/reports/member-sales?${period}`).expect(200);
    expectAnswerAsDocumented('hq', 'GET', '/api/reports/member-sales', res.body);
    const expected = aggregate(inPeriod(), (f) => f.store);
    expect(res.body.items).toEqual(
      [...expected].map(([store, a]) => ({
        storeCode: store,
        receipts: a.sales.size,
        memberReceipts: a.memberSales.size,
        amount: a.amount.toFixed(2),
        memberAmount: a.memberAmount.toFixed(2),
        memberShare: a.memberAmount.times(100).div(a.amount).toFixed(2),
      })),
    );
  });

  it('a store user sees only its own store at HQ and cannot filter another one', async () => {
    const own = await get(`/api/reports/sales?${period}&groupBy=store`, r2Token).expect(200);
    expect(own.body.items.map((r: { storeCode: string }) => r.storeCode)).toEqual(['R002']);
    expect(own.body.totals.amount).toBe(
      aggregate(
        inPeriod().filter((f) => f.store === 'R002'),
        () => 'x',
      )
        .get('x')!
        .amount.toFixed(2),
    );
    const other = await get(`/api/reports/sales?${period}&groupBy=store&storeId=${stores[0].id}`, r2Token).expect(200);
    expect(other.body).toMatchObject({ items: [], total: 0, totals: { amount: '0.00', receipts: 0 } });
    const margin = await get(`/api/reports/gross-margin?${period}&groupBy=product&storeId=${stores[0].id}`, r2Token).expect(200);
    expect(margin.body.total).toBe(0);
  });

  it('refuses bad dates, an inverted period, an unknown groupBy or sort with coded 400s', async () => {
    const cases: Array<[string, string]> = [
      ['/api/reports/sales?from=2026-02-30&to=2026-03-01&groupBy=store', 'REPORT_INVALID_DATE'],
      ['/api/reports/sales?from=2026-11-05&to=2026-11-01&groupBy=store', 'REPORT_RANGE_INVERTED'],
      ['/api/reports/sales?from=2026-11-01&to=2026-11-05&groupBy=colour', 'VALIDATION_FAILED'],
      ['/api/reports/sales?from=yesterday&to=2026-11-05&groupBy=day', 'VALIDATION_FAILED'],
      ['/api/reports/sales?to=2026-11-05&groupBy=day', 'VALIDATION_FAILED'],
      ['/api/reports/sales?from=2026-11-01&to=2026-11-05&groupBy=day&sort=-password', 'VALIDATION_FAILED'],
      ['/api/reports/stock/slow-movers?asOf=2026-13-01', 'REPORT_INVALID_DATE'],
      ['/api/reports/stock/days-of-cover?days=0', 'VALIDATION_FAILED'],
      ['/api/reports/members/liability?asOf=2026-02-29', 'REPORT_INVALID_DATE'],
      ['/api/reports/purchasing/summary?from=2026-11-02&to=2026-11-01', 'REPORT_RANGE_INVERTED'],
    ];
    for (const [path, code] of cases) {
      const res = await get(path);
      expect([path, res.status, res.body.code]).toEqual([path, 400, code]);
    }
  });

  it('exports to Excel with Chinese and English headers and the totals row', async () => {
    const res = await get(`/api/reports/sales?${period}&groupBy=store&format=xlsx`)
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const ws = book.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, '门店', '净数量', '净销售额', '优惠', '小票数', '退货单数', '客单价']);
    expect(ws.getRow(2).values).toEqual([undefined, 'store', 'net quantity', 'net sales', 'discount', 'receipts', 'refunds', 'average basket']);
    expect(ws.getRow(3).getCell(1).value).toBe('R001');
    const all = aggregate(inPeriod(), () => 'x').get('x')!;
    expect(ws.getRow(5).getCell(1).value).toBe('合计 Total');
    expect(ws.getRow(5).getCell(3).value).toBe(Number(all.amount.toFixed(2)));
    expect(ws.getRow(5).getCell(5).value).toBe(all.sales.size);
    expect(ws.actualRowCount).toBe(5);
  });

  it('stock by warehouse, slow movers and days of cover', async () => {
    const [r1, r2] = stores;
    const q = (sql: string, params: unknown[]) => hq.dataSource.query(sql, params);
    // on hand: R001 holds P1 … P6, R002 holds P1 and P6
    const stock: Array<[typeof r1, number, string, string]> = [
      [r1, 1, '40', '240'],
      [r1, 2, '5', '33'],
      [r1, 3, '12', '80.4'],
      [r1, 4, '1', '7'],
      [r1, 5, '9', '60'],
      [r1, 6, '100', '420'],
      [r2, 1, '8', '48'],
      [r2, 6, '3', '12.6'],
    ];
    for (const [st, p, qty, value] of stock)
      await q(`INSERT INTO stock_balance (warehouse_id, product_id, qty, avg_cost, value) VALUES ($1, $2, $3, $4::numeric / $3::numeric, $4)`, [
        st.warehouseId,
        products[p].id,
        qty,
        value,
      ]);
    const wh = await get('/api/reports/stock/warehouses').expect(200);
    expectAnswerAsDocumented('hq', 'GET', '/api/reports/stock/warehouses', wh.body);
    expect(wh.body.items.map((r: Record<string, unknown>) => [r.warehouseCode, r.products, r.qty, r.value])).toEqual([
      ['R001-01', 6, '167', '840.40'],
      ['R002-01', 2, '11', '60.60'],
    ]);
    expect(wh.body.totals).toEqual({ products: 8, qty: '178', value: '901.00' });
    expect((await get('/api/reports/stock/warehouses', r2Token).expect(200)).body.items.map((r: { warehouseCode: string }) => r.warehouseCode)).toEqual(['R002-01']);

    // net sold in the 3 days up to 2026-11-04, per store (one warehouse each) and product
    const window = facts.filter((f) => f.day >= '2026-11-02' && f.day <= '2026-11-04');
    const sold = aggregate(window, (f) => `${f.store}-01 P${f.product}`);
    const expected = stock.map(([st, p, qty, value]) => {
      const s = sold.get(`${st.code}-01 P${p}`)?.qty ?? dec(0);
      return {
        warehouseCode: `${st.code}-01`,
        productCode: `P${p}`,
        onHand: qty,
        value: dec(value).toFixed(2),
        sold: s.toString(),
        daysOfCover: s.gt(0) ? dec(qty).times(3).div(s).toFixed(1) : null,
      };
    });
    const cover = await get('/api/reports/stock/days-of-cover?days=3&asOf=2026-11-04&pageSize=100').expect(200);
    expectAnswerAsDocumented('hq', 'GET', '/api/reports/stock/days-of-cover', cover.body);
    const pick = (r: Record<string, unknown>) => ({
      warehouseCode: r.warehouseCode,
      productCode: r.productCode,
      onHand: r.onHand,
      value: r.value,
      sold: r.sold,
      daysOfCover: r.daysOfCover === null ? null : dec(r.daysOfCover as string).toFixed(1),
    });
    const byKey = (a: { warehouseCode: unknown; productCode: unknown }, b: { warehouseCode: unknown; productCode: unknown }) =>
      `${a.warehouseCode}${a.productCode}`.localeCompare(`${b.warehouseCode}${b.productCode}`);
    expect(cover.body.items.map(pick).sort(byKey)).toEqual([...expected].sort(byKey));
    // a limit that takes the least-sold row in and leaves the best seller out
    const slowLimit = Math.ceil(Math.min(...expected.map((e) => Number(e.sold))));
    const slow = await get(`/api/reports/stock/slow-movers?days=3&asOf=2026-11-04&maxSold=${slowLimit}&pageSize=100`).expect(200);
    expectAnswerAsDocumented('hq', 'GET', '/api/reports/stock/slow-movers', slow.body);
    const expectedSlow = expected.filter((e) => dec(e.sold).lte(slowLimit));
    expect(expectedSlow.length).toBeGreaterThan(0);
    expect(expectedSlow.length).toBeLessThan(expected.length);
    expect(slow.body.items.map(pick).sort(byKey)).toEqual(expectedSlow.sort(byKey));
    // largest stock value first
    expect(slow.body.items.map((r: { value: string }) => Number(r.value))).toEqual(expectedSlow.map((e) => Number(e.value)).sort((a, b) => b - a));
  });

  it('points and stored-value liability by card type and store, now and as of a day', async () => {
    const q = (sql: string, params: unknown[]) => hq.dataSource.query(sql, params);
    const [r1, r2] = stores;
    const types: Record<string, string> = {};
    for (const code of ['GOLD', 'SILVER'])
      types[code] = (await q(`INSERT INTO member_card_type (code, name, pricing, row_version) VALUES ($1, $1, 'discount', 1) RETURNING id`, [code]))[0].id;
    // card: type, owner, ledger entries [day, account, delta]
    const cards: Array<[string, string | null, Array<[string, 'points' | 'stored_value', string]>]> = [
      [
        'GOLD',
        r1.id,
        [
          ['2026-11-01', 'points', '100'],
          ['2026-11-03', 'points', '-30'],
          ['2026-11-01', 'stored_value', '500'],
          ['2026-11-02', 'stored_value', '-120.50'],
        ],
      ],
      ['GOLD', r1.id, [['2026-11-02', 'points', '40']]],
      ['GOLD', r2.id, [['2026-11-03', 'stored_value', '200']]],
      [
        'SILVER',
        r2.id,
        [
          ['2026-11-01', 'points', '15'],
          ['2026-11-02', 'points', '-15'],
        ],
      ],
      ['SILVER', null, []],
    ];
    let n = 0;
    for (const [type, owner, entries] of cards) {
      const points = entries.filter((e) => e[1] === 'points').reduce((s, e) => s.plus(e[2]), dec(0));
      const sv = entries.filter((e) => e[1] === 'stored_value').reduce((s, e) => s.plus(e[2]), dec(0));
      const [card] = await q(
        `INSERT INTO member_card (card_no, batch_id, card_type_id, scope, owner_store_id, state, points_balance, stored_value_balance, row_version) VALUES ($1, $2, $3, 'chain', $4, 'issued', $5, $6, 1) RETURNING id`,
        [`C${++n}`, randomUUID(), types[type], owner, points.toFixed(2), sv.toFixed(2)],
      );
      const running = { points: dec(0), stored_value: dec(0) };
      for (const [day, account, delta] of entries) {
        const before = running[account];
        running[account] = before.plus(delta);
        const at = new Date(`${day}T12:00:00`);
        await q(
          `INSERT INTO member_ledger (at, card_id, account, kind, ref_id, amount, delta, balance_before, balance_after, store_id) VALUES ($1, $2, $3, 'earn', $4, $5, $5, $6, $7, $8)`,
          [at.toISOString(), card.id, account, randomUUID(), delta, before.toFixed(2), running[account].toFixed(2), owner],
        );
      }
    }
    const rows = (body: { items: Array<Record<string, unknown>> }) => body.items.map((r) => [r.cardTypeCode, r.storeCode, r.cards, r.points, r.storedValue]);
    const now = await get('/api/reports/members/liability').expect(200);
    expectAnswerAsDocumented('hq', 'GET', '/api/reports/members/liability', now.body);
    expect(rows(now.body)).toEqual([
      ['GOLD', 'R001', 2, '110.00', '379.50'],
      ['GOLD', 'R002', 1, '0.00', '200.00'],
    ]);
    expect(now.body.totals).toMatchObject({ cards: 3, points: '110.00', storedValue: '579.50' });
    const past = await get('/api/reports/members/liability?asOf=2026-11-01').expect(200);
    expect(rows(past.body)).toEqual([
      ['GOLD', 'R001', 1, '100.00', '500.00'],
      ['SILVER', 'R002', 1, '15.00', '0.00'],
    ]);
    // the ledger summed to a day after the last entry equals the balances on the cards
    const later = await get('/api/reports/members/liability?asOf=2099-12-31').expect(200);
    expect(later.body).toEqual(now.body);
    expect(rows((await get('/api/reports/members/liability', r2Token).expect(200)).body)).toEqual([['GOLD', 'R002', 1, '0.00', '200.00']]);
  });

  it('purchasing summary by supplier: ordered, received, returned, open', async () => {
    const q = (sql: string, params: unknown[]) => hq.dataSource.query(sql, params);
    const [hqOrg] = await q(`SELECT id FROM org_unit WHERE kind = 'hq'`, []);
    const [wh] = await q(`INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ('HQ-R', 'HQ-R', $1, 1) RETURNING id`, [hqOrg.id]);
    const sup: Record<string, string> = {};
    for (const code of ['SUP1', 'SUP2']) sup[code] = (await q(`INSERT INTO supplier (code, name, row_version) VALUES ($1, $1, 1) RETURNING id`, [code]))[0].id;
    const order = async (no: string, s: string, status: string, date: string, qty: string, price: string, received: string) => {
      const [po] = await q(
        `INSERT INTO purchase_order (number, org_unit_id, supplier_id, warehouse_id, status, order_date, row_version) VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
        [no, hqOrg.id, sup[s], wh.id, status, date],
      );
      await q(
        `INSERT INTO purchase_order_line (order_id, line_no, product_id, quantity, unit_price, tax_rate, amount, tax_amount, received_qty) VALUES ($1, 1, $2, $3, $4, 13, $3::numeric * $4::numeric, 0, $5)`,
        [po.id, products[1].id, qty, price, received],
      );
    };
    await order('PO1', 'SUP1', 'partially_received', '2026-11-01', '10', '5', '4');
    await order('PO2', 'SUP1', 'received', '2026-11-02', '5', '2', '5');
    await order('PO3', 'SUP2', 'draft', '2026-11-02', '7', '1', '0');
    await order('PO4', 'SUP2', 'partially_received', '2026-10-15', '9', '10', '3');
    const receipt = async (no: string, s: string, status: string, date: string, qty: string, amount: string) => {
      const [gr] = await q(
        `INSERT INTO goods_receipt (number, org_unit_id, supplier_id, warehouse_id, status, business_date, row_version) VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
        [no, hqOrg.id, sup[s], wh.id, status, date],
      );
      await q(
        `INSERT INTO goods_receipt_line (receipt_id, line_no, product_id, quantity, unit_price, tax_rate, amount, tax_amount, unit_cost) VALUES ($1, 1, $2, $3, 1, 13, $4, 0, 1)`,
        [gr.id, products[1].id, qty, amount],
      );
    };
    await receipt('GR1', 'SUP1', 'posted', '2026-11-02', '4', '20');
    await receipt('GR2', 'SUP1', 'posted', '2026-11-03', '5', '10');
    await receipt('GR3', 'SUP2', 'posted', '2026-11-02', '3', '30');
    await receipt('GR4', 'SUP2', 'draft', '2026-11-02', '3', '30');
    const [rt] = await q(
      `INSERT INTO purchase_return (number, org_unit_id, supplier_id, warehouse_id, status, business_date, reason, row_version) VALUES ('RT1', $1, $2, $3, 'posted', '2026-11-04', 'bad', 1) RETURNING id`,
      [hqOrg.id, sup.SUP2, wh.id],
    );
    await q(`INSERT INTO purchase_return_line (return_id, line_no, product_id, quantity, unit_price, tax_rate, amount, tax_amount) VALUES ($1, 1, $2, 1, 10, 13, 10, 0)`, [
      rt.id,
      products[1].id,
    ]);

    const res = await get(`/api/reports/purchasing/summary?${period}`).expect(200);
    expectAnswerAsDocumented('hq', 'GET', '/api/reports/purchasing/summary', res.body);
    const pick = (r: Record<string, unknown>) => [r.supplierCode, r.orders, r.orderedAmount, r.receivedAmount, r.returnedAmount, r.netAmount, r.openAmount];
    expect(res.body.items.map(pick)).toEqual([
      ['SUP1', 2, '60.00', '30.00', '0.00', '30.00', '30.00'],
      ['SUP2', 0, '0.00', '30.00', '10.00', '20.00', '0.00'],
    ]);
    expect(pick(res.body.totals)).toEqual([null, 2, '60.00', '60.00', '10.00', '50.00', '30.00']);
    // the same net amounts as the purchasing report of the same period
    const detail = await get(`/api/purchasing/reports/purchases?groupBy=supplier&${period}`).expect(200);
    expect(detail.body.items.map((r: { code: string; netAmount: string }) => [r.code, dec(r.netAmount).toFixed(2)])).toEqual([
      ['SUP1', '30.00'],
      ['SUP2', '20.00'],
    ]);
    expect((await get(`/api/reports/purchasing/summary?${period}`, r2Token).expect(200)).body.total).toBe(0);
  });
  it('audit trail and operation log filter by user, entity, action and period, within scope', async () => {
    const me = (await get('/api/auth/me').expect(200)).body;
    const since = new Date(Date.now() - 60_000).toISOString();
    const cat = (await hq.http().post('/api/catalog/categories').set(bearer(admin)).send({ code: 'AUD1', name: '审计' }).expect(201)).body;
    const until = new Date(Date.now() + 60_000).toISOString();
    const audit = await get(`/api/audit?entityType=category&entityId=${cat.id}&action=create&userId=${me.id ?? me.user?.id}&from=${since}&to=${until}`).expect(200);
    expect(audit.body.items.map((a: { entityId: string; action: string }) => [a.entityId, a.action])).toEqual([[cat.id, 'create']]);
    expect((await get(`/api/audit?entityType=category&entityId=${cat.id}&action=update`).expect(200)).body.total).toBe(0);
    expect((await get(`/api/audit?entityType=category&entityId=${cat.id}&to=${since}`).expect(200)).body.total).toBe(0);
    const log = await get(`/api/operation-log?userId=${me.id ?? me.user?.id}&method=POST&path=/api/catalog/categories&from=${since}&to=${until}`).expect(200);
    expect(log.body.items.map((l: { statusCode: number }) => l.statusCode)).toContain(201);
    // a store user sees neither HQ's audit rows nor its operation log
    expect((await get(`/api/audit?entityType=category&entityId=${cat.id}`, r2Token).expect(200)).body.total).toBe(0);
    expect((await get('/api/operation-log?path=/api/catalog/categories', r2Token).expect(200)).body.total).toBe(0);
    for (const path of ['/api/audit', '/api/operation-log']) {
      const res = await get(`${path}?from=${until}&to=${since}`);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});
