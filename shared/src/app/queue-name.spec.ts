import { loadConfig } from '../common/config';
import { queueNameOf } from './core.module';

/** The job queue's name decides which instances share jobs and schedules (docs/operations.md). */
describe('queueNameOf', () => {
  const config = (env: Record<string, string>) => loadConfig('hq', { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp/chain-queue-name', ...env });

  it('gives instances of one database one queue however its host is written', () => {
    const names = [
      'postgresql://chain:pw@localhost:5432/chain_hq',
      'postgresql://chain:pw@127.0.0.1/chain_hq',
      'postgres://other-user:other@db.internal:5432/chain_hq?sslmode=require',
    ].map((url) => queueNameOf(config({ DATABASE_URL: url })));
    expect(new Set(names)).toEqual(new Set(['chain-hq-chain_hq']));
  });

  it('keeps servers and databases that share a Redis apart', () => {
    const a = queueNameOf(config({ DATABASE_URL: 'postgresql://u@localhost/hq_a' }));
    const b = queueNameOf(config({ DATABASE_URL: 'postgresql://u@localhost/hq_b' }));
    const store = queueNameOf({ ...config({ DATABASE_URL: 'postgresql://u@localhost/hq_a' }), server: 'store' });
    expect(new Set([a, b, store]).size).toBe(3);
  });

  it('names an embedded database after its data folder: the same at every start (its port is free-chosen), another for another folder', () => {
    const first = queueNameOf(config({ EMBEDDED_PG_PORT: '0' }));
    expect(queueNameOf(config({ EMBEDDED_PG_PORT: '54999' }))).toBe(first);
    expect(queueNameOf(config({ DATA_DIR: '/tmp/chain-queue-name-2' }))).not.toBe(first);
  });

  it('takes JOB_QUEUE as it is, and refuses a name BullMQ keys cannot hold', () => {
    expect(queueNameOf(config({ DATABASE_URL: 'postgresql://u@localhost/hq', JOB_QUEUE: 'chain-hq-prod' }))).toBe('chain-hq-prod');
    expect(() => config({ JOB_QUEUE: 'a:b' })).toThrow(/JOB_QUEUE/);
  });
});
