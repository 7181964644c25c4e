import { randomUUID } from 'node:crypto';
import { DomainException, RequestContext } from '@chain-erp/shared';
import { bearer, bootTestApp, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import type { QueryRunner } from 'typeorm';
import { HQ_SERVER } from '../src/server';
import { VoucherLedgerService } from '../src/vouchers/voucher-ledger.service';

/**
 * The races the voucher row lock decides, forced on real PostgreSQL: a first change holds the
 * voucher's row (an open transaction on a connection of its own, its ledger row written but not
 * committed) while the second request runs; the test sees the second wait on the lock, commits
 * the first, and checks that the second decided on what the first committed. Each would pass the
 * wrong way without the lock (the second would decide on the old state before waiting).
 */
describe('voucher locks: a change in flight is waited for, then seen', () => {
  let hq: TestApp;
  let admin: string;
  let ledger: VoucherLedgerService;
  let ctx: RequestContext;
  let storeId: string;
  const day = 86400_000;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    ledger = hq.app.get(VoucherLedgerService);
    storeId = (await seedStoreUser(hq.dataSource, { storeCode: 'S001' })).storeId;
    const [org] = await hq.dataSource.query(`SELECT id, code FROM org_unit WHERE id = $1`, [storeId]);
    ctx = RequestContext.system({ id: org.id, code: org.code, kind: 'store' });
  });
  afterAll(() => hq.close());

  /** a fresh batch's numbers */
  async function cards(body: Record<string, unknown>): Promise<string[]> {
    const batch = (
      await hq
        .http()
        .post('/api/vouchers/batches')
        .set(bearer(admin))
        .send({
          id: randomUUID(),
          kind: 'gift_card',
          name: '锁测试',
          faceValue: '100',
          quantity: 1,
          validFrom: new Date(Date.now() - day).toISOString(),
          validTo: new Date(Date.now() + 365 * day).toISOString(),
          ...body,
        })
        .expect(201)
    ).body;
    const rows: { number: string }[] = await hq.dataSource.query(`SELECT number FROM voucher WHERE batch_id = $1 ORDER BY number`, [batch.id]);
    return rows.map((r) => r.number);
  }

  /** `first` inside a transaction of its own connection, left open: its row locks are held until `commit`. */
  async function inFlight(first: (tx: RequestContext) => Promise<unknown>): Promise<{ runner: QueryRunner; commit: () => Promise<void> }> {
    const runner = hq.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await first(ctx.withManager(runner.manager));
    return {
      runner,
      commit: async () => {
        await runner.commitTransaction();
        await runner.release();
      },
    };
  }

  /** Resolves once a backend of this database waits for a row lock held by `holder`'s backend. */
  async function waitingOn(holder: QueryRunner): Promise<void> {
    const [{ pid }] = await holder.query(`SELECT pg_backend_pid() AS pid`);
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await hq.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [pid]);
      if (n > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the second request never waited for the first one’s lock');
  }

  async function settled<T>(p: Promise<T>): Promise<{ value?: T; code?: string }> {
    try {
      return { value: await p };
    } catch (e) {
      if (e instanceof DomainException) return { code: e.code };
      throw e;
    }
  }

  const state = async (number: string) =>
    (await hq.dataSource.query<{ state: string; balance: string }[]>(`SELECT state, balance::text AS balance FROM voucher WHERE number = $1`, [number]))[0];
  const kinds = async (number: string) =>
    (
      await hq.dataSource.query<{ kind: string }[]>(`SELECT l.kind FROM voucher_ledger l JOIN voucher v ON v.id = l.voucher_id WHERE v.number = $1 ORDER BY l.at, l.kind`, [number])
    ).map((r) => r.kind);

  it('(a) the undo of a card sale still open at HQ waits for it, then unsells the card (not a zero redemption reversal that leaves it loaded)', async () => {
    const [card] = await cards({ soldAtTill: true });
    const saleId = randomUUID();
    const sale = await inFlight((tx) => ledger.sell(tx, storeId, { saleId, number: card, amount: '100.00', saleNo: 'GCS-S001-01-LOCK-0001' }));
    const undo = settled(ledger.reverse(ctx, storeId, { saleId, number: card }));
    await waitingOn(sale.runner);
    await sale.commit();
    expect(await undo).toMatchObject({ value: { kind: 'sell_reversal', delta: '-100.00', balanceAfter: '0.00' } });
    expect(await state(card)).toEqual({ state: 'unsold', balance: '0.00' });
    expect(await kinds(card)).toEqual(['sell', 'sell_reversal']);
  });

  it('(b) a retried card sale arriving while its undo is open waits for the undo, then is refused (not answered with the first, undone sale)', async () => {
    const [card] = await cards({ soldAtTill: true });
    const dto = { saleId: randomUUID(), number: card, amount: '100.00', saleNo: 'GCS-S001-01-LOCK-0002' };
    expect(await ledger.sell(ctx, storeId, dto)).toMatchObject({ kind: 'sell', balanceAfter: '100.00', replayed: false });
    const undo = await inFlight((tx) => ledger.reverse(tx, storeId, { saleId: dto.saleId, number: card }));
    const retry = settled(ledger.sell(ctx, storeId, dto));
    await waitingOn(undo.runner);
    await undo.commit();
    expect(await retry).toEqual({ code: 'VOUCHER_REDEMPTION_REVERSED' });
    expect(await state(card)).toEqual({ state: 'unsold', balance: '0.00' });
    expect(await kinds(card)).toEqual(['sell', 'sell_reversal']);
  });

  it('(c) a void arriving while a redemption is open waits for it, then sees the use and refuses (the customer’s value is not voided)', async () => {
    const [card] = await cards({});
    const redemption = await inFlight((tx) => ledger.redeem(tx, storeId, { saleId: randomUUID(), number: card, amount: '30.00', saleTotal: '30.00' }));
    const voided = hq
      .http()
      .post('/api/vouchers/voids')
      .set(bearer(admin))
      .send({ id: randomUUID(), batchId: (await hq.dataSource.query(`SELECT batch_id FROM voucher WHERE number = $1`, [card]))[0].batch_id, reason: '锁测试' })
      .then((r) => r);
    await waitingOn(redemption.runner);
    await redemption.commit();
    const res = await voided;
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'VOUCHER_VOID_REFUSED', details: { heldCount: 1, numbers: [card] } });
    expect(await state(card)).toEqual({ state: 'active', balance: '70.00' });
    expect(await kinds(card)).toEqual(['issue', 'redeem']);
  });
});
