import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { answerProblems, contractProblems, enumlessProblems, freeFormProblems } from '../shared/src/common/http/api-contract';

/**
 * The committed OpenAPI documents (docs/openapi/*.json, kept equal to the code by
 * hq-server/test/openapi-documents.e2e-spec.ts) as integrators see them:
 * - Spectral's standard OpenAPI ruleset (`spectral:oas`, the one `.spectral.yaml` extends and
 *   `npx spectral lint docs/openapi/hq.json` runs) finds no error and no warning;
 * - every operation answers a 2xx with a schema that has properties (or is a file/array/text),
 *   every query parameter is typed, every response schema it names has properties;
 * - every status, kind and type string carries its value list (the client types it as a union);
 * - no answer carries a free-form object (`object` without `properties`) but the true maps below.
 */
const root = join(__dirname, '..');
type Json = Record<string, any>;
const load = (name: string): { text: string; doc: Json } => {
  const text = readFileSync(join(root, `docs/openapi/${name}.json`), 'utf8');
  return { text, doc: JSON.parse(text) };
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Kinds and types whose values are an open list on purpose. */
const OPEN_LISTS = [
  // the audited record's kind: every entity that writes an audit row names itself
  'AuditLog.entityType',
  '?entityType',
  // a store's event names (`setup.done`, `note`…): free text the store chooses, pattern-checked
  'StoreEvent.kind',
  'StoreEventDto.kind',
  // the stock ledger's document type: every document that moves stock names itself (as AuditLog.entityType)
  'StockQueriesStockCardEntrieResponse.docType',
];

/**
 * Objects in a 2xx answer whose keys are data, not names (`Schema.property`, `[]` an array's
 * item): the client types them as `Record<string, unknown>` on purpose.
 */
const TRUE_MAPS: string[] = [
  // an audit row's change: the changed fields' names → their old and new values
  'AuditLog.changes',
  // @nestjs/terminus: the health indicators' names → their state
  'HealthCheckResultResponse.details',
  'HealthCheckResultResponse.error',
  'HealthCheckResultResponse.info',
  // a store's event: its own facts, whatever the event (`StoreEvent.kind` is an open list too)
  'StoreEvent.data',
  // a transfer envelope's body as it travelled: the record of its stream, one shape per stream (shared/src/transfer)
  'OutboxRecordResponse.body',
  'ReconcileRecordResponse.body',
  'TransferConflict.body',
  'TransferInbox.body',
];

/**
 * Free-form answers not typed yet (docs/roadmap.md "API contract gaps"): this list only shrinks —
 * type the rows (a row class the service returns) and take the entry out.
 */
const NOT_TYPED_YET: string[] = [];

describe.each(['hq', 'store'])('OpenAPI contract of %s (docs/openapi)', (name) => {
  const { text, doc } = load(name);

  it("Spectral's spectral:oas ruleset reports 0 errors and 0 warnings", async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'recommended']] } as never);
    const results = await spectral.run(new Document(text, Json, `docs/openapi/${name}.json`));
    const findings = results.filter((r) => Number(r.severity) <= 1).map((r) => `${Number(r.severity) === 0 ? 'error' : 'warning'} ${r.code} at ${r.path.join('.')}: ${r.message}`);
    expect(findings).toEqual([]);
  });

  it('every operation has a typed 2xx answer, typed query parameters and described errors', () => {
    expect(contractProblems(doc)).toEqual([]);
  });

  it('every status, kind and type string has its value list (enum)', () => {
    expect(enumlessProblems(doc, OPEN_LISTS)).toEqual([]);
  });

  it('no 2xx answer has a free-form object but the true maps (and the answers not typed yet)', () => {
    expect(freeFormProblems(doc, [...TRUE_MAPS, ...NOT_TYPED_YET])).toEqual([]);
  });

  it('every operation has an id, a tag of the menu areas and a summary', () => {
    const tags = new Set((doc.tags as Json[]).map((t) => t.name));
    const missing: string[] = [];
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        if (!/^[a-z][A-Za-z0-9]*_[a-z][A-Za-z0-9]*$/.test(op.operationId ?? '')) missing.push(`${method} ${path}: operationId ${op.operationId}`);
        if (op.tags?.length !== 1 || !tags.has(op.tags[0])) missing.push(`${method} ${path}: tags ${op.tags}`);
        if (!op.summary) missing.push(`${method} ${path}: no summary`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the contract checks themselves', () => {
  const doc = { components: { schemas: { Empty: { type: 'object', properties: {} }, Page: { type: 'object', properties: { items: {}, total: {} } } } }, paths: {} as Json };
  it('find an operation without a 2xx schema, an untyped query, a sort without its keys and a schema without properties', () => {
    doc.paths = {
      '/a': { get: { responses: { 200: { description: '' } } } },
      '/b': {
        get: {
          parameters: [
            { in: 'query', name: 'q', schema: {} },
            { in: 'query', name: 'sort', schema: { type: 'string' } },
          ],
          responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } } } },
        },
      },
      '/c': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Empty' } } } }, 404: { description: 'x' } } } },
    };
    expect(contractProblems(doc)).toEqual([
      'GET /a: 200 has no schema',
      'GET /b: query q untyped',
      'GET /b: sort without its keys (@ApiSort)',
      'GET /c: 200 application/json: object without properties',
      'GET /c: 404 without the error schema',
    ]);
  });

  it('find a free-form object in a 2xx answer (behind $refs, in arrays, inline), unless allowed', () => {
    const d = {
      components: {
        schemas: {
          Page: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', additionalProperties: true } }, totals: { $ref: '#/components/schemas/Sums' } } },
          Sums: { type: 'object', additionalProperties: true },
          Health: { type: 'object', properties: { details: { type: 'object', additionalProperties: true }, page: { $ref: '#/components/schemas/Page' } } },
          Typed: {
            type: 'object',
            properties: { counts: { type: 'object', additionalProperties: { type: 'integer' } }, rows: { type: 'array', items: { $ref: '#/components/schemas/Row' } } },
          },
          Row: { type: 'object', properties: { id: { type: 'string' } } },
          ErrorOnly: { type: 'object', additionalProperties: true },
        },
      },
      paths: {
        '/p': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } } } } } },
        '/h': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } } } } },
        '/t': {
          get: {
            responses: {
              200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Typed' } } } },
              400: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorOnly' } } } },
            },
          },
        },
        '/i': { post: { responses: { 201: { content: { 'application/json': { schema: { type: 'object', properties: { body: { type: 'object' } } } } } } } } },
      },
    };
    expect(freeFormProblems(d)).toEqual(['Health.details', 'POST /i: 201.body', 'Page.items[]', 'Sums']);
    expect(freeFormProblems(d, ['Health.details', 'Sums', 'Page.items[]', 'POST /i: 201.body'])).toEqual([]);
  });

  it('find where an answer differs from its schema: missing, unknown, null, wrong type, enum, pattern, format', () => {
    const d = {
      components: {
        schemas: {
          List: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Row' } }, total: { type: 'integer' } }, required: ['items', 'total'] },
          Row: {
            type: 'object',
            properties: {
              id: { type: 'string', format: 'uuid' },
              day: { type: 'string', format: 'date', nullable: true },
              at: { type: 'string', format: 'date-time' },
              amount: { type: 'string', pattern: '^-?\\d+(\\.\\d{1,2})?$' },
              status: { type: 'string', enum: ['draft', 'posted'] },
              n: { type: 'integer' },
              totals: { allOf: [{ $ref: '#/components/schemas/Sums' }] },
            },
            required: ['id', 'amount'],
          },
          Sums: { type: 'object', properties: { amount: { type: 'string' } } },
        },
      },
      paths: { '/l': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/List' } } } } } } } },
    };
    const good = { id: '0b6f3a52-8a8e-4a53-9c1e-6f1d2a3b4c5d', day: null, at: '2026-12-07T10:00:00.000Z', amount: '12.50', status: 'posted', n: 2, totals: { amount: '1' } };
    expect(answerProblems(d, 'GET', '/l', { items: [good], total: 1 })).toEqual([]);
    const bad = { id: 'x', day: '2026-12-07T00:00:00.000Z', at: 5, amount: '1.005', status: 'open', n: 1.5, totals: { amount: '1', extra: 1 }, more: true };
    expect(answerProblems(d, 'GET', '/l', { items: [bad, { amount: null }] })).toEqual([
      'GET /l.total: missing',
      'GET /l.items[0].id: "x" is not a uuid',
      'GET /l.items[0].day: "2026-12-07T00:00:00.000Z" is not a date',
      'GET /l.items[0].at: number, not a string',
      'GET /l.items[0].amount: "1.005" does not match ^-?\\d+(\\.\\d{1,2})?$',
      'GET /l.items[0].status: "open" not in draft|posted',
      'GET /l.items[0].n: 1.5, not an integer',
      'GET /l.items[0].totals.extra: not in the schema',
      'GET /l.items[0].more: not in the schema',
      'GET /l.items[1].id: missing',
      'GET /l.items[1].amount: null, not nullable',
    ]);
    expect(answerProblems(d, 'GET', '/nowhere', {})).toEqual(['GET /nowhere: no JSON answer in the document']);
  });

  it('find an answer of none of its shapes (oneOf), a map value of another type, and let an open object be', () => {
    const d = {
      components: {
        schemas: {
          Promo: {
            type: 'object',
            properties: {
              rules: { oneOf: [{ $ref: '#/components/schemas/Special' }, { $ref: '#/components/schemas/Off' }] },
              source: {
                oneOf: [
                  { type: 'string', enum: ['store', 'product'] },
                  { type: 'object', properties: { priceChange: { type: 'string' } }, required: ['priceChange'] },
                ],
              },
              taken: { type: 'object', additionalProperties: { type: 'integer' } },
              details: { type: 'object', properties: { triesLeft: { type: 'integer' } }, additionalProperties: true },
            },
          },
          Special: { type: 'object', properties: { items: { type: 'array', items: { type: 'string' } } }, required: ['items'] },
          Off: { type: 'object', properties: { percent: { type: 'string', pattern: '^\\d+$' } }, required: ['percent'] },
        },
      },
      paths: { '/p': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Promo' } } } } } } } },
    };
    const good = { rules: { percent: '20' }, source: { priceChange: 'PC-1' }, taken: { sales: 2 }, details: { triesLeft: 1, constraint: 'uq' } };
    expect(answerProblems(d, 'GET', '/p', good)).toEqual([]);
    expect(answerProblems(d, 'GET', '/p', { ...good, rules: { items: ['a'] }, source: 'store' })).toEqual([]);
    expect(answerProblems(d, 'GET', '/p', { rules: { percent: 'x' }, source: 'shelf', taken: { sales: 1.5 }, details: { triesLeft: 'none' } })).toEqual([
      'GET /p.rules: none of its 2 shapes (GET /p.rules.items: missing; GET /p.rules.percent: "x" does not match ^\\d+$)',
      'GET /p.source: none of its 2 shapes (GET /p.source: "shelf" not in store|product; GET /p.source: not an object)',
      'GET /p.taken.sales: 1.5, not an integer',
      'GET /p.details.triesLeft: "none", not an integer',
    ]);
  });

  it('find a status, kind or type string without its value list, unless it is an open list', () => {
    const d = {
      components: {
        schemas: {
          Order: { type: 'object', properties: { status: { type: 'string' }, partyType: { type: 'string', enum: ['customer'] }, typeface: { type: 'string' } } },
          Event: { type: 'object', properties: { kind: { type: 'string' }, lines: { type: 'array', items: { type: 'object', properties: { docType: { type: 'string' } } } } } },
        },
      },
      paths: {
        '/o': {
          get: {
            parameters: [
              { in: 'query', name: 'status', schema: { type: 'string' } },
              { in: 'query', name: 'entityType', schema: { type: 'string' } },
            ],
            responses: { 200: { content: { 'application/json': { schema: { type: 'object', properties: { methodType: { type: 'string' } } } } } } },
          },
        },
      },
    };
    expect(enumlessProblems(d, ['Event.kind', '?entityType'])).toEqual([
      'Order.status',
      'Event.lines[].docType',
      'GET /o: query status',
      'GET /o: 200 application/json.methodType',
    ]);
  });
});
