import {
  assertInScope,
  AuditService,
  cardNumbersOf,
  defineSort,
  DocumentNumberService,
  DomainException,
  MemberError,
  notFound,
  Page,
  paginate,
  pgErrorOf,
  RequestContext,
  scopeQuery,
  TransactionalConnection,
} from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { MemberCardBatch } from './card-batch.entity';
import { CardBatchQueryDto, CreateCardBatchDto } from './card-batch.dto';
import { CardTypeService } from './card-type.service';
import { assertActiveStore, assertHq } from './membership.rules';

export const CARD_BATCH_SORT = defineSort({ batchNo: 'b.batchNo', createdAt: 'b.createdAt', startNo: 'b.startNo' }, '-createdAt');

/** 制卡: a batch makes its cards (one card-ledger row and one 'make' event each) in one transaction. */
@Injectable()
export class CardBatchService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly types: CardTypeService,
    private readonly audit: AuditService,
  ) {}

  list(ctx: RequestContext, q: CardBatchQueryDto): Promise<Page<MemberCardBatch>> {
    const qb = this.connection.repo(ctx, MemberCardBatch).createQueryBuilder('b');
    scopeQuery(ctx, qb, 'b.owner_store_id', q.storeId);
    if (q.cardTypeId) qb.andWhere('b.card_type_id = :t', { t: q.cardTypeId });
    return paginate(qb, q, CARD_BATCH_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<MemberCardBatch> {
    const batch = await this.connection.repo(ctx, MemberCardBatch).findOneBy({ id });
    if (!batch) throw notFound('card batch', id);
    assertInScope(ctx, batch.ownerStoreId, 'card batch');
    return batch;
  }

  async create(ctx: RequestContext, dto: CreateCardBatchDto): Promise<MemberCardBatch> {
    assertHq(ctx, 'card batches');
    const numbering = { prefix: dto.prefix ?? '', width: dto.numberWidth ?? 10, checkDigit: dto.checkDigit ?? 'none' };
    const last = BigInt(dto.startNo) + BigInt(dto.quantity) - 1n;
    if (last >= 10n ** BigInt(numbering.width)) {
      throw new DomainException(MemberError.MEMBER_BATCH_INVALID, `numbers up to ${last} do not fit in ${numbering.width} digits / 卡号超出位数`, [
        { field: 'numberWidth', message: `too narrow for ${last}` },
      ]);
    }
    if (dto.scope === 'store' && !dto.ownerStoreId) {
      throw new DomainException(MemberError.MEMBER_BATCH_INVALID, '本店卡 need an owning store / 本店卡必须指定门店', [
        { field: 'ownerStoreId', message: 'required for store cards' },
      ]);
    }
    try {
      return await this.connection.withTransaction(ctx, async (tx) => {
        const type = await this.types.get(tx, dto.cardTypeId);
        if (type.status !== 'active') throw new DomainException(MemberError.MEMBER_CARD_TYPE_DISABLED, `card type ${type.code} is disabled / 卡类型已停用`);
        if (dto.ownerStoreId) await assertActiveStore(this.connection, tx, dto.ownerStoreId, 'ownerStoreId');
        const repo = this.connection.repo(tx, MemberCardBatch);
        const batch = await repo.save(
          repo.create({
            batchNo: await this.numbers.next(tx, 'MCB', 'HQ'),
            cardTypeId: type.id,
            scope: dto.scope,
            prefix: numbering.prefix,
            startNo: String(dto.startNo),
            quantity: dto.quantity,
            numberWidth: numbering.width,
            checkDigit: numbering.checkDigit,
            ownerStoreId: dto.ownerStoreId ?? null,
            note: dto.note ?? null,
            createdBy: tx.userId,
          }),
        );
        await this.makeCards(tx, batch, cardNumbersOf(BigInt(dto.startNo), dto.quantity, numbering));
        await this.audit.record(tx, { entityType: 'member_card_batch', entityId: batch.id, action: 'create', after: batch });
        return batch;
      });
    } catch (e) {
      throw await this.explainConflict(ctx, e, numbering.prefix, dto);
    }
  }

  /** One set-based insert of the cards and their 'make' events: a 100,000-card batch is two statements. */
  private async makeCards(tx: RequestContext, batch: MemberCardBatch, cardNos: string[]): Promise<void> {
    await this.connection.manager(tx).query(
      `WITH made AS (
         INSERT INTO member_card (card_no, batch_id, card_type_id, scope, owner_store_id, state, row_version)
         SELECT no, $1, $2, $3, $4, CASE WHEN $4::uuid IS NULL THEN 'made' ELSE 'assigned' END, 1 FROM unnest($5::text[]) AS no
         RETURNING id, state
       )
       INSERT INTO member_card_event (card_id, action, from_state, to_state, store_id, user_id, username, reason)
       SELECT id, 'make', NULL, state, $4, $6, $7, $8 FROM made`,
      [batch.id, batch.cardTypeId, batch.scope, batch.ownerStoreId, cardNos, tx.userId, tx.user?.username ?? null, `batch ${batch.batchNo}`],
    );
  }

  /** The database refused the numbers: say which batch already holds them. */
  private async explainConflict(ctx: RequestContext, e: unknown, prefix: string, dto: CreateCardBatchDto): Promise<unknown> {
    const { constraint } = pgErrorOf(e);
    if (constraint === 'xcl_member_card_batch_range') {
      const [hit] = await this.connection.manager(ctx).query(
        `SELECT batch_no AS "batchNo", start_no AS "startNo", quantity FROM member_card_batch
            WHERE prefix = $1 AND int8range(start_no, start_no + quantity) && int8range($2::int8, $2::int8 + $3::int8) LIMIT 1`,
        [prefix, dto.startNo, dto.quantity],
      );
      return new DomainException(
        MemberError.MEMBER_BATCH_RANGE_OVERLAP,
        `card numbers overlap an existing batch / 卡号段与已有批次重叠`,
        [{ field: 'startNo', message: 'overlaps' }],
        hit ?? {},
      );
    }
    if (constraint === 'uq_member_card_no') {
      return new DomainException(MemberError.MEMBER_CARD_NUMBER_TAKEN, 'some of these card numbers exist already (another prefix runs into them) / 卡号已存在', [
        { field: 'prefix', message: 'numbers collide with another prefix' },
      ]);
    }
    return e;
  }
}
