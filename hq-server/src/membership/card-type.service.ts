import {
  assertExpectedVersion,
  AuditService,
  defineSort,
  DomainException,
  MemberCardType,
  MemberError,
  Page,
  paginate,
  RequestContext,
  TransactionalConnection,
} from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { CardTypeQueryDto, CreateCardTypeDto, UpdateCardTypeDto } from './card-type.dto';
import { assertHq } from './membership.rules';

export const CARD_TYPE_SORT = defineSort({ code: 't.code', name: 't.name', createdAt: 't.createdAt' }, 'code');

/** 卡类型: chain-wide, defined at HQ, pulled by every store. */
@Injectable()
export class CardTypeService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
  ) {}

  list(ctx: RequestContext, q: CardTypeQueryDto): Promise<Page<MemberCardType>> {
    const qb = this.connection.repo(ctx, MemberCardType).createQueryBuilder('t');
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    return paginate(qb, q, CARD_TYPE_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<MemberCardType> {
    const type = await this.connection.repo(ctx, MemberCardType).findOneBy({ id });
    if (!type) throw new DomainException(MemberError.MEMBER_CARD_TYPE_NOT_FOUND, 'card type not found / 卡类型不存在');
    return type;
  }

  async create(ctx: RequestContext, dto: CreateCardTypeDto): Promise<MemberCardType> {
    assertHq(ctx, 'card types');
    const draft = { ...dto, discountRate: dto.discountRate ?? null, validityMonths: dto.validityMonths ?? null, status: 'active' as const };
    assertPricing(draft);
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, MemberCardType);
      if (await repo.existsBy({ code: dto.code })) {
        throw new DomainException(MemberError.MEMBER_CARD_TYPE_CODE_TAKEN, `card type code ${dto.code} is in use / 卡类型编码已存在`, [{ field: 'code', message: 'in use' }]);
      }
      const type = await repo.save(repo.create(draft));
      await this.audit.record(tx, { entityType: 'member_card_type', entityId: type.id, action: 'create', after: type });
      return type;
    });
  }

  async update(ctx: RequestContext, id: string, dto: UpdateCardTypeDto): Promise<MemberCardType> {
    assertHq(ctx, 'card types');
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, MemberCardType);
      const type = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!type) throw new DomainException(MemberError.MEMBER_CARD_TYPE_NOT_FOUND, 'card type not found / 卡类型不存在');
      assertExpectedVersion(type.rowVersion, dto.expectedVersion);
      const before = { ...type };
      const { expectedVersion: _v, ...changes } = dto;
      Object.assign(type, changes);
      assertPricing(type);
      const saved = await repo.save(type);
      await this.audit.record(tx, { entityType: 'member_card_type', entityId: id, action: 'update', before, after: saved });
      return saved;
    });
  }
}

/** discount pricing needs a rate; member-price pricing must not carry one (it would be ignored silently). */
function assertPricing(t: Pick<MemberCardType, 'pricing' | 'discountRate'>): void {
  if (t.pricing === 'discount' && !t.discountRate) {
    throw new DomainException(MemberError.MEMBER_CARD_TYPE_INVALID, 'discount pricing needs a discount rate / 折扣卡需要折扣率', [
      { field: 'discountRate', message: 'required for discount pricing' },
    ]);
  }
  if (t.pricing === 'member_price' && t.discountRate) {
    throw new DomainException(MemberError.MEMBER_CARD_TYPE_INVALID, 'member-price cards take no discount rate / 会员价卡不设折扣率', [
      { field: 'discountRate', message: 'must be empty for member_price pricing' },
    ]);
  }
}
