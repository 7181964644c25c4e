import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { BASE_PROTOCOL, HEADERS, type KdfParams } from './transfer.contracts';

/** scrypt N=2^15 r=8 p=1: ~32 MiB and ~0.1 s per derivation, done once per store, not per request. */
export const DEFAULT_KDF: KdfParams = { algorithm: 'scrypt', N: 32768, r: 8, p: 1, keyLength: 32 };

/** How far a request's clock may be from HQ's, either way. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export function newSalt(): string {
  return randomBytes(16).toString('base64url');
}

/** The key both sides derive from the transfer password; HQ stores this, never the password. */
export function deriveTransferKey(password: string, salt: string, kdf: KdfParams = DEFAULT_KDF): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), kdf.keyLength, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What is signed: method, path with query, timestamp, nonce and the body's hash, one per line. */
export function canonicalRequest(method: string, path: string, timestamp: string, nonce: string, body: string | Buffer): string {
  return [method.toUpperCase(), path, timestamp, nonce, sha256Hex(body)].join('\n');
}

export function signRequest(key: Buffer, method: string, path: string, timestamp: string, nonce: string, body: string | Buffer): string {
  return createHmac('sha256', key)
    .update(canonicalRequest(method, path, timestamp, nonce, body))
    .digest('hex');
}

export function signatureMatches(key: Buffer, signature: string, method: string, path: string, timestamp: string, nonce: string, body: string | Buffer): boolean {
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  const expected = Buffer.from(signRequest(key, method, path, timestamp, nonce, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** The body text that is signed: exactly what JSON.stringify gives, and '' without a body. */
export function bodyText(body: unknown): string {
  return body === undefined || body === null ? '' : JSON.stringify(body);
}

/** Headers of a signed request, written in `protocol` (1 unless the route is of a later one). */
export function signedHeaders(key: Buffer, storeCode: string, method: string, path: string, body: string, now = Date.now(), protocol = BASE_PROTOCOL): Record<string, string> {
  const timestamp = String(now);
  const nonce = randomBytes(16).toString('hex');
  return {
    [HEADERS.store]: storeCode,
    [HEADERS.timestamp]: timestamp,
    [HEADERS.nonce]: nonce,
    [HEADERS.protocol]: String(protocol),
    [HEADERS.signature]: signRequest(key, method, path, timestamp, nonce, body),
  };
}

/**
 * Setup codes: base64url of `{ u: HQ address, s: store code, t: token }`. The token never travels:
 * the store sends its hash to find the code, and HQ answers with the store key encrypted under a key
 * derived from the token (so a listener without the code learns nothing).
 */
export interface SetupCode {
  hqUrl: string;
  storeCode: string;
  token: string;
}

export function encodeSetupCode(code: SetupCode): string {
  return Buffer.from(JSON.stringify({ u: code.hqUrl, s: code.storeCode, t: code.token })).toString('base64url');
}

export function decodeSetupCode(text: string): SetupCode | null {
  try {
    const o = JSON.parse(Buffer.from(text.trim(), 'base64url').toString('utf8'));
    if (typeof o?.u !== 'string' || typeof o?.s !== 'string' || typeof o?.t !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(o.t)) return null;
    return { hqUrl: o.u, storeCode: o.s, token: o.t };
  } catch {
    return null;
  }
}

export function newSetupToken(): string {
  return randomBytes(24).toString('base64url');
}

export function setupTokenId(token: string): string {
  return sha256Hex('setup-id:' + token);
}

function wrappingKey(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(token), Buffer.alloc(0), Buffer.from('chain-erp setup wrap'), 32));
}

export function wrapKey(key: Buffer, token: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', wrappingKey(token), iv);
  const data = Buffer.concat([c.update(key), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), data]).toString('base64url');
}

export function unwrapKey(wrapped: string, token: string): Buffer | null {
  try {
    const raw = Buffer.from(wrapped, 'base64url');
    const d = createDecipheriv('aes-256-gcm', wrappingKey(token), raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
  } catch {
    return null;
  }
}

/** A readable random transfer password (no look-alike characters). */
export function generateTransferPassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out.replace(/(.{4})(?!$)/g, '$1-');
}

/** JSON with object keys sorted, so the same record hashes the same whichever way it was stored. */
export function canonicalJson(value: unknown): string {
  // the same text as '[' + map(canonicalJson).join(',') + ']' / sorted keys joined, built without the
  // intermediate arrays (HQ hashes every pushed body with it)
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++) out += (i ? ',' : '') + JSON.stringify(keys[i]) + ':' + canonicalJson(o[keys[i]]);
    return out + '}';
  }
  return JSON.stringify(value) ?? 'null';
}

/** Replaces `:name` parameters (not `::casts`) by `$n`, for SQL kept readable in stream declarations. */
export function bindNamed(sql: string, params: Record<string, unknown>, values: unknown[] = []): { sql: string; values: unknown[] } {
  const index = new Map<string, number>();
  const out = sql.replace(/(?<!:):([a-zA-Z][a-zA-Z0-9]*)/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name}`);
    if (!index.has(name)) {
      values.push(params[name]);
      index.set(name, values.length);
    }
    return `$${index.get(name)}`;
  });
  return { sql: out, values };
}
