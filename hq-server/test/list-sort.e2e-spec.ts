import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';

/**
 * Every list's `sort` enum in the committed document (docs/openapi/hq.json, from `@ApiSort(spec)`)
 * is what its service orders by: each documented value answers 200 (a value the document shows but
 * the SQL lacks would be a 5xx), a key outside the enum is a 400 naming `sort`, and repeated
 * `sort=` parameters (openapi-fetch's default) read like the comma-separated form.
 */
type Json = Record<string, any>;
const doc = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi/hq.json'), 'utf8')) as Json;
const today = new Date().toISOString().slice(0, 10);

/** A value for a required query parameter, or null when the list needs an id we do not have. */
function sample(p: Json): string | null {
  const s = p.schema ?? {};
  if (s.enum) return String(s.enum[0]);
  if (s.format === 'date' || /^(from|to|asOf|on)$/.test(p.name)) return today;
  if (s.format === 'uuid') return null;
  if (p.name === 'groupBy') return 'store';
  if (s.type === 'integer' || s.type === 'number') return String(s.minimum ?? 1);
  return null;
}

const lists: Array<{ path: string; base: string; values: string[]; grouped: boolean }> = [];
for (const [path, item] of Object.entries<Json>(doc.paths)) {
  const op = item.get;
  if (!op || path.includes('{')) continue;
  const sort = (op.parameters ?? []).find((p: Json) => p.in === 'query' && p.name === 'sort');
  if (!sort) continue;
  const required = (op.parameters ?? []).filter((p: Json) => p.in === 'query' && p.required);
  const params = required.map((p: Json) => [p.name, sample(p)] as const);
  if (params.some(([, v]: readonly [string, string | null]) => v === null)) continue;
  const base = params.map(([k, v]: readonly [string, string | null]) => `${k}=${encodeURIComponent(v!)}`).join('&');
  // keys that depend on another parameter (a report's grouping) say so in the description
  lists.push({ path, base, values: sort.schema.items.enum, grouped: /keys depend on/.test(sort.description ?? '') });
}

describe('list sort keys: the document and the services agree', () => {
  let hq: TestApp;
  let admin: string;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
  });
  afterAll(() => hq.close());

  it('covers the lists', () => {
    expect(lists.length).toBeGreaterThan(60);
  });

  it('answers every documented sort value of every list (200, or a 400 on `sort` where the grouping decides)', async () => {
    const wrong: string[] = [];
    for (const l of lists) {
      for (const value of l.values) {
        const url = `${l.path}?${l.base ? `${l.base}&` : ''}pageSize=1&sort=${encodeURIComponent(value)}`;
        const res = await hq.http().get(url).set(bearer(admin));
        const groupingRefusal = l.grouped && res.status === 400 && res.body.fields?.[0]?.field === 'sort';
        if (res.status !== 200 && !groupingRefusal) wrong.push(`${url}: ${res.status} ${res.body.code ?? ''} ${res.body.message ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a key outside the enum with 400 naming sort, and reads repeated sort= like commas', async () => {
    const bad = await hq.http().get('/api/purchase-orders?sort=-secret').set(bearer(admin)).expect(400);
    expect(bad.body.fields).toEqual([{ field: 'sort', message: expect.stringContaining('number') }]);
    const repeated = await hq.http().get('/api/catalog/units?sort=-name&sort=code').set(bearer(admin)).expect(200);
    const commas = await hq.http().get('/api/catalog/units?sort=-name,code').set(bearer(admin)).expect(200);
    expect(repeated.body).toEqual(commas.body);
    expect(commas.body.items.map((u: Json) => u.name)).toEqual([...commas.body.items.map((u: Json) => u.name)].sort((a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0)));
  });
});
