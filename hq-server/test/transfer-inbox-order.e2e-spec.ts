import { randomUUID } from 'node:crypto';
import { IsInt } from 'class-validator';
import { bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';
import { PushHandlerRegistry } from '../src/transfer/push-handlers';
import { TransferInboxService } from '../src/transfer/transfer-inbox.service';

class OrderProbe {
  @IsInt()
  n!: number;
}

/**
 * HQ's inbox books a store's records in the store's own order (its outbox position), not in the order
 * of their ids: one push's records share their arrival time, and their ids (derived UUIDs) are in no
 * order. A voucher used, given back and used again offline is booked wrong otherwise — both when the
 * batch goes through whole and when a failing record makes the job go record by record.
 */
describe('the inbox follows the store’s order', () => {
  let hq: TestApp;
  const seen: number[] = [];

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    const registry = hq.app.get(PushHandlerRegistry);
    const record = (stream: string) => ({
      stream,
      dto: OrderProbe,
      process: async (_ctx: unknown, r: { body: OrderProbe }) => {
        if (r.body.n < 0) throw new Error('poison');
        seen.push(r.body.n);
      },
    });
    registry.register(record('test.order-a'));
    registry.register({ ...record('test.order-b'), processBatch: async (_ctx: unknown, rs: { body: OrderProbe }[]) => void seen.push(...rs.map((r) => r.body.n)) });
  });
  afterAll(() => hq.close());

  /** One push: records in the store's order 1..n, with ids in reverse order, all arrived at once. */
  async function push(bodies: { stream: string; n: number }[]): Promise<string> {
    const store = randomUUID();
    const ids = bodies
      .map(() => randomUUID())
      .sort()
      .reverse();
    await hq.dataSource.query(
      `INSERT INTO transfer_inbox (id, store_id, stream, body, body_hash, store_seq, received_at)
       SELECT id, $1, stream, jsonb_build_object('n', n), 'x', seq, '2026-12-07T10:00:00Z'
       FROM unnest($2::uuid[], $3::text[], $4::int[]) WITH ORDINALITY AS t(id, stream, n, seq)`,
      [store, ids, bodies.map((b) => b.stream), bodies.map((b) => b.n)],
    );
    return store;
  }

  it('in a batch that goes through whole, runs of one stream split by another', async () => {
    seen.length = 0;
    const store = await push([1, 2, 3, 4, 5, 6].map((n) => ({ stream: n === 3 ? 'test.order-a' : 'test.order-b', n })));
    await hq.app.get(TransferInboxService).processPending(store);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('record by record after one of the batch fails', async () => {
    seen.length = 0;
    const store = await push([1, 2, -1, 3, 4].map((n) => ({ stream: 'test.order-a', n })));
    await hq.app.get(TransferInboxService).processPending(store);
    // the batch's attempt ran 1 and 2 before the poison (rolled back), then record by record
    expect(seen).toEqual([1, 2, 1, 2, 3, 4]);
    expect(await hq.dataSource.query(`SELECT status, count(*)::int AS n FROM transfer_inbox WHERE store_id = $1 GROUP BY status ORDER BY status`, [store])).toEqual([
      { status: 'failed', n: 1 },
      { status: 'processed', n: 4 },
    ]);
  });
});
