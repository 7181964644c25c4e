import { Injectable } from '@nestjs/common';
import { CURRENT_INCARNATION_SQL, IncarnationRow, NumberMark, PUSH_STREAMS, queryRows, ReconcileRecord, sqlStatements } from '@chain-erp/shared';
import { EntityManager } from 'typeorm';

/** Streams whose records carry a document number, and the body field that holds it. */
const NUMBERED = PUSH_STREAMS.filter((s) => s.numberField).map((s) => ({ stream: s.name, field: s.numberField! }));
/** Streams a restored store takes back as history. */
export const TAKE_BACK_STREAMS = PUSH_STREAMS.filter((s) => s.takeBack).map((s) => s.name);

/** A reconcile page position: the last record's receipt time (microseconds, UTC) and id. */
const POSITION_SQL = `to_char(i.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || i.id`;

const SQL = sqlStatements(
  'transfer.recovery',
  {
    incarnation: CURRENT_INCARNATION_SQL,
    maxSeq: `SELECT max(store_seq)::text AS max FROM transfer_inbox WHERE store_id = $1 AND store_seq IS NOT NULL`,
    records: `SELECT i.id, i.stream, i.store_seq::text AS seq, i.body, ${POSITION_SQL} AS position
         FROM transfer_inbox i
        WHERE i.store_id = $1 AND i.stream = ANY($2::text[]) AND ($3::timestamptz IS NULL OR i.received_at >= $3::timestamptz)
          AND ($4::timestamptz IS NULL OR (i.received_at, i.id) > ($4::timestamptz, $5::uuid))
        ORDER BY i.received_at, i.id
        LIMIT $6`,
    highWater: `SELECT substring(x.num FROM '^(.*)-[0-9]+$') AS series, max(substring(x.num FROM '-([0-9]+)$')::int) AS last
         FROM (SELECT i.body ->> f.field AS num
                 FROM transfer_inbox i JOIN unnest($2::text[], $3::text[]) AS f(stream, field) ON f.stream = i.stream
                WHERE i.store_id = $1 AND ($4::timestamptz IS NULL OR i.received_at >= $4::timestamptz)) x
        WHERE x.num ~ '^[A-Z]{1,16}-.{1,40}-[0-9]{8}-[0-9]{1,9}$'
        GROUP BY 1 ORDER BY 1`,
    reconciled: `UPDATE store_transfer SET reconciled_at = now() WHERE store_id = $1`,
  },
  ['hq'],
);

/**
 * The SQL of a restore's recovery at HQ (TransferRecoveryService): HQ's incarnation, the highest
 * outbox position a store sent, its records and the high-water marks of its document numbers — all
 * read from the transfer inbox, which keeps every record a store pushed (it is never pruned).
 */
@Injectable()
export class TransferRecoveryRepository {
  async incarnation(m: EntityManager): Promise<IncarnationRow | null> {
    const [row] = await queryRows<IncarnationRow>(m, SQL.incarnation);
    return row ?? null;
  }

  /** The highest outbox position HQ received from the store (null: none, or only from an older store release). */
  async maxSeq(m: EntityManager, storeId: string): Promise<string | null> {
    const [row] = await queryRows<{ max: string | null }>(m, SQL.maxSeq, [storeId]);
    return row.max;
  }

  /** A page of the store's records in the take-back streams, in arrival order, from `since` and after `after`. */
  async records(m: EntityManager, storeId: string, since: string | null, after: string | null, limit: number): Promise<{ records: ReconcileRecord[]; next: string | null }> {
    const [at, id] = after ? after.split('|') : [null, null];
    const rows = await queryRows<{ id: string; stream: string; seq: string | null; body: Record<string, unknown>; position: string }>(m, SQL.records, [
      storeId,
      TAKE_BACK_STREAMS,
      since,
      at,
      id,
      limit + 1,
    ]);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return { records: page.map(({ id: rid, stream, seq, body }) => ({ id: rid, stream, seq, body })), next: more ? page[page.length - 1].position : null };
  }

  /** Per series (`SALE-S001-01-20261207`), the highest number HQ holds of the store's documents received from `since`. */
  async highWater(m: EntityManager, storeId: string, since: string | null): Promise<NumberMark[]> {
    if (!NUMBERED.length) return [];
    const rows = await queryRows<{ series: string; last: number }>(m, SQL.highWater, [storeId, NUMBERED.map((n) => n.stream), NUMBERED.map((n) => n.field), since]);
    return rows.map((r) => ({ series: r.series, last: Number(r.last) }));
  }

  /** The store reconciled now (shown in 门店传输管理). */
  async markReconciled(m: EntityManager, storeId: string): Promise<void> {
    await m.query(SQL.reconciled, [storeId]);
  }
}
