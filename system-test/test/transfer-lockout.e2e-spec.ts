import { randomBytes } from 'node:crypto';
import { bodyText, deriveTransferKey, fetchHello, HQ_ROUTES, SignedClient, signedHeaders } from '@chain-erp/shared';
import { bearer, type TestApp } from '@chain-erp/shared/testing';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { hqServer, openStore, setupStore, storeServer } from './transfer-helpers';

/**
 * Issue 17 §4: failed signatures lock the source (the address, per store code it claims), never the
 * store. An attacker's requests come here from other addresses (HQ believes X-Forwarded-For from
 * loopback, as behind a local proxy); the real store's come from 127.0.0.1.
 */
describe('transfer lockout holds the source, never the store', () => {
  let hq: TestApp;
  let s1: TestApp;
  let admin: string;
  const sync = (s: TestApp) => s.app.get(StoreSyncService);

  /** A request signed with a random key, as someone who does not know the password would send it. */
  async function forged(from: string, code: string, path: string = HQ_ROUTES.pull, body: unknown = { cursor: null, limit: 10, scopeVersion: null }) {
    const text = bodyText(body);
    const headers = signedHeaders(randomBytes(32), code, 'POST', path, text);
    const res = await fetch(hq.url + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'x-forwarded-for': from }, body: text });
    const { requestId: _r, ...answer } = (await res.json()) as { code: string; message: string; details?: Record<string, unknown>; requestId?: string };
    return { status: res.status, body: answer };
  }

  const storeId = async (code: string) => (await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = $1`, [code]))[0].id as string;

  beforeAll(async () => {
    hq = await hqServer();
    admin = await hq.loginAdmin();
    await openStore(hq, admin, 'S001');
    await openStore(hq, admin, 'S002');
    s1 = await storeServer();
    await setupStore(s1, hq, 'S001');
  });

  afterAll(async () => {
    await s1?.close();
    await hq?.close();
  });

  it('an attacker’s failures lock the attacker’s address, and the real store is always served', async () => {
    const attacker = '203.0.113.7';
    for (let left = 4; left >= 1; left--) {
      const r = await forged(attacker, 'S001');
      expect({ status: r.status, code: r.body.code, triesLeft: r.body.details?.triesLeft }).toEqual({ status: 401, code: 'TRANSFER_BAD_SIGNATURE', triesLeft: left });
      expect(r.body.message).toContain(`${left} ${left === 1 ? 'try' : 'tries'} left`);
    }
    const fifth = await forged(attacker, 'S001');
    expect(fifth.status).toBe(423);
    expect(fifth.body).toMatchObject({ code: 'TRANSFER_LOCKED', details: { source: attacker, lockedUntil: expect.any(String) } });
    const lockedUntil = Date.parse(fifth.body.details!.lockedUntil as string);
    expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(fifth.body.message).toMatch(/wait until .*ask HQ/);
    // still locked, whatever it tries
    expect((await forged(attacker, 'S001', HQ_ROUTES.handshake, {})).status).toBe(423);

    // the real store, signing correctly from its own address, syncs as if nothing happened — again and again
    for (let i = 0; i < 2; i++) expect((await sync(s1).run('test')).errors).toEqual([]);
    expect(
      (
        await s1
          .http()
          .get('/api/sync/status')
          .set(bearer(await s1.login('s001-admin', 'store-admin-1')))
          .expect(200)
      ).body.hqLockedUntil,
    ).toBeNull();

    // 门店传输管理 shows the failures per source; the store's row names the locked address
    const sources = (await hq.http().get('/api/stores/transfer/sources?storeCode=S001').set(bearer(admin)).expect(200)).body;
    expect(sources.items).toEqual([expect.objectContaining({ source: attacker, storeCode: 'S001', totalFailures: 5, locked: true, lastReason: 'bad signature' })]);
    const view = (
      await hq
        .http()
        .get(`/api/stores/${await storeId('S001')}/transfer`)
        .set(bearer(admin))
        .expect(200)
    ).body;
    expect(view).toMatchObject({ transferStatus: 'active', locked: true, recentFailures: [expect.objectContaining({ source: attacker })] });
    expect(view.lastError).toBeNull();

    // another address has its own count
    expect((await forged('198.51.100.9', 'S001')).body.details?.triesLeft).toBe(4);
  });

  it('an address that keeps failing is locked longer each time (back-off)', async () => {
    const attacker = '203.0.113.50';
    for (let i = 0; i < 5; i++) await forged(attacker, 'S001');
    const first = (await hq.dataSource.query(`SELECT locked_until, lock_count FROM transfer_source_failure WHERE source = $1 AND store_code = 'S001'`, [attacker]))[0];
    expect(first.lock_count).toBe(1);
    // the first lock runs out
    await hq.dataSource.query(`UPDATE transfer_source_failure SET locked_until = now() - interval '1 second' WHERE source = $1`, [attacker]);
    for (let left = 4; left >= 1; left--) expect((await forged(attacker, 'S001')).body.details?.triesLeft).toBe(left);
    const again = await forged(attacker, 'S001');
    expect(again.status).toBe(423);
    const minutes = (Date.parse(again.body.details!.lockedUntil as string) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
  });

  it('probing store codes learns nothing: hello and signed requests answer an unknown code like a real one', async () => {
    const real = await hq.http().get(`${HQ_ROUTES.hello}/S001`).expect(200);
    const unknown = await hq.http().get(`${HQ_ROUTES.hello}/S404`).expect(200);
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(real.body).sort());
    expect({ ...unknown.body, salt: 'x', storeCode: 'x' }).toEqual({ ...real.body, salt: 'x', storeCode: 'x' });
    expect(unknown.body.storeCode).toBe('S404');
    expect(unknown.body.salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(real.body.salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // the same answer every time (and on every HQ instance: derived from the shared secret)
    expect((await hq.http().get(`${HQ_ROUTES.hello}/S404`).expect(200)).body.salt).toBe(unknown.body.salt);
    expect((await hq.http().get(`${HQ_ROUTES.hello}/S405`).expect(200)).body.salt).not.toBe(unknown.body.salt);
    // a signed request for a code that does not exist fails exactly like a wrong password for one that does
    const unknownCode = await forged('192.0.2.1', 'S404');
    const wrongPassword = await forged('192.0.2.2', 'S001');
    expect(unknownCode).toEqual(wrongPassword);
    expect(unknownCode).toMatchObject({ status: 401, body: { code: 'TRANSFER_BAD_SIGNATURE' } });
    // a revoked store says so only to whoever signs correctly
    const [{ id: s2 }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S002'`);
    await hq.http().post(`/api/stores/${s2}/transfer/revoke`).set(bearer(admin)).expect(200);
    expect(await forged('192.0.2.3', 'S002')).toEqual(wrongPassword);
    const hello = await fetchHello(hq.url, 'S002');
    const rightKey = new SignedClient({ baseUrl: hq.url, storeCode: 'S002', key: await deriveTransferKey('transfer-s002-secret', hello.salt, hello.kdf) });
    await expect(rightKey.call('POST', HQ_ROUTES.handshake, {})).rejects.toMatchObject({ status: 403, code: 'TRANSFER_STORE_REVOKED' });
    await hq.http().post(`/api/stores/${s2}/transfer/reinstate`).set(bearer(admin)).expect(200);
  });

  it('the store’s own wrong password: the setup wizard says how many tries are left, then until when; HQ’s reinstate lifts it', async () => {
    const s2 = await storeServer();
    try {
      const setup = (password: string) => s2.http().post('/api/setup').send({ hqUrl: hq.url, storeCode: 'S002', warehouseCode: 'S002-01', transferPassword: password });
      for (let left = 4; left >= 1; left--) {
        const r = await setup('not-the-password').expect(401);
        expect(r.body).toMatchObject({ code: 'TRANSFER_BAD_SIGNATURE', details: { triesLeft: left } });
        expect(r.body.message).toContain(`${left} ${left === 1 ? 'try' : 'tries'} left`);
      }
      const locked = await setup('not-the-password').expect(423);
      expect(locked.body).toMatchObject({ code: 'TRANSFER_LOCKED', details: { lockedUntil: expect.any(String) } });
      expect(locked.body.message).toContain(locked.body.details.lockedUntil);
      // the right password too, from this address, until it runs out or HQ lifts it
      expect((await setup('transfer-s002-secret').expect(423)).body.code).toBe('TRANSFER_LOCKED');
      // S001 shares the address (127.0.0.1) but not the code: it goes on
      expect((await sync(s1).run('test')).errors).toEqual([]);
      await hq
        .http()
        .post(`/api/stores/${await storeId('S002')}/transfer/reinstate`)
        .set(bearer(admin))
        .expect(200);
      await setup('transfer-s002-secret').expect(201);

      // once set up, the store shows HQ's lock when its address is locked (here: someone at the same address failing as S002)
      const wrong = new SignedClient({ baseUrl: hq.url, storeCode: 'S002', key: randomBytes(32) });
      for (let i = 0; i < 5; i++) await wrong.call('POST', HQ_ROUTES.handshake, {}).catch(() => undefined);
      const report = await sync(s2).run('test');
      const lockError = report.errors.find((e) => e.code === 'TRANSFER_LOCKED');
      expect(lockError?.details?.lockedUntil).toEqual(expect.any(String));
      const token = await s2.login('s002-admin', 'store-admin-1');
      const status = (await s2.http().get('/api/sync/status').set(bearer(token)).expect(200)).body;
      expect(status.hqLockedUntil).toBe(lockError!.details!.lockedUntil);
      expect(status.streams.find((s: { stream: string }) => s.stream === 'pull').lockedUntil).toBe(lockError!.details!.lockedUntil);
      await hq
        .http()
        .post(`/api/stores/${await storeId('S002')}/transfer/reinstate`)
        .set(bearer(admin))
        .expect(200);
      expect((await sync(s2).run('test')).errors).toEqual([]);
      expect((await s2.http().get('/api/sync/status').set(bearer(token)).expect(200)).body.hqLockedUntil).toBeNull();
    } finally {
      await s2.close();
    }
  });

  it('HQ lifts one address’s lock by its address (audited)', async () => {
    const attacker = '203.0.113.99';
    for (let i = 0; i < 5; i++) await forged(attacker, 'S001');
    expect((await forged(attacker, 'S001')).status).toBe(423);
    await hq.http().post('/api/stores/transfer/sources/release').set(bearer(admin)).send({ source: attacker }).expect(200);
    expect((await forged(attacker, 'S001')).body.details?.triesLeft).toBe(4);
    expect((await hq.http().post('/api/stores/transfer/sources/release').set(bearer(admin)).send({ source: '203.0.113.250' }).expect(404)).body.code).toBe('NOT_FOUND');
    const audit = await hq.dataSource.query(`SELECT action FROM audit_log WHERE entity_type = 'transfer_source' AND entity_id = $1`, [attacker]);
    expect(audit).toEqual([{ action: 'release' }]);
  });
});
