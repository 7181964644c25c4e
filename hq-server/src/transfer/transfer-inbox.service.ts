import { Injectable, Logger } from '@nestjs/common';
import { DomainException, JobName, JobPayloads, OnJob, queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { plainToInstance } from 'class-transformer';
import { PushHandlerRegistry } from './push-handlers';

const BATCH = 100;

/**
 * Processes pushed records after their durable insert (the job is only the wake-up; the inbox is
 * the state). Each record runs in its own savepoint: a record that fails is marked failed with its
 * error and shown in the stores' health list, and the others go on.
 */
@Injectable()
export class TransferInboxService {
  private readonly logger = new Logger('TransferInbox');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly handlers: PushHandlerRegistry,
  ) {}

  @OnJob(JobName.TransferProcessInbox)
  async onJob(payload: JobPayloads[JobName.TransferProcessInbox]): Promise<void> {
    await this.processPending(payload.storeId);
  }

  /** Processes what is waiting (for one store, or all); returns how many records were handled. */
  async processPending(storeId?: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.connection.withTransaction(new RequestContext(null), async (tx) => {
        const m = this.connection.manager(tx);
        const rows = await queryRows<{ id: string; store_id: string; stream: string; body: Record<string, unknown> }>(
          m,
          `SELECT id, store_id, stream, body FROM transfer_inbox WHERE status = 'received' AND ($1::uuid IS NULL OR store_id = $1)
            ORDER BY received_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [storeId ?? null, BATCH],
        );
        for (const r of rows) {
          const handler = this.handlers.get(r.stream);
          await m.query('SAVEPOINT inbox_record');
          try {
            if (!handler) throw new Error(`no handler for stream ${r.stream}`);
            await handler.process(tx, { id: r.id, storeId: r.store_id, body: plainToInstance(handler.dto, r.body) });
            await m.query('RELEASE SAVEPOINT inbox_record');
            await m.query(`UPDATE transfer_inbox SET status = 'processed', processed_at = now(), attempts = attempts + 1, error = NULL WHERE id = $1`, [r.id]);
          } catch (e) {
            await m.query('ROLLBACK TO SAVEPOINT inbox_record');
            // a typed refusal keeps its code (e.g. MEMBER_MOBILE_TAKEN): staff act on it, nobody retries it
            const message = (e instanceof DomainException ? `${e.code}: ${e.message}` : String((e as Error)?.message ?? e)).slice(0, 500);
            this.logger.error({ id: r.id, stream: r.stream, store: r.store_id, error: message }, 'inbox record failed');
            await m.query(`UPDATE transfer_inbox SET status = 'failed', attempts = attempts + 1, error = $2 WHERE id = $1`, [r.id, message]);
          }
        }
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }
}
