import { deriveTransferKey, fetchHello, HQ_ROUTES, httpCall, signedHeaders, STORE_ROUTES } from '@chain-erp/shared';
import { bearer, type TestApp } from '@chain-erp/shared/testing';
import { hqServer, openStore, setupStore, storeServer } from './transfer-helpers';

/**
 * The signed transfer API meets hostile bodies: refused at the body parser with a 4xx — signed or
 * not — while the signature is still checked over the bytes as received, a refusal there never
 * counts as a failed signature (the real store is never locked out by it), and sync goes on.
 */
describe('transfer API against hostile bodies', () => {
  let hq: TestApp;
  let store: TestApp;
  let key: Buffer;

  beforeAll(async () => {
    hq = await hqServer();
    store = await storeServer();
    await openStore(hq, await hq.loginAdmin(), 'S001');
    await setupStore(store, hq, 'S001');
    const hello = await fetchHello(hq.url, 'S001');
    key = await deriveTransferKey('transfer-s001-secret', hello.salt, hello.kdf);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await hq?.close();
  });

  /** a request signed with the store key over exactly `text` (as a store would send it) */
  const signed = (base: string, path: string, text: string) =>
    httpCall(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(key, 'S001', 'POST', path, text) }, body: text });
  const answer = (r: { status: number; body: Buffer }) => ({ status: r.status, ...JSON.parse(r.body.toString('utf8')) });
  /** HQ's record of failed signatures and locks (per source address and store) */
  const channel = async () =>
    (
      await hq.dataSource.query(
        `SELECT count(*)::int AS sources, coalesce(sum(total_failures), 0)::int AS failures, max(locked_until) AS locked_until FROM transfer_source_failure`,
      )
    )[0];

  const HOSTILE: Array<[string, string, string]> = [
    ['nested 5,000 levels', '{"records":[' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + ']}', 'JSON_TOO_DEEP'],
    [
      'a NUL in a record',
      JSON.stringify({ records: [{ id: '3f1c0b0e-8d5e-4c59-9c1e-000000000001', stream: 'store.event-log', body: { message: 'a\u0000b' } }] }),
      'INVALID_CHARACTER',
    ],
    ['a lone surrogate in a key', '{"records":[],"\\ud800":1}', 'INVALID_CHARACTER'],
    ['a __proto__ key', '{"records":[{"id":"3f1c0b0e-8d5e-4c59-9c1e-000000000001","stream":"store.event-log","body":{"__proto__":{"polluted":true}}}]}', 'VALIDATION_FAILED'],
  ];

  it.each(HOSTILE)('HQ refuses a signed push %s with 400, and counts no failed signature', async (_what, text, code) => {
    const before = await channel();
    const res = answer(await signed(hq.url, HQ_ROUTES.push, text));
    expect(res).toMatchObject({ status: 400, statusCode: 400, code });
    expect(await channel()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(HOSTILE)('HQ refuses an unsigned (forged) push %s with 400 before the signature check: no lockout', async (_what, text, code) => {
    const headers = { ...signedHeaders(Buffer.alloc(32, 7), 'S001', 'POST', HQ_ROUTES.push, text), 'content-type': 'application/json' };
    const before = await channel();
    for (let i = 0; i < 8; i++) {
      const res = answer(await httpCall(hq.url + HQ_ROUTES.push, { method: 'POST', headers, body: text }));
      expect(res).toMatchObject({ status: 400, code });
    }
    expect(await channel()).toEqual(before);
  });

  it('the store’s own signed API refuses them too', async () => {
    for (const [, text, code] of HOSTILE) {
      const res = answer(await signed(store.url, STORE_ROUTES.acks, text));
      expect(res).toMatchObject({ status: 400, code });
    }
  });

  it('a well-formed signed call still passes, and the store still syncs', async () => {
    const ok = await signed(hq.url, HQ_ROUTES.handshake, '{}');
    expect(ok.status).toBe(200);
    const admin = await store.login('s001-admin', 'store-admin-1');
    const sync = await store.http().post('/api/sync').set(bearer(admin)).send({});
    expect(sync.status).toBe(200);
    expect(sync.body.ok).toBe(true);
    expect((await channel()).locked_until).toBeNull();
  });
});
