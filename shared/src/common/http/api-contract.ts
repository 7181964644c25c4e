/* eslint-disable @typescript-eslint/no-unsafe-function-type -- Swagger's and class-validator's metadata APIs key classes by Function */
import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtension, ApiExtraModels, ApiOkResponse, ApiProperty, DECORATORS, ApiPropertyOptional, ApiQuery, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import type { OpenAPIObject, OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { getMetadataArgsStorage } from 'typeorm';
import { decimalTransformer } from '../money';
import { columnValues } from '../enum-text-column';
import { httpStatusOf } from '../errors';
import { type SortSpec, sortValues } from '../pagination';

/**
 * The API contract's shared pieces: how money, quantities and dates look on the wire, the one error
 * schema, the paged-list schema, the error codes a route declares, and the document's finishing pass
 * (tags, operation ids, the error answers every route can give). docs/api.md explains the result.
 */

// ---------------------------------------------------------------------------------------------
// Scalars on the wire

/** Decimal text as numeric columns come back ("12.5", "-3", "0.000125"): never a JSON number. */
export const decimalTextPattern = (scale: number) => (scale > 0 ? `^-?\\d+(\\.\\d{1,${scale}})?$` : '^-?\\d+$');

type PropOptions = { description?: string; nullable?: boolean; optional?: boolean };
const prop = (o: PropOptions, schema: ApiPropertyOptions) => {
  const options = { ...schema, ...(o.description ? { description: o.description } : {}), ...(o.nullable ? { nullable: true } : {}) };
  return o.optional ? ApiPropertyOptional(options) : ApiProperty(options);
};

/** Money: decimal text with up to 2 places ("12.5"). */
export const ApiMoney = (o: PropOptions = {}) => prop(o, { type: String, format: 'decimal', pattern: decimalTextPattern(2), example: '12.5' });
/** A quantity: decimal text with up to 3 places. */
export const ApiQty = (o: PropOptions = {}) => prop(o, { type: String, format: 'decimal', pattern: decimalTextPattern(3), example: '2' });
/** Any decimal text (costs to 6 places, percentages, prices to 4 places). */
export const ApiDecimal = (scale: number, o: PropOptions = {}) => prop(o, { type: String, format: 'decimal', pattern: decimalTextPattern(scale), example: '1.5' });
/** An instant (ISO 8601 with time zone). */
export const ApiDateTime = (o: PropOptions = {}) => prop(o, { type: String, format: 'date-time' });
/** A calendar day (YYYY-MM-DD). */
export const ApiDate = (o: PropOptions = {}) => prop(o, { type: String, format: 'date', example: '2026-12-01' });
/** A record id. */
export const ApiId = (o: PropOptions = {}) => prop(o, { type: String, format: 'uuid' });
/** A string out of a fixed list. */
export const ApiEnum = (values: readonly string[], o: PropOptions & { enumName?: string } = {}) =>
  prop(o, { type: String, enum: values as string[], ...(o.enumName ? { enumName: o.enumName } : {}) });
/** A whole number. */
export const ApiInt = (o: PropOptions = {}) => prop(o, { type: 'integer' });
/** A free-form object (e.g. a stored JSON document whose keys vary). */
export const ApiObject = (o: PropOptions = {}) => prop(o, { type: 'object', additionalProperties: true });

// ---------------------------------------------------------------------------------------------
// Shapes many answers share

/** A record named in another's answer by its code and name (a document's party, warehouse, a user's role…). */
export class CodeNameRef {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;
}

/** The `{ id, code, name }` of a record (nothing else of it leaks into the answer). */
export const codeNameRef = (r: CodeNameRef): CodeNameRef => ({ id: r.id, code: r.code, name: r.name });

/** A document line named by its product's code and name (null where the product is not known on this server). */
export class ProductLineRow {
  @ApiId()
  id!: string;

  @ApiInt()
  lineNo!: number;

  @ApiId()
  productId!: string;

  @ApiProperty({ type: String, nullable: true })
  productCode!: string | null;

  @ApiProperty({ type: String, nullable: true })
  productName!: string | null;
}

// ---------------------------------------------------------------------------------------------
// Entities as response schemas

const described = new WeakSet<object>();

/**
 * Gives a TypeORM entity class its response schema from its column metadata, so `@ApiOkResponse({
 * type: Entity })` describes exactly what the service returns: numeric columns as decimal text with
 * their scale, timestamps as date-time, dates as date, enums (and EnumTextColumn's lists) as enums, bigint as integer text,
 * `select: false` columns left out, relations optional (present only where the service loads them).
 * Properties already described by hand win.
 */
export function describeEntity<T extends Type>(entity: T): T {
  if (described.has(entity)) return entity;
  described.add(entity);
  const storage = getMetadataArgsStorage();
  const chain: Function[] = [];
  for (let t: Function | null = entity; t && t !== Function.prototype; t = Object.getPrototypeOf(t)) chain.push(t);
  const existing = new Set<string>(((Reflect.getMetadata('swagger/apiModelPropertiesArray', entity.prototype) as string[] | undefined) ?? []).map((k) => k.replace(/^:/, '')));
  for (const col of storage.columns.filter((c) => chain.includes(c.target as Function))) {
    const key = col.propertyName;
    const o = col.options;
    if (existing.has(key) || o.select === false) continue;
    existing.add(key);
    const values = columnValues(entity.prototype, key);
    ApiProperty(values ? { type: String, enum: [...values], ...(o.nullable ? { nullable: true } : {}) } : columnSchema(col.mode, o))(entity.prototype, key);
  }
  for (const rel of storage.relations.filter((r) => chain.includes(r.target as Function))) {
    const key = rel.propertyName;
    if (existing.has(key)) continue;
    existing.add(key);
    const target = () => {
      const t = (typeof rel.type === 'function' ? (rel.type as () => Type)() : rel.type) as Type;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the entity's schema class, typed as the Type Swagger takes
      return describeEntity(t) as Type;
    };
    const many = rel.relationType === 'one-to-many' || rel.relationType === 'many-to-many';
    ApiPropertyOptional({ type: target, isArray: many, description: 'present when loaded' })(entity.prototype, key);
  }
  return entity;
}

type ColumnOptions = ReturnType<typeof getMetadataArgsStorage>['columns'][number]['options'];

function columnSchema(mode: string, o: ColumnOptions): ApiPropertyOptions {
  const nullable = o.nullable ? { nullable: true } : {};
  if (mode === 'version') return { type: 'integer', description: 'row version: send it back as expectedVersion' };
  if (mode === 'createDate' || mode === 'updateDate' || mode === 'deleteDate') return { type: String, format: 'date-time', ...nullable };
  const type = typeof o.type === 'function' ? (o.type as Function).name.toLowerCase() : String(o.type ?? '').toLowerCase();
  // an array column (uuid[], int[]…): an array of what one element is
  if (o.array) return { ...columnSchema(mode, { ...o, array: false, nullable: false }), isArray: true, ...nullable };
  if (o.enum) {
    const values = Array.isArray(o.enum) ? o.enum : Object.values(o.enum);
    return { type: String, enum: values.map(String), ...nullable };
  }
  if (type === 'uuid' || (mode === 'primary' && !type)) return { type: String, format: 'uuid', ...nullable };
  if (type === 'numeric' || type === 'decimal' || o.transformer === decimalTransformer) {
    return { type: String, format: 'decimal', pattern: decimalTextPattern(o.scale ?? 6), ...nullable };
  }
  if (type === 'bigint' || type === 'int8') return { type: String, pattern: '^-?\\d+$', description: 'a 64-bit integer, as text', ...nullable };
  if (['int', 'integer', 'int4', 'smallint', 'int2'].includes(type)) return { type: 'integer', ...nullable };
  if (type === 'real' || type === 'double precision' || type === 'float' || type === 'number') return { type: 'number', ...nullable };
  if (type === 'boolean' || type === 'bool') return { type: Boolean, ...nullable };
  if (type.startsWith('timestamp')) return { type: String, format: 'date-time', ...nullable };
  if (type === 'date') return { type: String, format: 'date', ...nullable };
  if (type === 'jsonb' || type === 'json' || type === 'simple-json') return { type: 'object', additionalProperties: true, ...nullable };
  if (type === 'bytea') return { type: String, format: 'byte', ...nullable };
  return { type: String, ...(o.length ? { maxLength: Number(o.length) } : {}), ...nullable };
}

const validated = new WeakSet<object>();

/**
 * Gives a class validated with class-validator (the POS documents a till sends and gets back) its
 * response schema from the same rules: a pattern stays a pattern (money, quantities), IsIn an enum,
 * IsUUID a uuid, IsDateString a date-time, nested documents their own schema; IsOptional means
 * optional and nullable. The rules and the contract cannot drift apart.
 */
export function describeValidatedClass<T extends Type>(cls: T): T {
  if (validated.has(cls)) return cls;
  validated.add(cls);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getMetadataStorage } = require('class-validator') as typeof import('class-validator');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
    defaultMetadataStorage: { findTypeMetadata(t: Function, p: string): { typeFunction: () => Type } | undefined };
  };
  const rules = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const byProp = new Map<string, typeof rules>();
  for (const r of rules) byProp.set(r.propertyName, [...(byProp.get(r.propertyName) ?? []), r]);
  const existing = new Set<string>(((Reflect.getMetadata('swagger/apiModelPropertiesArray', cls.prototype) as string[] | undefined) ?? []).map((k) => k.replace(/^:/, '')));
  for (const [key, list] of byProp) {
    if (existing.has(key)) continue;
    const has = (name: string) => list.find((r) => r.name === name);
    const optional = list.some((r) => r.type === 'conditionalValidation');
    const nested = list.some((r) => r.type === 'nestedValidation') ? defaultMetadataStorage.findTypeMetadata(cls, key) : undefined;
    const isArray = !!has('isArray');
    let schema: ApiPropertyOptions;
    if (nested) schema = { type: () => describeValidatedClass(nested.typeFunction()), isArray };
    else if (has('isUuid')) schema = { type: String, format: 'uuid' };
    else if (has('isDateString') || has('isISO8601')) schema = { type: String, format: 'date-time' };
    else if (has('isIn')) schema = { type: String, enum: (has('isIn')!.constraints[0] as unknown[]).map(String) };
    else if (has('matches')) schema = { type: String, pattern: (has('matches')!.constraints[0] as RegExp).source };
    else if (has('isInt')) schema = { type: 'integer' };
    else if (has('isNumber')) schema = { type: 'number' };
    else if (has('isBoolean')) schema = { type: Boolean };
    else if (has('isObject')) schema = { type: 'object', additionalProperties: true };
    else if (isArray) schema = { type: 'array', items: { type: 'string' } };
    else schema = { type: String, ...(has('maxLength') ? { maxLength: Number(has('maxLength')!.constraints[0]) } : {}) };
    if (optional) (schema as { nullable?: boolean }).nullable = true;
    (optional ? ApiPropertyOptional : ApiProperty)(schema)(cls.prototype, key);
  }
  return cls;
}

/** Every entity TypeORM knows gets its schema (called before a document is built). */
export function describeAllEntities(): void {
  for (const table of getMetadataArgsStorage().tables) {
    if (typeof table.target === 'function') describeEntity(table.target as Type);
  }
}

// ---------------------------------------------------------------------------------------------
// Lists

const pageTypes = new Map<Type, Type>();

/** `{ items: T[], total }`: one schema per item type, named `<T>Page`. */
export function PageOf<T extends Type>(item: T): Type {
  let page = pageTypes.get(item);
  if (page) return page;
  class PageSchema {
    @ApiProperty({ type: () => item, isArray: true })
    items!: unknown[];

    @ApiProperty({ type: 'integer', minimum: 0, description: 'rows matching the filters (all pages)' })
    total!: number;
  }
  Object.defineProperty(PageSchema, 'name', { value: `${item.name}Page` });
  page = PageSchema;
  pageTypes.set(item, page);
  return page;
}

const listTypes = new Map<string, Type>();

/**
 * A list or report answer (`listAnswer`, the report services): `{ items: Row[], total, totals? }`,
 * one schema per row class, named `<Row>List` (`<Row>Page` without a 合计 row: PageOf); `totals`
 * is a class of its own, the summed columns only.
 */
export function ListOf<T extends Type>(row: T, totals?: Type): Type {
  if (!totals) return PageOf(row);
  const key = `${row.name}|${totals?.name ?? ''}`;
  let list = listTypes.get(key);
  if (list) return list;
  class ListSchema {
    @ApiProperty({ type: () => row, isArray: true })
    items!: unknown[];

    @ApiProperty({ type: 'integer', minimum: 0, description: 'rows matching the filters (all pages)' })
    total!: number;
  }
  ApiPropertyOptional({ type: () => totals, description: 'the 合计 row: sums of the filtered rows' })(ListSchema.prototype, 'totals');
  Object.defineProperty(ListSchema, 'name', { value: `${row.name.replace(/Row$/, '')}List` });
  list = ListSchema;
  listTypes.set(key, list);
  return list;
}

/**
 * A list's 合计 class from its row class: the summed columns, as the row declares them but each
 * nullable (nothing matched: no sum) and without the row's notes (a total is the column's sum).
 * `class XTotals extends TotalsOf(XRow, ['amount'] as const) {}` keeps the schema name `XTotals`.
 */
export function TotalsOf<T, K extends keyof T & string>(row: Type<T>, keys: readonly K[]): Type<{ [P in K]: T[P] | null }> {
  class Totals {}
  for (const key of keys) {
    const declared = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, row.prototype as object, key) as (ApiPropertyOptions & { description?: string }) | undefined;
    if (!declared) throw new Error(`${row.name}.${key} has no @ApiProperty to total`);
    const { description: _note, ...schema } = declared;
    ApiProperty({ ...schema, nullable: true })(Totals.prototype, key);
  }
  return Totals as Type<{ [P in K]: T[P] | null }>;
}

/**
 * A list's `sort` query parameter from its `SortSpec` (the one the service orders by): up to five
 * terms, comma separated (`sort=-createdAt,number`; repeated `sort=` is read the same), each an
 * enum value. Several specs or a note: a list whose keys depend on another parameter (a grouping).
 */
export const ApiSort = (spec: SortSpec | SortSpec[], note?: string) => {
  const specs = Array.isArray(spec) ? spec : [spec];
  return ApiQuery({
    name: 'sort',
    required: false,
    style: 'form',
    explode: false,
    schema: { type: 'array', maxItems: 5, items: { type: 'string', enum: sortValues(...specs) } },
    description: `order: keys, \`-\` for descending, comma separated; ${note ?? `default \`${specs[0].defaultSort}\``}`,
  });
};

/** A 200 answering a page of `item`. */
export const ApiPagedResponse = (item: Type, description = 'one page and the total') => ApiOkResponse({ type: PageOf(item), description });

// ---------------------------------------------------------------------------------------------
// Errors

export class FieldErrorResponse {
  @ApiProperty({ example: 'lines.2.quantity', description: 'dotted path of the field at fault' })
  field!: string;

  @ApiProperty({ example: 'must be a positive quantity / 数量必须大于 0' })
  message!: string;

  @ApiPropertyOptional({ type: 'integer', description: 'sheet imports: the row number the user sees' })
  row?: number;
}

/** Every error of both servers has this shape; branch on `code`. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'stable error code' })
  code!: string;

  @ApiProperty({ example: 'invalid input / 输入有误', description: "'english / 中文'" })
  message!: string;

  @ApiPropertyOptional({ type: () => FieldErrorResponse, isArray: true })
  fields?: FieldErrorResponse[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'machine-readable facts, e.g. `{ productId, available }`' })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'the X-Request-Id of the request' })
  requestId?: string;
}

const ERROR_CODES_KEY = 'chain:api-error-codes';
const ERROR_EXTENSION = 'x-chain-error-codes';

/**
 * The error codes a route can answer besides the ones every route of its kind gives (sign-in,
 * permission, validation, unknown id: added by `finishOpenApiDocument`). Several uses add up.
 */
export const ApiErrors =
  (...codes: string[]): MethodDecorator =>
  (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    const handler = descriptor.value as object;
    const all = new Set<string>([...((Reflect.getMetadata(ERROR_CODES_KEY, handler) as string[] | undefined) ?? []), ...codes]);
    Reflect.defineMetadata(ERROR_CODES_KEY, [...all], handler);
    ApiExtension(ERROR_EXTENSION, [...all])(target, key, descriptor);
    return descriptor;
  };

/** A 200 that is JSON, or the same rows as a spreadsheet when the query asks for a file (reports). */
export const ApiJsonOrFileResponse = (type: Type, mediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') =>
  applyDecorators(
    ApiExtraModels(type),
    ApiResponse({
      status: 200,
      description: 'the rows as JSON, or as a spreadsheet when the query asks for one',
      content: { 'application/json': { schema: { $ref: getSchemaPath(type) } }, [mediaType]: { schema: { type: 'string', format: 'binary' } } },
    }),
  );

/** A file download (the 200 body is the file). */
export const ApiFileResponse = (mediaTypes: string | string[], description: string) =>
  applyDecorators(
    ApiResponse({
      status: 200,
      description,
      content: Object.fromEntries(
        (Array.isArray(mediaTypes) ? mediaTypes : [mediaTypes]).map((m) => [m, { schema: m.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' } }]),
      ),
    }),
  );

/** A 200 that is JSON (`type`) or text (format=text: the receipt as the printer prints it). */
export const ApiJsonOrTextResponse = (type: Type, description: string) =>
  applyDecorators(
    ApiExtraModels(type),
    ApiResponse({ status: 200, description, content: { 'application/json': { schema: { $ref: getSchemaPath(type) } }, 'text/plain': { schema: { type: 'string' } } } }),
  );

// ---------------------------------------------------------------------------------------------
// The document's finishing pass

export interface ApiTag {
  name: string;
  description: string;
}

/** Areas in the menu terms users know (seeds' menu groups). */
export const API_TAGS = {
  catalog: { name: '基本信息', description: 'Base data: products, categories, suppliers, customers, stores, imports and exports' },
  purchasing: { name: '采购管理', description: 'Purchasing: orders, receipts, returns, supplier prices' },
  chain: { name: '连锁管理', description: 'Chain operations: store requests, distribution, transfers between stores, HQ–store sync' },
  inventory: { name: '库存管理', description: 'Inventory: stock, ledger, counts, adjustments, transfers between warehouses' },
  pos: { name: '零售收银', description: 'Retail checkout: tills, shifts, sales, refunds' },
  membership: { name: '会员管理', description: 'Members: cards, points, stored value' },
  wholesale: { name: '批发', description: 'Wholesale: customers’ orders, deliveries, returns' },
  settlement: { name: '结算', description: 'Settlement: receivables, payables, statements, store settlement' },
  pricing: { name: '价格促销', description: 'Prices and promotions: price changes, promotions, price history' },
  reports: { name: '报表', description: 'Reports and analyses' },
  system: { name: '系统设置', description: 'System: sign-in, users, roles, org units, audit, backups, health' },
} as const satisfies Record<string, ApiTag>;

/** Readable client names: `PurchaseOrderController.list` → `purchaseOrder_list` (`UsersReadController.get` → `users_get`). */
export function operationId(controllerKey: string, methodKey: string): string {
  // a store's read-only controller answers the same operation as HQ's full one: one name for both
  const base = controllerKey.replace(/Controller$/, '').replace(/Read$/, '');
  return `${base.charAt(0).toLowerCase()}${base.slice(1)}_${methodKey}`;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
/** What a signed store request can be refused with (docs/transfer.md): bad or old signature, a locked source. */
export const TRANSFER_SIGNATURE_ERRORS = [
  'TRANSFER_UNSIGNED',
  'TRANSFER_UNKNOWN_STORE',
  'TRANSFER_BAD_SIGNATURE',
  'TRANSFER_STALE_TIMESTAMP',
  'TRANSFER_REPLAYED_NONCE',
  'TRANSFER_KEY_EXPIRED',
  'TRANSFER_STORE_REVOKED',
  'TRANSFER_LOCKED',
  'TRANSFER_PROTOCOL_UNSUPPORTED',
];
const AUTH_CODES = ['UNAUTHENTICATED', 'AUTH_TOKEN_INVALID', 'AUTH_TOKEN_EXPIRED', 'AUTH_SESSION_ENDED'];

/** Every operation of a document with its path and method. */
export function operationsOf(doc: OpenAPIObject): Array<{ path: string; method: string; op: OperationObject }> {
  const out: Array<{ path: string; method: string; op: OperationObject }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, OperationObject | undefined>)[method];
      if (op) out.push({ path, method, op });
    }
  }
  return out;
}

const errorSchema = (codes: string[]): SchemaObject => ({
  allOf: [{ $ref: '#/components/schemas/ErrorResponse' }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }],
});

const schemaModels = new Set<Type>();

/**
 * Class decorator: these classes get a schema of their own because the class names them by `$ref`
 * (`oneOf` of several shapes, a map's values), which Swagger does not follow by itself. Every
 * server's document gets them (`extraModels`); `finishOpenApiDocument` drops the ones no answer uses.
 */
export const ApiSchemaModels =
  (...models: Type[]): ClassDecorator =>
  () => {
    models.forEach((m) => schemaModels.add(m));
  };

/** The classes `@ApiSchemaModels` named (createOpenApiDocument's `extraModels`). */
export const schemaModelsToDescribe = (): Type[] => [...schemaModels];

/** Drops the component schemas no operation reaches (extra models of the other server's answers). */
function dropUnusedSchemas(doc: OpenAPIObject): void {
  const schemas = doc.components?.schemas;
  if (!schemas) return;
  const reached = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const name = v.slice('#/components/schemas/'.length);
        if (!reached.has(name)) {
          reached.add(name);
          walk(schemas[name]);
        }
      } else walk(v);
    }
  };
  walk(doc.paths);
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
}

/**
 * Finishes a generated document: the error answers of each operation (its declared codes plus
 * those every route of its kind gives: 401 when signed in, 403 with a permission, 400 with input,
 * 404 with an id in the path), the description (the summary where none is written), the area tags'
 * descriptions, contact/servers facts integrators and linters look for, and
 * only the component schemas an operation reaches.
 */
export function finishOpenApiDocument(doc: OpenAPIObject, tags: readonly ApiTag[] = Object.values(API_TAGS)): OpenAPIObject {
  const used = new Set<string>();
  for (const { path, op } of operationsOf(doc)) {
    const ext = op as OperationObject & Record<string, unknown>;
    const codes = new Set<string>((ext[ERROR_EXTENSION] as string[] | undefined) ?? []);
    delete ext[ERROR_EXTENSION];
    const permission = ext['x-permission'] as string | undefined;
    const storeSigned = ext['x-store-signature'] === true;
    if (permission && permission !== 'public') AUTH_CODES.forEach((c) => codes.add(c));
    if (permission && permission !== 'public' && permission !== 'authenticated') codes.add('PERMISSION_DENIED');
    if (storeSigned) TRANSFER_SIGNATURE_ERRORS.forEach((c) => codes.add(c));
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => 'in' in p && p.in === 'path');
    if (op.requestBody || params.some((p) => 'in' in p && p.in === 'query')) codes.add('VALIDATION_FAILED');
    if (pathParams.length) {
      codes.add('INVALID_ID');
      codes.add('NOT_FOUND');
    }
    if (op.requestBody) codes.add('MALFORMED_JSON');
    const byStatus = new Map<number, string[]>();
    for (const code of [...codes].sort()) {
      const status = httpStatusOf(code);
      if (status === 500) continue;
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    for (const [status, list] of byStatus) {
      const existing = op.responses[String(status)] as ResponseObject | undefined;
      const described = existing?.description && !/^[A-Z_, ]+$/.test(existing.description) ? existing.description : list.join(', ');
      op.responses[String(status)] = { description: described, content: { 'application/json': { schema: errorSchema(list) } } };
    }
    // a 4xx declared by hand without a body: it is an error answer like the others
    for (const [status, r] of Object.entries(op.responses)) {
      const res = r as ResponseObject;
      if (/^4\d\d$/.test(status) && !res.content) res.content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
    }
    if (!op.description && op.summary) op.description = op.summary;
    // a controller extending a read-only one inherits its tag too: once is enough
    if (op.tags) op.tags = [...new Set(op.tags)];
    (op.tags ?? []).forEach((t) => used.add(t));
    void path;
  }
  dropUnusedSchemas(doc);
  doc.tags = tags.filter((t) => used.has(t.name)).map((t) => ({ name: t.name, description: t.description }));
  doc.info.contact = { name: 'Chain ERP' };
  if (!doc.servers?.length) doc.servers = [{ url: '/', description: 'this server (paths start with /api)' }];
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Checks of a finished document (test/openapi-contract.spec.ts)

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function resolveRef(doc: Json, schema: Json | undefined): Json | undefined {
  let s = schema;
  for (let i = 0; s && s.$ref && i < 10; i++) s = doc.components.schemas[String(s.$ref).replace('#/components/schemas/', '')];
  return s;
}

/** What is wrong with one 2xx schema, or null. */
export function schemaProblem(doc: Json, schema: Json | undefined, mediaType: string): string | null {
  if (!schema) return 'no schema';
  if (mediaType !== 'application/json') return schema.type ? null : 'no type';
  const s = resolveRef(doc, schema);
  if (!s) return `unresolved ${schema.$ref}`;
  if (s.type === 'array') return s.items && (s.items.$ref || s.items.type) ? null : 'array without item type';
  if (s.allOf || s.oneOf || s.anyOf) return null;
  if (s.type === 'object' || s.properties) return s.properties && Object.keys(s.properties).length ? null : 'object without properties';
  return s.type ? null : 'no type';
}

export function contractProblems(doc: Json): string[] {
  const problems: string[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const ok = Object.entries<Json>(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      if (!ok.length) problems.push(`${where}: no 2xx answer`);
      for (const [status, res] of ok) {
        if (status === '204') continue;
        const content = Object.entries<Json>(res.content ?? {});
        if (!content.length) problems.push(`${where}: ${status} has no schema`);
        for (const [type, media] of content) {
          const problem = schemaProblem(doc, media.schema, type);
          if (problem) problems.push(`${where}: ${status} ${type}: ${problem}`);
        }
      }
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && !(p.schema && (p.schema.type || p.schema.$ref || p.schema.enum))) problems.push(`${where}: query ${p.name} untyped`);
        if (p.in === 'query' && p.name === 'sort' && !p.schema?.items?.enum?.length) problems.push(`${where}: sort without its keys (@ApiSort)`);
      }
      for (const [status, res] of Object.entries<Json>(op.responses ?? {})) {
        if (/^[45]\d\d$/.test(status) && !res.content?.['application/json']?.schema) problems.push(`${where}: ${status} without the error schema`);
      }
    }
  }
  return problems;
}

/** A property or query parameter named as one value of a fixed list: `status`, `kind`, `type`, `…Status`, `…Kind`, `…Type`. */
const LIST_VALUE_NAME = /^(status|kind|type)$|[a-z](Status|Kind|Type)$/;

/**
 * Status, kind and type strings without their value list (an `enum`), in every schema of the
 * document (components and inline answers) and every query parameter: the client would type them
 * as `string`. `open` names the ones whose values are an open list on purpose (`Schema.property`,
 * `?parameter`), e.g. an audit row's entity type.
 */
export function enumlessProblems(doc: Json, open: readonly string[] = []): string[] {
  const problems: string[] = [];
  const allowed = new Set(open);
  const walk = (schema: Json | undefined, where: string, owner: string) => {
    if (!schema || typeof schema !== 'object') return;
    for (const [key, prop] of Object.entries<Json>(schema.properties ?? {})) {
      if (LIST_VALUE_NAME.test(key) && prop.type === 'string' && !prop.enum && !prop.format && !allowed.has(`${owner}.${key}`)) problems.push(`${where}.${key}`);
      walk(prop, `${where}.${key}`, owner);
    }
    walk(schema.items, `${where}[]`, owner);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${where}{}`, owner);
    for (const k of ['allOf', 'oneOf', 'anyOf']) for (const s of schema[k] ?? []) walk(s, where, owner);
  };
  for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) walk(schema, name, name);
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && LIST_VALUE_NAME.test(p.name) && p.schema?.type === 'string' && !p.schema.enum && !allowed.has(`?${p.name}`))
          problems.push(`${where}: query ${p.name}`);
      }
      for (const [status, res] of Object.entries<Json>(op.responses ?? {})) {
        for (const [type, media] of Object.entries<Json>(res.content ?? {})) walk(media.schema, `${where}: ${status} ${type}`, `${where}`);
      }
    }
  }
  return problems;
}

/**
 * Free-form objects (an `object` without `properties`, i.e. a map of any keys) anywhere inside a
 * 2xx answer, following `$ref`s: the client types them as `Record<string, unknown>` and the
 * integrator learns nothing. Each is named `Schema.property` (`[]` for an array's item, `{}` for a
 * map's value; `METHOD /path: status` for an inline answer); `allowed` names the true maps.
 */
export function freeFormProblems(doc: Json, allowed: readonly string[] = []): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const allow = new Set(allowed);
  const walk = (schema: Json | undefined, where: string) => {
    if (!schema || typeof schema !== 'object') return;
    if (schema.$ref) {
      const name = String(schema.$ref).replace('#/components/schemas/', '');
      if (seen.has(name)) return;
      seen.add(name);
      return walk(doc.components?.schemas?.[name], name);
    }
    const props = Object.entries<Json>(schema.properties ?? {});
    const composed = ['allOf', 'oneOf', 'anyOf'].some((k) => schema[k]);
    if ((schema.type === 'object' || schema.additionalProperties) && !props.length && !composed && !allow.has(where)) {
      if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${where}{}`);
      else found.add(where);
    }
    for (const [key, prop] of props) walk(prop, `${where}.${key}`);
    walk(schema.items, `${where}[]`);
    for (const k of ['allOf', 'oneOf', 'anyOf']) for (const s of schema[k] ?? []) walk(s, where);
  };
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) {
      for (const [status, res] of Object.entries<Json>(item[method]?.responses ?? {})) {
        if (!/^2\d\d$/.test(status)) continue;
        for (const media of Object.values<Json>(res.content ?? {})) walk(media.schema, `${method.toUpperCase()} ${path}: ${status}`);
      }
    }
  }
  return [...found].sort();
}

/**
 * Where an answer differs from what the document says the operation answers (its 200/201
 * `application/json` schema): a missing required field, a field the schema does not name, a
 * wrong type, a value outside its enum, a decimal, date, date-time or uuid text of another form.
 * The e2e tests run it on real answers, so a row class cannot drift from the rows a service returns.
 */
export function answerProblems(doc: Json, method: string, path: string, body: unknown): string[] {
  const op = doc.paths?.[path]?.[method.toLowerCase()];
  const res = op?.responses?.['200'] ?? op?.responses?.['201'];
  const schema = res?.content?.['application/json']?.schema;
  if (!schema) return [`${method} ${path}: no JSON answer in the document`];
  const problems: string[] = [];
  const formats: Record<string, RegExp> = {
    date: /^\d{4}-\d{2}-\d{2}$/,
    'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/,
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  };
  const check = (s: Json | undefined, v: unknown, at: string, out: string[]): void => {
    const sch = resolveRef(doc, s);
    if (!sch) return;
    // null is allowed where the field says so, also around a referenced schema (`allOf: [$ref]`, nullable)
    if (v === null) {
      if (!sch.nullable) out.push(`${at}: null, not nullable`);
      return;
    }
    if (sch.allOf) return sch.allOf.forEach((x: Json) => check(x, v, at, out));
    const shapes = (sch.oneOf ?? sch.anyOf) as Json[] | undefined;
    if (shapes) {
      // several shapes (a promotion's rules by kind, a price's source): the value has to be one of them
      const outcomes = shapes.map((x) => {
        const found: string[] = [];
        check(x, v, at, found);
        return found;
      });
      if (outcomes.every((o) => o.length)) out.push(`${at}: none of its ${shapes.length} shapes (${outcomes.map((o) => o[0]).join('; ')})`);
      return;
    }
    if (sch.enum && !sch.enum.includes(v)) out.push(`${at}: ${JSON.stringify(v)} not in ${sch.enum.join('|')}`);
    switch (sch.type) {
      case 'string':
        if (typeof v !== 'string') out.push(`${at}: ${typeof v}, not a string`);
        else if (sch.pattern && !new RegExp(sch.pattern).test(v)) out.push(`${at}: ${JSON.stringify(v)} does not match ${sch.pattern}`);
        else if (formats[sch.format] && !formats[sch.format].test(v)) out.push(`${at}: ${JSON.stringify(v)} is not a ${sch.format}`);
        return;
      case 'integer':
        if (!Number.isInteger(v)) out.push(`${at}: ${JSON.stringify(v)}, not an integer`);
        return;
      case 'number':
        if (typeof v !== 'number') out.push(`${at}: ${typeof v}, not a number`);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') out.push(`${at}: ${typeof v}, not a boolean`);
        return;
      case 'array':
        if (!Array.isArray(v)) out.push(`${at}: not an array`);
        else v.forEach((x, i) => check(sch.items, x, `${at}[${i}]`, out));
        return;
    }
    const values = typeof sch.additionalProperties === 'object' ? (sch.additionalProperties as Json) : undefined;
    if (sch.properties || values) {
      if (typeof v !== 'object' || Array.isArray(v)) return void out.push(`${at}: not an object`);
      const o = v as Json;
      for (const k of sch.required ?? []) if (!(k in o)) out.push(`${at}.${k}: missing`);
      for (const [k, x] of Object.entries(o)) {
        const named = sch.properties?.[k] as Json | undefined;
        // a map's values have their schema; an object open on purpose (`additionalProperties: true`) takes other keys as they are
        if (!named && !values && !sch.additionalProperties) out.push(`${at}.${k}: not in the schema`);
        else if (x !== undefined && (named ?? values)) check(named ?? values, x, `${at}.${k}`, out);
      }
    }
  };
  check(schema, body, `${method.toUpperCase()} ${path}`, problems);
  return problems;
}
