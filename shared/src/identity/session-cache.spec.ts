import { SessionCache } from './session-cache';

describe('SessionCache (what the guard reuses for AUTH_CACHE_SECONDS)', () => {
  let now = 0;
  const cache = () => new SessionCache<{ userId: string; v: number }>(5000, 3, () => now);

  beforeEach(() => (now = 1_000_000));

  it('serves an entry for the TTL, never after', () => {
    const c = cache();
    c.set('s1', { userId: 'u1', v: 1 });
    now += 4999;
    expect(c.get('s1')?.v).toBe(1);
    now += 1;
    expect(c.get('s1')).toBeUndefined();
  });

  it('a user whose state is changing is read from the database (nothing cached) until the window ends', () => {
    const c = cache();
    c.set('s1', { userId: 'u1', v: 1 });
    c.set('s2', { userId: 'u2', v: 2 });
    c.bypass(['u1'], 10_000);
    expect(c.get('s1')).toBeUndefined();
    expect(c.get('s2')?.v).toBe(2);
    c.set('s1', { userId: 'u1', v: 3 });
    expect(c.get('s1')).toBeUndefined();
    now += 10_001;
    c.set('s1', { userId: 'u1', v: 4 });
    expect(c.get('s1')?.v).toBe(4);
  });

  it('keeps at most maxEntries (the oldest go first), and a TTL of 0 caches nothing', () => {
    const c = cache();
    for (const id of ['a', 'b', 'c', 'd']) c.set(id, { userId: id, v: 0 });
    expect(c.get('a')).toBeUndefined();
    expect(c.get('d')).toBeDefined();
    const off = new SessionCache<{ userId: string }>(0);
    off.set('x', { userId: 'x' });
    expect(off.get('x')).toBeUndefined();
  });
});
