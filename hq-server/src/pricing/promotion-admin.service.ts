import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  AuditService,
  CommonError,
  defineSort,
  DocumentNumberService,
  DomainException,
  FieldError,
  Page,
  paginate,
  PricingError,
  Promotion,
  PromotionKind,
  PromotionRules,
  PromotionStatus,
  referencedIds,
  RequestContext,
  ruleFaults,
  StatusMachine,
  TransactionalConnection,
} from '@chain-erp/shared';
import { PromotionQueryDto, SavePromotionDto } from './pricing.dto';
import { checkStores, requireHq } from './pricing-support';
import { PricingReference, PricingRepository } from './pricing.repository';

export const PROMOTION_SORT = defineSort({ code: 'p.code', startsAt: 'p.startsAt', priority: 'p.priority', status: 'p.status', createdAt: 'p.createdAt' }, '-createdAt');

export const PROMOTION_FLOW = new StatusMachine<PromotionStatus>({ draft: ['approved', 'cancelled'], approved: ['stopped'], stopped: [], cancelled: [] }, 'promotion');

/**
 * 促销 at HQ: draft (edited freely) → approved (in force in its period at the stores named, reaches
 * them by sync; never edited again) → stopped (early end, with a reason); a draft may be cancelled.
 * Every step is audited. The stores apply it through the promotion engine at their tills.
 */
@Injectable()
export class PromotionAdminService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly repository: PricingRepository,
  ) {}

  async list(ctx: RequestContext, q: PromotionQueryDto): Promise<Page<Promotion>> {
    const qb = this.connection.repo(ctx, Promotion).createQueryBuilder('p');
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('p.kind = :kind', { kind: q.kind });
    if (q.activeAt) {
      qb.andWhere(`p.status IN ('approved', 'stopped') AND p.starts_at <= :at AND (p.ends_at IS NULL OR p.ends_at > :at) AND (p.stopped_at IS NULL OR p.stopped_at > :at)`, {
        at: new Date(q.activeAt),
      });
    }
    if (ctx.storeId) qb.andWhere(`p.status IN ('approved', 'stopped') AND (p.store_ids IS NULL OR :store = ANY(p.store_ids))`, { store: ctx.storeId });
    return paginate(qb, q, PROMOTION_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<Promotion> {
    const p = await this.connection.repo(ctx, Promotion).findOneBy({ id });
    if (!p || (ctx.storeId && (!['approved', 'stopped'].includes(p.status) || (p.storeIds?.length && !p.storeIds.includes(ctx.storeId))))) {
      throw new DomainException(PricingError.PROMOTION_NOT_FOUND, 'promotion not found / 促销不存在');
    }
    return p;
  }

  async create(ctx: RequestContext, dto: SavePromotionDto): Promise<Promotion> {
    requireHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.check(tx, dto);
      const p = this.connection
        .repo(tx, Promotion)
        .create({ id: randomUUID(), ...this.fields(dto), code: await this.numbers.next(tx, 'PM', 'HQ', new Date()), status: 'draft', createdBy: tx.user!.username });
      await this.connection.repo(tx, Promotion).insert(p);
      await this.audit.record(tx, { entityType: 'promotion', entityId: p.id, action: 'create', after: p });
      return this.get(tx, p.id);
    });
  }

  async update(ctx: RequestContext, id: string, dto: SavePromotionDto): Promise<Promotion> {
    requireHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const p = await this.lock(tx, id);
      PROMOTION_FLOW.assertEditable(p.status, ['draft']);
      if (dto.expectedVersion !== undefined && dto.expectedVersion !== p.rowVersion) {
        throw new DomainException(CommonError.VERSION_CONFLICT, 'the promotion was changed meanwhile, reload it / 促销已被他人修改，请刷新', [
          { field: 'expectedVersion', message: `current version is ${p.rowVersion}` },
        ]);
      }
      await this.check(tx, dto);
      const before = { ...p };
      Object.assign(p, this.fields(dto));
      await this.connection.repo(tx, Promotion).save(p);
      await this.audit.record(tx, { entityType: 'promotion', entityId: id, action: 'update', before, after: p });
      return this.get(tx, id);
    });
  }

  /** Approved: in force in its period; the stores receive it with their next sync. The catalog references are checked again. */
  async approve(ctx: RequestContext, id: string): Promise<Promotion> {
    return this.transition(ctx, id, 'approved', 'approve', async (tx, p) => {
      await this.checkReferences(tx, p.kind, p.rules, p.storeIds, p.cardTypeIds);
      p.approvedBy = tx.user!.username;
      p.approvedAt = new Date();
    });
  }

  /** Stopped from `at` (now by default, never in the past): sales after it no longer get it; earlier sales keep theirs. */
  async stop(ctx: RequestContext, id: string, reason: string, at?: string): Promise<Promotion> {
    const when = at ? new Date(at) : new Date();
    if (when.getTime() < Date.now() - 60_000)
      throw new DomainException(CommonError.VALIDATION_FAILED, 'a promotion cannot be stopped in the past / 停止时间不能早于现在', [{ field: 'at', message: 'now or later' }]);
    return this.transition(
      ctx,
      id,
      'stopped',
      'stop',
      async (tx, p) => {
        p.stoppedAt = when;
        p.stoppedBy = tx.user!.username;
        p.stopReason = reason.trim();
      },
      reason,
    );
  }

  async cancel(ctx: RequestContext, id: string, reason: string): Promise<Promotion> {
    return this.transition(ctx, id, 'cancelled', 'cancel', async () => undefined, reason);
  }

  private async transition(
    ctx: RequestContext,
    id: string,
    to: PromotionStatus,
    action: string,
    change: (tx: RequestContext, p: Promotion) => Promise<void>,
    reason?: string,
  ): Promise<Promotion> {
    requireHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const p = await this.lock(tx, id);
      PROMOTION_FLOW.assertTransition(p.status, to);
      const before = { ...p };
      await change(tx, p);
      p.status = to;
      await this.connection.repo(tx, Promotion).save(p);
      await this.audit.record(tx, { entityType: 'promotion', entityId: id, action, before, after: p, reason: reason?.trim() ?? null });
      return this.get(tx, id);
    });
  }

  private fields(dto: SavePromotionDto): Partial<Promotion> {
    return {
      name: dto.name.trim(),
      kind: dto.kind,
      priority: dto.priority ?? 0,
      stackable: dto.stackable ?? true,
      rules: dto.rules as unknown as PromotionRules,
      storeIds: dto.storeIds?.length ? [...new Set(dto.storeIds)].sort() : null,
      startsAt: new Date(dto.startsAt),
      endsAt: dto.endsAt ? new Date(dto.endsAt) : null,
      daysOfWeek: dto.daysOfWeek?.length ? [...new Set(dto.daysOfWeek)].sort() : null,
      timeFrom: dto.timeFrom ?? null,
      timeTo: dto.timeTo ?? null,
      membersOnly: !!dto.membersOnly,
      cardTypeIds: dto.cardTypeIds?.length ? [...new Set(dto.cardTypeIds)] : null,
      note: dto.note?.trim() || null,
    };
  }

  private async check(tx: RequestContext, dto: SavePromotionDto): Promise<void> {
    const fields: FieldError[] = ruleFaults(dto.kind, dto.rules);
    if (dto.endsAt && new Date(dto.endsAt) <= new Date(dto.startsAt)) fields.push({ field: 'endsAt', message: 'after startsAt' });
    if (!!dto.timeFrom !== !!dto.timeTo) fields.push({ field: dto.timeFrom ? 'timeTo' : 'timeFrom', message: 'give both hours or neither' });
    if (fields.length) throw new DomainException(CommonError.VALIDATION_FAILED, 'invalid promotion / 促销设置有误', fields);
    await this.checkReferences(tx, dto.kind, dto.rules as unknown as PromotionRules, dto.storeIds ?? null, dto.cardTypeIds ?? null);
  }

  /** Products, categories, brands, stores and card types the promotion names exist. */
  private async checkReferences(tx: RequestContext, kind: PromotionKind, rules: PromotionRules, storeIds: string[] | null, cardTypeIds: string[] | null): Promise<void> {
    const ids = referencedIds(kind, rules);
    const missing = async (kind: PricingReference, list: string[], field: string) => {
      if (!list.length) return [];
      const ok = await this.repository.existing(tx, kind, list);
      return list.filter((id) => !ok.has(id)).map((id) => ({ field, message: `${id}: not found` }));
    };
    const fields = [
      ...(await missing('products', ids.productIds, 'rules')),
      ...(await missing('categories', ids.categoryIds, 'rules')),
      ...(await missing('brands', ids.brandIds, 'rules')),
      ...(await missing('cardTypes', cardTypeIds ?? [], 'cardTypeIds')),
    ];
    if (fields.length)
      throw new DomainException(
        PricingError.PRICING_UNKNOWN_REFERENCE,
        'the promotion names products, categories, brands or card types that do not exist / 促销引用的资料不存在',
        fields,
      );
    if (storeIds?.length) await checkStores(this.connection, tx, storeIds);
  }

  private async lock(tx: RequestContext, id: string): Promise<Promotion> {
    const p = await this.connection.repo(tx, Promotion).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!p) throw new DomainException(PricingError.PROMOTION_NOT_FOUND, 'promotion not found / 促销不存在');
    return p;
  }
}
