import { Injectable } from '@nestjs/common';
import {
  AuditService,
  CommonError,
  CreateVoucherVoidDto,
  dec,
  DocumentNumberService,
  DomainException,
  RequestContext,
  TransactionalConnection,
  VoucherBatch,
  VoucherError,
  VoucherVoid,
  VoucherVoidDto,
} from '@chain-erp/shared';
import { requireHq } from './voucher-batch.service';
import { VoucherRepository } from './voucher.repository';

/**
 * 作废 vouchers and gift cards (HQ): a void document (VV-HQ-…, with a reason, audited) takes a whole
 * batch or one number out of use. Only what no customer holds: a number that paid a sale (a
 * `redeem` row) or a gift card a till sold is refused — its value is the customer's. In one
 * transaction each number goes to `void` with a `void` ledger row taking what was left, so the
 * batch's outstanding drops by exactly the document's amount.
 */
@Injectable()
export class VoucherVoidService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly repository: VoucherRepository,
  ) {}

  async create(ctx: RequestContext, dto: CreateVoucherVoidDto): Promise<VoucherVoidDto> {
    requireHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const existing = await this.connection.repo(tx, VoucherVoid).findOneBy({ id: dto.id });
      if (existing) {
        if (existing.batchId !== dto.batchId || existing.number !== (dto.number ?? null) || existing.reason !== dto.reason.trim())
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this id was already used for another void / 该作废单号已被使用', [
            { field: 'id', message: 'used by another document' },
          ]);
        return this.view(tx, existing);
      }
      // the batch row locked: two voids of one batch queue, the second finds nothing left to void
      const batch = await this.connection.repo(tx, VoucherBatch).findOne({ where: { id: dto.batchId }, lock: { mode: 'pessimistic_write' } });
      if (!batch) throw new DomainException(VoucherError.VOUCHER_BATCH_NOT_FOUND, 'voucher batch not found / 券批次不存在', [{ field: 'batchId', message: 'not found' }]);
      const targets = await this.repository.lockVoidTargets(tx, batch.id, dto.number ?? null, batch.soldAtTill);
      if (dto.number && !targets.length)
        throw new DomainException(VoucherError.VOUCHER_NOT_FOUND, `${dto.number} is not a number of ${batch.batchNo} / 该批次没有此券号`, [
          { field: 'number', message: 'not in this batch' },
        ]);
      const held = targets.filter((t) => t.held);
      if (held.length)
        throw new DomainException(
          VoucherError.VOUCHER_VOID_REFUSED,
          `${held.length} number(s) were redeemed or sold: their value is a customer's / 已使用或已售出的券不能作废`,
          [
            {
              field: dto.number ? 'number' : 'batchId',
              message: `redeemed or sold: ${held
                .slice(0, 5)
                .map((t) => t.number)
                .join(', ')}`,
            },
          ],
          { heldCount: held.length, numbers: held.slice(0, 20).map((t) => t.number) },
        );
      const open = targets.filter((t) => t.state !== 'void');
      if (!open.length) throw new DomainException(VoucherError.VOUCHER_VOID, 'already void / 已作废', [{ field: dto.number ? 'number' : 'batchId', message: 'already void' }]);
      const voidNo = await this.numbers.next(tx, 'VV', 'HQ', new Date());
      const ids = open.map((t) => t.id);
      await this.repository.voidNumbers(tx, ids, dto.id, voidNo, tx.user!.username);
      const row = this.connection.repo(tx, VoucherVoid).create({
        id: dto.id,
        voidNo,
        batchId: batch.id,
        number: dto.number ?? null,
        count: open.length,
        amount: open.reduce((a, t) => a.plus(t.balance), dec(0)).toFixed(2),
        reason: dto.reason.trim(),
        createdBy: tx.user!.username,
      });
      await this.connection.repo(tx, VoucherVoid).insert(row);
      await this.audit.record(tx, { entityType: 'voucher_batch', entityId: batch.id, action: 'void', after: row, reason: row.reason });
      return this.view(tx, row);
    });
  }

  private async view(tx: RequestContext, row: VoucherVoid): Promise<VoucherVoidDto> {
    const saved = await this.connection.repo(tx, VoucherVoid).findOneByOrFail({ id: row.id });
    const batch = await this.connection.repo(tx, VoucherBatch).findOneByOrFail({ id: saved.batchId });
    return { ...saved, batchNo: batch.batchNo, amount: dec(saved.amount).toFixed(2) };
  }
}
