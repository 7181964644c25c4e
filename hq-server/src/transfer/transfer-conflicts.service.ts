import { Injectable } from '@nestjs/common';
import { AuditService, CommonError, DomainException, Page, RequestContext, TransactionalConnection, TransferError } from '@chain-erp/shared';
import { TransferConflict, TransferInbox } from './hq-transfer.entity';
import { ConflictQueryDto, DiscardInboxRecordDto } from './store-opening.dto';
import { StoreTransferRepository } from './store-transfer.repository';
import { TransferListsRepository } from './transfer-lists.repository';
import { StoreTransferService } from './store-transfer.service';
import { TransferInboxService } from './transfer-inbox.service';

export { CONFLICT_SORT } from './transfer-lists.repository';

/**
 * 门店传输管理 for conflicts: a store sent another body under an id HQ holds (push outcome
 * `conflict`). HQ keeps the first; staff decide: `discard` (the first stands — e.g. a shift report
 * sent again for a shift HQ already has) or `supersede` (this body replaces the first and is applied —
 * only while the first is not applied: failed or discarded; an applied document is corrected by a new
 * document, never rewritten). Both are audited with the reason.
 */
@Injectable()
export class TransferConflictsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly stores: StoreTransferService,
    private readonly inbox: TransferInboxService,
    private readonly audit: AuditService,
    private readonly repo: StoreTransferRepository,
    private readonly lists: TransferListsRepository,
  ) {}

  async list(ctx: RequestContext, storeId: string, q: ConflictQueryDto): Promise<Page<TransferConflict>> {
    await this.stores.storeOf(ctx, storeId);
    return this.lists.conflicts(ctx, storeId, q.status ?? 'failed', q.stream, q);
  }

  async discard(ctx: RequestContext, storeId: string, id: string, dto: DiscardInboxRecordDto): Promise<TransferConflict> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const c = await this.lockFailed(tx, storeId, id);
      await this.connection.repo(tx, TransferConflict).update({ id }, { status: 'discarded', resolvedAt: new Date() });
      await this.audit.record(tx, {
        entityType: 'transfer_conflict',
        entityId: id,
        action: 'discard',
        before: { status: c.status, recordId: c.recordId },
        after: { status: 'discarded' },
        reason: dto.reason.trim(),
      });
      return this.connection.repo(tx, TransferConflict).findOneByOrFail({ id });
    });
  }

  /** This body replaces the first one HQ holds and is processed; refused while the first is received or processed. */
  async supersede(ctx: RequestContext, storeId: string, id: string, dto: DiscardInboxRecordDto): Promise<TransferInbox> {
    const recordId = await this.connection.withTransaction(ctx, async (tx) => {
      const c = await this.lockFailed(tx, storeId, id);
      const first = await this.connection.repo(tx, TransferInbox).findOne({ where: { id: c.recordId, storeId }, lock: { mode: 'pessimistic_write' } });
      if (!first) throw new DomainException(CommonError.NOT_FOUND, 'the first record is gone / 原记录不存在');
      if (first.status !== 'failed' && first.status !== 'discarded') {
        throw new DomainException(
          TransferError.TRANSFER_RECORD_APPLIED,
          `the first record is ${first.status}: an applied document is not replaced — discard this one and correct with a new document / 原记录已处理，不能替换`,
          [{ field: 'conflictId', message: `first record ${first.status}` }],
          { status: first.status },
        );
      }
      await this.repo.supersedeInboxRecord(tx, first.id, c.stream, c.body, c.bodyHash);
      await this.connection.repo(tx, TransferConflict).update({ id }, { status: 'superseded', resolvedAt: new Date() });
      await this.audit.record(tx, {
        entityType: 'transfer_conflict',
        entityId: id,
        action: 'supersede',
        before: { recordId: first.id, status: first.status, bodyHash: first.bodyHash },
        after: { status: 'received', bodyHash: c.bodyHash },
        reason: dto.reason.trim(),
      });
      return first.id;
    });
    await this.inbox.processPending(storeId);
    return this.connection.repo(ctx, TransferInbox).findOneByOrFail({ id: recordId });
  }

  private async lockFailed(tx: RequestContext, storeId: string, id: string): Promise<TransferConflict> {
    await this.stores.storeOf(tx, storeId);
    const c = await this.connection.repo(tx, TransferConflict).findOne({ where: { id, storeId }, lock: { mode: 'pessimistic_write' } });
    if (!c) throw new DomainException(CommonError.NOT_FOUND, 'conflict not found / 记录不存在', [{ field: 'conflictId', message: 'not a conflict of this store' }]);
    if (c.status !== 'failed') {
      throw new DomainException(TransferError.TRANSFER_RECORD_NOT_FAILED, `the conflict is ${c.status} / 该记录已处理`, [{ field: 'conflictId', message: `status ${c.status}` }], {
        status: c.status,
      });
    }
    return c;
  }
}
