import { type BullMqJobQueue, FileStore, JobQueue, LocalFileStore } from '@chain-erp/shared';
import { bearer, binaryParser, bootTestApp, dropDatabase, testRedisUrl, type TestApp } from '@chain-erp/shared/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HQ_SERVER } from '../src/server';
import { readWorkbook, workbook } from './import-fixtures';

/**
 * Issue 24, "HQ on several instances": two HQ instances on one PostgreSQL and one Redis, each with
 * its own data folder, as two machines behind a round-robin load balancer.
 */
describe('two HQ instances on one database and one Redis', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await bootTestApp(HQ_SERVER, { keepDatabase: true, env: { REDIS_URL: testRedisUrl() } });
    b = await bootTestApp(HQ_SERVER, { databaseUrl: a.databaseUrl, env: { REDIS_URL: testRedisUrl() } });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (a) await dropDatabase(a.databaseUrl);
  });

  const queueOf = (app: TestApp) => app.app.get<JobQueue, BullMqJobQueue>(JobQueue);
  // the instance's BullMQ worker (private): paused, the instance takes no jobs and the other must
  const workerOf = (app: TestApp) => (queueOf(app) as unknown as { worker: { pause(): Promise<void>; resume(): void } }).worker;

  async function finished(app: TestApp, token: string, id: string) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const res = await app.http().get(`/api/catalog/imports/${id}`).set(bearer(token)).expect(200);
      if (!['queued', 'running'].includes(res.body.state)) return res.body;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body.state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const upload = (app: TestApp, token: string, file: Buffer, name: string) =>
    app
      .http()
      .post('/api/catalog/brands/imports?mode=commit-valid')
      .set(bearer(token))
      .attach('file', file, name)
      .then((res) => {
        expect([res.status, res.body]).toMatchObject([202, { state: 'queued' }]);
        return res;
      });

  it('runs an import uploaded to one instance on the others after that instance and its disk are gone, and they answer its error workbook', async () => {
    // a third instance, as a third machine: it takes the upload, takes no job, and goes away with its data folder
    const c = await bootTestApp(HQ_SERVER, { databaseUrl: a.databaseUrl, env: { REDIS_URL: testRedisUrl() } });
    const admin = await c.loginAdmin();
    let id: string;
    try {
      await workerOf(c).pause();
      id = (await upload(c, admin, Buffer.from('code,name\nSO-B1,甲品牌\nSO-B2,\n'), 'brands.csv')).body.id;
    } finally {
      await c.close();
    }
    expect(await finished(b, admin, id)).toMatchObject({ state: 'committed', created: 1, rowsFailed: 1 });
    for (const app of [a, b]) {
      const file = await app
        .http()
        .get(`/api/catalog/imports/${id}/error-file`)
        .set(bearer(admin))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      const rows = await readWorkbook(file.body as Buffer);
      expect(rows.get(3)?.[0]).toBe('SO-B2');
      expect(String(rows.get(3)?.[2])).toMatch(/name/);
    }
  });

  it('fails a queued import whose stored file is gone with a clear message (.csv and .xlsx); the process lives and the next import works', async () => {
    const admin = await a.loginAdmin();
    const queue = queueOf(a).bullQueue;
    const ids: string[] = [];
    // paused for every instance: the imports wait queued while their files go
    await queue.pause();
    try {
      ids.push((await upload(a, admin, Buffer.from('code,name\nSO-G1,x\n'), 'gone.csv')).body.id);
      ids.push(
        (
          await upload(
            b,
            admin,
            await workbook([
              ['code', 'name'],
              ['SO-G2', 'y'],
            ]),
            'gone.xlsx',
          )
        ).body.id,
      );
      const keys = (await a.dataSource.query('SELECT file_path FROM catalog_import WHERE id = ANY($1)', [ids])).map((r: { file_path: string }) => r.file_path);
      expect(keys).toHaveLength(2);
      await a.dataSource.query('DELETE FROM stored_file WHERE key = ANY($1)', [keys]);
    } finally {
      await queue.resume();
    }
    for (const id of ids) {
      const done = await finished(a, admin, id);
      expect(done).toMatchObject({ state: 'failed', errorCode: 'STORED_FILE_MISSING', created: 0 });
      expect(done.message).toMatch(/no longer there/);
    }
    await a.http().get('/api/health').expect(200);
    await b.http().get('/api/health').expect(200);
    const next = (await upload(b, admin, Buffer.from('code,name\nSO-G3,z\n'), 'next.csv')).body.id;
    expect(await finished(a, admin, next)).toMatchObject({ state: 'committed', created: 1, rowsFailed: 0 });
    // nothing of the failed imports was written
    expect((await a.dataSource.query("SELECT code FROM brand WHERE code LIKE 'SO-G%' ORDER BY code")).map((r: { code: string }) => r.code)).toEqual(['SO-G3']);
  });

  it('stores files in PostgreSQL (the default) and in a folder alike: any byte range reads back exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chain-files-'));
    try {
      const bytes = randomBytes(700_000);
      const local = join(dir, 'upload.bin');
      writeFileSync(local, bytes);
      const pg = a.app.get(FileStore);
      expect(pg.kind).toBe('postgres');
      for (const store of [pg, new LocalFileStore(join(dir, 'files'))]) {
        expect(await store.save('test/f.bin', local)).toBe(bytes.length);
        // the same file from the other instance
        const file = await (store === pg ? b.app.get(FileStore) : store).open('test/f.bin');
        expect(file.size).toBe(bytes.length);
        const read = async (start?: number, end?: number) => {
          const parts: Buffer[] = [];
          for await (const c of file.read(start, end)) parts.push(c as Buffer);
          return Buffer.concat(parts);
        };
        expect((await read()).equals(bytes)).toBe(true);
        for (const [s, e] of [
          [0, 1],
          [262_143, 262_145],
          [100, 600_000],
          [699_990, 700_000],
          [5, 5],
        ])
          expect((await read(s, e)).equals(bytes.subarray(s, e))).toBe(true);
        expect(await store.delete(['test/f.bin', 'test/none'])).toBe(1);
        await expect(store.open('test/f.bin')).rejects.toMatchObject({ code: 'STORED_FILE_MISSING' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts the login rate limit once for all instances: 30 a minute per address, not 30 per instance', async () => {
    // unknown user names: no account locks, every attempt is a plain 401 until the limit
    const attempt = (app: TestApp, i: number) =>
      app
        .http()
        .post('/api/auth/login')
        // an address of its own (loopback is a trusted proxy): the sign-ins of the other tests do not count
        .set('X-Forwarded-For', '203.0.113.24')
        .send({ username: `nobody-${i}`, password: 'wrong-password' });
    for (let i = 0; i < 30; i++) expect((await attempt(i % 2 ? b : a, i)).status).toBe(401);
    const overA = await attempt(a, 30);
    const overB = await attempt(b, 31);
    expect([overA.status, overA.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect([overB.status, overB.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(overB.headers['retry-after-login'])).toBeGreaterThan(0);
  }, 240_000);
});
