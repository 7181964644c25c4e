import { CommonError } from '../errors';
import { checkBody, checkPath, checkQuery, inspectJson, MAX_JSON_DEPTH } from './input-guard';
import { unsafeText } from '../text';

function nest(levels: number, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

describe('unsafeText', () => {
  it('finds NUL and lone surrogates, and passes any well-formed text', () => {
    expect(unsafeText('a\u0000b')).toBe('nul');
    expect(unsafeText('a\ud800b')).toBe('surrogate');
    expect(unsafeText('\udc00')).toBe('surrogate');
    expect(unsafeText('可口可乐 😀 \u0001 \t')).toBeNull();
  });
});

describe('inspectJson / checkBody', () => {
  it('bounds depth without recursing (5,000 and 100,000 levels)', () => {
    expect(inspectJson(nest(MAX_JSON_DEPTH - 1))).toBeNull();
    expect(inspectJson(nest(MAX_JSON_DEPTH + 1))).toBe('depth');
    expect(inspectJson(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toBe('depth');
    const e = checkBody(JSON.parse('{"a":'.repeat(5000) + '1' + '}'.repeat(5000)))!;
    expect(e.code).toBe(CommonError.JSON_TOO_DEEP);
    expect(e.status).toBe(400);
  });

  it('names the field holding NUL or a lone surrogate, as validation errors do', () => {
    const e = checkBody({ code: 'A1', lines: [{ note: 'ok' }, { note: 'x\u0000' }], name: 'a\ud800' })!;
    expect(e.code).toBe(CommonError.INVALID_CHARACTER);
    expect(e.fields).toEqual([
      { field: 'lines.1.note', message: expect.stringContaining('U+0000') },
      { field: 'name', message: expect.stringContaining('surrogate') },
    ]);
    expect(checkBody({ ['a\u0000']: 1 })!.fields![0].field).toBe('a\\u0000');
    expect(checkBody('\u0000')!.fields).toEqual([{ field: 'body', message: expect.any(String) }]);
  });

  it('refuses prototype keys, which class-transformer drops silently', () => {
    const e = checkBody(JSON.parse('{"label":"x","__proto__":{"polluted":true}}'))!;
    expect(e.code).toBe(CommonError.VALIDATION_FAILED);
    expect(e.fields).toEqual([{ field: '__proto__', message: expect.stringContaining('not allowed') }]);
    expect(checkBody({ lines: [{ constructor: 1 }] })!.fields![0].field).toBe('lines.0.constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('skips the text walk when the raw bytes hold no \\u escape that could be one (and still finds them when they do)', () => {
    const body = { name: 'a\u0000' };
    // a body whose bytes say there is no such escape is taken at its word: only the depth is walked
    expect(checkBody(body, Buffer.from('{"name":"a"}'))).toBeNull();
    expect(checkBody(body, Buffer.from(JSON.stringify(body)))!.code).toBe(CommonError.INVALID_CHARACTER);
    expect(checkBody({ name: 'a\ud83d' }, Buffer.from('{"name":"a\\uD83D"}'))!.code).toBe(CommonError.INVALID_CHARACTER);
    expect(checkBody({ name: '😀' }, Buffer.from('{"name":"\\ud83d\\ude00"}'))).toBeNull();
  });

  it('accepts ordinary bodies', () => {
    expect(checkBody({ records: [{ id: 'x', body: { lines: [{ qty: '1', name: '可口可乐' }] } }] }, Buffer.from('{}'))).toBeNull();
    expect(checkBody(null)).toBeNull();
    expect(checkBody(undefined)).toBeNull();
  });
});

describe('checkQuery / checkPath', () => {
  it('names the query parameter', () => {
    const e = checkQuery({ page: '1', search: 'a\u0000b' })!;
    expect(e.code).toBe(CommonError.INVALID_CHARACTER);
    expect(e.fields).toEqual([{ field: 'search', message: expect.any(String) }]);
    expect(checkQuery({ tags: ['a', 'b\u0000'] })!.fields![0].field).toBe('tags.1');
    expect(checkQuery({ search: '大米' })).toBeNull();
  });

  it('refuses NUL and undecodable bytes in a path segment', () => {
    expect(checkPath('/api/catalog/products/by-barcode/a%00b')!.fields).toEqual([{ field: 'path[5]', message: expect.stringContaining('U+0000') }]);
    expect(checkPath('/api/stores/%ED%A0%80')!.code).toBe(CommonError.INVALID_CHARACTER);
    expect(checkPath('/api/stores/%E0%A4%A')!.code).toBe(CommonError.INVALID_CHARACTER);
    expect(checkPath('/api/catalog/products/by-barcode/%E5%A4%A7')).toBeNull();
  });
});
