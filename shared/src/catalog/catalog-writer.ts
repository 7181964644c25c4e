import { Injectable } from '@nestjs/common';
import { CommonError, DomainException } from '../common/errors';
import { Dec } from '../common/money';
import { diffFields } from '../documents/audit.service';
import { FieldChange } from '../documents/documents.entity';
import { queryRows } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import { copyIn, copyTextFieldOf } from '../common/pg-copy';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { CatalogSpec } from './catalog.definitions';
import { CatalogError } from './catalog.errors';

/** A row about to be written: its state before (null = new) and after, as plain objects. */
export interface WriteItem {
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  /** the version the caller read (updates) */
  version?: number;
}

/**
 * The writer's fixed statements. Its INSERT and UPDATE are built per table from the entity's columns
 * (`tablePlan`: TypeORM's metadata, known once a DataSource is initialised) and are not declared.
 */
const SQL = sqlStatements('catalog.writer', {
  audit: `INSERT INTO audit_log (user_id, username, org_unit_id, entity_type, entity_id, action, reason, changes, request_id)
       SELECT $1, $2, $3, $4, x->>'i', x->>'a', $5, x->'c', $6 FROM jsonb_array_elements($7::jsonb) AS x`,
});

/** An import batch's audit rows by COPY: no statement PREPARE takes, so not declared (the columns are audit_log's, as in SQL.audit). */
const AUDIT_COPY = 'COPY audit_log (user_id, username, org_unit_id, entity_type, entity_id, action, changes, reason, request_id) FROM STDIN';

const SKIP = new Set(['createdAt', 'updatedAt', 'rowVersion']);
/**
 * A decimal already in the form `new Dec(x).toString()` gives: no trailing zeros, no "-0", and
 * within the range decimal.js prints without an exponent (≥ 1e-6, < 1e20).
 */
const CANONICAL_DECIMAL = /^(?:0|-?[1-9]\d{0,19})(?:\.\d{0,5}[1-9])?$|^-0\.\d{0,5}[1-9]$/;

/** `new Dec(v).toString()`, or a 400 naming the field: no caller's value may end in a DecimalError (500). */
function canonicalDecimal(field: string, v: unknown): string {
  try {
    if (typeof v !== 'string' && typeof v !== 'number') throw new Error('not a number');
    return new Dec(typeof v === 'string' ? v.trim() : v).toString();
  } catch {
    throw new DomainException(CatalogError.CATALOG_INVALID_INPUT, `${field}: not a number / 不是数字`, [{ field, message: 'not a number' }]);
  }
}

/** How one writable column travels in a bulk statement: as an element of a typed array parameter. */
interface ColumnPlan {
  prop: string;
  db: string;
  /** the SQL type of the array parameter (`numeric[]`); array and jsonb columns travel as text */
  param: string;
  /** the value in the statement, from the unnest alias `x` (a cast where the column travels as text) */
  select: string;
  encode: (v: unknown) => unknown;
}

interface TablePlan {
  cols: ColumnMetadata[];
  plan: ColumnPlan[];
  props: Set<string>;
  numeric: Set<string>;
  /** per column, the start of its audit entry in a new record's changes (`{"field":"code","before":null,"after":`) */
  auditHead: string[];
}

/** A PostgreSQL array literal, every element quoted (a uuid[] / text[] column travelling as text). */
export function pgArrayLiteral(values: unknown[]): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/**
 * An array parameter as the PostgreSQL array literal the driver would make of it (every element
 * quoted, NULL for null), built in one pass: the driver escapes each element with two regular
 * expressions. Values other than strings, numbers and booleans are left to the driver.
 */
export function arrayParam(values: unknown[]): string | unknown[] {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'string') out += v.indexOf('"') < 0 && v.indexOf('\\') < 0 ? `"${v}"` : `"${v.replace(/[\\"]/g, '\\$&')}"`;
    else if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out += `"${v}"`;
    else return values;
  }
  return `${out}}`;
}

/** JSON of one audit value as the app holds it (strings, numbers, booleans, arrays; dates as ISO text) */
function auditJson(v: unknown): string {
  if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return String(v);
  return JSON.stringify(v instanceof Date ? v.toISOString() : v);
}

/** Audit changes of a new record: every value it was given (before is null by definition). */
function createdChanges(after: Record<string, unknown>, { plan, props, auditHead }: TablePlan): string {
  let out = '';
  for (let i = 0; i < plan.length; i++) {
    const v = after[plan[i].prop];
    if (v !== null && v !== undefined) out += `${out ? ',' : ''}${auditHead[i]}${auditJson(v)}}`;
  }
  for (const k in after) {
    // aggregate extras (barcodes) are part of the record's story too
    const v = after[k];
    if (v !== null && v !== undefined && !props.has(k) && !SKIP.has(k)) out += `${out ? ',' : ''}{"field":${JSON.stringify(k)},"before":null,"after":${auditJson(v)}}`;
  }
  return `[${out}]`;
}

/**
 * The one write path of every base-data table (API edits and bulk imports alike): one multi-row
 * INSERT and one UPDATE per call, each from typed arrays (`unnest($1::uuid[], $2::numeric[], …)`,
 * far cheaper to send and parse than a JSON record set), `row_version + 1` on every changed row (the
 * transfer protocol replicates by it), and field-level audit rows in one more statement.
 */
@Injectable()
export class CatalogWriter {
  private readonly plans = new Map<string, TablePlan>();

  constructor(private readonly connection: TransactionalConnection) {}

  private tablePlan(spec: CatalogSpec): TablePlan {
    let p = this.plans.get(spec.key);
    if (!p) {
      const cols = this.connection.dataSource.getMetadata(spec.entity).columns.filter((c) => !SKIP.has(c.propertyName));
      const plan = cols.map((c): ColumnPlan => {
        const type = this.connection.dataSource.driver.normalizeType(c);
        const name = `x."${c.databaseName}"`;
        if (c.isArray)
          return { prop: c.propertyName, db: c.databaseName, param: 'text[]', select: `${name}::${type}[]`, encode: (v) => (Array.isArray(v) ? pgArrayLiteral(v) : null) };
        if (type === 'jsonb' || type === 'json')
          return {
            prop: c.propertyName,
            db: c.databaseName,
            param: 'text[]',
            select: `${name}::${type}`,
            encode: (v) => (v === null || v === undefined ? null : JSON.stringify(v)),
          };
        return { prop: c.propertyName, db: c.databaseName, param: `${type}[]`, select: name, encode: (v) => (v === undefined ? null : v) };
      });
      const types = cols.map((c) => this.connection.dataSource.driver.normalizeType(c));
      p = {
        cols,
        plan,
        props: new Set(plan.map((c) => c.prop)),
        numeric: new Set(cols.filter((_c, i) => types[i] === 'numeric').map((c) => c.propertyName)),
        auditHead: plan.map((c) => `{"field":${JSON.stringify(c.prop)},"before":null,"after":`),
      };
      this.plans.set(spec.key, p);
    }
    return p;
  }

  columns(spec: CatalogSpec): ColumnMetadata[] {
    return this.tablePlan(spec).cols;
  }

  /** A stored row as a plain snapshot of its writable columns (decimals as normalised strings). */
  snapshot(spec: CatalogSpec, row: object): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const c of this.tablePlan(spec).plan) out[c.prop] = (row as Record<string, unknown>)[c.prop] ?? null;
    return out;
  }

  /** Input values in the stored form, so that unchanged input compares equal ("12.50" ≡ "12.5"). */
  normalise(spec: CatalogSpec, values: Record<string, unknown>): Record<string, unknown> {
    return this.normaliseInto(spec, values, {});
  }

  /** `normalise`, written over `target` (a new row's defaults, or a copy of its before). */
  normaliseInto(spec: CatalogSpec, values: Record<string, unknown>, target: Record<string, unknown>): Record<string, unknown> {
    const numeric = this.tablePlan(spec).numeric;
    for (const k in values) {
      const v = values[k];
      target[k] = v !== null && v !== undefined && numeric.has(k) && !(typeof v === 'string' && CANONICAL_DECIMAL.test(v)) ? canonicalDecimal(k, v) : v;
    }
    return target;
  }

  changes(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
    return diffFields(before ?? {}, after);
  }

  /** `unnest($1::uuid[], …) AS x(…)` over the plan's columns, parameters from `$first`. */
  private unnest(plan: ColumnPlan[], first: number, extra: Array<{ name: string; param: string }> = []): string {
    const params = [...extra.map((e) => e.param), ...plan.map((c) => c.param)].map((t, i) => `$${first + i}::${t}`);
    const names = [...extra.map((e) => e.name), ...plan.map((c) => `"${c.db}"`)];
    return `unnest(${params.join(', ')}) AS x(${names.join(', ')})`;
  }

  private arrays(plan: ColumnPlan[], items: WriteItem[]): unknown[] {
    return plan.map((c) => arrayParam(items.map((i) => c.encode(i.after[c.prop]))));
  }

  /**
   * Writes the items that changed and audits them. Items whose `after` equals `before` are skipped
   * (re-importing the same file changes nothing, not even row versions).
   */
  async write(ctx: RequestContext, spec: CatalogSpec, items: WriteItem[], reason?: string): Promise<{ created: WriteItem[]; updated: WriteItem[]; unchanged: number }> {
    const created: WriteItem[] = [];
    const updated: Array<{ item: WriteItem; changes: FieldChange[] }> = [];
    for (const i of items) {
      if (!i.before) created.push(i);
      else {
        const changes = this.changes(i.before, i.after);
        if (changes.length) updated.push({ item: i, changes });
      }
    }
    const m = this.connection.manager(ctx);
    const table = this.tablePlan(spec);
    const { plan } = table;
    if (created.length) {
      const names = plan.map((c) => `"${c.db}"`).join(', ');
      await m.query(
        `INSERT INTO "${spec.table}" (${names}, row_version) SELECT ${plan.map((c) => c.select).join(', ')}, 1 FROM ${this.unnest(plan, 1)}`,
        this.arrays(plan, created),
      );
    }
    if (updated.length) {
      const rows = updated.map((u) => u.item);
      const set = plan.filter((c) => c.prop !== 'id').map((c) => `"${c.db}" = ${c.select}`);
      const done = await queryRows<{ id: string }>(
        m,
        `UPDATE "${spec.table}" AS t SET ${set.join(', ')}, row_version = t.row_version + 1, updated_at = now()
           FROM ${this.unnest(plan, 1, [{ name: '__v', param: 'int[]' }])}
          WHERE t.id = x.id AND t.row_version = x.__v RETURNING t.id`,
        [rows.map((i) => i.version), ...this.arrays(plan, rows)],
      );
      if (done.length !== rows.length) {
        throw new DomainException(CommonError.VERSION_CONFLICT, 'the record was changed by someone else meanwhile / 记录已被他人修改', undefined, { table: spec.table });
      }
    }
    await this.auditRows(
      ctx,
      spec.key,
      [
        ...created.map((i) => ({ id: i.id, action: 'create', changes: createdChanges(i.after, table) })),
        ...updated.map((u) => ({ id: u.item.id, action: 'update', changes: JSON.stringify(u.changes) })),
      ],
      reason,
    );
    return { created, updated: updated.map((u) => u.item), unchanged: items.length - created.length - updated.length };
  }

  /** Field-level audit rows for many records in one statement. */
  async audit(ctx: RequestContext, entityType: string, entries: Array<{ i: WriteItem; action: string }>, reason?: string): Promise<void> {
    await this.auditRows(
      ctx,
      entityType,
      entries.map(({ i, action }) => ({ id: i.id, action, changes: JSON.stringify(this.changes(i.before, i.after)) })),
      reason,
    );
  }

  /**
   * Audit rows by COPY in a transaction (an import's batch: PostgreSQL parses no JSON array and no
   * statement per row, and the app builds one text instead of an array of records); otherwise they
   * travel as one JSON array (`[{"i":id,"a":action,"c":changes}, …]`): a text[] of JSON would have
   * every quote escaped by the driver and unescaped again by the server.
   */
  private async auditRows(ctx: RequestContext, entityType: string, rows: Array<{ id: string; action: string; changes: string }>, reason?: string): Promise<void> {
    if (!rows.length) return;
    const m = this.connection.manager(ctx);
    if (m.queryRunner) {
      // the fields every row shares, escaped once; `changes` is JSON text, whose only COPY-special character is the backslash
      const head = [ctx.userId ?? null, ctx.user?.username ?? null, ctx.user?.orgUnitId ?? null, entityType].map(copyTextFieldOf).join('\t');
      const tail = [reason ?? null, ctx.requestId ?? null].map(copyTextFieldOf).join('\t');
      let text = '';
      for (const r of rows) text += `${head}\t${copyTextFieldOf(r.id)}\t${copyTextFieldOf(r.action)}\t${copyTextFieldOf(r.changes)}\t${tail}\n`;
      await copyIn(m, AUDIT_COPY, Buffer.from(text, 'utf8'));
      return;
    }
    const payload = `[${rows.map((r) => `{"i":${JSON.stringify(r.id)},"a":${JSON.stringify(r.action)},"c":${r.changes}}`).join(',')}]`;
    await this.connection
      .manager(ctx)
      .query(SQL.audit, [ctx.userId, ctx.user?.username ?? null, ctx.user?.orgUnitId ?? null, entityType, reason ?? null, ctx.requestId ?? null, payload]);
  }
}
