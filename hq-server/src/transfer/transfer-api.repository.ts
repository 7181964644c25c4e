import { Injectable } from '@nestjs/common';
import { copyIn, copyTextRows, inSavepoint, isUniqueViolation, queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

const SQL = sqlStatements(
  'transfer.api',
  {
    keySalt: `SELECT t.key_salt FROM store_transfer t JOIN org_unit o ON o.id = t.store_id WHERE o.code = $1 AND o.kind = 'store'`,
    lockSetup: `SELECT t.store_id, t.key_salt, t.setup_wrapped_key, t.status FROM store_transfer t JOIN org_unit o ON o.id = t.store_id
          WHERE o.code = $1 AND t.setup_token_id = $2 AND t.setup_expires_at > now() FOR UPDATE OF t`,
    clearSetup: `UPDATE store_transfer SET setup_token_id = NULL, setup_wrapped_key = NULL, setup_expires_at = NULL WHERE store_id = $1`,
    storeName: `SELECT name FROM org_unit WHERE id = $1`,
    notePull: `UPDATE store_transfer SET last_pull_at = now(), outbox_backlog = COALESCE($2::int, outbox_backlog), last_error = $3::text,
                    last_error_at = CASE WHEN $3::text IS NULL THEN last_error_at ELSE now() END, confirmed_cursor = COALESCE($4::text, confirmed_cursor)
              WHERE store_id = $1`,
    confirmCursor: `UPDATE store_transfer SET confirmed_cursor = $2 WHERE store_id = $1`,
    notePushRefusal: `UPDATE store_transfer SET push_error = $2, push_error_stream = $3, push_error_at = now() WHERE store_id = $1`,
    received: `SELECT id, store_id, stream, body_hash, received_at FROM transfer_inbox WHERE id = ANY($1::uuid[])`,
    notePush: `UPDATE store_transfer SET last_push_at = now(),
                push_error = CASE WHEN push_error_stream = ANY($2::text[]) THEN NULL ELSE push_error END,
                push_error_at = CASE WHEN push_error_stream = ANY($2::text[]) THEN NULL ELSE push_error_at END,
                push_error_stream = CASE WHEN push_error_stream = ANY($2::text[]) THEN NULL ELSE push_error_stream END
          WHERE store_id = $1`,
    keepConflict: `INSERT INTO transfer_conflict (id, record_id, store_id, stream, body, body_hash, error) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6)
       ON CONFLICT (record_id, body_hash) DO NOTHING`,
    conflictReceivedAt: `SELECT received_at FROM transfer_conflict WHERE record_id = $1 AND body_hash = $2`,
    now: `SELECT now() AS now`,
    insertRecords: `INSERT INTO transfer_inbox (id, store_id, stream, body, body_hash, store_seq)
       SELECT r.id, $1, r.stream, r.body, r.hash, r.seq FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, stream varchar, body jsonb, hash varchar, seq bigint)
       ON CONFLICT (id) DO NOTHING RETURNING id, received_at`,
  },
  ['hq'],
);
/** COPY is no statement PREPARE takes: the inbox's columns are those of `insertRecords` above. */
const COPY_RECORDS = `COPY transfer_inbox (id, store_id, stream, body, body_hash, store_seq) FROM STDIN`;

/** A pushed record with the hash of its canonical body (what a repeat is compared by). */
export interface HashedRecord {
  id: string;
  stream: string;
  body: Record<string, unknown>;
  hash: string;
  seq: string | null;
}

/** A record HQ received before, as the inbox holds it. */
export interface ReceivedRecord {
  id: string;
  store_id: string;
  stream: string;
  body_hash: string;
  received_at: Date;
}

/** A setup code's row, locked (its key is handed out once). */
export interface SetupRow {
  store_id: string;
  key_salt: string;
  setup_wrapped_key: string;
  status: string;
}

/** The SQL of HQ's transfer endpoints (TransferApiService): setup claims, the pull's notes, the push's durable insert into the inbox. */
@Injectable()
export class TransferApiRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** The store's key salt (undefined: no such store or no transfer row). */
  async keySalt(ctx: RequestContext, storeCode: string): Promise<string | undefined> {
    const [row] = await queryRows<{ key_salt: string }>(this.connection.manager(ctx), SQL.keySalt, [storeCode]);
    return row?.key_salt;
  }

  /** The store's row for an unexpired setup token, locked. */
  async lockSetup(ctx: RequestContext, storeCode: string, tokenId: string): Promise<SetupRow | undefined> {
    const [row] = await queryRows<SetupRow>(this.connection.manager(ctx), SQL.lockSetup, [storeCode, tokenId]);
    return row;
  }

  async clearSetup(ctx: RequestContext, storeId: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.clearSetup, [storeId]);
  }

  async storeName(ctx: RequestContext, storeId: string): Promise<string> {
    const [store] = await queryRows<{ name: string }>(this.connection.manager(ctx), SQL.storeName, [storeId]);
    return store.name;
  }

  /** A pull's note for 门店传输管理: when, the store's backlog and last error (null: keep), and the cursor it confirms (null: keep). */
  async notePull(ctx: RequestContext, storeId: string, backlog: number | null, lastError: string | null, confirmed: string | null): Promise<void> {
    await this.connection.manager(ctx).query(SQL.notePull, [storeId, backlog, lastError, confirmed]);
  }

  async confirmCursor(ctx: RequestContext, storeId: string, cursor: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.confirmCursor, [storeId, cursor]);
  }

  async notePushRefusal(ctx: RequestContext, storeId: string, error: string, stream: string | null): Promise<void> {
    await this.connection.manager(ctx).query(SQL.notePushRefusal, [storeId, error, stream]);
  }

  received(ctx: RequestContext, ids: string[]): Promise<ReceivedRecord[]> {
    return queryRows<ReceivedRecord>(this.connection.manager(ctx), SQL.received, [ids]);
  }

  /** A push went through: noted, and a refusal noted for one of these streams is cleared (that stream moves again). */
  async notePush(ctx: RequestContext, storeId: string, streams: string[]): Promise<void> {
    await this.connection.manager(ctx).query(SQL.notePush, [storeId, streams]);
  }

  /** Keeps another body under a known id as a refused record, once per body; answers when it was first kept. */
  async keepConflict(ctx: RequestContext, storeId: string, r: HashedRecord, error: string): Promise<Date> {
    const m = this.connection.manager(ctx);
    await m.query(SQL.keepConflict, [r.id, storeId, r.stream, r.body, r.hash, error]);
    const [row] = await queryRows<{ received_at: Date }>(m, SQL.conflictReceivedAt, [r.id, r.hash]);
    return row.received_at;
  }

  /**
   * The durable insert of a batch; answers the records it stored (the others were received before,
   * or concurrently). A batch of new records — the usual push — goes in with one COPY, PostgreSQL's
   * fastest path (no JSON array to parse into rows); the first repeated id makes the COPY fail as a
   * whole (in a savepoint), and the batch then goes through INSERT … ON CONFLICT DO NOTHING.
   */
  async storeRecords(ctx: RequestContext, storeId: string, records: HashedRecord[]): Promise<{ id: string; received_at: Date }[]> {
    const m = this.connection.manager(ctx);
    const data = copyTextRows(records.map((r) => [r.id, storeId, r.stream, JSON.stringify(r.body), r.hash, r.seq]));
    const copied = await inSavepoint(
      m,
      'inbox_copy',
      () => copyIn(m, COPY_RECORDS, data),
      (e) => {
        if (isUniqueViolation(e)) return null;
        throw e;
      },
    );
    if (copied !== null) {
      // received_at defaults to now(): the transaction's start, the same for every row of the batch
      const [{ now }] = await queryRows<{ now: Date }>(m, SQL.now);
      return records.map((r) => ({ id: r.id, received_at: now }));
    }
    return queryRows<{ id: string; received_at: Date }>(m, SQL.insertRecords, [storeId, JSON.stringify(records)]);
  }
}
