import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DomainException, JobName, JobPayloads, JobQueue, inSavepoint, OnJob, RequestContext, TransactionalConnection } from '@chain-erp/shared';

const INBOX_SWEEP_MS = 60_000;
import { plainToInstance } from 'class-transformer';
import { PushHandler, PushHandlerRegistry } from './push-handlers';
import { InboxRow, TransferInboxRepository } from './transfer-inbox.repository';

/** records per transaction (a bounded transaction; a push brings up to 5,000) */
const BATCH = 2000;

type Row = InboxRow;

/**
 * Processes pushed records after their durable insert (the job is only the wake-up; the inbox is
 * the state). A batch runs in one savepoint (a stream's run of records through its handler's
 * set-based `processBatch` where it has one); if anything in it fails, each record runs in its own
 * savepoint with `process`: a record that fails is marked failed with its
 * error and shown in the stores' health list, and the others go on. One store's records are applied
 * in the order they arrived, by one worker at a time (a per-store advisory lock): a card issue
 * before the points on it, a sale's points before a refund takes them back — even with several
 * jobs or HQ instances running.
 */
@Injectable()
export class TransferInboxService implements OnApplicationBootstrap {
  private readonly logger = new Logger('TransferInbox');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly handlers: PushHandlerRegistry,
    private readonly jobs: JobQueue,
    private readonly repo: TransferInboxRepository,
  ) {}

  /** Safety net under the per-push wake-ups: every minute, whatever is still waiting. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(JobName.TransferProcessInbox, INBOX_SWEEP_MS, {});
  }

  @OnJob(JobName.TransferProcessInbox)
  async onJob(payload: JobPayloads[JobName.TransferProcessInbox]): Promise<void> {
    await this.processPending(payload.storeId);
  }

  private async processOne(tx: RequestContext, r: Row): Promise<void> {
    const handler = this.handlers.get(r.stream);
    if (!handler) throw new Error(`no handler for stream ${r.stream}`);
    await handler.process(tx, { id: r.id, storeId: r.store_id, body: this.bodyOf(handler, r) });
  }

  /** The body as the handler's DTO. A flat DTO class-transformer leaves alone (it has a compiled check) would only be copied: passed as it is. */
  private bodyOf(handler: PushHandler, r: Row): object {
    return this.handlers.fastCheck(r.stream) ? r.body : plainToInstance(handler.dto, r.body);
  }

  /** A batch in arrival order: each run of one stream through its handler's processBatch if it has one, else record by record. */
  private async processAll(tx: RequestContext, rows: Row[]): Promise<void> {
    for (let i = 0; i < rows.length;) {
      let j = i + 1;
      while (j < rows.length && rows[j].stream === rows[i].stream) j++;
      const handler = this.handlers.get(rows[i].stream);
      if (!handler) throw new Error(`no handler for stream ${rows[i].stream}`);
      if (handler.processBatch && j - i > 1) {
        await handler.processBatch(
          tx,
          rows.slice(i, j).map((r) => ({ id: r.id, storeId: r.store_id, body: this.bodyOf(handler, r) })),
        );
      } else {
        for (let k = i; k < j; k++) await this.processOne(tx, rows[k]);
      }
      i = j;
    }
  }

  /** Processes what is waiting (for one store, or store by store for all); returns how many records were handled. */
  async processPending(storeId?: string): Promise<number> {
    if (!storeId) {
      const stores = await this.repo.waitingStores(new RequestContext(null));
      let all = 0;
      for (const s of stores) all += await this.processPending(s);
      return all;
    }
    let total = 0;
    for (;;) {
      const n = await this.connection.withTransaction(new RequestContext(null), async (tx) => {
        const m = this.connection.manager(tx);
        // one worker per store: the next batch is read only after the previous one committed
        const rows = await this.repo.nextBatch(tx, storeId, BATCH);
        if (!rows.length) return 0;
        // the common case in one go: every record of the batch processed, one status update
        const batchDone = await inSavepoint(
          m,
          'inbox_batch',
          () => this.processAll(tx, rows).then(() => true),
          () => false,
        );
        if (batchDone) {
          await this.repo.markAllProcessed(
            tx,
            rows.map((r) => r.id),
          );
          return rows.length;
        }
        // something failed: record by record, so the others still go through and the bad one is named
        for (const r of rows) {
          const failure = await inSavepoint(
            m,
            'inbox_record',
            () => this.processOne(tx, r).then(() => null),
            (e) => e ?? new Error('failed'),
          );
          if (failure === null) {
            await this.repo.markProcessed(tx, r.id);
          } else {
            // a typed refusal keeps its code (e.g. MEMBER_MOBILE_TAKEN): staff act on it, nobody retries it
            const message = (failure instanceof DomainException ? `${failure.code}: ${failure.message}` : String((failure as Error)?.message ?? failure)).slice(0, 500);
            this.logger.error({ id: r.id, stream: r.stream, store: r.store_id, error: message }, 'inbox record failed');
            await this.repo.markFailed(tx, r.id, message);
          }
        }
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }
}
