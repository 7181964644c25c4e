import { canonicalJson, signatureMatches, signRequest } from './transfer.signing';

/** The text HQ has always hashed a pushed body with (body_hash of records stored before): the fast version must give the very same. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(reference).join(',') + ']';
  if (value && typeof value === 'object') {
    return (
      '{' +
      Object.keys(value)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + reference((value as Record<string, unknown>)[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(value) ?? 'null';
}

describe('canonicalJson', () => {
  it.each([
    ['scalars', [null, true, false, 0, -1.5, 1e21, 'x', '', '引号"\\\n', undefined]],
    ['nested', { b: [1, { d: null, c: [] }], a: { z: 'é', y: {} }, '': 0, 'key with "quotes"': [[], [[]]] }],
    ['undefined inside', { a: undefined, b: [undefined, 1] }],
    ['a sale-like body', { storeCode: 'S001', lines: [{ qty: '1.500', amount: '3.50' }], data: { till: 'T1', seq: 7 }, occurredAt: '2026-12-05T08:00:00.000Z' }],
  ])('gives the same text as before: %s', (_name, value) => {
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(JSON.parse(JSON.stringify(value ?? null)))).toBe(reference(JSON.parse(JSON.stringify(value ?? null))));
  });

  it('sorts keys whatever order they came in', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describe('signatures over the bytes sent', () => {
  it('a signature made over the text matches the same bytes received, and nothing else', () => {
    const key = Buffer.alloc(32, 7);
    const text = JSON.stringify({ records: [{ id: 'a', body: { n: 1 } }] });
    const sig = signRequest(key, 'POST', '/api/transfer/v1/push', '1', 'ab', text);
    expect(signatureMatches(key, sig, 'POST', '/api/transfer/v1/push', '1', 'ab', Buffer.from(text))).toBe(true);
    expect(signatureMatches(key, sig, 'POST', '/api/transfer/v1/push', '1', 'ab', Buffer.from(text.replace('1', '2')))).toBe(false);
  });
});
