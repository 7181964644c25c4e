import { Injectable } from '@nestjs/common';
import {
  applySort,
  AuditService,
  CommonError,
  CreateVoucherBatchDto,
  dec,
  defineSort,
  DocumentNumberService,
  DomainException,
  FieldError,
  newVoucherNumber,
  Page,
  RequestContext,
  TransactionalConnection,
  Voucher,
  VoucherBatch,
  VoucherBatchDto,
  VoucherBatchQueryDto,
  VoucherDetailDto,
  VoucherDto,
  VoucherError,
  VoucherQueryDto,
} from '@chain-erp/shared';
import { checkStores } from '../pricing/pricing-support';
import { VoucherRepository } from './voucher.repository';

export function requireHq(ctx: RequestContext): void {
  if (ctx.storeId) throw new DomainException(CommonError.FORBIDDEN, 'only HQ issues and reads vouchers and gift cards / 代金券与礼品卡由总部发行和查询', undefined);
}

export const VOUCHER_BATCH_SORT = defineSort({ batchNo: 'b.batch_no', createdAt: 'b.created_at', validTo: 'b.valid_to', faceValue: 'b.face_value' }, '-createdAt');
export const VOUCHER_SORT = defineSort({ number: 'v.number', balance: 'v.balance', validTo: 'v.valid_to' }, 'number');

/**
 * 代金券 / 礼品卡 batches at HQ. A batch is the issue document (numbered VB-HQ-… for vouchers,
 * GC-HQ-… for gift cards, audited, never edited): in its transaction it draws its random numbers,
 * inserts every voucher with its face value as balance, and writes one `issue` ledger row each —
 * value exists only with the document that made it.
 */
@Injectable()
export class VoucherBatchService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly repository: VoucherRepository,
  ) {}

  /** Only HQ issues and reads them: the numbers are the vouchers' secret, so no store lists another's. */
  async create(ctx: RequestContext, dto: CreateVoucherBatchDto): Promise<VoucherBatchDto> {
    requireHq(ctx);
    const fields: FieldError[] = [];
    const from = new Date(dto.validFrom);
    const to = new Date(dto.validTo);
    if (!(to.getTime() > from.getTime())) fields.push({ field: 'validTo', message: 'must be after validFrom' });
    if (dto.kind === 'gift_card' && dto.minSpend && dec(dto.minSpend).gt(0)) fields.push({ field: 'minSpend', message: 'a gift card has no minimum spend' });
    if (dto.kind === 'gift_card' && dto.percent) fields.push({ field: 'percent', message: 'a gift card has no percent (only vouchers: 折扣券)' });
    if (dto.kind === 'voucher' && dto.soldAtTill) fields.push({ field: 'soldAtTill', message: 'only gift cards are sold at the till' });
    // a balance spent down over many sales cannot be split between offline stores safely (yet)
    if (dto.kind === 'gift_card' && dto.offlineRedeemable) fields.push({ field: 'offlineRedeemable', message: 'only vouchers are redeemable offline' });
    if (fields.length) throw new DomainException(VoucherError.VOUCHER_BATCH_INVALID, 'the batch is not valid / 券批次有误', fields);
    return this.connection.withTransaction(ctx, async (tx) => {
      const existing = await this.connection.repo(tx, VoucherBatch).findOneBy({ id: dto.id });
      if (existing) {
        const same =
          existing.kind === dto.kind &&
          existing.name === dto.name &&
          dec(existing.faceValue).eq(dto.faceValue) &&
          (existing.percent === null ? !dto.percent : !!dto.percent && dec(existing.percent).eq(dto.percent)) &&
          existing.soldAtTill === !!dto.soldAtTill &&
          existing.quantity === dto.quantity &&
          existing.offlineRedeemable === !!dto.offlineRedeemable;
        if (!same)
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this batch id was already used for another batch / 该批次编号已被使用', [
            { field: 'id', message: 'used by another batch' },
          ]);
        return this.get(tx, dto.id);
      }
      if (dto.storeIds?.length) await checkStores(this.connection, tx, dto.storeIds);
      const batchNo = await this.numbers.next(tx, dto.kind === 'voucher' ? 'VB' : 'GC', 'HQ', new Date());
      const batch = this.connection.repo(tx, VoucherBatch).create({
        id: dto.id,
        batchNo,
        kind: dto.kind,
        name: dto.name.trim(),
        faceValue: dec(dto.faceValue).toFixed(2),
        percent: dto.percent ? dec(dto.percent).toFixed(2) : null,
        minSpend: dec(dto.minSpend ?? 0).toFixed(2),
        quantity: dto.quantity,
        validFrom: from,
        validTo: to,
        storeIds: dto.storeIds?.length ? [...new Set(dto.storeIds)].sort() : null,
        offlineRedeemable: !!dto.offlineRedeemable,
        note: dto.note?.trim() || null,
        soldAtTill: !!dto.soldAtTill,
        createdBy: tx.user!.username,
      });
      await this.connection.repo(tx, VoucherBatch).insert(batch);
      await this.drawNumbers(tx, batch);
      // cards sold at the till get their value from the till's document (ledger kind `sell`), not here
      if (!batch.soldAtTill) await this.repository.issueLedger(tx, batch.id, batchNo, tx.user!.username);
      await this.audit.record(tx, { entityType: 'voucher_batch', entityId: batch.id, action: 'issue', after: batch });
      return this.get(tx, batch.id);
    });
  }

  /**
   * Inserts the batch's vouchers with fresh random numbers; a number that already exists (in any
   * batch, ever) is skipped by the unique index and drawn again, so numbers never repeat.
   */
  private async drawNumbers(tx: RequestContext, b: VoucherBatch): Promise<void> {
    let missing = b.quantity;
    for (let round = 0; missing > 0; round++) {
      if (round > 20) throw new Error('could not draw unique voucher numbers');
      const numbers = Array.from({ length: missing }, newVoucherNumber);
      missing -= await this.repository.drawNumbers(tx, numbers, b);
    }
  }

  async list(ctx: RequestContext, q: VoucherBatchQueryDto): Promise<Page<VoucherBatchDto>> {
    requireHq(ctx);
    const qb = this.connection.repo(ctx, VoucherBatch).createQueryBuilder('b');
    if (q.kind) qb.andWhere('b.kind = :kind', { kind: q.kind });
    applySort(qb, q.sort, VOUCHER_BATCH_SORT);
    const pageSize = q.pageSize ?? 50;
    const [batches, total] = await qb
      .skip(((q.page ?? 1) - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.withFigures(ctx, batches), total };
  }

  async get(ctx: RequestContext, id: string): Promise<VoucherBatchDto> {
    requireHq(ctx);
    const b = await this.connection.repo(ctx, VoucherBatch).findOneBy({ id });
    if (!b) throw new DomainException(VoucherError.VOUCHER_BATCH_NOT_FOUND, 'voucher batch not found / 券批次不存在');
    return (await this.withFigures(ctx, [b]))[0];
  }

  /**
   * issued / redeemed / voided / outstanding per batch (the liability HQ carries): outstanding from
   * the vouchers' balances, issued and voided from the ledger (a batch sold at the till has issued
   * what its tills sold), redeemed = issued − voided − outstanding.
   */
  private async withFigures(ctx: RequestContext, batches: VoucherBatch[]): Promise<VoucherBatchDto[]> {
    if (!batches.length) return [];
    const figures = await this.repository.figures(
      ctx,
      batches.map((b) => b.id),
    );
    const by = new Map(figures.map((f) => [f.batch_id, f]));
    return batches.map((b) => {
      const issued = dec(by.get(b.id)?.issued ?? 0);
      const voided = dec(by.get(b.id)?.voided ?? 0);
      const outstanding = dec(by.get(b.id)?.outstanding ?? 0);
      return {
        ...b,
        faceValue: dec(b.faceValue).toFixed(2),
        percent: b.percent === null ? null : dec(b.percent).toFixed(2),
        minSpend: dec(b.minSpend).toFixed(2),
        issued: issued.toFixed(2),
        redeemed: issued.minus(voided).minus(outstanding).toFixed(2),
        voided: voided.toFixed(2),
        outstanding: outstanding.toFixed(2),
        usedCount: by.get(b.id)?.used ?? 0,
      };
    });
  }

  async vouchers(ctx: RequestContext, q: VoucherQueryDto): Promise<Page<VoucherDto>> {
    requireHq(ctx);
    const qb = this.connection.repo(ctx, Voucher).createQueryBuilder('v');
    if (q.batchId) qb.andWhere('v.batch_id = :batchId', { batchId: q.batchId });
    if (q.state) qb.andWhere('v.state = :state', { state: q.state });
    if (q.number) qb.andWhere('v.number = :number', { number: q.number });
    applySort(qb, q.sort, VOUCHER_SORT);
    const pageSize = q.pageSize ?? 50;
    const [rows, total] = await qb
      .skip(((q.page ?? 1) - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const batchNos = await this.batchNos(
      ctx,
      rows.map((r) => r.batchId),
    );
    return { items: rows.map((v) => view(v, batchNos.get(v.batchId) ?? '')), total };
  }

  /** 查询: one number with its ledger (who redeemed it where, refunds, reversals). */
  async lookup(ctx: RequestContext, number: string): Promise<VoucherDetailDto> {
    requireHq(ctx);
    const v = await this.connection.repo(ctx, Voucher).findOneBy({ number });
    if (!v) throw new DomainException(VoucherError.VOUCHER_NOT_FOUND, `no voucher or gift card ${number} / 券号不存在`, [{ field: 'number', message: 'not found' }]);
    const ledger = await this.repository.ledger(ctx, v.id);
    const batchNos = await this.batchNos(ctx, [v.batchId]);
    return { ...view(v, batchNos.get(v.batchId) ?? ''), ledger };
  }

  private batchNos(ctx: RequestContext, ids: string[]): Promise<Map<string, string>> {
    return this.repository.batchNos(ctx, ids);
  }
}

function view(v: Voucher, batchNo: string): VoucherDto {
  return {
    id: v.id,
    number: v.number,
    batchId: v.batchId,
    batchNo,
    kind: v.kind,
    faceValue: dec(v.faceValue).toFixed(2),
    percent: v.percent === null ? null : dec(v.percent).toFixed(2),
    balance: dec(v.balance).toFixed(2),
    minSpend: dec(v.minSpend).toFixed(2),
    validFrom: v.validFrom,
    validTo: v.validTo,
    storeIds: v.storeIds,
    state: v.state,
  };
}
