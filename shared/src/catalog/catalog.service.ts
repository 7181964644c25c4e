import { randomUUID } from 'node:crypto';
import { CommonError, DomainException, notFound } from '../common/errors';
import { type Page, paginate, type PageQueryDto } from '../common/pagination';
import { escapeLike, queryRows } from '../common/sql';
import { YIELD_MASK, yieldToEventLoop } from '../common/event-loop';
import { type RequestContext } from '../common/request-context';
import { type TransactionalConnection } from '../common/transactional-connection';
import { type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { type CatalogWriter, type WriteItem } from './catalog-writer';
import { CatalogError } from './catalog.errors';
import { type CatalogSpec, type RefSpec } from './catalog.definitions';
import { parseCell } from '../excel/sheet-schema';

/** One input row of a save: from an API body (by id) or an import row (by natural key). */
export interface SaveInput {
  /** the caller's handle for errors: the sheet row number, or 0 for an API call */
  ref: number;
  /** update this record (API); otherwise the natural key decides between insert and update */
  id?: string;
  expectedVersion?: number;
  /** entity properties (references already as ids), plus aggregate extras such as `barcodes` */
  values: Record<string, unknown>;
}

export interface SaveError {
  ref: number;
  column: string;
  code: string;
  message: string;
}

export interface SaveResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: SaveError[];
  ids: Map<number, string>;
}

export type SaveMode = 'create' | 'update' | 'upsert';

export interface SaveOptions {
  /** audit reason */
  reason?: string;
  /** reference ids were resolved from codes in this transaction (imports): no second look-up */
  refsResolved?: boolean;
}

export interface CatalogListQuery extends PageQueryDto {
  search?: string;
  status?: string;
}

/**
 * Base data of one entity: list, get, create, update, disable, and the bulk save the import uses.
 * Entities with more rules (products with barcodes, the category tree, store prices) extend it
 * through the protected hooks; every write of every entity goes through `save`.
 */
export class CatalogService<T extends ObjectLiteral = ObjectLiteral> {
  constructor(
    readonly spec: CatalogSpec,
    protected readonly connection: TransactionalConnection,
    protected readonly writer: CatalogWriter,
  ) {}

  // ---- reading ----

  protected listQuery(ctx: RequestContext, q: CatalogListQuery): SelectQueryBuilder<T> {
    const qb = this.connection.repo(ctx, this.spec.entity).createQueryBuilder('t') as unknown as SelectQueryBuilder<T>;
    const searches = this.searchClauses();
    if (q.search && searches.length) qb.andWhere(`(${searches.join(' OR ')})`, { search: `%${escapeLike(q.search)}%`, searchExact: q.search });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    this.filter(ctx, qb, q);
    return qb;
  }

  /** SQL conditions of `search` (`:search` is the ILIKE pattern, `:searchExact` the text) */
  protected searchClauses(): string[] {
    return this.spec.search.map((c) => `${c} ILIKE :search`);
  }

  /** entity-specific filters of lists and exports */
  protected filter(_ctx: RequestContext, _qb: SelectQueryBuilder<T>, _q: CatalogListQuery): void {}

  /** extra fields of each row (barcodes of products) */
  protected async decorate(_ctx: RequestContext, rows: T[]): Promise<T[]> {
    return rows;
  }

  async list(ctx: RequestContext, q: CatalogListQuery): Promise<Page<T>> {
    const page = await paginate(this.listQuery(ctx, q), q, this.spec.sort);
    return { items: await this.decorate(ctx, page.items), total: page.total };
  }

  /** All rows matching a list query, in chunks (exports). */
  async *iterate(ctx: RequestContext, q: CatalogListQuery, chunk = 2000): AsyncGenerator<T[]> {
    const qb = this.listQuery(ctx, q).orderBy('t.id');
    let after: string | null = null;
    for (;;) {
      const page = qb.clone();
      if (after) page.andWhere('t.id > :after', { after });
      const rows = await page.take(chunk).getMany();
      if (!rows.length) return;
      yield this.decorate(ctx, rows);
      after = rows[rows.length - 1].id;
      if (rows.length < chunk) return;
    }
  }

  async get(ctx: RequestContext, id: string): Promise<T> {
    const row = await this.listQuery(ctx, {}).andWhere('t.id = :id', { id }).getOne();
    if (!row) throw notFound(this.spec.zh, id);
    return (await this.decorate(ctx, [row]))[0];
  }

  // ---- writing through the API ----

  async create(ctx: RequestContext, dto: object): Promise<T> {
    const id = await this.saveOne(ctx, { ref: 0, values: this.canonical(dto) }, 'create');
    return this.get(ctx, id);
  }

  async update(ctx: RequestContext, id: string, dto: object): Promise<T> {
    const { expectedVersion, ...values } = dto as { expectedVersion?: number };
    await this.saveOne(ctx, { ref: 0, id, expectedVersion, values: this.canonical(values) }, 'update');
    return this.get(ctx, id);
  }

  /**
   * API values in the form an import stores them — text and codes trimmed, full-width codes
   * normalised, decimals exact and canonical (`" 12.5 "` → `"12.5"`) — through the same cell rules
   * the DTO checked them with. Reference ids pass as they are.
   */
  protected canonical(dto: object): Record<string, unknown> {
    const out: Record<string, unknown> = { ...dto };
    for (const col of this.spec.sheet.columns) {
      const v = out[col.key];
      if (v === undefined || v === null || this.spec.refs.some((r) => r.sheetKey === col.key)) continue;
      const r = parseCell(col, col.kind === 'list' && Array.isArray(v) ? v.join(';') : v);
      if ('error' in r) throw new DomainException(CommonError.VALIDATION_FAILED, `${col.key}: ${r.message}`, [{ field: col.key, message: r.message }]);
      out[col.key] = r.value;
    }
    return out;
  }

  /** 停用: nothing is hard-deleted, documents keep pointing at the record. */
  async disable(ctx: RequestContext, id: string, expectedVersion?: number): Promise<T> {
    return this.update(ctx, id, { status: this.spec.disabledStatus, expectedVersion });
  }

  private async saveOne(ctx: RequestContext, input: SaveInput, mode: SaveMode): Promise<string> {
    const result = await this.connection.withTransaction(ctx, (tx) => this.save(tx, [input], mode));
    if (result.errors.length) {
      const e = result.errors[0];
      const fields = result.errors.map((x) => ({ field: x.column, message: x.message }));
      throw new DomainException(e.code in CatalogError || e.code in CommonError ? e.code : CatalogError.CATALOG_INVALID_INPUT, e.message, fields);
    }
    return result.ids.get(0)!;
  }

  assertHq(ctx: RequestContext): void {
    if (!ctx.isHq) throw new DomainException(CatalogError.CATALOG_HQ_ONLY, 'base data is maintained at HQ / 基本信息只能由总部维护');
  }

  // ---- the one write path ----

  /**
   * Saves many rows in the caller's transaction. Problems come back per input (the import reports
   * them per sheet row); inputs with problems are not written, the others are.
   */
  async save(ctx: RequestContext, inputs: SaveInput[], mode: SaveMode, options: SaveOptions = {}): Promise<SaveResult> {
    this.assertHq(ctx);
    const errors: SaveError[] = [];
    const bad = new Set<number>();
    const fail = (ref: number, column: string, code: string, message: string) => {
      errors.push({ ref, column, code, message });
      bad.add(ref);
    };
    if (!options.refsResolved) await this.checkReferences(ctx, inputs, fail);
    const existing = await this.loadExisting(ctx, inputs, mode);
    const extras = await this.loadExtras(
      ctx,
      [...existing.values()].map((r) => r.id as string),
    );
    const items: Array<{ input: SaveInput; item: WriteItem }> = [];
    let n = 0;
    for (const input of inputs) {
      // an import's batch of thousands of rows: other requests get in between
      if ((++n & YIELD_MASK) === 0) await yieldToEventLoop();
      if (bad.has(input.ref)) continue;
      const row = input.id ? existing.get(input.id) : existing.get(this.keyOf(input.values));
      if (mode === 'update' && !row) {
        fail(input.ref, 'id', CommonError.NOT_FOUND, `${this.spec.zh} not found / 未找到`);
        continue;
      }
      if (mode === 'create' && row) {
        fail(input.ref, this.spec.naturalKey.join(','), CatalogError.CATALOG_CODE_TAKEN, `${this.spec.zh} ${this.keyLabel(input.values)} already exists / 编码已存在`);
        continue;
      }
      if (row && input.expectedVersion !== undefined && input.expectedVersion !== row.rowVersion) {
        fail(
          input.ref,
          'expectedVersion',
          CommonError.VERSION_CONFLICT,
          `the record was changed by someone else (version ${row.rowVersion}, you had ${input.expectedVersion}) / 记录已被他人修改`,
        );
        continue;
      }
      const before = row ? { ...this.writer.snapshot(this.spec, row), ...extras.get(row.id as string) } : null;
      // Object.assign, not `{ ...defaults, id }`: V8 gives a spread-then-extended literal a map with no
      // shared transitions, and every key the row adds then took the slow path (~20 µs a row, the
      // import's largest JS cost after garbage collection — bench/BENCHMARKS.md)
      const after = this.writer.normaliseInto(this.spec, input.values, before ? { ...before } : Object.assign({}, this.spec.defaults, { id: randomUUID() }));
      items.push({ input, item: { id: after.id as string, before, after, version: row?.rowVersion as number | undefined } });
    }
    await this.check(ctx, items, fail);
    const good = items.filter((x) => !bad.has(x.input.ref));
    const written = await this.writer.write(
      ctx,
      this.spec,
      good.map((x) => x.item),
      options.reason,
    );
    await this.afterWrite(ctx, [...written.created, ...written.updated]);
    return { created: written.created.length, updated: written.updated.length, unchanged: written.unchanged, errors, ids: new Map(good.map((x) => [x.input.ref, x.item.id])) };
  }

  protected keyOf(values: Record<string, unknown>): string {
    return this.spec.naturalKey.map((k) => String(values[k] ?? '')).join('\u0000');
  }

  protected keyLabel(values: Record<string, unknown>): string {
    return this.spec.naturalKey.map((k) => String(values[k] ?? '')).join(' / ');
  }

  /** Rows the inputs refer to, locked for the rest of the transaction, keyed by id and by natural key. */
  private async loadExisting(ctx: RequestContext, inputs: SaveInput[], mode: SaveMode): Promise<Map<string, T>> {
    const repo = this.connection.repo(ctx, this.spec.entity);
    const qb = repo.createQueryBuilder('t').setLock('pessimistic_write');
    const ids = inputs.filter((i) => i.id).map((i) => i.id!);
    const keyed = mode === 'update' ? [] : inputs.filter((i) => !i.id);
    if (!ids.length && !keyed.length) return new Map();
    const where: string[] = [];
    if (ids.length) where.push('t.id IN (:...ids)');
    let keys: unknown = null;
    if (keyed.length && this.spec.naturalKey.length === 1) {
      // one key column (code): a plain `= ANY` the unique index answers
      const k = this.spec.naturalKey[0];
      where.push(`t."${this.column(k)}" = ANY(:keys)`);
      keys = keyed.map((i) => (i.values[k] === undefined || i.values[k] === null ? null : String(i.values[k])));
    } else if (keyed.length) {
      const cols = this.spec.naturalKey.map((k) => `"${this.column(k)}"`);
      const defs = this.spec.naturalKey.map((k) => `"${this.column(k)}" text`);
      where.push(`(${cols.map((c) => `t.${c}::text`).join(', ')}) IN (SELECT ${cols.join(', ')} FROM jsonb_to_recordset(:keys::jsonb) AS x(${defs.join(', ')}))`);
      keys = JSON.stringify(
        keyed.map((i) => Object.fromEntries(this.spec.naturalKey.map((k) => [this.column(k), i.values[k] === undefined || i.values[k] === null ? null : String(i.values[k])]))),
      );
    }
    const rows = await qb.where(where.join(' OR '), { ids, keys }).getMany();
    const map = new Map<string, T>();
    for (const r of rows) {
      map.set(r.id, r as T);
      map.set(this.keyOf(r), r as T);
    }
    return map;
  }

  protected column(prop: string): string {
    return this.connection.dataSource.getMetadata(this.spec.entity).findColumnWithPropertyName(prop)!.databaseName;
  }

  /** Referenced ids (API inputs) must exist; one query per reference column. */
  private async checkReferences(ctx: RequestContext, inputs: SaveInput[], fail: (ref: number, column: string, code: string, message: string) => void): Promise<void> {
    for (const ref of this.spec.refs) {
      const wanted = [...new Set(inputs.map((i) => i.values[ref.prop]).filter((v): v is string => typeof v === 'string'))];
      if (!wanted.length) continue;
      const found = new Set(
        (
          await queryRows<{ id: string }>(this.connection.manager(ctx), `SELECT r.id FROM ${ref.table} r WHERE r.id = ANY($1::uuid[])${ref.where ? ` AND ${ref.where}` : ''}`, [
            wanted,
          ])
        ).map((r) => r.id),
      );
      for (const i of inputs) {
        const v = i.values[ref.prop];
        if (typeof v === 'string' && !found.has(v)) fail(i.ref, ref.prop, CatalogError.CATALOG_UNKNOWN_REFERENCE, `${ref.zh} ${v} does not exist / ${ref.zh}不存在`);
      }
    }
  }

  /** Resolves codes of a reference to ids in one query. */
  async resolveCodes(ctx: RequestContext, ref: RefSpec, codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await queryRows<{ id: string; code: string }>(
      this.connection.manager(ctx),
      `SELECT r.id, r.code FROM ${ref.table} r WHERE r.code = ANY($1::text[])${ref.where ? ` AND ${ref.where}` : ''}`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** Records of a reference whose name is one of `names` (a clerk wrote the name where the code goes). */
  async findByNames(ctx: RequestContext, ref: RefSpec, names: string[]): Promise<Array<{ code: string; name: string }>> {
    if (!names.length) return [];
    return queryRows(
      this.connection.manager(ctx),
      `SELECT r.code, r.name FROM ${ref.table} r WHERE r.name = ANY($1::text[])${ref.where ? ` AND ${ref.where}` : ''} ORDER BY r.code LIMIT 1000`,
      [names],
    );
  }

  /** The first `n` codes of a reference (to list them when there are few). */
  async someCodes(ctx: RequestContext, ref: RefSpec, n: number): Promise<Array<{ code: string; name: string }>> {
    return queryRows(this.connection.manager(ctx), `SELECT r.code, r.name FROM ${ref.table} r${ref.where ? ` WHERE ${ref.where}` : ''} ORDER BY r.code LIMIT $1`, [n]);
  }

  // ---- hooks ----

  /** aggregate extras of stored rows (e.g. barcodes), merged into their `before` */
  protected async loadExtras(_ctx: RequestContext, _ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    return new Map();
  }

  /** entity rules over the rows about to be written */
  protected async check(
    _ctx: RequestContext,
    _items: Array<{ input: SaveInput; item: WriteItem }>,
    _fail: (ref: number, column: string, code: string, message: string) => void,
  ): Promise<void> {}

  /** writes that follow the rows (barcodes, subtree paths) */
  protected async afterWrite(_ctx: RequestContext, _items: WriteItem[]): Promise<void> {}

  // ---- export ----

  /** Sheet values of stored rows (ids back to codes). */
  async toSheetRows(ctx: RequestContext, rows: T[]): Promise<Array<Record<string, unknown>>> {
    const codes = new Map<string, Map<string, string>>();
    for (const ref of this.spec.refs) {
      const ids = [...new Set(rows.map((r) => r[ref.prop]).filter((v): v is string => !!v))];
      const found = ids.length
        ? await queryRows<{ id: string; code: string }>(this.connection.manager(ctx), `SELECT id, code FROM ${ref.table} WHERE id = ANY($1::uuid[])`, [ids])
        : [];
      codes.set(ref.prop, new Map(found.map((f) => [f.id, f.code])));
    }
    return rows.map((r) => {
      const out: Record<string, unknown> = { ...r };
      for (const ref of this.spec.refs) out[ref.sheetKey] = r[ref.prop] ? (codes.get(ref.prop)!.get(r[ref.prop]) ?? null) : null;
      return out;
    });
  }
}
