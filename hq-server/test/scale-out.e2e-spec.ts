import { bootTestApp, dropDatabase, testRedisUrl, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';

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

  it('counts the login rate limit once for all instances: 30 a minute per address, not 30 per instance', async () => {
    // unknown user names: no account locks, every attempt is a plain 401 until the limit
    const attempt = (app: TestApp, i: number) =>
      app
        .http()
        .post('/api/auth/login')
        .send({ username: `nobody-${i}`, password: 'wrong-password' });
    for (let i = 0; i < 30; i++) expect((await attempt(i % 2 ? b : a, i)).status).toBe(401);
    const overA = await attempt(a, 30);
    const overB = await attempt(b, 31);
    expect([overA.status, overA.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect([overB.status, overB.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(overB.headers['retry-after-login'])).toBeGreaterThan(0);
  });
});
