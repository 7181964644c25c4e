import { Injectable } from '@nestjs/common';
import { queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

const SQL = sqlStatements(
  'transfer.inbox',
  {
    waitingStores: `SELECT DISTINCT store_id FROM transfer_inbox WHERE status = 'received'`,
    lockStore: `SELECT pg_advisory_xact_lock(hashtext('transfer_inbox'), hashtext($1))`,
    nextBatch: `SELECT id, store_id, stream, body FROM transfer_inbox WHERE status = 'received' AND store_id = $1
            ORDER BY received_at, store_seq, id LIMIT $2 FOR UPDATE`,
    processedAll: `UPDATE transfer_inbox SET status = 'processed', processed_at = now(), attempts = attempts + 1, error = NULL WHERE id = ANY($1::uuid[])`,
    processed: `UPDATE transfer_inbox SET status = 'processed', processed_at = now(), attempts = attempts + 1, error = NULL WHERE id = $1`,
    failed: `UPDATE transfer_inbox SET status = 'failed', attempts = attempts + 1, error = $2 WHERE id = $1`,
  },
  ['hq'],
);

/** A pushed record waiting in the inbox. */
export interface InboxRow {
  id: string;
  store_id: string;
  stream: string;
  body: Record<string, unknown>;
}

/** The SQL of HQ's transfer inbox (TransferInboxService): what waits, per store in arrival order, and each record's outcome. */
@Injectable()
export class TransferInboxRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Stores with records waiting. */
  async waitingStores(ctx: RequestContext): Promise<string[]> {
    return (await queryRows<{ store_id: string }>(this.connection.manager(ctx), SQL.waitingStores)).map((s) => s.store_id);
  }

  /** The store's next records in arrival order, locked; one worker per store (an advisory lock taken first, held to the transaction's end). */
  async nextBatch(ctx: RequestContext, storeId: string, limit: number): Promise<InboxRow[]> {
    const m = this.connection.manager(ctx);
    await m.query(SQL.lockStore, [storeId]);
    return queryRows<InboxRow>(m, SQL.nextBatch, [storeId, limit]);
  }

  /** A whole batch went through: one update. */
  async markAllProcessed(ctx: RequestContext, ids: string[]): Promise<void> {
    await this.connection.manager(ctx).query(SQL.processedAll, [ids]);
  }

  async markProcessed(ctx: RequestContext, id: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.processed, [id]);
  }

  /** The error is kept for the stores' health list. */
  async markFailed(ctx: RequestContext, id: string, error: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.failed, [id, error]);
  }
}
