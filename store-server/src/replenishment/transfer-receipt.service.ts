import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditService,
  dec,
  defineSort,
  DocumentNumberService,
  DomainException,
  localToday,
  notFound,
  paginate,
  ReceiptPushBody,
  ReceiptStatus,
  REPLENISHMENT_STREAMS,
  ReplenishmentError,
  RequestContext,
  scopeQuery,
  shipmentSettlements,
  StatusMachine,
  StockService,
  takeFromBatches,
  TransactionalConnection,
  TransferReceipt,
  TransferReceiptLine,
  TransferShipment,
  TransferShipmentLine,
} from '@chain-erp/shared';
import { randomUUID } from 'node:crypto';
import { StoreOutboxService } from '../transfer/store-outbox.service';
import { CreateReceiptDto, ReceiptLineDto, StoreShipmentQueryDto } from './replenishment.dto';
import { StoreReplenishmentRepository } from './replenishment.repository';

export const INCOMING_SHIPMENT_SORT = defineSort({ number: 's.number', shipDate: 's.shipDate', postedAt: 's.postedAt' }, '-postedAt');
export const TRANSFER_RECEIPT_SORT = defineSort({ number: 'r.number', createdAt: 'r.createdAt' }, '-createdAt');

const RECEIPT_FLOW = new StatusMachine<ReceiptStatus>({ draft: ['posted', 'cancelled'], posted: [], cancelled: [] }, 'transfer receipt');

/**
 * 调拨入库 at the store. In-transit at the store is not a stock location: goods on the way are the
 * posted shipments pulled from HQ that have no posted receipt here (HQ holds them in the store's
 * in-transit location in its own books). Posting takes the actual quantities into the store's
 * warehouse at the shipment's unit cost, with its batches, and pushes the receipt to HQ, which
 * clears in-transit and settles the variances.
 */
@Injectable()
export class TransferReceiptService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly outbox: StoreOutboxService,
    private readonly repo: StoreReplenishmentRepository,
  ) {}

  /** Shipments HQ sent this store; `inTransit` while no receipt is posted here. */
  async shipments(ctx: RequestContext, q: StoreShipmentQueryDto) {
    const qb = this.connection.repo(ctx, TransferShipment).createQueryBuilder('s');
    scopeQuery(ctx, qb, 's.store_id');
    if (q.status) qb.andWhere('s.status = :status', { status: q.status });
    const page = await paginate(qb, q, INCOMING_SHIPMENT_SORT);
    const received = await this.repo.postedReceipts(
      ctx,
      page.items.map((s) => s.id),
    );
    const by = new Map(received.map((r) => [r.shipment_id, r]));
    return { total: page.total, items: page.items.map((s) => ({ ...s, inTransit: s.status === 'posted' && !by.has(s.id), localReceipt: by.get(s.id) ?? null })) };
  }

  async shipment(ctx: RequestContext, id: string) {
    const s = await this.connection.repo(ctx, TransferShipment).findOne({ where: { id } });
    if (!s) throw notFound('transfer shipment');
    assertInScope(ctx, s.storeId, 'transfer shipment');
    const lines = await this.connection.repo(ctx, TransferShipmentLine).find({ where: { shipmentId: id }, order: { lineNo: 'ASC' } });
    const settlements = await shipmentSettlements(this.connection.manager(ctx), id);
    return { ...s, lines, settlements };
  }

  async list(ctx: RequestContext, q: StoreShipmentQueryDto) {
    const qb = this.connection.repo(ctx, TransferReceipt).createQueryBuilder('r');
    scopeQuery(ctx, qb, 'r.store_id');
    return paginate(qb, q, TRANSFER_RECEIPT_SORT);
  }

  async get(ctx: RequestContext, id: string) {
    const r = await this.connection.repo(ctx, TransferReceipt).findOne({ where: { id } });
    if (!r) throw notFound('transfer receipt');
    assertInScope(ctx, r.storeId, 'transfer receipt');
    const lines = await this.connection.repo(ctx, TransferReceiptLine).find({ where: { receiptId: id }, order: { lineNo: 'ASC' } });
    return { ...r, lines };
  }

  /** A draft from a shipment on the way: every line prefilled as shipped, changed by the lines given. */
  async create(ctx: RequestContext, dto: CreateReceiptDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const s = await this.receivable(tx, dto.shipmentId);
      const shipLines = await this.connection.repo(tx, TransferShipmentLine).find({ where: { shipmentId: s.id }, order: { lineNo: 'ASC' } });
      const receipt = this.connection.repo(tx, TransferReceipt).create({
        id: randomUUID(),
        number: await this.numbers.next(tx, 'TR', tx.user!.orgUnitCode),
        storeId: s.storeId,
        shipmentId: s.id,
        warehouseId: s.toWarehouseId,
        status: 'draft',
        receiveDate: localToday(),
        note: dto.note?.trim() || null,
        createdBy: tx.user!.username,
      });
      await this.connection.repo(tx, TransferReceipt).save(receipt);
      await this.connection.repo(tx, TransferReceiptLine).insert(
        shipLines.map((l) => ({
          id: randomUUID(),
          receiptId: receipt.id,
          shipmentLineId: l.id,
          lineNo: l.lineNo,
          productId: l.productId,
          shippedQty: l.quantity,
          receivedQty: l.quantity,
          unitCost: l.unitCost ?? '0',
        })),
      );
      if (dto.lines?.length) await this.applyLines(tx, receipt.id, dto.lines);
      await this.audit.record(tx, { entityType: 'transfer_receipt', entityId: receipt.id, action: 'create', after: { number: receipt.number, shipmentId: s.id } });
      return this.get(tx, receipt.id);
    });
  }

  async setLines(ctx: RequestContext, id: string, lines: ReceiptLineDto[]) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const r = await this.lock(tx, id);
      RECEIPT_FLOW.assertEditable(r.status, ['draft']);
      await this.applyLines(tx, id, lines);
      await this.audit.record(tx, { entityType: 'transfer_receipt', entityId: id, action: 'update_lines', after: { lines: lines.length } });
      return this.get(tx, id);
    });
  }

  /** Posts: stock in at the shipment's cost and batches, and the receipt into the outbox, together. */
  async post(ctx: RequestContext, id: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const r = await this.lock(tx, id);
      RECEIPT_FLOW.assertTransition(r.status, 'posted');
      const s = await this.receivable(tx, r.shipmentId);
      const lines = await this.connection.repo(tx, TransferReceiptLine).find({ where: { receiptId: id }, order: { lineNo: 'ASC' } });
      const shipLines = new Map((await this.connection.repo(tx, TransferShipmentLine).find({ where: { shipmentId: s.id } })).map((l) => [l.id, l]));
      const movements = lines
        .filter((l) => dec(l.receivedQty).gt(0))
        .flatMap((l) => {
          const ship = shipLines.get(l.shipmentLineId)!;
          const ref = {
            warehouseId: r.warehouseId,
            productId: l.productId,
            unitCost: l.unitCost,
            docType: 'transfer_receipt',
            docId: r.id,
            docNo: r.number,
            docLine: l.lineNo,
            businessDate: r.receiveDate,
          };
          if (!ship.batches.length) return [{ ...ref, quantity: l.receivedQty }];
          return takeFromBatches(ship.batches, l.receivedQty).taken.map((b) => ({ ...ref, quantity: b.quantity, batchNo: b.batchNo, expiryDate: b.expiryDate }));
        });
      await this.stock.post(tx, movements);
      Object.assign(r, { status: 'posted', postedAt: new Date(), postedBy: tx.user!.username });
      await this.connection.repo(tx, TransferReceipt).save(r);
      const body: ReceiptPushBody = {
        storeCode: tx.user!.orgUnitCode,
        number: r.number,
        shipmentId: r.shipmentId,
        warehouseId: r.warehouseId,
        receiveDate: r.receiveDate,
        createdBy: r.createdBy,
        postedAt: r.postedAt!.toISOString(),
        postedBy: r.postedBy!,
        ...(r.note ? { note: r.note } : {}),
        lines: lines.map((l) => ({
          id: l.id,
          lineNo: l.lineNo,
          shipmentLineId: l.shipmentLineId,
          productId: l.productId,
          shippedQty: l.shippedQty,
          receivedQty: l.receivedQty,
          shortQty: l.shortQty,
          damagedQty: l.damagedQty,
          overQty: l.overQty,
          unitCost: l.unitCost,
          ...(l.varianceNote ? { varianceNote: l.varianceNote } : {}),
        })),
      };
      await this.outbox.enqueue(tx, REPLENISHMENT_STREAMS.receipt, body as unknown as Record<string, unknown>, r.id);
      await this.audit.record(tx, { entityType: 'transfer_receipt', entityId: id, action: 'post', before: { status: 'draft' }, after: { status: 'posted' } });
      return this.get(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string, reason: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const r = await this.lock(tx, id);
      RECEIPT_FLOW.assertTransition(r.status, 'cancelled');
      r.status = 'cancelled';
      await this.connection.repo(tx, TransferReceipt).save(r);
      await this.audit.record(tx, { entityType: 'transfer_receipt', entityId: id, action: 'cancel', reason });
      return this.get(tx, id);
    });
  }

  /** A shipment of this store, posted at HQ, without a posted receipt here. */
  private async receivable(ctx: RequestContext, shipmentId: string): Promise<TransferShipment> {
    const s = await this.connection.repo(ctx, TransferShipment).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id: shipmentId }).getOne();
    if (!s || s.storeId !== ctx.user!.orgUnitId) {
      throw new DomainException(ReplenishmentError.REPLENISHMENT_SHIPMENT_NOT_RECEIVABLE, 'no such shipment for this store / 本店没有该调拨单', [
        { field: 'shipmentId', message: 'unknown shipment' },
      ]);
    }
    const done = await this.repo.hasPostedReceipt(ctx, s.id);
    if (s.status !== 'posted' || done)
      throw new DomainException(
        ReplenishmentError.REPLENISHMENT_ALREADY_RECEIVED,
        'the shipment is already received / 该调拨单已收货',
        [{ field: 'shipmentId', message: 'received' }],
        { receipt: done ?? null },
      );
    return s;
  }

  /** Actual quantities: each difference named (received = shipped − short − damaged + over). */
  private async applyLines(tx: RequestContext, receiptId: string, input: ReceiptLineDto[]): Promise<void> {
    const lines = await this.connection.repo(tx, TransferReceiptLine).find({ where: { receiptId } });
    const by = new Map(lines.map((l) => [l.shipmentLineId, l]));
    const seen = new Set<string>();
    input.forEach((x, i) => {
      const l = by.get(x.shipmentLineId);
      if (!l || seen.has(x.shipmentLineId))
        throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_LINE, 'not a line of this shipment, or named twice / 不是该调拨单的明细', [
          { field: `lines.${i}.shipmentLineId`, message: 'unknown or repeated line' },
        ]);
      seen.add(x.shipmentLineId);
      const total = (reason: string) => (x.variances ?? []).filter((v) => v.reason === reason).reduce((t, v) => t.plus(v.quantity), dec(0));
      const [short, damaged, over] = [total('short'), total('damaged'), total('over')];
      const expected = dec(l.shippedQty).minus(short).minus(damaged).plus(over);
      if (!expected.eq(x.receivedQty) || (short.gt(0) && over.gt(0))) {
        throw new DomainException(
          ReplenishmentError.REPLENISHMENT_VARIANCE_MISMATCH,
          'every difference needs its reason: received = shipped − short − damaged + over / 差异须注明原因（短少、破损、多发）',
          [
            {
              field: `lines.${i}.variances`,
              message: `shipped ${dec(l.shippedQty)}, received ${dec(x.receivedQty)}: the variances must explain ${dec(x.receivedQty).minus(l.shippedQty)}`,
            },
          ],
        );
      }
      Object.assign(l, {
        receivedQty: dec(x.receivedQty).toString(),
        shortQty: short.toString(),
        damagedQty: damaged.toString(),
        overQty: over.toString(),
        varianceNote: x.note?.trim() || null,
      });
    });
    await this.connection.repo(tx, TransferReceiptLine).save(lines.filter((l) => seen.has(l.shipmentLineId)));
  }

  private async lock(ctx: RequestContext, id: string): Promise<TransferReceipt> {
    const r = await this.connection.repo(ctx, TransferReceipt).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
    if (!r) throw notFound('transfer receipt');
    assertInScope(ctx, r.storeId, 'transfer receipt');
    return r;
  }
}
