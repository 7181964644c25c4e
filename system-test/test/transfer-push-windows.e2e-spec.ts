import { type HqPort, type PushRequest, type PushResult, RequestContext, type StorePort, SyncEngine, TransferCallError } from '@chain-erp/shared';
import { type TestApp } from '@chain-erp/shared/testing';
import { StoreOutboxService } from '@chain-erp/store-server/transfer/store-outbox.service';
import { StoreSetupService } from '@chain-erp/store-server/transfer/store-setup.service';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { TillActivity } from '@chain-erp/store-server/transfer/till-activity';
import { hqServer, openStore, setupStore, storeServer } from './transfer-helpers';

/**
 * Push windows over real HTTP and PostgreSQL: the store marks batch N sent while batch N+1 travels;
 * whatever fails between batches, each record reaches HQ exactly once and in the store's order.
 */
describe('transfer push windows', () => {
  let hq: TestApp;
  let s1: TestApp;
  let admin: string;

  const sync = () => s1.app.get(StoreSyncService);
  const hqPort = async () => {
    const setup = s1.app.get(StoreSetupService);
    return setup.hqPort(await setup.requireLink());
  };
  /** n valid 门店日志 records written straight into the outbox, in one statement (their seq in order) */
  const backlog = async (n: number, kind: string): Promise<string[]> =>
    (
      await s1.dataSource.query(
        `INSERT INTO transfer_outbox (id, stream, body)
         SELECT gen_random_uuid(), 'store.event-log', jsonb_build_object('occurredAt', '2026-12-05T08:00:00.000Z', 'level', 'info', 'kind', $1::text, 'message', 'record ' || g, 'storeCode', 'S001', 'data', jsonb_build_object('n', g))
           FROM generate_series(1, $2::int) g ORDER BY g RETURNING id`,
        [kind, n],
      )
    ).map((r: { id: string }) => r.id);
  /** HQ's arrival order of the records must be the store's order (seq): received_at never goes back */
  const arrivedInOrder = async (ids: string[]) => {
    const rows: Array<{ id: string; at: string }> = await hq.dataSource.query(`SELECT id, received_at::text AS at FROM transfer_inbox WHERE id = ANY($1::uuid[])`, [ids]);
    const at = new Map(rows.map((r) => [r.id, r.at]));
    const seqs: Array<{ id: string }> = await s1.dataSource.query(`SELECT id FROM transfer_outbox WHERE id = ANY($1::uuid[]) ORDER BY seq`, [ids]);
    const times = seqs.map((r) => at.get(r.id)!);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
  };
  const unsent = async (ids: string[]) =>
    Number((await s1.dataSource.query(`SELECT count(*) AS n FROM transfer_outbox WHERE id = ANY($1::uuid[]) AND sent_at IS NULL`, [ids]))[0].n);
  const atHq = async (ids: string[]) =>
    (await hq.dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM transfer_inbox WHERE id = ANY($1::uuid[])`, [ids]))[0];

  beforeAll(async () => {
    hq = await hqServer();
    s1 = await storeServer();
    admin = await hq.loginAdmin();
    await openStore(hq, admin, 'S001');
    await setupStore(s1, hq, 'S001');
  });

  afterAll(async () => {
    await s1?.close();
    await hq?.close();
  });

  it('sends batch N+1 while batch N is acknowledged, each only after HQ answered', async () => {
    const ids = await backlog(1200, 'test.window');
    const real = await hqPort();
    const events: string[] = [];
    let pushes = 0;
    const hqSide: HqPort = Object.assign(Object.create(real), {
      push: async (req: PushRequest) => {
        const n = ++pushes;
        events.push(`push ${n} sent`);
        const res = await real.push(req);
        events.push(`push ${n} answered`);
        return res;
      },
    });
    const port = sync().storePort();
    let acks = 0;
    const slowAck: StorePort = Object.assign(Object.create(port), {
      acknowledge: async (stream: string, results: PushResult['results']) => {
        const n = ++acks;
        events.push(`ack ${n} start`);
        await new Promise((ok) => setTimeout(ok, 300));
        await port.acknowledge(stream, results);
        events.push(`ack ${n} done`);
      },
    });
    const r = await new SyncEngine(hqSide, slowAck).run({ pull: false, pushBatchSize: 400 });
    expect(r.errors).toEqual([]);
    expect(r.pushed['store.event-log'].stored).toBe(1200);
    // an acknowledgement starts only after its answer, and the next push leaves before it is done
    const at = (e: string) => events.indexOf(e);
    for (const n of [1, 2, 3]) expect(at(`ack ${n} start`)).toBeGreaterThan(at(`push ${n} answered`));
    expect(at('push 2 sent')).toBeLessThan(at('ack 1 done'));
    expect(at('push 3 sent')).toBeLessThan(at('ack 2 done'));
    expect(await unsent(ids)).toBe(0);
    expect(await atHq(ids)).toEqual({ n: 1200, d: 1200 });
    await arrivedInOrder(ids);
  });

  it('is exactly once and in order when the connection drops between batches and an acknowledgement fails', async () => {
    const ids = await backlog(3000, 'test.faults');
    const real = await hqPort();
    let pushes = 0;
    // the 3rd push is stored at HQ but its answer never arrives; the 5th never reaches HQ
    const dropping: HqPort = Object.assign(Object.create(real), {
      push: async (req: PushRequest) => {
        const n = ++pushes;
        if (n === 5) throw new TransferCallError(502, 'TRANSFER_HQ_UNREACHABLE', 'connection refused');
        const res = await real.push(req);
        if (n === 3) throw new TransferCallError(502, 'TRANSFER_HQ_UNREACHABLE', 'connection reset after HQ committed');
        return res;
      },
    });
    const port = sync().storePort();
    let acks = 0;
    // the store's database fails marking the 2nd acknowledged batch (of the second run)
    const failingAck: StorePort = Object.assign(Object.create(port), {
      acknowledge: async (stream: string, results: PushResult['results']) => {
        if (++acks === 4) throw new Error('store database went away');
        return port.acknowledge(stream, results);
      },
    });
    const runs = [];
    for (let i = 0; i < 10; i++) {
      const r = await new SyncEngine(dropping, failingAck).run({ pull: false, pushBatchSize: 700 });
      runs.push(r.ok);
      if (r.ok) break;
    }
    expect(runs.filter((ok) => !ok).length).toBeGreaterThanOrEqual(2);
    expect(runs.at(-1)).toBe(true);
    expect(await unsent(ids)).toBe(0);
    expect(await atHq(ids)).toEqual({ n: 3000, d: 3000 });
    await arrivedInOrder(ids);
  });

  it('keeps the order when a large record hits the byte cap: a batch is a prefix of the outbox', async () => {
    const outbox = s1.app.get(StoreOutboxService);
    const ctx = new RequestContext(null);
    const first = await outbox.recordEvent(ctx, 'S001', { level: 'info', kind: 'test.cap', message: 'small before' });
    const big = await outbox.recordEvent(ctx, 'S001', { level: 'info', kind: 'test.cap', message: 'large', data: { blob: 'x'.repeat(2_200_000) } });
    const last = await outbox.recordEvent(ctx, 'S001', { level: 'info', kind: 'test.cap', message: 'small after' });
    const real = await hqPort();
    const sent: string[][] = [];
    const recording: HqPort = Object.assign(Object.create(real), {
      push: async (req: PushRequest) => {
        sent.push(req.records.map((r) => r.id));
        return real.push(req);
      },
    });
    const r = await new SyncEngine(recording, sync().storePort()).run({ pull: false });
    expect(r.errors).toEqual([]);
    expect(sent).toEqual([[first], [big], [last]]);
    await arrivedInOrder([first, big, last]);
  });

  it('while the tills sell and add records the whole time, a push run pauses between its batches and still ends, at the outbox head it saw; the next run sends the rest, each once', async () => {
    const tills = s1.app.get(TillActivity);
    const ids = await backlog(400, 'test.bounded');
    // a sale in flight for the whole run: the tills are busy, so every batch after the first waits
    let sold!: () => void;
    const sale = tills.selling(() => new Promise<void>((r) => (sold = r)));
    // the tills' records meanwhile, 20 at a time, far faster than a paused push of 20-record
    // batches sends them: a run without a bound would chase them for as long as they sell
    let selling = true;
    const during: string[] = [];
    const writer = (async () => {
      while (selling) {
        during.push(...(await backlog(20, 'test.bounded-during')));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    let report;
    try {
      const before = tills.pauses();
      report = await sync().run('test', { pull: false, pushBatchSize: 20 });
      expect(tills.pauses().count - before.count).toBeGreaterThanOrEqual(400 / 20 - 1);
      expect(tills.busy()).toBe(true);
    } finally {
      selling = false;
      await writer;
      sold();
      await sale;
    }
    expect(report.errors).toEqual([]);
    expect(await unsent(ids)).toBe(0);
    // what the tills wrote after the run read its bound waits for the next run
    expect(await unsent(during)).toBeGreaterThan(0);
    expect(report.pushed['store.event-log'].stored).toBeLessThan(400 + during.length);
    const next = await sync().run('test', { pull: false });
    expect(next.errors).toEqual([]);
    expect(await unsent([...ids, ...during])).toBe(0);
    expect(await atHq([...ids, ...during])).toEqual({ n: 400 + during.length, d: 400 + during.length });
    await arrivedInOrder([...ids, ...during]);
  });
});
