/**
 * Bearer tokens whose signature was already verified, with their payload, until the token's own
 * `exp`: a till sends the same token with every sale, and HMAC-verifying and parsing it again was
 * a few % of a sale's server CPU. The key is the whole token string (its signature included), so a
 * token altered in any byte is a different key and is verified afresh. Only the signature and
 * expiry are cached — whether the sign-in still counts (logout, disabling, rights) is checked as
 * before, per sign-in id, by AuthService's SessionCache and the database.
 */
export class VerifiedTokenCache<T extends { exp?: number }> {
  private readonly entries = new Map<string, { payload: T; expiresAtMs: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The payload of a token verified before and not yet expired (else undefined: verify it). */
  get(token: string): T | undefined {
    const e = this.entries.get(token);
    if (!e) return undefined;
    if (this.now() >= e.expiresAtMs) {
      // expired: the verifier says so with its own error (AUTH_TOKEN_EXPIRED)
      this.entries.delete(token);
      return undefined;
    }
    return e.payload;
  }

  /** Remembers a payload the verifier accepted; a token without `exp` is never cached. */
  set(token: string, payload: T): void {
    if (typeof payload?.exp !== 'number') return;
    if (this.entries.size >= this.maxEntries) {
      // the oldest first (a Map iterates in insertion order)
      const first = this.entries.keys().next().value;
      if (first !== undefined) this.entries.delete(first);
    }
    this.entries.set(token, { payload, expiresAtMs: payload.exp * 1000 });
  }
}
