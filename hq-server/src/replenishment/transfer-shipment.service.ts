import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditService,
  CommonError,
  dec,
  defineSort,
  DocumentNumberService,
  DomainException,
  isIsoDate,
  localToday,
  notFound,
  Page,
  paginate,
  ReplenishmentApprovalLine,
  ReplenishmentError,
  RequestContext,
  scopeQuery,
  shipmentSettlements,
  ShipmentStatus,
  StatusMachine,
  StockService,
  TransactionalConnection,
  TransferShipment,
  TransferShipmentLine,
} from '@chain-erp/shared';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { CreateShipmentDto, ShipmentLineDto, ShipmentQueryDto } from './replenishment.dto';
import { type TransferShipmentGetResponse } from './replenishment.responses';
import { ReplenishmentRepository } from './replenishment.repository';
import { RequestApprovalService, rest, SHIPPABLE } from './request-approval.service';
import { StoreSettlementService } from '../settlement/store-settlement.service';

export const SHIPMENT_FLOW = new StatusMachine<ShipmentStatus>({ draft: ['posted', 'cancelled'], posted: ['received'], received: [], cancelled: [] }, 'transfer shipment');

export const SHIPMENT_SORT = defineSort({ number: 's.number', shipDate: 's.shipDate', status: 's.status', createdAt: 's.createdAt' }, '-createdAt');

/**
 * 调拨出库: HQ ships to one store, from approved requests (several merged, or part of one) or on its
 * own initiative. Posting moves the goods out of the HQ warehouse and into the store's in-transit
 * location in HQ's books at HQ's cost, batches included; the store then pulls the shipment.
 */
@Injectable()
export class TransferShipmentService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly approvals: RequestApprovalService,
    private readonly storeLedger: StoreSettlementService,
    private readonly repo: ReplenishmentRepository,
  ) {}

  async list(ctx: RequestContext, q: ShipmentQueryDto): Promise<Page<TransferShipment>> {
    const qb = this.connection.repo(ctx, TransferShipment).createQueryBuilder('s');
    scopeQuery(ctx, qb, 's.store_id', q.storeId);
    if (q.status) qb.andWhere('s.status = :status', { status: q.status });
    if (q.requestId) qb.andWhere('EXISTS (SELECT 1 FROM transfer_shipment_line l WHERE l.shipment_id = s.id AND l.request_id = :rid)', { rid: q.requestId });
    return paginate(qb, q, SHIPMENT_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<TransferShipmentGetResponse> {
    const s = await this.connection.repo(ctx, TransferShipment).findOne({ where: { id } });
    if (!s) throw notFound('transfer shipment');
    assertInScope(ctx, s.storeId, 'transfer shipment');
    const lines = await this.repo.shipmentLines(ctx, id);
    // the same settlements the store sees with its copy of the shipment
    return { ...s, lines, settlements: await shipmentSettlements(this.connection.manager(ctx), id) };
  }

  async create(ctx: RequestContext, dto: CreateShipmentDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const from = await this.repo.warehouse(tx, dto.fromWarehouseId);
      if (!from || from.org_unit_id !== tx.user!.orgUnitId || from.kind !== 'normal' || from.status !== 'active') {
        throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_WAREHOUSE, 'not an active HQ warehouse / 发货仓库不存在或已停用', [
          { field: 'fromWarehouseId', message: 'unknown warehouse' },
        ]);
      }
      const plan = dto.requestIds?.length ? await this.fromRequests(tx, dto) : await this.initiated(tx, dto);
      const transit = await this.repo.transitWarehouse(tx, plan.storeId);
      if (!transit)
        throw new DomainException(ReplenishmentError.REPLENISHMENT_NO_TRANSIT_WAREHOUSE, 'the store has no in-transit location / 门店没有在途仓', undefined, {
          storeId: plan.storeId,
        });
      const shipDate = dto.shipDate ?? localToday();
      if (!isIsoDate(shipDate) || shipDate > localToday())
        throw new DomainException(ReplenishmentError.REPLENISHMENT_BAD_DATE, 'the ship date must be a real date, not in the future / 发货日期无效', [
          { field: 'shipDate', message: 'a real date, not later than today' },
        ]);
      const shipment = this.connection.repo(tx, TransferShipment).create({
        id: randomUUID(),
        number: await this.numbers.next(tx, 'TS', tx.user!.orgUnitCode, shipDate),
        storeId: plan.storeId,
        fromWarehouseId: dto.fromWarehouseId,
        transitWarehouseId: transit,
        toWarehouseId: plan.toWarehouseId,
        status: 'draft',
        shipDate,
        note: dto.note?.trim() || null,
        createdBy: tx.user!.username,
      });
      await this.connection.repo(tx, TransferShipment).save(shipment);
      await this.connection
        .repo(tx, TransferShipmentLine)
        .insert(plan.lines.map((l, i) => ({ id: randomUUID(), shipmentId: shipment.id, storeId: plan.storeId, lineNo: i + 1, ...l, batches: [] })));
      await this.audit.record(tx, {
        entityType: 'transfer_shipment',
        entityId: shipment.id,
        action: 'create',
        after: { number: shipment.number, storeId: plan.storeId, lines: plan.lines.length },
      });
      return this.get(tx, shipment.id);
    });
  }

  /**
   * Posts: HQ stock leaves at its moving average and enters the store's in-transit location at that
   * cost with the same batches; the request lines count the goods as shipped (never beyond what is
   * approved), all in one transaction.
   */
  async post(ctx: RequestContext, id: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const s = await this.lock(tx, id);
      SHIPMENT_FLOW.assertTransition(s.status, 'posted');
      const lines = await this.connection.repo(tx, TransferShipmentLine).find({ where: { shipmentId: id }, order: { lineNo: 'ASC' } });
      const ref = { docType: 'transfer_shipment', docId: s.id, docNo: s.number, businessDate: s.shipDate };
      const out = await this.stock.post(
        tx,
        lines.map((l) => ({ ...ref, warehouseId: s.fromWarehouseId, productId: l.productId, quantity: dec(l.quantity).neg().toString(), docLine: l.lineNo })),
      );
      const inbound = lines.flatMap((l, i) => {
        const r = out[i];
        const parts = r.batches.length
          ? r.batches.map((b) => ({ quantity: dec(b.quantity).neg().toString(), batchNo: b.batchNo, expiryDate: b.expiryDate }))
          : [{ quantity: l.quantity }];
        return parts.map((p) => ({ ...ref, ...p, warehouseId: s.transitWarehouseId, productId: l.productId, unitCost: r.unitCost, docLine: l.lineNo }));
      });
      await this.stock.post(tx, inbound);
      const now = new Date();
      for (const [i, l] of lines.entries()) {
        Object.assign(l, {
          unitCost: out[i].unitCost,
          amount: dec(out[i].amount).neg().toString(),
          batches: out[i].batches.map((b) => ({ batchNo: b.batchNo, expiryDate: b.expiryDate, quantity: dec(b.quantity).neg().toString() })),
          postedAt: now,
        });
      }
      await this.connection.repo(tx, TransferShipmentLine).save(lines);
      const byRequest = new Map<string, Map<string, string>>();
      for (const l of lines) {
        if (!l.requestId || !l.requestLineId) continue;
        const d = byRequest.get(l.requestId) ?? new Map<string, string>();
        d.set(
          l.requestLineId,
          dec(d.get(l.requestLineId) ?? 0)
            .plus(l.quantity)
            .toString(),
        );
        byRequest.set(l.requestId, d);
      }
      Object.assign(s, { status: 'posted', postedAt: now, postedBy: tx.user!.username });
      await this.connection.repo(tx, TransferShipment).save(s);
      for (const [requestId, deltas] of [...byRequest.entries()].sort()) await this.approvals.applyMovement(tx, requestId, 'shipped', deltas);
      // 门店应收: the store owes the goods at the transfer price, booked with the shipment
      await this.storeLedger.onShipmentPosted(tx, s, lines);
      await this.audit.record(tx, { entityType: 'transfer_shipment', entityId: id, action: 'post', before: { status: 'draft' }, after: { status: 'posted' } });
      return this.get(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string, reason: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const s = await this.lock(tx, id);
      SHIPMENT_FLOW.assertTransition(s.status, 'cancelled');
      Object.assign(s, { status: 'cancelled', cancelReason: reason });
      await this.connection.repo(tx, TransferShipment).save(s);
      await this.audit.record(tx, { entityType: 'transfer_shipment', entityId: id, action: 'cancel', before: { status: 'draft' }, after: { status: 'cancelled' }, reason });
      return this.get(tx, id);
    });
  }

  async lock(ctx: RequestContext, id: string): Promise<TransferShipment> {
    const s = await this.connection.repo(ctx, TransferShipment).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
    if (!s) throw notFound('transfer shipment');
    assertInScope(ctx, s.storeId, 'transfer shipment');
    return s;
  }

  /** Lines from approved requests of one store: named lines, or everything still to ship. */
  private async fromRequests(tx: RequestContext, dto: CreateShipmentDto) {
    const ids = [...new Set(dto.requestIds)];
    const approvals = await Promise.all(ids.map((id) => this.approvals.lock(tx, id)));
    const storeIds = new Set(approvals.map((a) => a.storeId));
    if (storeIds.size > 1 || (dto.storeId && !storeIds.has(dto.storeId))) {
      throw new DomainException(ReplenishmentError.REPLENISHMENT_OTHER_STORE, 'one shipment goes to one store / 一张调拨单只能发往一个门店', [
        { field: 'requestIds', message: 'requests of several stores' },
      ]);
    }
    approvals.forEach((a, i) => {
      if (!SHIPPABLE.includes(a.status)) {
        throw new DomainException(
          ReplenishmentError.REPLENISHMENT_REQUEST_NOT_SHIPPABLE,
          `request ${a.requestNo} is ${a.status}, not approved / 申请未确认或已完成`,
          [{ field: `requestIds.${i}`, message: a.status }],
          { status: a.status },
        );
      }
    });
    const all = await this.connection.repo(tx, ReplenishmentApprovalLine).find({ where: { requestId: In(ids) }, order: { requestId: 'ASC', lineNo: 'ASC' } });
    const byId = new Map(all.map((l) => [l.id, l]));
    let lines: Array<{ productId: string; requestId: string; requestLineId: string; quantity: string }>;
    if (dto.lines?.length) {
      lines = dto.lines.map((x: ShipmentLineDto, i) => {
        const l = x.requestLineId ? byId.get(x.requestLineId) : undefined;
        if (!l)
          throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_LINE, 'not a line of these requests / 不是所选申请的明细', [
            { field: `lines.${i}.requestLineId`, message: 'unknown line' },
          ]);
        if (dec(x.quantity).gt(rest(l))) {
          throw new DomainException(ReplenishmentError.REPLENISHMENT_SHIP_ABOVE_APPROVED, 'more than approved and not yet shipped / 超过已确认未发数量', [
            { field: `lines.${i}.quantity`, message: `at most ${rest(l)}` },
          ]);
        }
        return { productId: l.productId, requestId: l.requestId, requestLineId: l.id, quantity: dec(x.quantity).toString() };
      });
      const seen = new Set<string>();
      lines.forEach((l, i) => {
        if (seen.has(l.requestLineId))
          throw new DomainException(ReplenishmentError.REPLENISHMENT_DUPLICATE_PRODUCT, 'the same request line twice / 明细重复', [
            { field: `lines.${i}.requestLineId`, message: 'repeated' },
          ]);
        seen.add(l.requestLineId);
      });
    } else {
      lines = all.filter((l) => rest(l).gt(0)).map((l) => ({ productId: l.productId, requestId: l.requestId, requestLineId: l.id, quantity: rest(l).toString() }));
    }
    if (!lines.length) throw new DomainException(ReplenishmentError.REPLENISHMENT_NO_LINES, 'nothing left to ship / 没有待发数量', [{ field: 'lines', message: 'empty' }]);
    return { storeId: approvals[0].storeId, toWarehouseId: approvals[0].warehouseId, lines };
  }

  /** 总部主动调拨: a store and products, no request. */
  private async initiated(tx: RequestContext, dto: CreateShipmentDto) {
    if (!dto.storeId || !dto.lines?.length) {
      throw new DomainException(CommonError.VALIDATION_FAILED, 'name the requests, or a store and lines / 请选择要货申请，或门店和商品', [
        { field: dto.storeId ? 'lines' : 'storeId', message: 'required' },
      ]);
    }
    const to = await this.repo.storeWarehouse(tx, dto.storeId);
    if (!to)
      throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_WAREHOUSE, 'unknown store, or it has no warehouse / 门店不存在或没有仓库', [
        { field: 'storeId', message: 'unknown store' },
      ]);
    const known = new Set(
      await this.repo.activeProducts(
        tx,
        dto.lines.map((l) => l.productId ?? null),
      ),
    );
    const seen = new Set<string>();
    const lines = dto.lines.map((l, i) => {
      if (l.requestLineId || !l.productId || !known.has(l.productId) || seen.has(l.productId)) {
        throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_PRODUCT, 'each line needs a distinct active product / 商品不存在、已停用或重复', [
          { field: `lines.${i}.productId`, message: 'unknown, disabled or repeated product' },
        ]);
      }
      seen.add(l.productId);
      return { productId: l.productId, requestId: null, requestLineId: null, quantity: dec(l.quantity).toString() };
    });
    return { storeId: dto.storeId, toWarehouseId: to, lines };
  }
}
