import { Injectable } from '@nestjs/common';
import { copyIn, PULL_STREAMS, type PullStreamDef, queryRows, type SnapshotPosition, sqlStatements } from '@chain-erp/shared';
import { EntityManager } from 'typeorm';

const PULL = 'pull';

/** The staging table of a protocol-2 snapshot page (temporary, dropped when the page commits). */
const STAGE = 'pg_temp.transfer_snapshot_stage';

const SQL = sqlStatements(
  'transfer.store-apply',
  {
    changesApplied: `UPDATE transfer_stream_state SET cursor = $2, scope_version = $3, rows_applied = rows_applied + $4, last_contact_at = now(), last_success_at = now(), last_error = NULL WHERE stream = $1`,
    forgetSeen: `DELETE FROM transfer_snapshot_seen`,
    snapshotNext: `UPDATE transfer_stream_state SET snapshot = $2, last_contact_at = now() WHERE stream = $1`,
    snapshotDone: `UPDATE transfer_stream_state SET snapshot = NULL, cursor = $2, scope_version = $3, last_contact_at = now(), last_success_at = now(), last_error = NULL WHERE stream = $1`,
    rowsApplied: `UPDATE transfer_stream_state SET rows_applied = rows_applied + $2 WHERE stream = $1`,
    markEmpty: `INSERT INTO transfer_snapshot_seen (stream, row_key) VALUES ($1, '')`,
    pullState: `SELECT cursor, scope_version, snapshot FROM transfer_stream_state WHERE stream = $1`,
    ensureState: `INSERT INTO transfer_stream_state (stream) VALUES ($1) ON CONFLICT DO NOTHING`,
    lockState: `SELECT cursor, snapshot FROM transfer_stream_state WHERE stream = $1 FOR UPDATE`,
    marked: `SELECT EXISTS (SELECT 1 FROM transfer_snapshot_seen WHERE stream = $1 AND row_key = '') AS marked`,
    tableColumns: `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  },
  ['store'],
);

function keyExpr(def: PullStreamDef, alias: string): string {
  return def.key.map((k) => `${alias}.${k.column}::text`).join(` || ':' || `);
}

/**
 * Removes the rows matching `where` (alias `t`): deactivates them (version 0, so a row comes back
 * whole if it re-enters scope) or deletes them; rows the stream keeps (`keepWhere`) stay.
 */
function removalSql(def: PullStreamDef, where: string): string {
  const cond = def.keepWhere ? `${where} AND NOT (${def.keepWhere})` : where;
  return def.removal === 'delete'
    ? `WITH w AS (DELETE FROM ${def.table} t WHERE ${cond} RETURNING 1) SELECT count(*)::int AS n FROM w`
    : `WITH w AS (UPDATE ${def.table} t SET status = 'disabled'${def.versioned ? ', row_version = 0' : ''} WHERE ${cond} AND (t.status <> 'disabled'${def.versioned ? ' OR t.row_version <> 0' : ''}) RETURNING 1) SELECT count(*)::int AS n FROM w`;
}

/** `INSERT … SELECT cols FROM source ON CONFLICT … DO UPDATE` where the version differs; counts the rows written. */
function upsertSql(def: PullStreamDef, cols: string[], source: string): string {
  const keyCols = def.key.map((k) => k.column);
  const set = cols.filter((c) => !keyCols.includes(c)).map((c) => `"${c}" = EXCLUDED."${c}"`);
  const list = cols.map((c) => `"${c}"`).join(', ');
  const guards = [def.versioned ? 't.row_version IS DISTINCT FROM EXCLUDED.row_version' : null, def.applyWhere ? `(${def.applyWhere})` : null].filter((g) => g !== null);
  const onConflict = set.length ? `DO UPDATE SET ${set.join(', ')}${guards.length ? ' WHERE ' + guards.join(' AND ') : ''}` : 'DO NOTHING';
  return `WITH w AS (INSERT INTO ${def.table} AS t (${list}) SELECT ${list} FROM ${source} ON CONFLICT (${keyCols.join(', ')}) ${onConflict} RETURNING 1)
       SELECT count(*)::int AS n FROM w`;
}

const jsonRows = (def: PullStreamDef) => `json_populate_recordset(NULL::${def.table}, $1::json)`;
const removeByKeys = (def: PullStreamDef) => removalSql(def, `${keyExpr(def, 't')} = ANY($1::text[])`);
const sweepUnseen = (def: PullStreamDef) =>
  removalSql(def, `NOT EXISTS (SELECT 1 FROM transfer_snapshot_seen s WHERE s.stream = '${def.name}' AND s.row_key = ${keyExpr(def, 't')})`);
const seenJson = (def: PullStreamDef) =>
  `INSERT INTO transfer_snapshot_seen (stream, row_key) SELECT $1, ${keyExpr(def, 'r')} FROM json_populate_recordset(NULL::${def.table}, $2::json) r ON CONFLICT DO NOTHING`;
const sweepState = (def: PullStreamDef) => `SELECT EXISTS (SELECT 1 FROM transfer_snapshot_seen WHERE stream = $1 AND row_key = '') AS marked,
              EXISTS (SELECT 1 FROM transfer_snapshot_seen WHERE stream = $1) AS seen,
              NOT EXISTS (SELECT 1 FROM ${def.table}) AS empty`;

// Each pull stream's statements are built from its declaration (transfer.streams.ts): the test
// prepares them (the upsert over the key and the row version, with its guards; the staging table's
// statements need the page's temporary table and are not prepared), so a stream naming a column the
// store's table lacks fails there.
sqlStatements(
  'transfer.store-apply.streams',
  () =>
    Object.fromEntries(
      PULL_STREAMS.flatMap((def) => {
        const cols = [...def.key.map((k) => k.column), ...(def.versioned ? ['row_version'] : []), ...(def.removal === 'delete' ? [] : ['status'])];
        return [
          [`${def.name}.upsert`, upsertSql(def, cols, jsonRows(def))],
          [`${def.name}.remove`, removeByKeys(def)],
          [`${def.name}.sweep`, sweepUnseen(def)],
          [`${def.name}.seen`, seenJson(def)],
          [`${def.name}.sweepState`, sweepState(def)],
        ];
      }),
    ),
  ['store'],
);

/** The pull's position at the store. */
export interface PullStateRow {
  cursor: string | null;
  scope_version: number | null;
  snapshot: SnapshotPosition | null;
}

/**
 * The SQL of applying HQ's pages at the store (StoreApplyService): the pull's state row, each
 * stream's upserts and removals (built from its declaration), a snapshot's seen keys, sweep and
 * staging table. Every method runs on the caller's transaction (`m`): a page and its cursor commit together.
 */
@Injectable()
export class StoreApplyRepository {
  private columns = new Map<string, Map<string, string>>();

  async changesApplied(m: EntityManager, cursor: string, scopeVersion: number, rows: number): Promise<void> {
    await m.query(SQL.changesApplied, [PULL, cursor, scopeVersion, rows]);
  }

  /** A snapshot starts or ends: no key is marked seen. */
  async forgetSeen(m: EntityManager): Promise<void> {
    await m.query(SQL.forgetSeen);
  }

  async snapshotNext(m: EntityManager, next: SnapshotPosition): Promise<void> {
    await m.query(SQL.snapshotNext, [PULL, next]);
  }

  async snapshotDone(m: EntityManager, cursor: string, scopeVersion: number): Promise<void> {
    await m.query(SQL.snapshotDone, [PULL, cursor, scopeVersion]);
  }

  async rowsApplied(m: EntityManager, rows: number): Promise<void> {
    await m.query(SQL.rowsApplied, [PULL, rows]);
  }

  /** Whether the stream's first snapshot page marked its table empty, whether any key is seen, whether the table is empty. */
  async sweepState(m: EntityManager, def: PullStreamDef): Promise<{ marked: boolean; seen: boolean; empty: boolean }> {
    const [st] = await queryRows<{ marked: boolean; seen: boolean; empty: boolean }>(m, sweepState(def), [def.name]);
    return st;
  }

  /** The marker row (key '', never a real key): the table was empty when the snapshot reached the stream. */
  async markEmpty(m: EntityManager, def: PullStreamDef): Promise<void> {
    await m.query(SQL.markEmpty, [def.name]);
  }

  async marked(m: EntityManager, def: PullStreamDef): Promise<boolean> {
    const [{ marked }] = await queryRows<{ marked: boolean }>(m, SQL.marked, [def.name]);
    return marked;
  }

  async pullState(m: EntityManager): Promise<PullStateRow | undefined> {
    const [st] = await queryRows<PullStateRow>(m, SQL.pullState, [PULL]);
    return st;
  }

  /** The pull's state row, created if new and locked to the transaction's end. */
  async lockState(m: EntityManager): Promise<{ cursor: string | null; snapshot: SnapshotPosition | null }> {
    await m.query(SQL.ensureState, [PULL]);
    const [st] = await queryRows<{ cursor: string | null; snapshot: SnapshotPosition | null }>(m, SQL.lockState, [PULL]);
    return st;
  }

  /** Upserts rows (JSON texts of one stream, alike in shape) over these columns; answers how many were written. */
  async upsertJson(m: EntityManager, def: PullStreamDef, cols: string[], rows: string[]): Promise<number> {
    const [r] = await queryRows<{ n: number }>(m, upsertSql(def, cols, jsonRows(def)), ['[' + rows.join(',') + ']']);
    return r.n;
  }

  /** Marks the keys of these rows seen by the snapshot. */
  async seenJson(m: EntityManager, def: PullStreamDef, rows: string[]): Promise<void> {
    await m.query(seenJson(def), [def.name, '[' + rows.join(',') + ']']);
  }

  /** Removes the rows with these keys (deactivated or deleted as the stream says). */
  async remove(m: EntityManager, def: PullStreamDef, keys: string[]): Promise<number> {
    const [r] = await queryRows<{ n: number }>(m, removeByKeys(def), [keys]);
    return r.n;
  }

  /** Removes what the snapshot did not mark seen. */
  async sweep(m: EntityManager, def: PullStreamDef): Promise<number> {
    const [r] = await queryRows<{ n: number }>(m, sweepUnseen(def));
    return r.n;
  }

  /** COPYs a page's lines straight into the stream's table. */
  async copyInto(m: EntityManager, def: PullStreamDef, cols: string[], data: Buffer): Promise<number> {
    return copyIn(m, `COPY ${def.table} (${cols.map((c) => `"${c}"`).join(', ')}) FROM STDIN`, data);
  }

  /** The staging table of a page (HQ's columns; types of the store's own, text for others), dropped at commit. */
  async createStage(m: EntityManager, cols: string[], local: Map<string, string>): Promise<void> {
    await m.query(`CREATE TEMP TABLE ${STAGE} (${cols.map((c) => `"${c}" ${local.get(c) ?? 'text'}`).join(', ')}) ON COMMIT DROP`);
  }

  async copyIntoStage(m: EntityManager, cols: string[], data: Buffer): Promise<number> {
    return copyIn(m, `COPY ${STAGE} (${cols.map((c) => `"${c}"`).join(', ')}) FROM STDIN`, data);
  }

  /** Upserts the staged rows (or only the one with key `key`). */
  async upsertStaged(m: EntityManager, def: PullStreamDef, cols: string[], key: string | null): Promise<number> {
    const [r] = await queryRows<{ n: number }>(m, upsertSql(def, cols, `${STAGE} s${key === null ? '' : ` WHERE ${keyExpr(def, 's')} = $1`}`), key === null ? [] : [key]);
    return r.n;
  }

  /** The staged rows' keys. */
  async stagedKeys(m: EntityManager, def: PullStreamDef): Promise<string[]> {
    return (await queryRows<{ k: string }>(m, `SELECT ${keyExpr(def, 's')} AS k FROM ${STAGE} s`)).map((r) => r.k);
  }

  /** Marks the staged rows' keys seen by the snapshot. */
  async seenStaged(m: EntityManager, def: PullStreamDef): Promise<void> {
    await m.query(`INSERT INTO transfer_snapshot_seen (stream, row_key) SELECT $1, ${keyExpr(def, 's')} FROM ${STAGE} s ON CONFLICT DO NOTHING`, [def.name]);
  }

  /** The store's columns of a table and their types (as `format_type` writes them), read once. */
  async tableColumns(m: EntityManager, table: string): Promise<Map<string, string>> {
    let cols = this.columns.get(table);
    if (!cols) {
      const rows = await queryRows<{ name: string; type: string }>(m, SQL.tableColumns, [table]);
      this.columns.set(table, (cols = new Map(rows.map((r) => [r.name, r.type]))));
    }
    return cols;
  }
}
