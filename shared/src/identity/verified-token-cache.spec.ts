import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { VerifiedTokenCache } from './verified-token-cache';

describe('VerifiedTokenCache (bearer tokens already verified, until their exp)', () => {
  const jwt = new JwtService({ secretOrKeyProvider: () => createSecretKey(Buffer.from('spec-secret-spec-secret-0123456789')), verifyOptions: { algorithms: ['HS256'] } });
  type P = { sid: string; exp?: number };

  it('serves a verified payload until the second of its exp, then forgets it (the verifier then says expired)', async () => {
    const token = await jwt.signAsync({ sid: 's1' }, { expiresIn: 60, algorithm: 'HS256' });
    const payload = await jwt.verifyAsync<P>(token);
    let now = payload.exp! * 1000 - 1;
    const c = new VerifiedTokenCache<P>(10, () => now);
    c.set(token, payload);
    expect(c.get(token)?.sid).toBe('s1');
    now += 1;
    expect(c.get(token)).toBeUndefined();
    // same instant as jsonwebtoken's own check: at exp the token is refused as expired
    await expect(jwt.verifyAsync(token, { clockTimestamp: now / 1000 })).rejects.toBeInstanceOf(TokenExpiredError);
  });

  it('a token altered in any byte is another key: it is verified afresh (and refused)', async () => {
    const token = await jwt.signAsync({ sid: 's1' }, { expiresIn: 60, algorithm: 'HS256' });
    const c = new VerifiedTokenCache<P>();
    c.set(token, await jwt.verifyAsync<P>(token));
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'AB' : 'AA');
    expect(c.get(forged)).toBeUndefined();
    await expect(jwt.verifyAsync(forged)).rejects.toThrow();
  });

  it('never caches a payload without exp, and keeps at most maxEntries (the oldest go first)', () => {
    const c = new VerifiedTokenCache<P>(2, () => 0);
    c.set('no-exp', { sid: 'x' });
    expect(c.get('no-exp')).toBeUndefined();
    for (const t of ['a', 'b', 'c']) c.set(t, { sid: t, exp: 100 });
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')?.sid).toBe('b');
    expect(c.get('c')?.sid).toBe('c');
  });
});
