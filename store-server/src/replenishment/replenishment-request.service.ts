import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditService,
  CommonError,
  dec,
  DocumentNumberService,
  DomainException,
  isIsoDate,
  isWeighedUnit,
  localToday,
  notFound,
  REPLENISHMENT_STREAMS,
  ReplenishmentError,
  RequestContext,
  RequestPushBody,
  StatusMachine,
  suggestQuantity,
  TransactionalConnection,
} from '@chain-erp/shared';
import { randomUUID } from 'node:crypto';
import { SALE_DOC_TYPE } from '../pos/pos-sale.service';
import { REFUND_DOC_TYPE } from '../pos/pos-refund.service';
import { StoreOutboxService } from '../transfer/store-outbox.service';
import { ReplenishmentRequest, ReplenishmentRequestLine, RequestStatus } from './replenishment-request.entity';
import { ReplenishmentRequestRepository } from './replenishment-request.repository';
import { RequestQueryDto, SaveRequestDto, SuggestionQueryDto } from './replenishment.dto';
import type { ReplenishmentRequestRow, RequestLineView } from './replenishment.responses';
import { StoreReplenishmentRepository, type SuggestionSqlRow } from './replenishment.repository';

/** What the store sold: till sales net of refunds (the ledger's doc types of pos-sale / pos-refund). */
export const SOLD_DOC_TYPES = [SALE_DOC_TYPE, REFUND_DOC_TYPE];

const REQUEST_FLOW = new StatusMachine<RequestStatus>({ draft: ['submitted', 'cancelled'], submitted: ['cancelled'], cancelled: [] }, 'replenishment request');

/** A product's suggestion: its figures as the SQL reads them (without the unit), and what they suggest. */
export interface SuggestionLine extends Omit<SuggestionSqlRow, 'unit'> {
  dailyVelocity: string;
  reorderPoint: string;
  orderUpTo: string;
  suggested: string;
}

/**
 * 要货申请 at the store: suggested quantities from the store's own ledger, drafts, submission through
 * the outbox, withdrawal. After submission the status shown is HQ's (replenishment_approval, pulled).
 */
@Injectable()
export class ReplenishmentRequestService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly outbox: StoreOutboxService,
    private readonly repo: StoreReplenishmentRepository,
    private readonly requests: ReplenishmentRequestRepository,
  ) {}

  /**
   * 建议要货量 per product: velocity from the store's net sales over the last N days — the ledger
   * rows of the till's sales and refunds (POS_SALE out, POS_REFUND back in; other doc types on
   * request), sold = what went out minus what came back — stock on hand, goods on the way (posted shipments not received),
   * goods on order (requested or approved, not shipped), min/max (stock_limit, else the product's).
   */
  async suggest(ctx: RequestContext, q: SuggestionQueryDto): Promise<SuggestionLine[]> {
    const warehouseId = await this.warehouse(ctx, q.warehouseId);
    const days = q.days ?? 28;
    const rows = await this.repo.suggestion(ctx, warehouseId, q.docTypes?.length ? q.docTypes : SOLD_DOC_TYPES, days, q.productIds?.length ? q.productIds : null);
    const lines = rows.map((r) => {
      const s = suggestQuantity({
        soldQty: r.soldQty,
        days,
        onHand: r.onHand,
        inTransit: r.inTransit,
        onOrder: r.onOrder,
        minQty: r.minQty,
        maxQty: r.maxQty,
        leadTimeDays: q.leadTimeDays ?? 2,
        coverDays: q.coverDays ?? 7,
        wholeUnits: !isWeighedUnit(r.unit),
      });
      const n = (v: string | null) => (v === null ? null : dec(v).toString());
      return {
        productId: r.productId,
        productCode: r.productCode,
        productName: r.productName,
        soldQty: n(r.soldQty)!,
        onHand: n(r.onHand)!,
        inTransit: n(r.inTransit)!,
        onOrder: n(r.onOrder)!,
        minQty: n(r.minQty),
        maxQty: n(r.maxQty),
        dailyVelocity: s.dailyVelocity,
        reorderPoint: s.reorderPoint,
        orderUpTo: s.orderUpTo,
        suggested: s.suggested,
      };
    });
    return q.productIds?.length ? lines : lines.filter((l) => dec(l.suggested).gt(0));
  }

  list(ctx: RequestContext, q: RequestQueryDto): Promise<{ items: ReplenishmentRequestRow[]; total: number }> {
    return this.requests.list(ctx, q);
  }

  /** The request as both sides see it: the store's lines with HQ's decided, shipped and received quantities. */
  async get(ctx: RequestContext, id: string) {
    const r = await this.connection.repo(ctx, ReplenishmentRequest).findOne({ where: { id } });
    if (!r) throw notFound('replenishment request');
    assertInScope(ctx, r.storeId, 'replenishment request');
    const a = await this.repo.hqDecision(ctx, id);
    const rows = await this.repo.requestLines(ctx, id);
    const qty = (v: string | null) => (v == null ? null : dec(v).toString());
    const lines: RequestLineView[] = rows.map((l) => ({
      ...l,
      quantity: dec(l.quantity).toString(),
      suggestedQty: qty(l.suggestedQty),
      approvedQty: qty(l.approvedQty),
      shippedQty: qty(l.shippedQty),
      receivedQty: qty(l.receivedQty),
      cancelledQty: qty(l.cancelledQty),
    }));
    const shipments = await this.repo.requestShipments(ctx, id);
    return { ...r, localStatus: r.status, status: a?.status ?? r.status, hq: a ?? null, lines, shipments };
  }

  async create(ctx: RequestContext, dto: SaveRequestDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const warehouseId = await this.warehouse(tx, dto.warehouseId);
      const wantedBy = this.wantedBy(dto.wantedBy);
      const r = this.connection.repo(tx, ReplenishmentRequest).create({
        id: randomUUID(),
        number: await this.numbers.next(tx, 'REQ', tx.user!.orgUnitCode),
        storeId: tx.user!.orgUnitId,
        warehouseId,
        status: 'draft',
        wantedBy,
        note: dto.note?.trim() || null,
        createdBy: tx.user!.username,
      });
      await this.connection.repo(tx, ReplenishmentRequest).save(r);
      await this.writeLines(tx, r, dto);
      await this.audit.record(tx, { entityType: 'replenishment_request', entityId: r.id, action: 'create', after: { number: r.number } });
      return this.get(tx, r.id);
    });
  }

  async update(ctx: RequestContext, id: string, dto: SaveRequestDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const r = await this.lock(tx, id);
      REQUEST_FLOW.assertEditable(r.status, ['draft']);
      Object.assign(r, { warehouseId: await this.warehouse(tx, dto.warehouseId ?? r.warehouseId), wantedBy: this.wantedBy(dto.wantedBy), note: dto.note?.trim() || null });
      await this.connection.repo(tx, ReplenishmentRequest).save(r);
      await this.connection.repo(tx, ReplenishmentRequestLine).delete({ requestId: id });
      await this.writeLines(tx, r, dto);
      await this.audit.record(tx, { entityType: 'replenishment_request', entityId: id, action: 'update' });
      return this.get(tx, id);
    });
  }

  /** draft → submitted, and the request waits in the outbox for the next sync (same transaction). */
  async submit(ctx: RequestContext, id: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const r = await this.lock(tx, id);
      REQUEST_FLOW.assertTransition(r.status, 'submitted');
      const lines = await this.connection.repo(tx, ReplenishmentRequestLine).find({ where: { requestId: id }, order: { lineNo: 'ASC' } });
      if (!lines.length)
        throw new DomainException(ReplenishmentError.REPLENISHMENT_NO_LINES, 'the request has no lines / 申请没有商品明细', [{ field: 'lines', message: 'at least one line' }]);
      Object.assign(r, { status: 'submitted', submittedAt: new Date(), submittedBy: tx.user!.username });
      await this.connection.repo(tx, ReplenishmentRequest).save(r);
      const body: RequestPushBody = {
        storeCode: tx.user!.orgUnitCode,
        number: r.number,
        warehouseId: r.warehouseId,
        submittedAt: r.submittedAt!.toISOString(),
        submittedBy: r.submittedBy!,
        ...(r.wantedBy ? { wantedBy: r.wantedBy } : {}),
        ...(r.note ? { note: r.note } : {}),
        lines: lines.map((l) => ({
          id: l.id,
          lineNo: l.lineNo,
          productId: l.productId,
          quantity: l.quantity,
          ...(l.suggestedQty ? { suggestedQty: l.suggestedQty } : {}),
          ...(l.note ? { note: l.note } : {}),
        })),
      };
      await this.outbox.enqueue(tx, REPLENISHMENT_STREAMS.request, body as unknown as Record<string, unknown>, r.id);
      await this.audit.record(tx, { entityType: 'replenishment_request', entityId: id, action: 'submit', before: { status: 'draft' }, after: { status: 'submitted' } });
      return this.get(tx, id);
    });
  }

  /** A draft is cancelled here; a submitted one is withdrawn at HQ too, which HQ takes only while undecided. */
  async cancel(ctx: RequestContext, id: string, reason: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const r = await this.lock(tx, id);
      REQUEST_FLOW.assertTransition(r.status, 'cancelled');
      const hqStatus = await this.repo.hqStatus(tx, id);
      if (hqStatus && hqStatus !== 'submitted') {
        throw new DomainException(CommonError.ILLEGAL_TRANSITION, `HQ has already decided (${hqStatus}): ask HQ to cancel / 总部已处理，不能撤回`, undefined, {
          from: hqStatus,
          to: 'cancelled',
        });
      }
      const before = r.status;
      Object.assign(r, { status: 'cancelled', cancelReason: reason });
      await this.connection.repo(tx, ReplenishmentRequest).save(r);
      if (before === 'submitted') await this.outbox.enqueue(tx, REPLENISHMENT_STREAMS.withdraw, { storeCode: tx.user!.orgUnitCode, requestId: id, reason, by: tx.user!.username });
      await this.audit.record(tx, { entityType: 'replenishment_request', entityId: id, action: 'cancel', before: { status: before }, after: { status: 'cancelled' }, reason });
      return this.get(tx, id);
    });
  }

  private async lock(ctx: RequestContext, id: string): Promise<ReplenishmentRequest> {
    const r = await this.connection.repo(ctx, ReplenishmentRequest).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
    if (!r) throw notFound('replenishment request');
    assertInScope(ctx, r.storeId, 'replenishment request');
    return r;
  }

  /** A normal, active warehouse of the caller's store (default: the first one). */
  private async warehouse(ctx: RequestContext, id?: string): Promise<string> {
    const storeId = ctx.user!.orgUnitId;
    const w = await this.repo.storeWarehouse(ctx, storeId, id ?? null);
    if (!w)
      throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_WAREHOUSE, 'not an active warehouse of this store / 仓库不存在或已停用', [
        { field: 'warehouseId', message: 'unknown warehouse' },
      ]);
    return w;
  }

  private wantedBy(v?: string): string | null {
    if (!v) return null;
    if (!isIsoDate(v) || v < localToday())
      throw new DomainException(ReplenishmentError.REPLENISHMENT_BAD_DATE, 'wanted-by must be a real date, today or later / 要求到货日期无效', [
        { field: 'wantedBy', message: 'today or later' },
      ]);
    return v;
  }

  private async writeLines(tx: RequestContext, r: ReplenishmentRequest, dto: SaveRequestDto): Promise<void> {
    let input = dto.lines ?? [];
    if (!input.length && dto.fromSuggestions) input = (await this.suggest(tx, { warehouseId: r.warehouseId })).map((s) => ({ productId: s.productId }));
    const seen = new Set<string>();
    input.forEach((l, i) => {
      if (seen.has(l.productId))
        throw new DomainException(ReplenishmentError.REPLENISHMENT_DUPLICATE_PRODUCT, 'the same product twice: merge the lines / 商品重复', [
          { field: `lines.${i}.productId`, message: 'repeated' },
        ]);
      seen.add(l.productId);
    });
    if (!input.length)
      throw new DomainException(ReplenishmentError.REPLENISHMENT_NO_LINES, 'name at least one product (nothing is suggested now) / 请至少选择一个商品', [
        { field: 'lines', message: 'at least one line' },
      ]);
    const suggested = new Map((await this.suggest(tx, { warehouseId: r.warehouseId, productIds: input.map((l) => l.productId) })).map((s) => [s.productId, s.suggested]));
    const rows = input.map((l, i) => {
      if (!suggested.has(l.productId))
        throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_PRODUCT, 'unknown or disabled product / 商品不存在或已停用', [
          { field: `lines.${i}.productId`, message: 'unknown product' },
        ]);
      const s = suggested.get(l.productId)!;
      const quantity = l.quantity ?? s;
      if (!dec(quantity).gt(0))
        throw new DomainException(ReplenishmentError.REPLENISHMENT_NO_LINES, 'nothing suggested for this product: give a quantity / 无建议数量，请填写数量', [
          { field: `lines.${i}.quantity`, message: 'required' },
        ]);
      return { id: randomUUID(), requestId: r.id, lineNo: i + 1, productId: l.productId, quantity: dec(quantity).toString(), suggestedQty: s, note: l.note?.trim() || null };
    });
    await this.connection.repo(tx, ReplenishmentRequestLine).insert(rows);
  }
}
