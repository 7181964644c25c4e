import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Decision, DomainException, type MovementResult, OperationLog, RequestContext, StockService, TransactionalConnection } from '@chain-erp/shared';
import { bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';
import { ledgerMismatches, newProduct } from './inventory-fixtures';

/**
 * Property: whatever sequence of movements arrives — sequential or concurrent, plain or batch
 * products, in and out — every balance equals the sum of its ledger, batches add up to the
 * balance, and with the negative-stock switch off nothing goes below zero; every refusal is a
 * STOCK_INSUFFICIENT and leaves nothing behind.
 */
describe('StockService invariants (property-based, real PostgreSQL)', () => {
  let hq: TestApp;
  let stock: StockService;
  let ctx: RequestContext;
  let warehouses: string[];
  let products: string[];

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    stock = hq.app.get(StockService);
    const [org] = await hq.dataSource.query("SELECT id, code FROM org_unit WHERE kind = 'hq'");
    ctx = RequestContext.system({ id: org.id, code: org.code, kind: 'hq' });
    warehouses = [];
    for (const code of ['P-W1', 'P-W2']) {
      const [w] = await hq.dataSource.query('INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ($1, $1, $2, 1) RETURNING id', [code, org.id]);
      warehouses.push(w.id);
    }
    products = [await newProduct(hq.dataSource, 'P-1'), await newProduct(hq.dataSource, 'P-2'), await newProduct(hq.dataSource, 'P-B', { batchManaged: true })];
  });

  afterAll(() => hq.close());

  const movement = fc.record({
    w: fc.integer({ min: 0, max: 1 }),
    p: fc.integer({ min: 0, max: 2 }),
    qty: fc.integer({ min: -8, max: 8 }).filter((n) => n !== 0),
    milli: fc.integer({ min: 0, max: 999 }),
    cost: fc.integer({ min: 0, max: 5000 }),
    batch: fc.constantFrom('A', 'B', 'C'),
    named: fc.boolean(),
  });
  // a document: 1–5 movements posted together; a round: several documents posted at once
  const round = fc.array(fc.array(movement, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });

  it('balances equal the ledger and never go negative with the switch off', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(round, { minLength: 1, maxLength: 4 }), async (rounds) => {
        for (const docs of rounds) {
          const before = await hq.dataSource.query('SELECT count(*)::int AS n FROM stock_ledger');
          const outcomes = await Promise.allSettled(
            docs.map((doc) => {
              const docId = randomUUID();
              return stock.post(
                ctx,
                doc.map((m, i) => {
                  const batchProduct = m.p === 2;
                  const quantity = `${m.qty}.${String(m.milli).padStart(3, '0')}`;
                  return {
                    warehouseId: warehouses[m.w],
                    productId: products[m.p],
                    quantity,
                    unitCost: m.qty > 0 ? (m.cost / 100).toFixed(2) : null,
                    batchNo: batchProduct && (m.qty > 0 || m.named) ? m.batch : null,
                    expiryDate: batchProduct && m.qty > 0 ? `2027-0${m.batch === 'A' ? 1 : m.batch === 'B' ? 2 : 3}-01` : null,
                    docType: 'property',
                    docId,
                    docLine: i + 1,
                  };
                }),
              );
            }),
          );
          for (const o of outcomes) {
            if (o.status === 'rejected') {
              refused++;
              if (!(o.reason instanceof DomainException)) throw o.reason;
              expect(o.reason.code).toBe('STOCK_INSUFFICIENT');
            }
          }
          const posted = outcomes
            .filter((o) => o.status === 'fulfilled')
            .reduce((n, o) => n + (o as PromiseFulfilledResult<{ ledgerIds: string[] }[]>).value.reduce((k, r) => k + r.ledgerIds.length, 0), 0);
          const after = await hq.dataSource.query('SELECT count(*)::int AS n FROM stock_ledger');
          expect(after[0].n - before[0].n).toBe(posted); // a refused document left no ledger row
          expect(await ledgerMismatches(hq.dataSource)).toEqual([]);
          expect(await hq.dataSource.query('SELECT * FROM stock_balance WHERE qty < 0 OR value < 0')).toEqual([]);
          expect(await hq.dataSource.query('SELECT * FROM stock_batch WHERE qty < 0')).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
    expect(refused).toBeGreaterThan(0); // the generator does reach shortages
  });

  it('keeps the caller’s transaction: a failure later in the caller’s work rolls the movement back', async () => {
    const conn = hq.dataSource;
    const before = await conn.query('SELECT count(*)::int AS n FROM stock_ledger');
    await expect(
      conn.transaction(async (manager) => {
        const tx = ctx.withManager(manager);
        const [r] = await stock.post(tx, [{ warehouseId: warehouses[0], productId: products[0], quantity: '1', unitCost: '1', docType: 'test', docId: randomUUID() }]);
        expect(r.ledgerIds).toHaveLength(1);
        throw new Error('caller failed after moving stock');
      }),
    ).rejects.toThrow('caller failed');
    expect((await conn.query('SELECT count(*)::int AS n FROM stock_ledger'))[0].n).toBe(before[0].n);
  });

  it('writes the document’s own rows with the ledger (prepare → commit), from the results — none when it refuses or fails', async () => {
    const p = await newProduct(hq.dataSource, 'P-AI');
    const tag = randomUUID();
    const mv = (quantity: string) => [{ warehouseId: warehouses[0], productId: p, quantity, unitCost: '1', docType: 'test', docId: randomUUID() }];
    // the document's rows: made from the movements' results (here: the balance after, in the path)
    const rows = (results: MovementResult[]) => [
      { entity: OperationLog, rows: results.map((r) => ({ method: 'TEST', path: `/${r.balanceAfter}`, statusCode: 200, durationMs: 0, requestId: tag })) },
    ];
    const post = (movements: ReturnType<typeof mv>, docRows = rows) =>
      hq.dataSource.transaction(async (manager) => {
        const tx = ctx.withManager(manager);
        const plan = await stock.prepare(tx, movements);
        await stock.commit(tx, plan, docRows(plan.results));
      });
    const written = async () => (await hq.dataSource.query('SELECT path FROM operation_log WHERE request_id = $1 ORDER BY id', [tag])).map((r: { path: string }) => r.path);
    const ledger = async () => (await hq.dataSource.query('SELECT count(*)::int AS n FROM stock_ledger WHERE product_id = $1', [p]))[0].n;

    await post(mv('5'));
    expect(await written()).toEqual(['/5']);
    expect(await ledger()).toBe(1);
    // an oversell is refused before anything is written: no ledger row, no document row
    await expect(post(mv('-6'))).rejects.toMatchObject({ code: 'STOCK_INSUFFICIENT' });
    // a document row the database refuses (method too long) takes the movement back with it
    const bad = () => [{ entity: OperationLog, rows: [{ method: 'TOO-LONG-METHOD', path: '/bad', statusCode: 200, durationMs: 0, requestId: tag }] }];
    await expect(post(mv('-1'), bad)).rejects.toThrow();
    expect(await written()).toEqual(['/5']);
    expect(await ledger()).toBe(1);
    expect((await stock.balances(ctx, warehouses[0], [p])).get(p)?.qty).toBe('5');
    await post(mv('-2'));
    // no movement at all: the rows are still written
    await post([], () => rows([{ balanceAfter: 'none' } as MovementResult]));
    expect(await written()).toEqual(['/5', '/3', '/none']);
    expect(await ledgerMismatches(hq.dataSource)).toEqual([]);
  });

  it('a stock plan is prepared in a transaction and committed once, in that transaction', async () => {
    const p = await newProduct(hq.dataSource, 'P-PL');
    const mv = [{ warehouseId: warehouses[0], productId: p, quantity: '1', unitCost: '1', docType: 'test', docId: randomUUID() }];
    // outside a transaction the locks would end at once: refused
    await expect(stock.prepare(ctx, mv)).rejects.toThrow(/transaction/);
    const ledger = async () => (await hq.dataSource.query('SELECT count(*)::int AS n FROM stock_ledger WHERE product_id = $1', [p]))[0].n;
    await expect(
      hq.dataSource.transaction(async (manager) => {
        const tx = ctx.withManager(manager);
        const plan = await stock.prepare(tx, mv);
        await stock.commit(tx, plan);
        await stock.commit(tx, plan); // twice would post the movement twice
      }),
    ).rejects.toThrow(/once/);
    // a plan committed in another transaction: refused (its rows are locked in the first)
    await expect(
      hq.dataSource.transaction(async (m1) => {
        const plan = await stock.prepare(ctx.withManager(m1), mv);
        await hq.dataSource.transaction((m2) => stock.commit(ctx.withManager(m2), plan));
      }),
    ).rejects.toThrow(/transaction that prepared it/);
    expect(await ledger()).toBe(0);
  });

  it('a plan whose balance changed after it was prepared is refused at commit (STOCK_PLAN_STALE), nothing kept: two prepared sales of the last unit', async () => {
    const connection = hq.app.get(TransactionalConnection);
    const p = await newProduct(hq.dataSource, 'P-ST');
    const mv = (quantity: string) => [{ warehouseId: warehouses[0], productId: p, quantity, unitCost: '2', docType: 'test', docId: randomUUID() }];
    const qty = async () => (await stock.balances(ctx, warehouses[0], [p])).get(p)?.qty ?? '0';
    const ledger = async () => (await hq.dataSource.query('SELECT count(*)::int AS n FROM stock_ledger WHERE product_id = $1', [p]))[0].n;
    await stock.post(ctx, mv('1'));

    // two sales of the last unit prepared in one transaction: both see 1 available; the second commit must not sell it again
    await expect(
      connection.withTransaction(ctx, async (tx) => {
        const first = await stock.prepare(tx, mv('-1'));
        const second = await stock.prepare(tx, mv('-1'));
        expect(first.results[0].balanceAfter).toBe('0');
        expect(second.results[0].balanceAfter).toBe('0');
        await stock.commit(tx, second);
        await stock.commit(tx, first);
      }),
    ).rejects.toMatchObject({ code: 'STOCK_PLAN_STALE', fields: [{ field: 'movements.0.quantity' }] });
    expect(await qty()).toBe('1');
    expect(await ledger()).toBe(1);

    // a post of the same key between prepare and commit makes the plan stale too
    await expect(
      connection.withTransaction(ctx, async (tx) => {
        const plan = await stock.prepare(tx, [...mv('-1'), { ...mv('1')[0], warehouseId: warehouses[1] }]);
        await stock.post(tx, mv('5'));
        await stock.commit(tx, plan);
      }),
    ).rejects.toMatchObject({ code: 'STOCK_PLAN_STALE', fields: [{ field: 'movements.0.quantity' }] });
    expect(await qty()).toBe('1');

    // a caller that catches the refusal and commits anyway: the failed statement aborted the transaction, so no ledger row lands without its balance
    const ledgerBefore = await ledger();
    await connection
      .withTransaction(ctx, async (tx) => {
        const plan = await stock.prepare(tx, mv('-1'));
        await stock.post(tx, mv('5'));
        await stock.commit(tx, plan).catch((e: DomainException) => expect(e.code).toBe('STOCK_PLAN_STALE'));
      })
      .catch(() => undefined);
    expect(await ledger()).toBe(ledgerBefore);
    expect(await qty()).toBe('1');
    expect(await ledgerMismatches(hq.dataSource)).toEqual([]);

    // work given back in between (a savepoint rolled back) leaves the balance as the plan saw it: the plan stands
    await connection.withTransaction(ctx, async (tx) => {
      const plan = await stock.prepare(tx, mv('-1'));
      await connection.decide(tx, async (inner) => Decision.rollBack(await stock.post(inner, mv('-1'))));
      await stock.commit(tx, plan);
    });
    expect(await qty()).toBe('0');

    // in two transactions the lock queues the second sale, which then sees nothing left
    await stock.post(ctx, mv('1'));
    const sells = await Promise.allSettled(
      [0, 1].map(() =>
        connection.withTransaction(ctx, async (tx) => {
          const plan = await stock.prepare(tx, mv('-1'));
          await new Promise((r) => setTimeout(r, 50));
          await stock.commit(tx, plan);
        }),
      ),
    );
    expect(sells.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    expect(sells.find((s) => s.status === 'rejected')).toMatchObject({ reason: { code: 'STOCK_INSUFFICIENT' } });
    expect(await qty()).toBe('0');
    expect(await ledgerMismatches(hq.dataSource)).toEqual([]);
  });

  it('a unit of work decides by its result: a rolled-back outcome keeps none of its stock, a committed one keeps it — also inside a transaction (savepoint)', async () => {
    const connection = hq.app.get(TransactionalConnection);
    const p = await newProduct(hq.dataSource, 'P-DC');
    const mv = (quantity: string) => [{ warehouseId: warehouses[0], productId: p, quantity, unitCost: '1', docType: 'test', docId: randomUUID() }];
    const qty = async () => (await stock.balances(ctx, warehouses[0], [p])).get(p)?.qty ?? '0';
    // a dry run answers what it saw and gives everything back
    const seen = await connection.decide(ctx, async (tx) => Decision.rollBack((await stock.post(tx, mv('4')))[0].balanceAfter));
    expect(seen).toBe('4');
    expect(await qty()).toBe('0');
    expect(await connection.decide(ctx, async (tx) => Decision.commit((await stock.post(tx, mv('3')))[0].balanceAfter))).toBe('3');
    expect(await qty()).toBe('3');
    // nested in an open transaction: only the inner work is given back, the outer commits
    await connection.withTransaction(ctx, async (tx) => {
      await stock.post(tx, mv('1'));
      expect(await connection.decide(tx, async (inner) => Decision.rollBack((await stock.post(inner, mv('10')))[0].balanceAfter))).toBe('14');
    });
    expect(await qty()).toBe('4');
    expect(await ledgerMismatches(hq.dataSource)).toEqual([]);
  });

  it('transfers keep their cost: out at the average, into in-transit at that same cost', async () => {
    const p = await newProduct(hq.dataSource, 'P-TR');
    const [org] = await hq.dataSource.query("SELECT id FROM org_unit WHERE kind = 'hq'");
    const [transit] = await hq.dataSource.query("INSERT INTO warehouse (code, name, org_unit_id, kind, row_version) VALUES ('P-TR', 'P-TR', $1, 'in_transit', 1) RETURNING id", [
      org.id,
    ]);
    await stock.post(ctx, [{ warehouseId: warehouses[0], productId: p, quantity: '3', unitCost: '2', docType: 'test', docId: randomUUID() }]);
    await stock.post(ctx, [{ warehouseId: warehouses[0], productId: p, quantity: '1', unitCost: '3', docType: 'test', docId: randomUUID() }]);
    const docId = randomUUID();
    const [out] = await stock.post(ctx, [{ warehouseId: warehouses[0], productId: p, quantity: '-2', docType: 'transfer_out', docId }]);
    expect(out.unitCost).toBe('2.25');
    const [inn] = await stock.post(ctx, [{ warehouseId: transit.id, productId: p, quantity: '2', unitCost: out.unitCost, docType: 'transfer_out', docId }]);
    expect(inn).toMatchObject({ unitCost: '2.25', amount: '4.5' });
    // in-transit never goes negative, whatever the org allows
    await expect(stock.post(ctx, [{ warehouseId: transit.id, productId: p, quantity: '-3', docType: 'transfer_in', docId }], { allowNegative: true })).rejects.toMatchObject({
      code: 'STOCK_INSUFFICIENT',
    });
  });

  it('refuses malformed movements before touching the database', async () => {
    const base = { warehouseId: warehouses[0], productId: products[0], docType: 'test', docId: randomUUID() };
    for (const bad of [
      { quantity: '0' },
      { quantity: 'abc' },
      { quantity: '1.0001' },
      { quantity: '1e12' },
      { quantity: '1', unitCost: '-1' },
      { quantity: '1', businessDate: '2999-01-01' },
      { quantity: '1', warehouseId: 'x' },
    ]) {
      await expect(stock.post(ctx, [{ ...base, ...bad }])).rejects.toMatchObject({ code: 'STOCK_INVALID_MOVEMENT' });
    }
    await expect(stock.post(ctx, [{ ...base, quantity: '1', productId: randomUUID() }])).rejects.toMatchObject({ code: 'STOCK_UNKNOWN_PRODUCT' });
    await expect(stock.post(ctx, [{ ...base, quantity: '1', batchNo: 'X' }])).rejects.toMatchObject({ code: 'STOCK_BATCH_NOT_MANAGED' });
    await expect(stock.post(ctx, [{ ...base, quantity: '1', productId: products[2] }])).rejects.toMatchObject({ code: 'STOCK_BATCH_REQUIRED' });
  });
});
