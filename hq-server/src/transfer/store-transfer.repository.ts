import { Injectable } from '@nestjs/common';
import { queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

/** The tables a data scope names by id (DataScopeDto's lists), each checked with the same statement. */
export const SCOPE_ID_TABLES = ['category', 'supplier', 'customer', 'app_user'] as const;
export type ScopeIdTable = (typeof SCOPE_ID_TABLES)[number];

const KNOWN_IDS = Object.fromEntries(SCOPE_ID_TABLES.map((t) => [`knownIds.${t}`, `SELECT id::text FROM ${t} WHERE id = ANY($1::uuid[])`])) as Record<
  `knownIds.${ScopeIdTable}`,
  string
>;

const SQL = sqlStatements(
  'transfer.store-transfer',
  {
    key: `SELECT key FROM store_transfer WHERE store_id = $1`,
    setupCode: `UPDATE store_transfer SET setup_token_id = $2, setup_wrapped_key = $3, setup_expires_at = $4 WHERE store_id = $1`,
    rotate: `UPDATE store_transfer SET previous_key = CASE WHEN $4::int > 0 THEN key ELSE NULL END,
                previous_key_until = CASE WHEN $4::int > 0 THEN now() + make_interval(hours => $4::int) ELSE NULL END,
                key = $2, key_salt = $3, key_changed_at = now(), row_version = row_version + 1
          WHERE store_id = $1 RETURNING previous_key_until`,
    setStatus: `UPDATE store_transfer SET status = $2::text, setup_token_id = CASE WHEN $2::text = 'revoked' THEN NULL ELSE setup_token_id END, row_version = row_version + 1 WHERE store_id = $1`,
    ...KNOWN_IDS,
    health: `SELECT o.id, o.code, o.name, o.status AS org_status, t.*, s.version AS scope_version,
              (SELECT count(*)::int FROM transfer_inbox i WHERE i.store_id = o.id AND i.status = 'failed')
                + (SELECT count(*)::int FROM transfer_conflict c WHERE c.store_id = o.id AND c.status = 'failed') AS failed_records,
              (SELECT jsonb_build_object('id', f.id, 'stream', f.stream, 'error', f.error, 'receivedAt', f.received_at, 'kind', f.kind) FROM (
                 (SELECT i.id, i.stream, i.error, i.received_at, 'record' AS kind FROM transfer_inbox i
                   WHERE i.store_id = o.id AND i.status = 'failed' ORDER BY i.received_at DESC, i.id DESC LIMIT 1)
                 UNION ALL
                 (SELECT c.id, c.stream, c.error, c.received_at, 'conflict' FROM transfer_conflict c
                   WHERE c.store_id = o.id AND c.status = 'failed' ORDER BY c.received_at DESC, c.id DESC LIMIT 1)) f
                ORDER BY f.received_at DESC LIMIT 1) AS last_failed_record
         FROM org_unit o JOIN store_transfer t ON t.store_id = o.id JOIN store_data_scope s ON s.store_id = o.id
        WHERE o.id = $1 AND o.kind = 'store'`,
    claimOpening: `INSERT INTO store_opening (idempotency_key, request_hash, store_id, opened_by) VALUES ($1, $2, gen_random_uuid(), $3) ON CONFLICT DO NOTHING RETURNING 1`,
    openingStore: `UPDATE store_opening SET store_id = $2 WHERE idempotency_key = $1`,
    supersede: `UPDATE transfer_inbox SET stream = $2, body = $3, body_hash = $4, status = 'received', error = NULL WHERE id = $1`,
  },
  ['hq'],
);

/** A store's row of 门店传输管理 as the SQL answers it: org unit, its store_transfer row (t.*), scope version and failed records. */
export interface StoreHealthRow {
  id: string;
  code: string;
  name: string;
  org_status: string;
  status: string;
  last_contact_at: Date | null;
  last_pull_at: Date | null;
  last_push_at: Date | null;
  confirmed_cursor: string | null;
  outbox_backlog: number;
  last_error: string | null;
  last_error_at: Date | null;
  push_error: string | null;
  push_error_at: Date | null;
  push_error_stream: string | null;
  reconciled_at: Date | null;
  key_changed_at: Date;
  previous_key_until: Date | null;
  scope_version: number;
  failed_records: number;
  last_failed_record: { id: string; stream: string; error: string | null; receivedAt: string; kind: 'record' | 'conflict' } | null;
}

/**
 * The SQL of 门店传输管理 (StoreTransferService), store opening (StoreOpeningService) and conflicts
 * (TransferConflictsService): transfer keys and setup codes, the health row, the opening's claim.
 */
@Injectable()
export class StoreTransferRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async key(ctx: RequestContext, storeId: string): Promise<Buffer | undefined> {
    const [row] = await queryRows<{ key: Buffer }>(this.connection.manager(ctx), SQL.key, [storeId]);
    return row?.key;
  }

  async setSetupCode(ctx: RequestContext, storeId: string, tokenId: string, wrappedKey: string, expiresAt: Date): Promise<void> {
    await this.connection.manager(ctx).query(SQL.setupCode, [storeId, tokenId, wrappedKey, expiresAt]);
  }

  /** The new key; the old one kept `graceHours` (0: at once gone). Answers until when the old one works. */
  async rotateKey(ctx: RequestContext, storeId: string, key: Buffer, salt: string, graceHours: number): Promise<Date | null> {
    const [r] = await queryRows<{ previous_key_until: Date | null }>(this.connection.manager(ctx), SQL.rotate, [storeId, key, salt, graceHours]);
    return r.previous_key_until;
  }

  async setStatus(ctx: RequestContext, storeId: string, status: 'active' | 'revoked'): Promise<void> {
    await this.connection.manager(ctx).query(SQL.setStatus, [storeId, status]);
  }

  /** Which of these ids the table holds. */
  async knownIds(ctx: RequestContext, table: ScopeIdTable, ids: string[]): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(this.connection.manager(ctx), SQL[`knownIds.${table}`], [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async health(ctx: RequestContext, storeId: string): Promise<StoreHealthRow | undefined> {
    const [row] = await queryRows<StoreHealthRow>(this.connection.manager(ctx), SQL.health, [storeId]);
    return row;
  }

  /** Claims an opening's idempotency key; false: another request holds it (concurrent retries wait here for the first). */
  async claimOpening(ctx: RequestContext, idempotencyKey: string, requestHash: string, userId: string | null): Promise<boolean> {
    const claimed = await queryRows<Record<string, number>>(this.connection.manager(ctx), SQL.claimOpening, [idempotencyKey, requestHash, userId]);
    return claimed.length > 0;
  }

  async setOpeningStore(ctx: RequestContext, idempotencyKey: string, storeId: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.openingStore, [idempotencyKey, storeId]);
  }

  /** A conflict's body replaces the first record's, to be processed again. */
  async supersedeInboxRecord(ctx: RequestContext, recordId: string, stream: string, body: unknown, bodyHash: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.supersede, [recordId, stream, body, bodyHash]);
  }
}
