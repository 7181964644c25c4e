import { Injectable } from '@nestjs/common';
import { AuditService, CommonError, DomainException, Page, refusalOf, RequestContext, TransactionalConnection, TransferError } from '@chain-erp/shared';
import { TransferInbox } from './hq-transfer.entity';
import { DiscardInboxRecordDto, InboxRecordQueryDto } from './store-opening.dto';
import { StoreTransferService } from './store-transfer.service';
import { TransferInboxService } from './transfer-inbox.service';
import { PushHandlerRegistry } from './push-handlers';
import { TransferListsRepository } from './transfer-lists.repository';

export { INBOX_RECORD_SORT } from './transfer-lists.repository';

/**
 * 门店传输管理 for the records a store pushed: staff see the ones HQ refused (a typed refusal such as
 * MEMBER_MOBILE_TAKEN is never retried by itself), fix the cause at HQ and run the record again, or
 * decide not to apply it (`discarded`, with their reason in the audit trail). Only failed records
 * can be retried or discarded; a record applied once is never applied again.
 */
@Injectable()
export class InboxRecordsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly stores: StoreTransferService,
    private readonly inbox: TransferInboxService,
    private readonly audit: AuditService,
    private readonly handlers: PushHandlerRegistry,
    private readonly lists: TransferListsRepository,
  ) {}

  async list(ctx: RequestContext, storeId: string, q: InboxRecordQueryDto): Promise<Page<TransferInbox>> {
    await this.stores.storeOf(ctx, storeId);
    return this.lists.records(ctx, storeId, q.status ?? 'failed', q.stream, q);
  }

  /**
   * Runs a failed record again (after staff fixed its cause) and answers how it went this time. The
   * stored body first passes the checks a push makes today (its stream's DTO, the store it names):
   * a record that would be refused at the push now stays failed with that refusal, never applied.
   */
  async retry(ctx: RequestContext, storeId: string, id: string): Promise<TransferInbox> {
    const checked = await this.connection.withTransaction(ctx, async (tx) => {
      const record = await this.lockFailed(tx, storeId, id);
      const store = await this.stores.storeOf(tx, storeId);
      const refusal = checkAgain(() => this.handlers.check(record, { storeId, storeCode: store.code }, 'record'));
      await this.connection.repo(tx, TransferInbox).update({ id }, refusal ? { error: refusal.slice(0, 500), attempts: record.attempts + 1 } : { status: 'received' });
      await this.audit.record(tx, {
        entityType: 'transfer_inbox',
        entityId: id,
        action: 'retry',
        before: { status: record.status, error: record.error, attempts: record.attempts },
        ...(refusal ? { after: { status: 'failed', error: refusal } } : {}),
      });
      return !refusal;
    });
    // the store's other waiting records go too, in their order: a retried issue before its points
    if (checked) await this.inbox.processPending(storeId);
    return this.connection.repo(ctx, TransferInbox).findOneByOrFail({ id });
  }

  async discard(ctx: RequestContext, storeId: string, id: string, dto: DiscardInboxRecordDto): Promise<TransferInbox> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const record = await this.lockFailed(tx, storeId, id);
      await this.connection.repo(tx, TransferInbox).update({ id }, { status: 'discarded' });
      await this.audit.record(tx, {
        entityType: 'transfer_inbox',
        entityId: id,
        action: 'discard',
        before: { status: record.status, error: record.error },
        after: { status: 'discarded' },
        reason: dto.reason.trim(),
      });
      return { ...record, status: 'discarded' };
    });
  }

  private async lockFailed(tx: RequestContext, storeId: string, id: string): Promise<TransferInbox> {
    await this.stores.storeOf(tx, storeId);
    const record = await this.connection.repo(tx, TransferInbox).findOne({ where: { id, storeId }, lock: { mode: 'pessimistic_write' } });
    if (!record) throw new DomainException(CommonError.NOT_FOUND, 'record not found / 记录不存在', [{ field: 'recordId', message: 'not a record of this store' }]);
    if (record.status !== 'failed') {
      throw new DomainException(
        TransferError.TRANSFER_RECORD_NOT_FAILED,
        `the record is ${record.status}, not failed / 该记录不是失败状态`,
        [{ field: 'recordId', message: `status ${record.status}` }],
        { status: record.status },
      );
    }
    return record;
  }
}

/** A check's refusal as the inbox keeps it (`CODE: message (fields)`), or null when it passes. */
function checkAgain(check: () => unknown): string | null {
  const e = refusalOf(check);
  if (!e) return null;
  const fields = (e.fields ?? []).map((f) => `${f.field}: ${f.message}`).join('; ');
  return `${e.code}: ${e.message}${fields ? ` (${fields})` : ''}`;
}
