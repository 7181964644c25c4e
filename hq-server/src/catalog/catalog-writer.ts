import { Injectable } from '@nestjs/common';
import { CommonError, Dec, diffFields, DomainException, FieldChange, queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';
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
 * The one write path of every base-data table (API edits and bulk imports alike): multi-row
 * INSERT/UPDATE from a JSON record set, `row_version + 1` on every changed row (the transfer
 * protocol replicates by it), and field-level audit rows in the same transaction.
 */
@Injectable()
export class CatalogWriter {
  constructor(private readonly connection: TransactionalConnection) {}

  columns(spec: CatalogSpec): ColumnMetadata[] {
    return this.connection.dataSource.getMetadata(spec.entity).columns.filter((c) => !SKIP.has(c.propertyName));
  }

  /** A stored row as a plain snapshot of its writable columns (decimals as normalised strings). */
  snapshot(spec: CatalogSpec, row: object): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const c of this.columns(spec)) out[c.propertyName] = (row as Record<string, unknown>)[c.propertyName] ?? null;
    return out;
  }

  /** Input values in the stored form, so that unchanged input compares equal ("12.50" ≡ "12.5"). */
  normalise(spec: CatalogSpec, values: Record<string, unknown>): Record<string, unknown> {
    const types = new Map(this.columns(spec).map((c) => [c.propertyName, this.pgType(c)]));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
      out[k] = v !== null && v !== undefined && types.get(k) === 'numeric' ? new Dec(v as string).toString() : v;
    }
    return out;
  }

  changes(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
    return diffFields(before ?? {}, after);
  }

  private pgType(c: ColumnMetadata): string {
    return this.connection.dataSource.driver.normalizeType(c);
  }

  private recordDefs(cols: ColumnMetadata[]): string {
    return cols.map((c) => `"${c.databaseName}" ${this.pgType(c)}${c.isArray ? '[]' : ''}`).join(', ');
  }

  private json(cols: ColumnMetadata[], items: WriteItem[], extra: (i: WriteItem) => Record<string, unknown> = () => ({})): string {
    return JSON.stringify(
      items.map((i) => {
        const o: Record<string, unknown> = extra(i);
        for (const c of cols) o[c.databaseName] = i.after[c.propertyName] ?? null;
        return o;
      }),
    );
  }

  /**
   * Writes the items that changed and audits them. Items whose `after` equals `before` are skipped
   * (re-importing the same file changes nothing, not even row versions).
   */
  async write(ctx: RequestContext, spec: CatalogSpec, items: WriteItem[], reason?: string): Promise<{ created: WriteItem[]; updated: WriteItem[]; unchanged: number }> {
    const created = items.filter((i) => !i.before);
    const updated = items.filter((i) => i.before && this.changes(i.before, i.after).length > 0);
    const m = this.connection.manager(ctx);
    const cols = this.columns(spec);
    if (created.length) {
      const names = cols.map((c) => `"${c.databaseName}"`).join(', ');
      await m.query(
        `INSERT INTO "${spec.table}" (${names}, row_version) SELECT ${names}, 1 FROM jsonb_to_recordset($1::jsonb) AS x(${this.recordDefs(cols)})`,
        [this.json(cols, created)],
      );
    }
    if (updated.length) {
      const set = cols.filter((c) => c.propertyName !== 'id').map((c) => `"${c.databaseName}" = x."${c.databaseName}"`);
      const rows = await queryRows<{ id: string }>(
        m,
        `UPDATE "${spec.table}" AS t SET ${set.join(', ')}, row_version = t.row_version + 1, updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS x(__v int, ${this.recordDefs(cols)})
          WHERE t.id = x.id AND t.row_version = x.__v RETURNING t.id`,
        [this.json(cols, updated, (i) => ({ __v: i.version }))],
      );
      if (rows.length !== updated.length) {
        throw new DomainException(CommonError.VERSION_CONFLICT, 'the record was changed by someone else meanwhile / 记录已被他人修改', undefined, { table: spec.table });
      }
    }
    await this.audit(ctx, spec.key, [...created.map((i) => ({ i, action: 'create' })), ...updated.map((i) => ({ i, action: 'update' }))], reason);
    return { created, updated, unchanged: items.length - created.length - updated.length };
  }

  /** Field-level audit rows for many records in one statement. */
  async audit(ctx: RequestContext, entityType: string, entries: Array<{ i: WriteItem; action: string }>, reason?: string): Promise<void> {
    if (!entries.length) return;
    const payload = entries.map(({ i, action }) => ({ id: i.id, action, changes: this.changes(i.before, i.after) }));
    await this.connection.manager(ctx).query(
      `INSERT INTO audit_log (user_id, username, org_unit_id, entity_type, entity_id, action, reason, changes, request_id)
       SELECT $1, $2, $3, $4, x.id, x.action, $5, x.changes, $6 FROM jsonb_to_recordset($7::jsonb) AS x(id text, action text, changes jsonb)`,
      [ctx.userId, ctx.user?.username ?? null, ctx.user?.orgUnitId ?? null, entityType, reason ?? null, ctx.requestId ?? null, JSON.stringify(payload)],
    );
  }
}
