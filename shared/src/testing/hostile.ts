import { DataSource } from 'typeorm';
import type { TestApp } from './index';

/**
 * The hostile-input sweep: reads the server's OpenAPI document and, for every operation, sends
 * malformed path ids, query strings and bodies. Every later endpoint is covered automatically.
 */

const HUGE = 'x'.repeat(100_000);
const SQL = "'; DROP TABLE app_user; --";
const SCRIPT = '<script>alert(1)</script>';
const BAD_IDS = ['not-a-uuid', "1' OR '1'='1", '..%2F..%2Fetc%2Fpasswd', '-1', '99999999999999999999', encodeURIComponent(SCRIPT), '00000000-0000-0000-0000-00000000000g'];
const WRONG_VALUES: unknown[] = [null, 12345678901234567890, -1e308, true, [], {}, HUGE, SQL, SCRIPT, 'NaN', '-99999999999999999999.999', [[[[[]]]]]];

function deep(n: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}

interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; schema?: Schema }>;
  body?: Schema;
  multipart: boolean;
}

export interface SweepFinding {
  operation: string;
  variant: string;
  status: number;
  body: unknown;
}

export interface SweepReport {
  operations: number;
  requests: number;
  serverErrors: SweepFinding[];
  badShape: SweepFinding[];
  /** 2xx answers to mutating requests (should be none outside an allowlist) */
  accepted: SweepFinding[];
  /** tables whose row counts changed (operation_log excepted) */
  changedTables: string[];
}

function resolve(doc: any, s: Schema | undefined): Schema | undefined {
  if (!s) return s;
  if (s.$ref) return resolve(doc, doc.components.schemas[s.$ref.split('/').pop()!]);
  if (s.allOf) return s.allOf.map((x) => resolve(doc, x)).reduce<Schema>((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b?.properties } }), {});
  return s;
}

function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const content = op.requestBody?.content ?? {};
      ops.push({
        method,
        path,
        parameters: op.parameters ?? [],
        body: resolve(doc, content['application/json']?.schema),
        multipart: !!content['multipart/form-data'],
      });
    }
  }
  return ops;
}

function bodyVariants(doc: any, schema: Schema | undefined): Array<[string, unknown]> {
  const variants: Array<[string, unknown]> = [
    ['null body', null],
    ['array body', [1, 2, 3]],
    ['string body', SQL],
    ['number body', -1],
    ['deep nesting', deep(500)],
    ['unknown field', { __proto__x: 1, constructor: { prototype: { polluted: true } }, zzUnknown: SCRIPT }],
  ];
  const props = resolve(doc, schema)?.properties ?? {};
  // each property gets 5 of the wrong values, rotating, so every value still meets many fields
  // while the sweep stays fast enough to run on every endpoint in every test run
  Object.keys(props).forEach((name, p) => {
    for (let k = 0; k < 5; k++) {
      const i = (p * 5 + k) % WRONG_VALUES.length;
      variants.push([`${name}=#${i}`, { [name]: WRONG_VALUES[i] }]);
    }
  });
  // every property wrong at once
  if (Object.keys(props).length) variants.push(['all fields huge', Object.fromEntries(Object.keys(props).map((k) => [k, HUGE]))]);
  return variants;
}

async function rowCounts(ds: DataSource): Promise<Map<string, number>> {
  const tables: Array<{ relname: string }> = await ds.query(`SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname`);
  const out = new Map<string, number>();
  for (const { relname } of tables) {
    if (relname === 'operation_log' || relname === 'migrations') continue;
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM "${relname}"`);
    out.set(relname, n);
  }
  return out;
}

export async function hostileSweep(app: TestApp, token: string, options: { skip?: (op: Operation) => boolean } = {}): Promise<SweepReport> {
  const doc = (await app.http().get('/docs-json').expect(200)).body;
  const ops = operationsOf(doc).filter((op) => !options.skip?.(op));
  const before = await rowCounts(app.dataSource);
  const report: SweepReport = { operations: ops.length, requests: 0, serverErrors: [], badShape: [], accepted: [], changedTables: [] };

  const send = async (op: Operation, variant: string, url: string, body?: unknown, rawJson?: string) => {
    let req = (app.http() as any)[op.method](url).set('Authorization', `Bearer ${token}`);
    if (rawJson !== undefined) req = req.set('Content-Type', 'application/json').send(rawJson);
    else if (op.multipart) req = req.attach('file', Buffer.from(body === undefined ? 'garbage' : JSON.stringify(body)), 'evil.xlsx');
    else if (body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
    const res = await req;
    report.requests++;
    const finding = { operation: `${op.method.toUpperCase()} ${op.path}`, variant, status: res.status, body: res.body };
    if (res.status >= 500) report.serverErrors.push(finding);
    else if (res.status >= 400) {
      const b = res.body ?? {};
      if (b.statusCode !== res.status || typeof b.code !== 'string' || typeof b.message !== 'string') report.badShape.push(finding);
    } else if (op.method !== 'get') report.accepted.push(finding);
  };

  for (const op of ops) {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const validPath = op.path.replace(/\{[^}]+\}/g, '3f1c0b0e-8d5e-4c59-9c1e-000000000001');
    // hostile path ids
    for (const bad of pathParams.length ? BAD_IDS : []) {
      await send(op, `path=${bad}`, '/' + op.path.replace(/^\//, '').replace(/\{[^}]+\}/g, bad), op.method === 'get' ? undefined : {});
    }
    // hostile query strings
    for (const p of queryParams) {
      for (const v of [HUGE.slice(0, 5000), SQL, '-1', '1e999', '[object Object]', SCRIPT]) {
        await send(op, `query ${p.name}=${v.slice(0, 20)}`, `${validPath}?${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`);
      }
    }
    if (op.method === 'get' || op.method === 'delete') continue;
    await send(op, 'malformed json', validPath, undefined, '{"a":');
    for (const [variant, body] of bodyVariants(doc, op.body)) await send(op, variant, validPath, body);
  }

  const after = await rowCounts(app.dataSource);
  for (const [table, n] of after) if (before.get(table) !== n) report.changedTables.push(`${table}: ${before.get(table)} → ${n}`);
  return report;
}
