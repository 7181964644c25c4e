import { Injectable } from '@nestjs/common';
import {
  bindNamed,
  copyOut,
  copyTextField,
  inlineParams,
  ChangeSet,
  Cursor,
  parseCursor,
  PULL_STREAMS,
  PullStreamDef,
  queryRows,
  SnapshotPage,
  SnapshotPageHeader,
  SnapshotPosition,
  sqlStatements,
} from '@chain-erp/shared';
import { EntityManager } from 'typeorm';
import { StoreDataScope } from './hq-transfer.entity';

/** What a store may see: its org unit and its data scope (门店基础资料). */
export interface StoreVisibility {
  storeId: string;
  scope: StoreDataScope;
}

interface FeedRow {
  seq: string;
  xid: string;
  table_name: string;
  row_id: string;
  op: 'U' | 'D';
  relevant: boolean;
}

function scopeParams(v: StoreVisibility): Record<string, unknown> {
  const s = v.scope;
  return {
    store: v.storeId,
    allCategories: s.allCategories,
    categoryIds: s.categoryIds,
    allSuppliers: s.allSuppliers,
    supplierIds: s.supplierIds,
    allCustomers: s.allCustomers,
    customerIds: s.customerIds,
    allUsers: s.allUsers,
    userIds: s.userIds,
  };
}

/** The row as JSON text, without HQ-local columns; text so numerics travel exactly. */
function rowJson(def: PullStreamDef): string {
  return def.exclude?.length ? `(to_jsonb(t) - ARRAY[${def.exclude.map((c) => `'${c}'`).join(',')}])::text` : `to_jsonb(t)::text`;
}

/** The key (its fields at `keyAt`, joined by ':' like keyExpr) of the last line of COPY text output. */
function lastKey(data: Buffer, keyAt: number[]): string {
  const end = data[data.length - 1] === 10 ? data.length - 1 : data.length;
  const fields = data
    .subarray(data.lastIndexOf(10, end - 1) + 1, end)
    .toString('utf8')
    .split('\t');
  return keyAt.map((i) => copyTextField(fields[i]) ?? '').join(':');
}

function keyExpr(def: PullStreamDef, alias = 't'): string {
  return def.key.map((k) => `${alias}.${k.column}::text`).join(` || ':' || `);
}

/** `(t.a, t.b) IN (…keys…)` for keys given as text[] parameter `:keys`. */
function keyIn(def: PullStreamDef): string {
  if (def.key.length === 1) return `t.${def.key[0].column} = ANY(:keys::${def.key[0].type}[])`;
  const parts = def.key.map((k, i) => `split_part(r, ':', ${i + 1})::${k.type}`).join(', ');
  return `(${def.key.map((k) => 't.' + k.column).join(', ')}) IN (SELECT ${parts} FROM unnest(:keys::text[]) r)`;
}

/** The current state of changed rows of one stream (`currentRows`). */
function currentRowsQuery(v: StoreVisibility, def: PullStreamDef, keys: string[]): { sql: string; values: unknown[] } {
  return bindNamed(`SELECT ${keyExpr(def)} AS k, ${rowJson(def)} AS row, (${def.visible}) AS visible FROM ${def.table} t WHERE ${keyIn(def)}`, { ...scopeParams(v), keys });
}

function keyAfter(def: PullStreamDef): string {
  return `(${def.key.map((k) => 't.' + k.column).join(', ')}) > (${def.key.map((k, i) => `:after${i}::${k.type}`).join(', ')})`;
}

function afterParams(def: PullStreamDef, afterKey: string): Record<string, unknown> {
  const parts = def.key.length === 1 ? [afterKey] : afterKey.split(':');
  return Object.fromEntries(def.key.map((_k, i) => [`after${i}`, parts[i]]));
}

/** A snapshot page's rows of one stream visible to the store, in key order, after `pos.afterKey`. */
function snapshotQuery(v: StoreVisibility, def: PullStreamDef, pos: SnapshotPosition, limit: number, select: string): { sql: string; values: unknown[] } {
  const after = pos.afterKey === null ? 'true' : keyAfter(def);
  return bindNamed(`${select} WHERE (${def.visible}) AND ${after} ORDER BY ${def.key.map((k) => 't.' + k.column).join(', ')} LIMIT :limit`, {
    ...scopeParams(v),
    limit,
    ...(pos.afterKey === null ? {} : afterParams(def, pos.afterKey)),
  });
}

const SQL = sqlStatements(
  'transfer.change-feed',
  {
    stablePosition: `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
    feed: `SELECT f.seq::text AS seq, f.xid::text AS xid, f.table_name, f.row_id, f.op, (f.store_id IS NULL OR f.store_id = $3) AS relevant
         FROM change_feed f
        WHERE (f.xid, f.seq) > ($1::xid8, $2::bigint) AND f.xid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY f.xid, f.seq
        LIMIT $4`,
    copyStyles: `SELECT set_config('datestyle', 'ISO, YMD', true), set_config('intervalstyle', 'postgres', true), set_config('extra_float_digits', '3', true), set_config('bytea_output', 'hex', true)`,
    columnsOf: `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    horizon: `SELECT position FROM change_feed_horizon`,
    backlog: `SELECT count(*)::text AS n FROM (SELECT 1 FROM change_feed f WHERE (f.xid, f.seq) > ($1::xid8, $2::bigint) AND (f.store_id IS NULL OR f.store_id = $3) LIMIT $4) x`,
  },
  ['hq'],
);

const PRUNE = sqlStatements(
  'transfer.change-feed.prune',
  {
    lock: `SELECT pg_advisory_xact_lock(hashtext('change_feed_prune'))`,
    confirmed: `SELECT confirmed_cursor AS c FROM store_transfer WHERE status = 'active' AND confirmed_cursor IS NOT NULL`,
    prune: `WITH d AS (
             DELETE FROM change_feed WHERE seq IN (
               SELECT f.seq FROM change_feed f
                WHERE f.xid < pg_snapshot_xmin(pg_current_snapshot())
                  AND (($1::xid8 IS NOT NULL AND (f.xid, f.seq) <= ($1::xid8, $2::bigint) AND ($3::xid8 IS NULL OR (f.xid, f.seq) < ($3::xid8, $4::bigint)))
                       OR $5::xid8 IS NULL OR (f.xid, f.seq) < ($5::xid8, $6::bigint))
                ORDER BY f.xid, f.seq LIMIT $7)
             RETURNING xid, seq)
           SELECT count(*) OVER ()::int AS n, xid::text, seq::text FROM d ORDER BY xid DESC, seq DESC LIMIT 1`,
    horizon: `UPDATE change_feed_horizon SET position = $1, pruned_at = now() WHERE NOT (position = $1)`,
    firstYoungerThan: `SELECT xid::text, seq::text FROM change_feed WHERE at >= now() - make_interval(secs => $1::double precision / 1000) ORDER BY at, seq LIMIT 1`,
  },
  ['hq'],
);

/** A cursor as the prune statement's (xid, seq) parameters; none: two nulls. */
const cursorParams = (c: Cursor | null) => (c ? [parseCursor(c).xid, parseCursor(c).seq] : [null, null]);

// Each stream's statements are built from its declaration (transfer.streams.ts): the test prepares
// every one, so a stream's `visible` naming a column that is not there fails there.
sqlStatements(
  'transfer.change-feed.streams',
  () => {
    const v: StoreVisibility = {
      storeId: '00000000-0000-0000-0000-000000000000',
      scope: Object.assign(new StoreDataScope(), {
        allCategories: true,
        categoryIds: [],
        allSuppliers: true,
        supplierIds: [],
        allCustomers: true,
        customerIds: [],
        allUsers: true,
        userIds: [],
      }),
    };
    return Object.fromEntries(
      PULL_STREAMS.flatMap((def) => {
        const select = `SELECT ${keyExpr(def)} AS k, ${rowJson(def)} AS row FROM ${def.table} t`;
        return [
          [`${def.name}.rows`, currentRowsQuery(v, def, []).sql],
          [`${def.name}.snapshot`, snapshotQuery(v, def, { cursor: '0:0', scopeVersion: 0, streamIndex: 0, afterKey: null }, 1, select).sql],
          [`${def.name}.snapshotAfter`, snapshotQuery(v, def, { cursor: '0:0', scopeVersion: 0, streamIndex: 0, afterKey: def.key.map(() => 'k').join(':') }, 1, select).sql],
        ];
      }),
    );
  },
  ['hq'],
);

/**
 * Reads HQ's change feed and snapshots for one store. The feed is read only below the oldest
 * transaction still in flight (`pg_snapshot_xmin`), ordered by (xid, seq): every change with a
 * smaller xid has committed or aborted, and every later transaction gets a larger xid, so nothing
 * that commits late can fall behind a cursor already handed out.
 */
@Injectable()
export class ChangeFeedRepository {
  private readonly columns = new Map<string, string[]>();

  /** The position below which the feed is final right now. */
  async stablePosition(m: EntityManager): Promise<Cursor> {
    const [row] = await queryRows<{ xmin: string }>(m, SQL.stablePosition);
    return `${row.xmin}:0`;
  }

  async readPage(m: EntityManager, v: StoreVisibility, cursor: Cursor, limit: number): Promise<{ cursor: Cursor; hasMore: boolean; changes: ChangeSet[] }> {
    const { xid, seq } = parseCursor(cursor);
    // Rows for other stores are scanned but not shipped, so the cursor moves past them too.
    const feed = await queryRows<FeedRow>(m, SQL.feed, [xid, seq, v.storeId, limit + 1]);
    const hasMore = feed.length > limit;
    const rows = feed.slice(0, limit);
    const last = rows[rows.length - 1];
    const byTable = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!r.relevant) continue;
      let keys = byTable.get(r.table_name);
      if (!keys) byTable.set(r.table_name, (keys = new Set()));
      keys.add(r.row_id);
    }
    // tables in the feed without a stream (a newer HQ table no store reads yet) are passed over
    const changes: ChangeSet[] = [];
    for (const def of PULL_STREAMS) {
      const keys = byTable.get(def.table);
      if (!keys) continue;
      changes.push(await this.currentRows(m, v, def, [...keys]));
    }
    return { cursor: last ? `${last.xid}:${last.seq}` : cursor, hasMore, changes };
  }

  /** Current state of changed rows: visible → upsert; gone, or out of the store's scope → removal. */
  private async currentRows(m: EntityManager, v: StoreVisibility, def: PullStreamDef, keys: string[]): Promise<ChangeSet> {
    const q = currentRowsQuery(v, def, keys);
    const found = await queryRows<{ k: string; row: string; visible: boolean }>(m, q.sql, q.values);
    const set: ChangeSet = { stream: def.name, upserts: [], removes: [] };
    const seen = new Set<string>();
    for (const f of found) {
      seen.add(f.k);
      if (f.visible) set.upserts.push(f.row);
      else if (def.hideOutOfScope) set.removes.push(f.k);
    }
    for (const k of keys) if (!seen.has(k)) set.removes.push(k);
    return set;
  }

  /**
   * One snapshot page: the next rows (in key order) of the current stream visible to the store,
   * skipping empty streams. Stateless at HQ: the position travels with the store.
   */
  async readSnapshot(m: EntityManager, v: StoreVisibility, position: SnapshotPosition, limit: number): Promise<SnapshotPage> {
    const { count: _count, ...page } = await this.snapshotPage(position, limit, async (def, pos) => {
      const q = snapshotQuery(v, def, pos, limit, `SELECT ${keyExpr(def)} AS k, ${rowJson(def)} AS row FROM ${def.table} t`);
      const rows = await queryRows<{ k: string; row: string }>(m, q.sql, q.values);
      return { count: rows.length, lastKey: rows[rows.length - 1]?.k ?? null, rows: rows.map((r) => r.row) };
    });
    return page; // protocol 1's page, field for field (an older store's local route refuses unknown fields)
  }

  /**
   * The same page for protocol 2: the rows as PostgreSQL's COPY text format (`COPY (…) TO STDOUT`),
   * one line each, the columns the header names (key columns included), exactly as the server wrote them:
   * no row is built, parsed or serialized in JS. COPY takes no parameters: the page's values (store
   * id, scope, key, limit) are inlined as literals.
   */
  async readSnapshotCopy(m: EntityManager, v: StoreVisibility, position: SnapshotPosition, limit: number): Promise<{ header: SnapshotPageHeader; rows: Buffer }> {
    let rows: Buffer = Buffer.alloc(0);
    let columns: string[] = [];
    // COPY writes values with the session's styles: pinned, so every store reads them the same way
    await m.query(SQL.copyStyles);
    const page = await this.snapshotPage(position, limit, async (def, pos) => {
      columns = await this.columnsOf(m, def);
      const q = snapshotQuery(v, def, pos, limit, `SELECT ${columns.map((c) => `t."${c}"`).join(', ')} FROM ${def.table} t`);
      const out = await copyOut(m, `COPY (${inlineParams(q.sql, q.values)}) TO STDOUT`);
      rows = out.data;
      const keyAt = def.key.map((k) => columns.indexOf(k.column));
      return { count: out.rowCount, lastKey: out.rowCount ? lastKey(out.data, keyAt) : null, rows: [] };
    });
    const { rows: _none, ...header } = page;
    return { header: { ...header, columns }, rows };
  }

  /** The columns of a stream's table that travel (HQ-local ones excluded), in table order. */
  private async columnsOf(m: EntityManager, def: PullStreamDef): Promise<string[]> {
    let cols = this.columns.get(def.table);
    if (!cols) {
      const found = await queryRows<{ name: string }>(m, SQL.columnsOf, [def.table]);
      cols = found.map((r) => r.name).filter((c) => !def.exclude?.includes(c));
      this.columns.set(def.table, cols);
    }
    return cols;
  }

  private async snapshotPage(
    position: SnapshotPosition,
    limit: number,
    read: (def: PullStreamDef, pos: SnapshotPosition) => Promise<{ count: number; lastKey: string | null; rows: string[] }>,
  ): Promise<SnapshotPage & { count: number }> {
    let pos = position;
    const streams = PULL_STREAMS.map((s) => s.name);
    for (;;) {
      const def = PULL_STREAMS[pos.streamIndex];
      const got = await read(def, pos);
      const lastStream = pos.streamIndex === PULL_STREAMS.length - 1;
      const next: SnapshotPosition | null =
        got.count === limit ? { ...pos, afterKey: got.lastKey } : lastStream ? null : { ...pos, streamIndex: pos.streamIndex + 1, afterKey: null };
      if (got.count || !next) return { position, stream: def.name, rows: got.rows, count: got.count, next, streams };
      // an empty stream: go on in the same request, but answer with the position asked for
      pos = next;
    }
  }

  /** Feed rows at or below this position may have been pruned: a store behind it needs a snapshot. */
  async horizon(m: EntityManager): Promise<Cursor> {
    const [row] = await queryRows<{ position: string }>(m, SQL.horizon);
    return row?.position ?? '0:0';
  }

  /** Changes after a cursor that concern a store (capped: a number to show, not to bill). */
  async backlog(m: EntityManager, storeId: string, cursor: Cursor | null, cap = 100_000): Promise<number | null> {
    if (!cursor) return null;
    const { xid, seq } = parseCursor(cursor);
    const [row] = await queryRows<{ n: string }>(m, SQL.backlog, [xid, seq, storeId, cap]);
    return Number(row.n);
  }

  /** One pruner at a time (several HQ instances share the schedule, a manual run may overlap): held to the transaction's end. */
  async lockPrune(m: EntityManager): Promise<void> {
    await m.query(PRUNE.lock);
  }

  /** The cursors active stores confirmed. */
  async confirmedCursors(m: EntityManager): Promise<Cursor[]> {
    return (await queryRows<{ c: string }>(m, PRUNE.confirmed)).map((r) => r.c);
  }

  /**
   * Deletes up to `batch` rows, a prefix in (xid, seq) order: those up to `read` (every store has
   * them) and before `young`, or those before `recent` whoever needs them. Answers how many went
   * and the last one's position (null: none).
   */
  async prunePrefix(m: EntityManager, read: Cursor | null, young: Cursor | null, recent: Cursor | null, batch: number): Promise<{ deleted: number; end: Cursor } | null> {
    const rows = await queryRows<{ n: number; xid: string; seq: string }>(m, PRUNE.prune, [...cursorParams(read), ...cursorParams(young), ...cursorParams(recent), batch]);
    return rows.length ? { deleted: rows[0].n, end: `${rows[0].xid}:${rows[0].seq}` } : null;
  }

  async setHorizon(m: EntityManager, end: Cursor): Promise<void> {
    await m.query(PRUNE.horizon, [end]);
  }

  /**
   * The first feed row (by time) younger than `ms`, as a position: rows before it are about that old
   * (a row's time is its transaction's start, close to but not exactly in feed order — a window, not
   * a bound the protocol relies on). null when no row is that young: all of them are older.
   */
  async firstYoungerThan(m: EntityManager, ms: number): Promise<Cursor | null> {
    const [r] = await queryRows<{ xid: string; seq: string }>(m, PRUNE.firstYoungerThan, [ms]);
    return r ? `${r.xid}:${r.seq}` : null;
  }
}
