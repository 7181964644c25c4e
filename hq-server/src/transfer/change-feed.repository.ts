import { Injectable } from '@nestjs/common';
import {
  bindNamed,
  ChangeSet,
  Cursor,
  parseCursor,
  PULL_STREAMS,
  PullStreamDef,
  queryRows,
  SnapshotPage,
  SnapshotPageHeader,
  SnapshotPosition,
} from '@chain-erp/shared';
import { EntityManager } from 'typeorm';
import { StoreDataScope } from './hq-transfer.entities';

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

/**
 * The row as JSON text for a streamed snapshot page: `row_to_json` writes the text straight from the
 * row (no jsonb built and printed again); HQ-local columns still go through jsonb to be dropped.
 */
function rowJsonText(def: PullStreamDef): string {
  return def.exclude?.length ? rowJson(def) : `row_to_json(t)::text`;
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

/**
 * Reads HQ's change feed and snapshots for one store. The feed is read only below the oldest
 * transaction still in flight (`pg_snapshot_xmin`), ordered by (xid, seq): every change with a
 * smaller xid has committed or aborted, and every later transaction gets a larger xid, so nothing
 * that commits late can fall behind a cursor already handed out.
 */
@Injectable()
export class ChangeFeedRepository {
  /** The position below which the feed is final right now. */
  async stablePosition(m: EntityManager): Promise<Cursor> {
    const [row] = await queryRows<{ xmin: string }>(m, `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`);
    return `${row.xmin}:0`;
  }

  async readPage(m: EntityManager, v: StoreVisibility, cursor: Cursor, limit: number): Promise<{ cursor: Cursor; hasMore: boolean; changes: ChangeSet[] }> {
    const { xid, seq } = parseCursor(cursor);
    // Rows for other stores are scanned but not shipped, so the cursor moves past them too.
    const feed = await queryRows<FeedRow>(
      m,
      `SELECT f.seq::text AS seq, f.xid::text AS xid, f.table_name, f.row_id, f.op, (f.store_id IS NULL OR f.store_id = $3) AS relevant
         FROM change_feed f
        WHERE (f.xid, f.seq) > ($1::xid8, $2::bigint) AND f.xid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY f.xid, f.seq
        LIMIT $4`,
      [xid, seq, v.storeId, limit + 1],
    );
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
    const q = bindNamed(
      `SELECT ${keyExpr(def)} AS k, ${rowJson(def)} AS row, (${def.visible}) AS visible FROM ${def.table} t WHERE ${keyIn(def)}`,
      { ...scopeParams(v), keys },
    );
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
      const q = this.snapshotQuery(v, def, pos, limit, `SELECT ${keyExpr(def)} AS k, ${rowJson(def)} AS row FROM ${def.table} t`, '');
      const rows = await queryRows<{ k: string; row: string }>(m, q.sql, q.values);
      return { count: rows.length, lastKey: rows[rows.length - 1]?.k ?? null, rows: rows.map((r) => r.row) };
    });
    return page; // protocol 1's page, field for field (an older store's local route refuses unknown fields)
  }

  /**
   * The same page for protocol 2: the rows come out of PostgreSQL as one text, one JSON row per
   * line (JSON text never holds a raw newline), so no row is parsed or serialized in JS.
   */
  async readSnapshotText(m: EntityManager, v: StoreVisibility, position: SnapshotPosition, limit: number): Promise<{ header: SnapshotPageHeader; rowsText: string }> {
    let text = '';
    const page = await this.snapshotPage(position, limit, async (def, pos) => {
      const q = this.snapshotQuery(
        v,
        def,
        pos,
        limit,
        `SELECT count(*)::int AS n, (array_agg(p.k))[count(*)::int] AS k, string_agg(p.row, E'\n') AS rows FROM (SELECT ${keyExpr(def)} AS k, ${rowJsonText(def)} AS row FROM ${def.table} t`,
        ') p',
      );
      const [r] = await queryRows<{ n: number; k: string | null; rows: string | null }>(m, q.sql, q.values);
      text = r.rows ?? '';
      return { count: r.n, lastKey: r.k, rows: [] };
    });
    const { rows: _none, ...header } = page;
    return { header, rowsText: text };
  }

  private snapshotQuery(v: StoreVisibility, def: PullStreamDef, pos: SnapshotPosition, limit: number, select: string, close: string): { sql: string; values: unknown[] } {
    const after = pos.afterKey === null ? 'true' : this.keyAfter(def);
    return bindNamed(`${select} WHERE (${def.visible}) AND ${after} ORDER BY ${def.key.map((k) => 't.' + k.column).join(', ')} LIMIT :limit${close}`, {
      ...scopeParams(v),
      limit,
      ...(pos.afterKey === null ? {} : this.afterParams(def, pos.afterKey)),
    });
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
        got.count === limit
          ? { ...pos, afterKey: got.lastKey }
          : lastStream
            ? null
            : { ...pos, streamIndex: pos.streamIndex + 1, afterKey: null };
      if (got.count || !next) return { position, stream: def.name, rows: got.rows, count: got.count, next, streams };
      // an empty stream: go on in the same request, but answer with the position asked for
      pos = next;
    }
  }

  private keyAfter(def: PullStreamDef): string {
    return `(${def.key.map((k) => 't.' + k.column).join(', ')}) > (${def.key.map((k, i) => `:after${i}::${k.type}`).join(', ')})`;
  }

  private afterParams(def: PullStreamDef, afterKey: string): Record<string, unknown> {
    const parts = def.key.length === 1 ? [afterKey] : afterKey.split(':');
    return Object.fromEntries(def.key.map((_k, i) => [`after${i}`, parts[i]]));
  }

  /** Feed rows at or below this position may have been pruned: a store behind it needs a snapshot. */
  async horizon(m: EntityManager): Promise<Cursor> {
    const [row] = await queryRows<{ position: string }>(m, `SELECT position FROM change_feed_horizon`);
    return row?.position ?? '0:0';
  }

  /** Changes after a cursor that concern a store (capped: a number to show, not to bill). */
  async backlog(m: EntityManager, storeId: string, cursor: Cursor | null, cap = 100_000): Promise<number | null> {
    if (!cursor) return null;
    const { xid, seq } = parseCursor(cursor);
    const [row] = await queryRows<{ n: string }>(
      m,
      `SELECT count(*)::text AS n FROM (SELECT 1 FROM change_feed f WHERE (f.xid, f.seq) > ($1::xid8, $2::bigint) AND (f.store_id IS NULL OR f.store_id = $3) LIMIT $4) x`,
      [xid, seq, storeId, cap],
    );
    return Number(row.n);
  }
}
