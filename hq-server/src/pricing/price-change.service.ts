import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  AuditService,
  CommonError,
  dec,
  defineSort,
  DocumentNumberService,
  DomainException,
  FieldError,
  Page,
  paginate,
  PriceSchedule,
  PricingError,
  RequestContext,
  StatusMachine,
  TransactionalConnection,
} from '@chain-erp/shared';
import { PriceChange, PriceChangeLine, PriceChangeStatus } from './price-change.entity';
import { PriceChangeQueryDto, SavePriceChangeDto } from './pricing.dto';
import { checkStores, requireHq } from './pricing-support';
import { PricingRepository } from './pricing.repository';

export const PRICE_CHANGE_SORT = defineSort({ number: 'pc.number', effectiveFrom: 'pc.effectiveFrom', status: 'pc.status', createdAt: 'pc.createdAt' }, '-createdAt');

export const PRICE_CHANGE_FLOW = new StatusMachine<PriceChangeStatus>({ draft: ['approved', 'cancelled'], approved: [], cancelled: [] }, 'price change');

/**
 * 调价单 at HQ: draft (edited freely) → approved (numbered at creation, audited, immutable: its lines
 * become `price_schedule` rows, one per store named or one for every store, which the stores
 * replicate and resolve at the moment of each sale) or cancelled. A correction is a new document.
 */
@Injectable()
export class PriceChangeService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly repository: PricingRepository,
  ) {}

  async list(ctx: RequestContext, q: PriceChangeQueryDto): Promise<Page<PriceChange>> {
    const qb = this.connection.repo(ctx, PriceChange).createQueryBuilder('pc');
    if (q.status) qb.andWhere('pc.status = :status', { status: q.status });
    if (q.productId) qb.andWhere('EXISTS (SELECT 1 FROM price_change_line l WHERE l.price_change_id = pc.id AND l.product_id = :productId)', { productId: q.productId });
    return paginate(qb, q, PRICE_CHANGE_SORT);
  }

  async get(ctx: RequestContext, id: string) {
    const doc = await this.connection.repo(ctx, PriceChange).findOneBy({ id });
    if (!doc) throw new DomainException(PricingError.PRICE_CHANGE_NOT_FOUND, 'price change not found / 调价单不存在');
    const lines = await this.repository.priceChangeLines(ctx, id);
    const money = (v: string | null) => (v === null ? null : dec(v).toFixed(2));
    return {
      ...doc,
      lines: lines.map((l) => ({
        ...l,
        listRetailPrice: money(l.listRetailPrice),
        retailPrice: money(l.retailPrice),
        memberPrice: money(l.memberPrice),
        wholesalePrice: money(l.wholesalePrice),
      })),
    };
  }

  async create(ctx: RequestContext, dto: SavePriceChangeDto) {
    requireHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.check(tx, dto);
      const doc = this.connection.repo(tx, PriceChange).create({
        ...this.header(dto),
        number: await this.numbers.next(tx, 'PC', 'HQ', new Date()),
        status: 'draft',
        createdBy: tx.user!.username,
      });
      await this.connection.repo(tx, PriceChange).save(doc);
      await this.writeLines(tx, doc.id, dto);
      await this.audit.record(tx, { entityType: 'price_change', entityId: doc.id, action: 'create', after: { ...doc, lines: dto.lines.length } });
      return this.get(tx, doc.id);
    });
  }

  async update(ctx: RequestContext, id: string, dto: SavePriceChangeDto) {
    requireHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const doc = await this.lock(tx, id);
      PRICE_CHANGE_FLOW.assertEditable(doc.status, ['draft']);
      if (dto.expectedVersion !== undefined && dto.expectedVersion !== doc.rowVersion) {
        throw new DomainException(CommonError.VERSION_CONFLICT, 'the price change was changed meanwhile, reload it / 调价单已被他人修改，请刷新', [
          { field: 'expectedVersion', message: `current version is ${doc.rowVersion}` },
        ]);
      }
      await this.check(tx, dto);
      const before = { ...doc };
      Object.assign(doc, this.header(dto));
      await this.connection.repo(tx, PriceChange).save(doc);
      await this.connection.repo(tx, PriceChangeLine).delete({ priceChangeId: id });
      await this.writeLines(tx, id, dto);
      await this.audit.record(tx, { entityType: 'price_change', entityId: id, action: 'update', before, after: { ...doc, lines: dto.lines.length } });
      return this.get(tx, id);
    });
  }

  /** Approves: the lines become the price schedule the stores replicate (same transaction). */
  async approve(ctx: RequestContext, id: string) {
    requireHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const doc = await this.lock(tx, id);
      PRICE_CHANGE_FLOW.assertTransition(doc.status, 'approved');
      const lines = await this.connection.repo(tx, PriceChangeLine).find({ where: { priceChangeId: id }, order: { lineNo: 'ASC' } });
      if (!lines.length)
        throw new DomainException(PricingError.PRICE_CHANGE_NO_LINES, 'the price change has no lines / 调价单没有商品', [{ field: 'lines', message: 'at least one' }]);
      // products may have been disabled since the draft was written
      await this.checkProducts(
        tx,
        lines.map((l) => l.productId),
      );
      const before = { ...doc };
      doc.status = 'approved';
      doc.approvedBy = tx.user!.username;
      doc.approvedAt = new Date();
      await this.connection.repo(tx, PriceChange).save(doc);
      const stores: Array<string | null> = doc.storeIds?.length ? doc.storeIds : [null];
      const rows: PriceSchedule[] = stores.flatMap((storeId) =>
        lines.map((l) => ({
          id: randomUUID(),
          priceChangeId: doc.id,
          number: doc.number,
          lineNo: l.lineNo,
          storeId,
          productId: l.productId,
          retailPrice: l.retailPrice,
          memberPrice: l.memberPrice,
          wholesalePrice: l.wholesalePrice,
          effectiveFrom: doc.effectiveFrom,
          effectiveTo: doc.effectiveTo,
          approvedAt: doc.approvedAt!,
          rowVersion: 1,
        })),
      );
      for (let i = 0; i < rows.length; i += 2000) await this.connection.repo(tx, PriceSchedule).insert(rows.slice(i, i + 2000));
      await this.audit.record(tx, { entityType: 'price_change', entityId: id, action: 'approve', before, after: doc });
      return this.get(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string, reason: string) {
    requireHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const doc = await this.lock(tx, id);
      PRICE_CHANGE_FLOW.assertTransition(doc.status, 'cancelled');
      const before = { ...doc };
      doc.status = 'cancelled';
      await this.connection.repo(tx, PriceChange).save(doc);
      await this.audit.record(tx, { entityType: 'price_change', entityId: id, action: 'cancel', before, after: doc, reason: reason.trim() });
      return this.get(tx, id);
    });
  }

  private header(dto: SavePriceChangeDto): Partial<PriceChange> {
    return {
      storeIds: dto.storeIds?.length ? [...new Set(dto.storeIds)].sort() : null,
      effectiveFrom: new Date(dto.effectiveFrom),
      effectiveTo: dto.effectiveTo ? new Date(dto.effectiveTo) : null,
      reason: dto.reason?.trim() || null,
      correctsId: dto.correctsId ?? null,
    };
  }

  private async writeLines(tx: RequestContext, priceChangeId: string, dto: SavePriceChangeDto): Promise<void> {
    const rows = dto.lines.map((l, i) => ({
      priceChangeId,
      lineNo: i + 1,
      productId: l.productId,
      retailPrice: l.retailPrice ?? null,
      memberPrice: l.memberPrice ?? null,
      wholesalePrice: l.wholesalePrice ?? null,
    }));
    for (let i = 0; i < rows.length; i += 2000) await this.connection.repo(tx, PriceChangeLine).insert(rows.slice(i, i + 2000));
  }

  /** The document as a whole: period, lines (a price each, a product once), products, stores and the corrected document exist. */
  private async check(tx: RequestContext, dto: SavePriceChangeDto): Promise<void> {
    const fields: FieldError[] = [];
    if (dto.effectiveTo && new Date(dto.effectiveTo) <= new Date(dto.effectiveFrom)) fields.push({ field: 'effectiveTo', message: 'after effectiveFrom' });
    const seen = new Set<string>();
    dto.lines.forEach((l, i) => {
      if (l.retailPrice === undefined && l.memberPrice === undefined && l.wholesalePrice === undefined)
        fields.push({ field: `lines.${i}`, message: 'at least one of retailPrice, memberPrice, wholesalePrice' });
      if (seen.has(l.productId)) fields.push({ field: `lines.${i}.productId`, message: 'listed twice' });
      seen.add(l.productId);
    });
    if (fields.length) throw new DomainException(CommonError.VALIDATION_FAILED, 'invalid price change / 调价单有误', fields);
    await this.checkProducts(
      tx,
      dto.lines.map((l) => l.productId),
    );
    if (dto.storeIds?.length) await checkStores(this.connection, tx, dto.storeIds);
    if (dto.correctsId && !(await this.connection.repo(tx, PriceChange).existsBy({ id: dto.correctsId, status: 'approved' }))) {
      throw new DomainException(PricingError.PRICING_UNKNOWN_REFERENCE, 'the corrected price change is not an approved one / 被更正的调价单不存在或未审核', [
        { field: 'correctsId', message: 'no approved price change' },
      ]);
    }
  }

  private async checkProducts(tx: RequestContext, ids: string[]): Promise<void> {
    const ok = await this.repository.existing(tx, 'products', ids);
    const fields = ids.map((id, i) => (ok.has(id) ? null : { field: `lines.${i}.productId`, message: 'no such product (or disabled)' })).filter((f): f is FieldError => !!f);
    if (fields.length) throw new DomainException(PricingError.PRICING_UNKNOWN_REFERENCE, 'unknown products / 商品不存在', fields);
  }

  private async lock(tx: RequestContext, id: string): Promise<PriceChange> {
    const doc = await this.connection.repo(tx, PriceChange).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!doc) throw new DomainException(PricingError.PRICE_CHANGE_NOT_FOUND, 'price change not found / 调价单不存在');
    return doc;
  }
}
