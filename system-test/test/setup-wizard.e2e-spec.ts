import { createServer } from 'node:net';
import { type TestApp } from '@chain-erp/shared/testing';
import { hqServer, openStore, storeServer } from './transfer-helpers';

/**
 * What the first-run wizard (门店系统初始化, console) needs beyond POST /api/setup: a connection test
 * before anything is entered, and the first sync's progress (pages, rows) while setup runs.
 */
describe('first-run wizard: connection test and first-sync progress', () => {
  let hq: TestApp;
  let store: TestApp;

  beforeAll(async () => {
    hq = await hqServer();
    await openStore(hq, await hq.loginAdmin(), 'S009');
    store = await storeServer();
  });

  afterAll(async () => {
    await store?.close();
    await hq?.close();
  });

  /** A port nothing listens on (bound, then closed). */
  async function closedPort(): Promise<number> {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    return port;
  }

  it('tests the connection: HQ answers with the protocols both speak; a dead address or a non-HQ is said so', async () => {
    const ok = await store.http().post('/api/setup/test-connection').send({ hqUrl: hq.url, storeCode: 'S009' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ hqUrl: hq.url, hqProtocol: expect.any(Number), storeProtocols: expect.arrayContaining([1]) });
    expect(ok.body.hqProtocols).toEqual(expect.arrayContaining([ok.body.hqProtocol]));

    const dead = await store
      .http()
      .post('/api/setup/test-connection')
      .send({ hqUrl: `http://127.0.0.1:${await closedPort()}` });
    expect({ status: dead.status, code: dead.body.code }).toEqual({ status: 502, code: 'TRANSFER_HQ_UNREACHABLE' });

    // a server that is not HQ (this store server itself) answers, but not as HQ
    const notHq = await store.http().post('/api/setup/test-connection').send({ hqUrl: store.url });
    expect(notHq.status).toBeGreaterThanOrEqual(400);
    expect(notHq.status).not.toBe(500);
    expect(notHq.body.code).toBe('TRANSFER_HQ_ERROR');

    const bad = await store.http().post('/api/setup/test-connection').send({ hqUrl: 'not a url' });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('a wrong password says how many tries are left and starts no sync; the right one reports the first sync page by page', async () => {
    const wrong = await store.http().post('/api/setup').send({ hqUrl: hq.url, storeCode: 'S009', warehouseCode: 'S009-01', transferPassword: 'not-the-password' });
    expect({ status: wrong.status, code: wrong.body.code, triesLeft: wrong.body.details?.triesLeft }).toEqual({ status: 401, code: 'TRANSFER_BAD_SIGNATURE', triesLeft: 4 });
    expect((await store.http().get('/api/setup/progress')).body).toEqual({ running: false, progress: null });

    // poll while setup runs, as the wizard does
    const seen: Array<{ running: boolean; progress: { phase: string; rows: number } | null }> = [];
    let setupDone = false;
    const setup = store
      .http()
      .post('/api/setup')
      .send({ hqUrl: hq.url, storeCode: 'S009', warehouseCode: 'S009-01', transferPassword: 'transfer-s009-secret' })
      .then((r) => {
        setupDone = true;
        return r;
      });
    while (!setupDone) {
      seen.push((await store.http().get('/api/setup/progress')).body);
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await setup;
    expect(res.status).toBe(201);
    expect(res.body.firstSync.ok).toBe(true);
    const firstRows = (res.body.firstSync.snapshot?.rows ?? 0) + res.body.firstSync.pulled.rows + res.body.firstSync.pulled.removed;
    expect(firstRows).toBeGreaterThan(0);

    const after = (await store.http().get('/api/setup/progress')).body;
    expect(after.running).toBe(false);
    expect(after.progress).toMatchObject({ reason: 'setup', phase: 'done', rows: firstRows, finishedAt: expect.any(String) });
    expect(after.progress.pages).toBe((res.body.firstSync.snapshot?.pages ?? 0) + res.body.firstSync.pulled.pages);
    // the counts only grow while it runs
    const rows = seen.filter((s) => s.progress).map((s) => s.progress!.rows);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));

    // once set up, the public test is closed (it would let anyone make this server call out)
    const closed = await store.http().post('/api/setup/test-connection').send({ hqUrl: hq.url });
    expect({ status: closed.status, code: closed.body.code }).toEqual({ status: 409, code: 'STORE_ALREADY_INITIALISED' });
  });
});
