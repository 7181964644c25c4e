import { Injectable } from '@nestjs/common';
import { CommonError, DomainException } from '../common/errors';
import { Dec } from '../common/money';
import { diffFields } from '../documents/audit.service';
import { FieldChange } from '../documents/documents.entities';
import { queryRows } from '../common/sql';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { CatalogSpec } from './catalog.specs';

/** A row about to be written: its state before (null = new) and after, as plain objects. */
export interface WriteItem {
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  /** the version the caller read (updates) */
  version?: number;
}

const SKIP = new Set(['createdAt', 'updatedAt', 'rowVersion']);
/**
 * A decimal already in the form `new Dec(x).toString()` gives: no trailing zeros, no "-0", and
 * within the range decimal.js prints without an exponent (≥ 1e-6, < 1e20).
 */
const CANONICAL_DECIMAL = /^(?:0|-?[1-9]\d{0,19})(?:\.\d{0,5}[1-9])?$|^-0\.\d{0,5}[1-9]$/;

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
  /**
   * Per column, the audit value of a new row as SQL (`to_jsonb(…)` of the unnest alias, the same JSON
   * the JS audit would write), or null when some column type has no exact SQL equivalent (then
   * created rows are audited from JS).
   */
  auditSql: string[] | null;
}

/** column types whose `to_jsonb` equals JSON.stringify of the value the app holds (numeric: as text) */
const AUDIT_AS_IS = new Set(['uuid', 'character varying', 'varchar', 'character', 'char', 'text', 'integer', 'int', 'int4', 'smallint', 'int2', 'boolean', 'bool', 'date', 'jsonb', 'json']);

/** a SQL string literal of an identifier-like name (property names) */
function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A PostgreSQL array literal, every element quoted (a uuid[] / text[] column travelling as text). */
export function pgArrayLiteral(values: unknown[]): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/** Audit changes of a new record: every value it was given (before is null by definition). */
function createdChanges(after: Record<string, unknown>, { plan, props }: TablePlan): string {
  const parts: string[] = [];
  for (const c of plan) {
    const v = after[c.prop];
    if (v !== null && v !== undefined) parts.push(`{"field":${JSON.stringify(c.prop)},"before":null,"after":${JSON.stringify(v instanceof Date ? v.toISOString() : v)}}`);
  }
  for (const [k, v] of Object.entries(after)) {
    // aggregate extras (barcodes) are part of the record's story too
    if (v !== null && v !== undefined && !props.has(k) && !SKIP.has(k)) parts.push(`{"field":${JSON.stringify(k)},"before":null,"after":${JSON.stringify(v)}}`);
  }
  return `[${parts.join(',')}]`;
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
        if (c.isArray) return { prop: c.propertyName, db: c.databaseName, param: 'text[]', select: `${name}::${type}[]`, encode: (v) => (Array.isArray(v) ? pgArrayLiteral(v) : null) };
        if (type === 'jsonb' || type === 'json') return { prop: c.propertyName, db: c.databaseName, param: 'text[]', select: `${name}::${type}`, encode: (v) => (v === null || v === undefined ? null : JSON.stringify(v)) };
        return { prop: c.propertyName, db: c.databaseName, param: `${type}[]`, select: name, encode: (v) => (v === undefined ? null : v) };
      });
      const types = cols.map((c) => this.connection.dataSource.driver.normalizeType(c));
      const auditable = plan.some((c) => c.prop === 'id' && c.db === 'id') && types.every((t) => t === 'numeric' || AUDIT_AS_IS.has(t));
      const auditSql = auditable
        ? plan.map((c, i) => (types[i] === 'numeric' && !cols[i].isArray ? `to_jsonb((${c.select})::text)` : types[i] === 'uuid' && !cols[i].isArray ? `to_jsonb((${c.select})::text)` : `to_jsonb(${c.select})`))
        : null;
      p = { cols, plan, props: new Set(plan.map((c) => c.prop)), numeric: new Set(cols.filter((_c, i) => types[i] === 'numeric').map((c) => c.propertyName)), auditSql };
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
      target[k] = v !== null && v !== undefined && numeric.has(k) && !(typeof v === 'string' && CANONICAL_DECIMAL.test(v)) ? new Dec(v as string).toString() : v;
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

  private arrays(plan: ColumnPlan[], items: WriteItem[]): unknown[][] {
    return plan.map((c) => items.map((i) => c.encode(i.after[c.prop])));
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
    let auditedInSql = false;
    if (created.length && table.auditSql) {
      await this.insertAudited(ctx, spec, table, created, reason);
      auditedInSql = true;
    } else if (created.length) {
      const names = plan.map((c) => `"${c.db}"`).join(', ');
      await m.query(`INSERT INTO "${spec.table}" (${names}, row_version) SELECT ${plan.map((c) => c.select).join(', ')}, 1 FROM ${this.unnest(plan, 1)}`, this.arrays(plan, created));
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
      [...(auditedInSql ? [] : created.map((i) => ({ id: i.id, action: 'create', changes: createdChanges(i.after, table) }))), ...updated.map((u) => ({ id: u.item.id, action: 'update', changes: JSON.stringify(u.changes) }))],
      reason,
    );
    return { created, updated: updated.map((u) => u.item), unchanged: items.length - created.length - updated.length };
  }

  /**
   * New rows and their audit rows in one statement: the audit `changes` (every non-null value, the
   * aggregate extras such as barcodes after the columns) are built by the server from the same
   * typed arrays, instead of one JSON text per row built here, sent and parsed again.
   */
  private async insertAudited(ctx: RequestContext, spec: CatalogSpec, table: TablePlan, created: WriteItem[], reason?: string): Promise<void> {
    const { plan, props } = table;
    const extras: string[] = [];
    for (const i of created) {
      for (const k in i.after) if (!props.has(k) && !SKIP.has(k) && !extras.includes(k)) extras.push(k);
    }
    const extra = extras.map((_k, n) => ({ name: `"__e${n}"`, param: 'text[]' }));
    const params: unknown[] = [
      ...extras.map((k) => created.map((i) => (i.after[k] === null || i.after[k] === undefined ? null : JSON.stringify(i.after[k])))),
      ...this.arrays(plan, created),
    ];
    const first = params.length + 1;
    params.push(ctx.userId, ctx.user?.username ?? null, ctx.user?.orgUnitId ?? null, spec.key, reason ?? null, ctx.requestId ?? null);
    const fields = [
      ...plan.map((c, n) => `(${n}, ${sqlString(c.prop)}, ${table.auditSql![n]})`),
      ...extras.map((k, n) => `(${plan.length + n}, ${sqlString(k)}, x."__e${n}"::jsonb)`),
    ];
    const names = plan.map((c) => `"${c.db}"`).join(', ');
    await this.connection.manager(ctx).query(
      `WITH x AS (SELECT * FROM ${this.unnest(plan, 1, extra)}),
       ins AS (INSERT INTO "${spec.table}" (${names}, row_version) SELECT ${plan.map((c) => c.select).join(', ')}, 1 FROM x)
       INSERT INTO audit_log (user_id, username, org_unit_id, entity_type, entity_id, action, reason, changes, request_id)
       SELECT $${first}, $${first + 1}, $${first + 2}, $${first + 3}, x."id"::text, 'create', $${first + 4},
              (SELECT coalesce(jsonb_agg(jsonb_build_object('field', f.k, 'before', NULL, 'after', f.v) ORDER BY f.o), '[]'::jsonb)
                 FROM (VALUES ${fields.join(', ')}) AS f(o, k, v) WHERE f.v IS NOT NULL AND f.v <> 'null'::jsonb),
              $${first + 5}
         FROM x`,
      params,
    );
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
   * The audit rows travel as one JSON array (`[{"i":id,"a":action,"c":changes}, …]`): a text[] of
   * JSON would have every quote escaped by the driver and unescaped again by the server.
   */
  private async auditRows(ctx: RequestContext, entityType: string, rows: Array<{ id: string; action: string; changes: string }>, reason?: string): Promise<void> {
    if (!rows.length) return;
    const payload = `[${rows.map((r) => `{"i":${JSON.stringify(r.id)},"a":${JSON.stringify(r.action)},"c":${r.changes}}`).join(',')}]`;
    await this.connection.manager(ctx).query(
      `INSERT INTO audit_log (user_id, username, org_unit_id, entity_type, entity_id, action, reason, changes, request_id)
       SELECT $1, $2, $3, $4, x->>'i', x->>'a', $5, x->'c', $6 FROM jsonb_array_elements($7::jsonb) AS x`,
      [ctx.userId, ctx.user?.username ?? null, ctx.user?.orgUnitId ?? null, entityType, reason ?? null, ctx.requestId ?? null, payload],
    );
  }
}
