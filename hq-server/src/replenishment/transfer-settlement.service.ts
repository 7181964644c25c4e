import { Injectable } from '@nestjs/common';
import {
  AuditService,
  dec,
  DomainException,
  ReceiptPushBody,
  ReplenishmentError,
  RequestContext,
  SettlementTreatment,
  ShippedBatch,
  StockMovement,
  StockService,
  takeFromBatches,
  TransactionalConnection,
  TransferReceipt,
  TransferReceiptLine,
  TransferSettlement,
  TransferShipment,
  TransferShipmentLine,
  VarianceReason,
} from '@chain-erp/shared';
import { randomUUID } from 'node:crypto';
import { RequestApprovalService } from './request-approval.service';
import { SettlementSettingsDto } from './replenishment.dto';
import { TransferShipmentService } from './transfer-shipment.service';
import { StoreSettlementService } from '../settlement/store-settlement.service';
import { ReplenishmentRepository } from './replenishment.repository';

export type SettlementSettings = SettlementSettingsDto;
const DEFAULTS: SettlementSettings = { shortTreatment: 'write_off', damagedTreatment: 'write_off' };

/** Ledger reason per variance and treatment (a claim keeps its own reason so it can be followed up). */
function stockReason(kind: VarianceReason, treatment: SettlementTreatment): string {
  if (kind === 'over') return 'transfer_over';
  if (treatment === 'carrier_claim') return 'carrier_claim';
  return kind === 'damaged' ? 'damaged' : 'transfer_short';
}

interface Part {
  kind: 'received' | VarianceReason;
  line: TransferReceiptLine;
  ship: TransferShipmentLine;
  quantity: string;
  batches: ShippedBatch[];
}

/**
 * HQ's side of a 调拨入库 (the store's receipt arrives by push): keeps a copy of the receipt, clears the
 * store's in-transit location and settles every variance in the same transaction —
 * received goods leave in-transit to the store; shortages and damages leave it as a write-off or a
 * carrier claim (configurable); overs leave HQ's source warehouse through in-transit, charged to the
 * shipment. In-transit for the shipment ends at zero, and both sides show the same quantities.
 */
@Injectable()
export class TransferSettlementService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly shipments: TransferShipmentService,
    private readonly approvals: RequestApprovalService,
    private readonly storeLedger: StoreSettlementService,
    private readonly repo: ReplenishmentRepository,
  ) {}

  async settings(ctx: RequestContext): Promise<SettlementSettings> {
    return { ...DEFAULTS, ...((await this.repo.settlementSettings<SettlementSettings>(ctx)) ?? {}) };
  }

  /** Kept in HQ's org_settings.extra (HQ's row never travels to a store). */
  async saveSettings(ctx: RequestContext, dto: SettlementSettingsDto): Promise<SettlementSettings> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const before = await this.settings(tx);
      const value = { shortTreatment: dto.shortTreatment, damagedTreatment: dto.damagedTreatment };
      await this.repo.saveSettlementSettings(tx, value);
      await this.audit.record(tx, { entityType: 'replenishment_settings', entityId: 'hq', action: 'update', before, after: value });
      return value;
    });
  }

  /** Push handler of replenishment.receipt (in the inbox job's transaction; idempotent by receipt id). */
  async settle(ctx: RequestContext, id: string, storeId: string, b: ReceiptPushBody): Promise<void> {
    if (await this.repo.receiptExists(ctx, id)) return;
    const s = await this.shipments.lock(ctx, b.shipmentId);
    if (s.storeId !== storeId) throw new DomainException(ReplenishmentError.REPLENISHMENT_OTHER_STORE, 'a receipt for another store’s shipment / 不是本店的调拨单');
    if (s.status !== 'posted') throw new DomainException(ReplenishmentError.REPLENISHMENT_ALREADY_RECEIVED, `shipment ${s.number} is ${s.status} / 调拨单不可收货`);
    const shipLines = await this.connection.repo(ctx, TransferShipmentLine).find({ where: { shipmentId: s.id }, order: { lineNo: 'ASC' } });
    const lines = this.checkLines(id, b, shipLines);
    await this.connection.repo(ctx, TransferReceipt).insert({
      id,
      number: b.number,
      storeId,
      shipmentId: s.id,
      warehouseId: b.warehouseId,
      status: 'posted',
      receiveDate: b.receiveDate,
      note: b.note ?? null,
      createdBy: b.createdBy,
      postedAt: new Date(b.postedAt),
      postedBy: b.postedBy,
      settledAt: new Date(),
    });
    await this.connection.repo(ctx, TransferReceiptLine).insert(lines.map((x) => x.line));
    await this.moveStock(ctx, s, b, lines);
    const now = new Date();
    for (const x of lines) await this.connection.repo(ctx, TransferShipmentLine).update({ id: x.ship.id }, { receivedQty: x.line.receivedQty });
    Object.assign(s, { status: 'received', receiptId: id, receivedAt: now });
    await this.connection.repo(ctx, TransferShipment).save(s);
    const byRequest = new Map<string, Map<string, string>>();
    for (const { ship, line } of lines) {
      if (!ship.requestId || !ship.requestLineId) continue;
      const d = byRequest.get(ship.requestId) ?? new Map<string, string>();
      d.set(
        ship.requestLineId,
        dec(d.get(ship.requestLineId) ?? 0)
          .plus(line.receivedQty)
          .toString(),
      );
      byRequest.set(ship.requestId, d);
    }
    for (const [requestId, deltas] of [...byRequest.entries()].sort()) await this.approvals.applyMovement(ctx, requestId, 'received', deltas);
    // 门店应收: shortages and damages come off what the store owes for the shipment, overs are added
    await this.storeLedger.onReceiptSettled(
      ctx,
      s,
      { id, number: b.number, receiveDate: b.receiveDate },
      lines.map((x) => ({ ...x.line, unitCost: x.ship.unitCost ?? x.line.unitCost })),
    );
    await this.audit.record(ctx, { entityType: 'transfer_shipment', entityId: s.id, action: 'receive', after: { receiptId: id, receiptNo: b.number } });
  }

  /** Every shipment line exactly once, with the shipped quantity HQ posted and quantities that add up. */
  private checkLines(receiptId: string, b: ReceiptPushBody, shipLines: TransferShipmentLine[]) {
    const byId = new Map(shipLines.map((l) => [l.id, l]));
    const seen = new Set<string>();
    const out = b.lines.map((x, i) => {
      const ship = byId.get(x.shipmentLineId);
      const sums = dec(x.shippedQty).minus(x.shortQty).minus(x.damagedQty).plus(x.overQty);
      if (
        !ship ||
        seen.has(ship.id) ||
        ship.productId !== x.productId ||
        !dec(x.shippedQty).eq(ship.quantity) ||
        !sums.eq(x.receivedQty) ||
        (dec(x.shortQty).gt(0) && dec(x.overQty).gt(0))
      ) {
        throw new DomainException(ReplenishmentError.REPLENISHMENT_VARIANCE_MISMATCH, `receipt line ${i + 1} does not match the shipment / 收货明细与调拨单不符`, [
          { field: `lines.${i}`, message: 'mismatch' },
        ]);
      }
      seen.add(ship.id);
      const line = Object.assign(new TransferReceiptLine(), {
        id: x.id,
        receiptId,
        shipmentLineId: ship.id,
        lineNo: x.lineNo,
        productId: x.productId,
        shippedQty: x.shippedQty,
        receivedQty: x.receivedQty,
        shortQty: x.shortQty,
        damagedQty: x.damagedQty,
        overQty: x.overQty,
        unitCost: x.unitCost,
        varianceNote: x.varianceNote ?? null,
      });
      return { ship, line };
    });
    if (seen.size !== shipLines.length)
      throw new DomainException(ReplenishmentError.REPLENISHMENT_VARIANCE_MISMATCH, 'the receipt must cover every shipment line / 收货单须覆盖全部调拨明细');
    return out;
  }

  private async moveStock(ctx: RequestContext, s: TransferShipment, b: ReceiptPushBody, lines: Array<{ ship: TransferShipmentLine; line: TransferReceiptLine }>): Promise<void> {
    const receiptId = lines[0].line.receiptId;
    const doc = (docType: string, docLine: number) => ({ docType, docId: receiptId, docNo: b.number, docLine, businessDate: b.receiveDate });
    const settings = await this.settings(ctx);
    // overs: they left HQ's source warehouse unbooked; book them out (HQ's count may go below zero) and into in-transit
    const overs = lines.filter((x) => dec(x.line.overQty).gt(0));
    const overOut = await this.stock.post(
      ctx,
      overs.map((x) => ({
        ...doc('transfer_settlement', x.line.lineNo),
        warehouseId: s.fromWarehouseId,
        productId: x.ship.productId,
        quantity: dec(x.line.overQty).neg().toString(),
        reason: 'transfer_over',
        batchNo: x.ship.batches.at(-1)?.batchNo ?? null,
      })),
      { allowNegative: true },
    );
    await this.stock.post(
      ctx,
      overs.map((x, i) => ({
        ...doc('transfer_settlement', x.line.lineNo),
        warehouseId: s.transitWarehouseId,
        productId: x.ship.productId,
        quantity: x.line.overQty,
        unitCost: overOut[i].unitCost,
        batchNo: x.ship.batches.at(-1)?.batchNo ?? null,
        expiryDate: x.ship.batches.at(-1)?.expiryDate ?? null,
        reason: 'transfer_over',
      })),
    );
    // in-transit is cleared: received goods first, then shortages, then damages, batch by batch
    const parts: Part[] = [];
    for (const x of lines) {
      let pool = x.ship.batches.map((bt, i, all) => (i === all.length - 1 ? { ...bt, quantity: dec(bt.quantity).plus(x.line.overQty).toString() } : bt));
      for (const kind of ['received', 'short', 'damaged'] as const) {
        const q = kind === 'received' ? x.line.receivedQty : kind === 'short' ? x.line.shortQty : x.line.damagedQty;
        if (!dec(q).gt(0)) continue;
        const t = takeFromBatches(pool, q);
        pool = t.rest;
        parts.push({ kind, line: x.line, ship: x.ship, quantity: q, batches: t.taken });
      }
    }
    const movements: StockMovement[] = [];
    const owner: number[] = [];
    parts.forEach((p, pi) => {
      const reason = p.kind === 'received' ? null : stockReason(p.kind, this.treatment(p.kind, settings));
      const common = {
        ...doc(p.kind === 'received' ? 'transfer_receipt' : 'transfer_settlement', p.line.lineNo),
        warehouseId: s.transitWarehouseId,
        productId: p.ship.productId,
        reason,
      };
      const pieces = p.batches.length
        ? p.batches.map((bt) => ({ quantity: dec(bt.quantity).neg().toString(), batchNo: bt.batchNo }))
        : [{ quantity: dec(p.quantity).neg().toString() }];
      for (const piece of pieces) {
        movements.push({ ...common, ...piece });
        owner.push(pi);
      }
    });
    const results = await this.stock.post(ctx, movements);
    const amounts = parts.map(() => dec(0));
    results.forEach((r, i) => (amounts[owner[i]] = amounts[owner[i]].plus(dec(r.amount).neg())));
    const rows: Partial<TransferSettlement>[] = [];
    parts.forEach((p, i) => {
      if (p.kind === 'received') return;
      rows.push(this.row(s, p.line.receiptId, p.ship, p.kind, this.treatment(p.kind, settings), p.quantity, amounts[i]));
    });
    overs.forEach((x, i) => rows.push(this.row(s, x.line.receiptId, x.ship, 'over', 'charge_shipment', x.line.overQty, dec(overOut[i].amount).neg())));
    if (rows.length) await this.connection.repo(ctx, TransferSettlement).insert(rows);
  }

  private treatment(kind: VarianceReason, s: SettlementSettings): SettlementTreatment {
    return kind === 'over' ? 'charge_shipment' : kind === 'short' ? s.shortTreatment : s.damagedTreatment;
  }

  private row(
    s: TransferShipment,
    receiptId: string,
    ship: TransferShipmentLine,
    kind: VarianceReason,
    treatment: SettlementTreatment,
    quantity: string,
    amount: ReturnType<typeof dec>,
  ): Partial<TransferSettlement> {
    return {
      id: randomUUID(),
      storeId: s.storeId,
      receiptId,
      shipmentId: s.id,
      shipmentLineId: ship.id,
      productId: ship.productId,
      kind,
      treatment,
      stockReason: stockReason(kind, treatment),
      quantity: dec(quantity).toString(),
      unitCost: amount.div(quantity).toDecimalPlaces(6).toString(),
      amount: amount.toDecimalPlaces(6).toString(),
    };
  }
}
