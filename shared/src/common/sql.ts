import { createHash } from 'node:crypto';
import { type EntityManager, type EntityTarget, QueryFailedError, type QueryRunner } from 'typeorm';

export interface QueryOptions {
  /**
   * Run as a named prepared statement (`pg`'s `{ name, text }`): each pooled connection parses it
   * once and PostgreSQL may keep its plan, instead of parsing and planning it on every call. Only
   * for hot statements whose TEXT is fixed (values in parameters): every distinct text stays
   * prepared on every connection for the connection's life.
   *
   * Inside a transaction a prepared statement is also sent on the transaction's bare `pg` client,
   * not through TypeORM's `query` (`viaTransactionClient`).
   */
  prepared?: boolean;
}

/** A LIKE pattern's literal text (`%`, `_` and the backslash escaped). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

const names = new Map<string, string>();

/** The prepared statement's name: derived from its text, so one text is one statement on every connection. */
export function preparedName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = 'q_' + createHash('sha1').update(sql).digest('hex').slice(0, 24);
    names.set(sql, name);
  }
  return name;
}

/** TypeORM hands the query on to `pg` as it is: a `{ name, text }` config prepares it. */
function statement(sql: string, options?: QueryOptions): string {
  return options?.prepared ? ({ name: preparedName(sql), text: sql } as unknown as string) : sql;
}

/** The part of `pg`'s client a prepared statement needs. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** The query runner of a manager's open transaction (its `connect()` answers its `pg` client), or null. */
function transactionRunner(manager: EntityManager): QueryRunner | null {
  const runner = manager.queryRunner;
  return runner && !runner.isReleased && runner.isTransactionActive ? runner : null;
}

/**
 * A prepared statement of an open transaction, on its bare `pg` client: what TypeORM's `query`
 * adds around `pg` (its logger and subscriber events before and after, its result object) cost
 * ~0.07 ms of CPU a statement, a fifth of a statement's floor (bench/BENCHMARKS.md, round 3) —
 * the sale's hot statements. Kept from TypeORM: a failure is logged by its logger and thrown as its
 * `QueryFailedError` (the driver's error as `driverError`: SQLSTATE, constraint, message), so
 * callers map errors and retry serialization failures alike. Null: not in a transaction or not
 * prepared — TypeORM's `query` runs it.
 */
async function viaTransactionClient(manager: EntityManager, sql: string, params: unknown[], options?: QueryOptions): Promise<{ rows: unknown[] } | null> {
  const runner = options?.prepared ? transactionRunner(manager) : null;
  if (!runner) return null;
  const client = (await runner.connect()) as PgClient;
  try {
    return await client.query({ name: preparedName(sql), text: sql, values: params });
  } catch (err) {
    manager.connection.logger.logQueryError(err as Error, sql, params, manager.queryRunner);
    throw new QueryFailedError(sql, params, err as Error);
  }
}

/**
 * Raw SQL returning rows. TypeORM's `query()` answers UPDATE/DELETE … RETURNING with
 * `[rows, affected]` but SELECT/INSERT with `rows`; this always gives the rows.
 */
export async function queryRows<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: unknown[] = [], options?: QueryOptions): Promise<T[]> {
  const bare = await viaTransactionClient(manager, sql, params, options);
  if (bare) return bare.rows as T[];
  const result = await manager.query(statement(sql, options), params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Rows for one table of `insertRows`: entity objects (property names), every row with the same keys. */
export interface RowsOf<T extends object = object> {
  entity: EntityTarget<T>;
  rows: Partial<T>[];
}

/**
 * Inserts rows into several tables in ONE statement (one round trip): each table's rows travel as
 * one JSON array and are expanded by `json_populate_recordset` against the table's own row type,
 * so PostgreSQL converts every value with the column's type. Columns come from the TypeORM
 * metadata; a property absent from the rows takes the column default. No RETURNING: give ids.
 */
export async function insertRows(manager: EntityManager, parts: RowsOf[], options?: QueryOptions): Promise<void> {
  const { statements, params } = insertStatements(manager, parts, 0);
  if (!statements.length) return;
  // data-modifying CTEs all run, whether or not the main query reads them
  const sql =
    statements.length === 1
      ? statements[0]
      : `WITH ${statements
          .slice(1)
          .map((s, i) => `w${i} AS (${s})`)
          .join(', ')} ${statements[0]}`;
  if (!(await viaTransactionClient(manager, sql, params, options))) await manager.query(statement(sql, options), params);
}

/** A table's INSERT for one set of row keys: its columns and its SQL up to the parameter number. */
interface InsertShape {
  columns: Array<{ property: string; column: string }>;
  head: string;
}

/**
 * Shapes by entity and row keys. Rows are built in code, so each entity sees a handful of key sets
 * (a sale writes the same 3 tables' shapes every time); working out the columns and the SQL again
 * for every statement was ~2 % of a sale's server CPU. Bounded anyway.
 */
const shapes = new WeakMap<object, Map<string, InsertShape>>();
const MAX_SHAPES_PER_ENTITY = 64;

function rowKeys(rows: object[]): string {
  const first = Object.keys(rows[0]).join(',');
  for (let i = 1; i < rows.length; i++) {
    // rows of one part normally share their keys; otherwise their union, in a canonical order
    if (Object.keys(rows[i]).join(',') !== first) return [...new Set(rows.flatMap((r) => Object.keys(r)))].sort().join(',') + ',*';
  }
  return first;
}

function insertShape(manager: EntityManager, entity: EntityTarget<object>, rows: object[]): InsertShape {
  const meta = manager.connection.getMetadata(entity);
  let byKeys = shapes.get(meta);
  if (!byKeys) shapes.set(meta, (byKeys = new Map()));
  const keys = rowKeys(rows);
  let shape = byKeys.get(keys);
  if (!shape) {
    const present = new Set(rows.flatMap((r) => Object.keys(r)));
    const columns = meta.columns.filter((c) => present.has(c.propertyName)).map((c) => ({ property: c.propertyName, column: c.databaseName }));
    const table = meta.tablePath
      .split('.')
      .map((n) => `"${n}"`)
      .join('.');
    const names = columns.map((c) => `"${c.column}"`).join(', ');
    shape = { columns, head: `INSERT INTO ${table} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${table}, $` };
    if (byKeys.size >= MAX_SHAPES_PER_ENTITY) byKeys.clear();
    byKeys.set(keys, shape);
  }
  return shape;
}

/**
 * The INSERTs of `insertRows` (one per part with rows), numbering their parameters after `offset`:
 * for a statement that writes other rows too (e.g. StockService's write, as data-modifying CTEs).
 */
export function insertStatements(manager: EntityManager, parts: RowsOf[], offset: number): { statements: string[]; params: string[] } {
  const params: string[] = [];
  const statements: string[] = [];
  for (const part of parts) {
    if (!part.rows.length) continue;
    const { columns, head } = insertShape(manager, part.entity, part.rows);
    const json = new Array<Record<string, unknown>>(part.rows.length);
    for (let i = 0; i < part.rows.length; i++) {
      const r = part.rows[i] as Record<string, unknown>;
      const o: Record<string, unknown> = {};
      for (let k = 0; k < columns.length; k++) o[columns[k].column] = r[columns[k].property] ?? null;
      json[i] = o;
    }
    params.push(JSON.stringify(json));
    statements.push(`${head}${offset + params.length}::json)`);
  }
  return { statements, params };
}

/**
 * Runs `work` inside a savepoint of the current transaction: released when it succeeds; rolled back
 * when it fails, and then `onError` decides (answer a fallback, or throw a named error). The
 * transaction itself stays usable either way — what batch-then-one-by-one paths rely on.
 */
export async function inSavepoint<T, F = never>(m: EntityManager, name: string, work: () => Promise<T>, onError: (e: unknown) => F | Promise<F>): Promise<T | F> {
  await m.query(`SAVEPOINT ${name}`);
  try {
    const r = await work();
    await m.query(`RELEASE SAVEPOINT ${name}`);
    return r;
  } catch (e) {
    await m.query(`ROLLBACK TO SAVEPOINT ${name}`);
    return onError(e);
  }
}

/** PostgreSQL's SQLSTATE and constraint name of a failed query (TypeORM's QueryFailedError wraps `pg`'s error). */
export function pgErrorOf(e: unknown): { code?: string; constraint?: string } {
  const d = (e as { driverError?: { code?: string; constraint?: string } })?.driverError;
  return { code: d?.code, constraint: d?.constraint };
}

/** A unique violation (23505) — of `constraint` when one is named. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const d = pgErrorOf(e);
  return d.code === '23505' && (constraint === undefined || d.constraint === constraint);
}
