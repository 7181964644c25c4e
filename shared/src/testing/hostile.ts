import { type DataSource } from 'typeorm';
import type { TestApp } from './index';

/**
 * The hostile-input sweep: reads the server's OpenAPI document and, for every operation, sends
 * malformed path parameters, query strings and bodies — every later endpoint is covered
 * automatically. Families (each on every operation that has the part it attacks):
 * - wrong types, overlong strings, huge numbers (as JSON numbers, numeric strings and 400 digits);
 * - NUL (U+0000) and lone surrogates in path parameters, query values, body fields and field names;
 * - prototype keys: `constructor`, `__proto__`, `toString` as sort keys, filter values, path
 *   parameters and body keys (and Object.prototype must come out unpolluted);
 * - deeply nested JSON (5,000 levels, objects and arrays), a body over the server's BODY_LIMIT,
 *   malformed JSON.
 * Operations run a few at a time (SWEEP_CONCURRENCY) to keep the sweep's time reasonable in CI.
 */

const HUGE = 'x'.repeat(100_000);
const SQL = "'; DROP TABLE app_user; --";
const SCRIPT = '<script>alert(1)</script>';
const NUL = 'a\u0000b';
const SURROGATE = 'a\ud800b';
const LOW_SURROGATE = '\udc00';
const DIGITS = '9'.repeat(400);
const PROTO_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype'];
/** path parameters: every one of these on a free-text parameter (a code, a card number, a file name) */
const BAD_PATH_VALUES = [
  'not-a-uuid',
  "1' OR '1'='1",
  '..%2F..%2Fetc%2Fpasswd',
  '99999999999999999999',
  encodeURIComponent(SCRIPT),
  '00000000-0000-0000-0000-00000000000g',
  // NUL, a lone surrogate (CESU-8 bytes: not UTF-8), a stray %, prototype keys, an overlong value
  'a%00b',
  '3f1c0b0e-8d5e-4c59-9c1e-00000000000%00',
  '%ED%A0%80',
  '%E0%A4%A',
  ...PROTO_KEYS,
  'y'.repeat(3000),
];
/** a uuid parameter is refused by one check (ParseId) before anything else: one value per family */
const BAD_PATH_IDS = ['not-a-uuid', "1' OR '1'='1", 'a%00b', '3f1c0b0e-8d5e-4c59-9c1e-00000000000%00', '%ED%A0%80', '%E0%A4%A', 'constructor', '__proto__', 'y'.repeat(3000)];
/** query parameters, by what the parameter is (OpenAPI schema): free text meets everything */
const BAD_QUERY_TEXT = [HUGE.slice(0, 5000), SQL, SCRIPT, '-1', '1e999', NUL, SURROGATE, LOW_SURROGATE, DIGITS, 'constructor', '__proto__'];
const BAD_QUERY_NUMBERS = ['-1', '1e999', DIGITS, 'NaN', NUL, 'constructor'];
const BAD_QUERY_CHOICES = ['constructor', '__proto__', 'toString', NUL, SURROGATE, 'x'.repeat(5000)];
const BAD_QUERY_IDS = ['not-a-uuid', NUL, SURROGATE, 'constructor', HUGE.slice(0, 5000)];
/** a sort key is looked up in a whitelist: every inherited name, and lists of them */
const BAD_SORT_VALUES = [...BAD_QUERY_TEXT, ...PROTO_KEYS, '-constructor', 'code,toString', 'valueOf'];

function badQueryValues(p: { name: string; schema?: Schema }): string[] {
  if (p.name === 'sort') return BAD_SORT_VALUES;
  const s = p.schema ?? {};
  if (s.enum || s.items?.enum) return BAD_QUERY_CHOICES;
  if (s.type === 'integer' || s.type === 'number' || s.type === 'boolean') return BAD_QUERY_NUMBERS;
  if (s.format === 'uuid' || s.items?.format === 'uuid') return BAD_QUERY_IDS;
  return BAD_QUERY_TEXT;
}
const WRONG_VALUES: unknown[] = [
  null,
  // eslint-disable-next-line no-loss-of-precision -- a number JSON carries but a double cannot hold is the point
  12345678901234567890,
  -1e308,
  true,
  [],
  {},
  HUGE,
  SQL,
  SCRIPT,
  'NaN',
  '-99999999999999999999.999',
  [[[[[]]]]],
  NUL,
  SURROGATE,
  DIGITS,
  '1e999',
  new Array(20_000).fill(1),
  { __proto__x: 1, constructor: 'x', toString: 'y' },
];
/** Raw JSON texts (what JSON.stringify cannot write): deep nesting, numbers beyond double, prototype keys. */
const RAW_BODIES: Array<[string, string]> = [
  ['deep object nesting (5,000)', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)],
  ['deep array nesting (5,000)', '['.repeat(5000) + ']'.repeat(5000)],
  ['deep nesting in a field', '{"lines":[' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + ']}'],
  ['__proto__ key', '{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":true}}}'],
  ['number 1e999', '{"quantity":1e999,"amount":-1e999,"page":1e999}'],
  ['number with 400 digits', `{"quantity":${DIGITS},"amount":${DIGITS}.5}`],
  ['NUL in a field name', '{"a\\u0000b":1}'],
  ['lone surrogate in a field name', '{"\\ud800":1}'],
  ['escaped NUL', '{"name":"\\u0000","code":"\\u0000"}'],
  ['malformed json', '{"a":'],
];

/** encodeURIComponent, but a lone surrogate (which it refuses) goes as its CESU-8 bytes, as a careless client sends it. */
function enc(v: string): string {
  return [...v]
    .map((ch) =>
      /^[\ud800-\udfff]$/.test(ch)
        ? [0xe0 | (ch.charCodeAt(0) >> 12), 0x80 | ((ch.charCodeAt(0) >> 6) & 0x3f), 0x80 | (ch.charCodeAt(0) & 0x3f)].map((b) => '%' + b.toString(16).toUpperCase()).join('')
        : encodeURIComponent(ch),
    )
    .join('');
}

function deep(n: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}

export interface Operation {
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
  /** keys that appeared on Object.prototype during the sweep (prototype pollution) */
  polluted: string[];
  /** requests per family, to show every family ran */
  families: Record<string, number>;
  /** the slowest answer */
  slowest?: { operation: string; variant: string; ms: number };
}

/** An answer slower than this is a finding (an unbounded wait), reported with the 5xx answers as status 0. */
const ANSWER_WITHIN_MS = 30_000;

function resolve(doc: any, s: Schema | undefined): Schema | undefined {
  if (!s) return s;
  if (s.$ref) return resolve(doc, doc.components.schemas[s.$ref.split('/').pop()!]);
  if (s.allOf) return s.allOf.map((x) => resolve(doc, x)).reduce<Schema>((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b?.properties } }), {});
  return s;
}

export function operationsOf(doc: any): Operation[] {
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
    ['NUL string body', NUL],
    ['number body', -1],
    ['deep nesting (500)', deep(500)],
    ['unknown field', { __proto__x: 1, constructor: { prototype: { polluted: true } }, zzUnknown: SCRIPT }],
  ];
  const props = resolve(doc, schema)?.properties ?? {};
  const names = Object.keys(props);
  // each property gets 5 of the wrong values, rotating, so every value still meets many fields
  // while the sweep stays fast enough to run on every endpoint in every test run
  names.forEach((name, p) => {
    for (let k = 0; k < 5; k++) {
      const i = (p * 5 + k) % WRONG_VALUES.length;
      variants.push([`${name}=#${i}`, { [name]: WRONG_VALUES[i] }]);
    }
  });
  if (names.length) {
    // every property wrong at once, one family at a time
    for (const [label, value] of [
      ['huge', HUGE],
      ['NUL', NUL],
      ['lone surrogate', SURROGATE],
      ['400 digits', DIGITS],
    ] as const) {
      variants.push([`all fields ${label}`, Object.fromEntries(names.map((k) => [k, value]))]);
    }
    // a field whose value is looked up (an enum): inherited names (free text may well be 'constructor')
    for (const name of names) {
      const prop = resolve(doc, props[name]);
      const e = prop?.enum ?? resolve(doc, prop?.items)?.enum;
      if (e) for (const key of ['constructor', '__proto__', 'toString']) variants.push([`${name}=${key}`, { [name]: prop?.type === 'array' ? [key] : key }]);
    }
    // a list's items with NUL in every field of the item (documents: lines[0].note)
    for (const name of names) {
      const items = resolve(doc, resolve(doc, props[name])?.items)?.properties;
      if (items) variants.push([`${name}[0] fields NUL`, { [name]: [Object.fromEntries(Object.keys(items).map((k) => [k, NUL]))] }]);
    }
  }
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

/** Bytes of a BODY_LIMIT such as `5mb` / `512kb`. */
function limitBytes(limit: string): number {
  const m = /^(\d+)(kb|mb)$/i.exec(limit);
  return m ? Number(m[1]) * (m[2].toLowerCase() === 'mb' ? 1024 * 1024 : 1024) : 5 * 1024 * 1024;
}

export interface SweepOptions {
  skip?: (op: Operation) => boolean;
  /** operations in flight at once (default SWEEP_CONCURRENCY or 4) */
  concurrency?: number;
}

export async function hostileSweep(app: TestApp, token: string, options: SweepOptions = {}): Promise<SweepReport> {
  const doc = (await app.http().get('/docs-json').expect(200)).body;
  const ops = operationsOf(doc).filter((op) => !options.skip?.(op));
  const before = await rowCounts(app.dataSource);
  const protoBefore = new Set(Object.getOwnPropertyNames(Object.prototype));
  const report: SweepReport = { operations: ops.length, requests: 0, serverErrors: [], badShape: [], accepted: [], changedTables: [], polluted: [], families: {} };
  // one body just over the server's limit: refused before it is read to the end
  const overLimit = Buffer.alloc(limitBytes(app.config.bodyLimit) + 1024, 0x20);
  overLimit.write('{"a":"', 0);

  const send = async (op: Operation, family: string, variant: string, url: string, body?: unknown, raw?: string | Buffer) => {
    // fetch, not supertest: superagent took seconds per 100 KB body here, fetch milliseconds
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    let payload: string | Buffer | FormData | undefined;
    if (raw !== undefined) payload = raw;
    else if (op.multipart) {
      payload = new FormData();
      payload.append('file', new Blob([body === undefined ? 'garbage' : JSON.stringify(body)]), 'evil.xlsx');
    } else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !(payload instanceof FormData)) headers['content-type'] = 'application/json';
    let res: { status: number; body: any } | undefined;
    const started = Date.now();
    // a connection the server closed (after a 413 it closes; an idle kept-alive one it may close as
    // it is reused) fails the call without an answer: the call is tried once more on a new one
    for (let attempt = 1; !res; attempt++) {
      try {
        const answer = await fetch(app.url + url, { method: op.method.toUpperCase(), headers, body: payload, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
        const text = await answer.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON: a bad shape if it is an error */
        }
        res = { status: answer.status, body: parsed };
      } catch (e) {
        const cause = String((e as { cause?: unknown }).cause ?? (e as Error).message);
        if ((e as Error).name === 'TimeoutError') res = { status: 0, body: `no answer within ${ANSWER_WITHIN_MS} ms` };
        // the server may answer 413 and close before an over-limit body is sent: the refusal is what counts
        else if (raw === overLimit) res = { status: 413, body: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: `(connection closed while sending: ${cause})` } };
        else if (attempt >= 2) res = { status: 0, body: `no answer: ${cause}` };
      }
    }
    const ms = Date.now() - started;
    if (process.env.SWEEP_PROGRESS) {
      const key = `${family}: ${variant.replace(/=.*$/, '=…').replace(/^(path|query) \S+/, '$1 *')}`;
      timing.set(key, (timing.get(key) ?? 0) + ms);
    }
    if (ms > (report.slowest?.ms ?? 0)) report.slowest = { operation: `${op.method.toUpperCase()} ${op.path}`, variant, ms };
    report.requests++;
    report.families[family] = (report.families[family] ?? 0) + 1;
    const finding = { operation: `${op.method.toUpperCase()} ${op.path}`, variant, status: res.status, body: res.body };
    if (res.status >= 500 || res.status === 0) report.serverErrors.push(finding);
    else if (res.status >= 400) {
      const b = res.body ?? {};
      if (b.statusCode !== res.status || typeof b.code !== 'string' || typeof b.message !== 'string') report.badShape.push(finding);
    } else if (op.method !== 'get') report.accepted.push(finding);
  };

  const sweepOne = async (op: Operation) => {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const validPath = op.path.replace(/\{[^}]+\}/g, '3f1c0b0e-8d5e-4c59-9c1e-000000000001');
    // hostile path parameters (one at a time when there are several, the others valid)
    for (const p of pathParams) {
      // ids (`id`, `storeId`) go through ParseId; the document does not say uuid for path parameters
      for (const bad of p.schema?.format === 'uuid' || /^id$|Id$/.test(p.name) ? BAD_PATH_IDS : BAD_PATH_VALUES) {
        const url = '/' + op.path.replace(/^\//, '').replace(/\{([^}]+)\}/g, (_m, name) => (name === p.name ? bad : '3f1c0b0e-8d5e-4c59-9c1e-000000000001'));
        await send(op, 'path', `path ${p.name}=${bad.slice(0, 20)}`, url, op.method === 'get' ? undefined : {});
      }
    }
    // hostile query strings: every parameter, every value; repeated and prototype-named parameters
    for (const p of queryParams) {
      for (const v of badQueryValues(p)) {
        await send(op, 'query', `query ${p.name}=${JSON.stringify(v.slice(0, 20))}`, `${validPath}?${enc(p.name)}=${enc(v)}`);
      }
      await send(op, 'query', `query ${p.name} twice`, `${validPath}?${encodeURIComponent(p.name)}=a&${encodeURIComponent(p.name)}=b`);
    }
    if (queryParams.length) await send(op, 'query', 'query __proto__ / constructor keys', `${validPath}?__proto__=x&constructor=y&__proto__%5Bpolluted%5D=1`);
    if (op.method === 'get' || op.method === 'delete') return;
    for (const [variant, raw] of RAW_BODIES) await send(op, 'raw body', variant, validPath, undefined, raw);
    await send(op, 'raw body', 'over BODY_LIMIT', validPath, undefined, overLimit);
    for (const [variant, body] of bodyVariants(doc, op.body)) await send(op, 'body', variant, validPath, body);
  };

  const timing = new Map<string, number>();
  const queue = [...ops];
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? Number(process.env.SWEEP_CONCURRENCY ?? 4)) }, async () => {
    for (let op = queue.shift(); op; op = queue.shift()) {
      const t0 = Date.now();
      await sweepOne(op);
      // SWEEP_PROGRESS=1 shows where the time goes
      if (process.env.SWEEP_PROGRESS) process.stderr.write(`sweep ${op.method.toUpperCase()} ${op.path}: ${Date.now() - t0} ms\n`);
    }
  });
  await Promise.all(workers);
  if (process.env.SWEEP_PROGRESS)
    process.stderr.write(
      [...timing]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([k, ms]) => `${ms} ms  ${k}`)
        .join('\n') + '\n',
    );

  const after = await rowCounts(app.dataSource);
  for (const [table, n] of after) if (before.get(table) !== n) report.changedTables.push(`${table}: ${before.get(table)} → ${n}`);
  report.polluted = Object.getOwnPropertyNames(Object.prototype).filter((k) => !protoBefore.has(k));
  return report;
}
