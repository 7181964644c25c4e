import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';

export interface TableChecksum {
  /** `schema.table` */
  table: string;
  rows: number;
  checksum: string;
}

/**
 * Row text depends on session settings (time zone, date and float output); these fix them, so the
 * same rows give the same checksum at backup time and after a restore on another machine.
 */
export const CANONICAL_SESSION_SQL = "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 1; SET bytea_output = 'hex'";

/**
 * Row count and a content checksum of every ordinary table outside the system schemas, read in the
 * caller's transaction (the backup's exported snapshot, or the restored database).
 *
 * The checksum is a multiset hash: the sums of the two 64-bit halves of md5(row text) over all rows.
 * Unlike md5 over rows sorted by primary key it needs no sort and no memory proportional to the
 * table, works for tables without a key, and still changes when any row is added, removed or edited.
 */
export async function tableChecksums(client: ClientBase, onTable?: (done: number, total: number) => void): Promise<TableChecksum[]> {
  const { rows: tables } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1, 2`,
  );
  const out: TableChecksum[] = [];
  onTable?.(0, tables.length);
  for (const t of tables) {
    const rel = `${client.escapeIdentifier(t.schema)}.${client.escapeIdentifier(t.name)}`;
    const { rows } = await client.query<{ n: string; hi: string | null; lo: string | null }>(
      `SELECT count(*)::text AS n,
              sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric)::text AS hi,
              sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric)::text AS lo
         FROM (SELECT md5(r::text) AS h FROM ${rel} r) s`,
    );
    const { n, hi, lo } = rows[0];
    out.push({
      table: `${t.schema}.${t.name}`,
      rows: Number(n),
      checksum: createHash('sha256')
        .update(`${n}/${hi ?? 0}/${lo ?? 0}`)
        .digest('hex')
        .slice(0, 32),
    });
    onTable?.(out.length, tables.length);
  }
  return out;
}

/** Tables whose count or checksum differ, or that are only on one side. */
export function compareChecksums(expected: TableChecksum[], actual: TableChecksum[]): string[] {
  const got = new Map(actual.map((t) => [t.table, t]));
  const diffs: string[] = [];
  for (const e of expected) {
    const a = got.get(e.table);
    got.delete(e.table);
    if (!a) diffs.push(`${e.table}: missing`);
    else if (a.rows !== e.rows) diffs.push(`${e.table}: ${a.rows} rows, expected ${e.rows}`);
    else if (a.checksum !== e.checksum) diffs.push(`${e.table}: checksum differs`);
  }
  for (const extra of got.keys()) diffs.push(`${extra}: not in the manifest`);
  return diffs;
}
