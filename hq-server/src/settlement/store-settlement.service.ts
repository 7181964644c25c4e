import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { addDays, AuditService, dec, DocumentNumberService, DomainException, localToday, notFound, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { LedgerService } from './ledger.service';
import { listAnswer, withMoney } from './list-output';
import { StoredValueQueryDto, StoredValueSettlementDto, StoreTermsDto } from './settlement.dto';
import { StoredValueSettlement, StoreSettlementTerms } from './settlement.entity';
import { SettlementError } from './settlement.errors';
import { SettlementRepository } from './settlement.repository';
import { SettlementDocumentsRepository } from './settlement-documents.repository';
import { assertHq, pastOrToday } from './settlement-support';
import { assertPartyInScope } from './statement.service';
import { shipmentCharge, varianceCharge } from './transfer-price.calculator';

export interface ShipmentFacts {
  id: string;
  number: string;
  storeId: string;
  shipDate: string;
}

/** The member-ledger kinds that move chain stored value between a store's till and HQ. */
const STORED_VALUE_KINDS = ['top_up', 'refund', 'payment', 'reversal'];

/**
 * 门店结算: what a store owes HQ. Each posted 调拨出库 is owed at the transfer price (HQ cost plus the
 * store's markup); the store's receipt adjusts it by its shortages, damages and overs at the same
 * price; 储值结算单 settle the chain stored value the store took or paid out; 门店缴款单 pay it.
 */
@Injectable()
export class StoreSettlementService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly repo: SettlementRepository,
    private readonly docs: SettlementDocumentsRepository,
  ) {}

  async terms(ctx: RequestContext, storeId: string): Promise<{ storeId: string; storeCode: string; storeName: string; markupPercent: string; paymentTermsDays: number | null }> {
    assertPartyInScope(ctx, 'store', storeId);
    const store = await this.ledger.party(ctx, 'store', storeId, 'storeId');
    const t = await this.connection.repo(ctx, StoreSettlementTerms).findOne({ where: { storeId } });
    return { storeId, storeCode: store.code, storeName: store.name, markupPercent: dec(t?.markupPercent ?? 0).toFixed(2), paymentTermsDays: t?.paymentTermsDays ?? null };
  }

  /** 门店结算条件: the markup applies to shipments posted from now on (posted ones keep theirs). */
  async saveTerms(ctx: RequestContext, storeId: string, dto: StoreTermsDto) {
    assertHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const before = await this.terms(tx, storeId);
      const repo = this.connection.repo(tx, StoreSettlementTerms);
      const row = (await repo.findOne({ where: { storeId } })) ?? repo.create({ storeId });
      Object.assign(row, { markupPercent: dec(dto.markupPercent).toFixed(2), paymentTermsDays: dto.paymentTermsDays ?? null, updatedBy: tx.userId });
      await repo.save(row);
      await this.audit.record(tx, {
        entityType: 'store_settlement_terms',
        entityId: storeId,
        action: 'update',
        before: { markupPercent: before.markupPercent, paymentTermsDays: before.paymentTermsDays },
        after: { markupPercent: row.markupPercent, paymentTermsDays: row.paymentTermsDays },
      });
      return this.terms(tx, storeId);
    });
  }

  /** Called by TransferShipmentService inside the posting transaction. */
  async onShipmentPosted(tx: RequestContext, s: ShipmentFacts, lines: Array<{ quantity: string; unitCost: string | null }>): Promise<void> {
    const t = await this.connection.repo(tx, StoreSettlementTerms).findOne({ where: { storeId: s.storeId } });
    const markup = t?.markupPercent ?? '0';
    const charge = shipmentCharge(lines, markup);
    await this.ledger.post(tx, {
      partyType: 'store',
      partyId: s.storeId,
      docType: 'transfer_shipment',
      docId: s.id,
      docNo: s.number,
      docDate: s.shipDate,
      dueDate: addDays(s.shipDate, t?.paymentTermsDays ?? 0),
      amount: charge.amount.toFixed(2),
      description: `调拨出库 ${s.number}（成本 ${charge.cost.toFixed(2)}，加价 ${dec(markup).toString()}%）`,
      meta: { markupPercent: dec(markup).toString(), costAmount: charge.cost.toFixed(2) },
    });
  }

  /**
   * Called by TransferSettlementService when HQ settles the store's receipt: shortages and damages
   * come off what the store owes, overs are added, at the shipment's transfer price.
   */
  async onReceiptSettled(
    tx: RequestContext,
    s: ShipmentFacts,
    receipt: { id: string; number: string; receiveDate: string },
    lines: Array<{ shortQty: string; damagedQty: string; overQty: string; unitCost: string }>,
  ): Promise<void> {
    const shipped = await this.ledger.itemOfDoc(tx, 'transfer_shipment', s.id);
    const markup = shipped ? await this.ledger.itemMarkup(tx, shipped.id) : '0';
    const v = varianceCharge(lines, markup);
    const item = await this.ledger.post(tx, {
      partyType: 'store',
      partyId: s.storeId,
      docType: 'transfer_variance',
      docId: receipt.id,
      docNo: receipt.number,
      docDate: receipt.receiveDate,
      dueDate: shipped?.dueDate ?? receipt.receiveDate,
      amount: v.amount.toFixed(2),
      description: `调拨差异 ${s.number}：短少 ${v.short.toFixed(2)}，破损 ${v.damaged.toFixed(2)}，多发 ${v.over.toFixed(2)}`,
      meta: { shipmentId: s.id, markupPercent: markup, short: v.short.toFixed(2), damaged: v.damaged.toFixed(2), over: v.over.toFixed(2) },
    });
    // the store owes less for this shipment: the credit goes against the shipment first
    if (item && shipped && dec(item.amount).isNegative()) await this.ledger.allocateUpTo(tx, item.id, shipped.id, { type: 'variance', id: receipt.id });
  }

  // ---- 储值结算单 ----

  /**
   * Settles chain stored value per store: every member-ledger row of a chain card at the store not
   * yet settled, up to the end of `to` (or now). Top-ups and money put back on cards are owed by the
   * store, payments with stored value by HQ; one document per store with anything to settle.
   */
  async settleStoredValue(ctx: RequestContext, dto: StoredValueSettlementDto) {
    assertHq(ctx);
    const to = pastOrToday(dto.to, 'to');
    if (dto.storeId) await this.ledger.party(ctx, 'store', dto.storeId, 'storeId');
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.docs.lockStoredValue(tx);
      // up to the end of `to`, or now for today: a row is settled once, the first time a settlement reaches it
      const stores = await this.docs.storedValueStores(tx, STORED_VALUE_KINDS, to, dto.storeId ?? null);
      if (!stores.length) {
        throw new DomainException(SettlementError.SETTLEMENT_NOTHING_TO_SETTLE, `no chain stored-value business to settle up to ${to} / 没有需要结算的储值业务`, [
          { field: dto.storeId ? 'storeId' : 'to', message: 'nothing unsettled' },
        ]);
      }
      const out: StoredValueSettlement[] = [];
      for (const storeId of stores) {
        const id = randomUUID();
        // take the rows first, then sum exactly the rows taken
        const x = await this.docs.takeStoredValue(tx, STORED_VALUE_KINDS, to, storeId, id);
        const repo = this.connection.repo(tx, StoredValueSettlement);
        const doc = repo.create({
          id,
          number: await this.numbers.next(tx, 'SVS', tx.user!.orgUnitCode, localToday()),
          storeId,
          periodFrom: x.from < to ? x.from : to,
          periodTo: to,
          topUpAmount: dec(x.topUp).toFixed(2),
          refundAmount: dec(x.refund).toFixed(2),
          spentAmount: dec(x.spent).toFixed(2),
          netAmount: dec(x.net).toFixed(2),
          createdBy: tx.userId,
        });
        await repo.insert(doc);
        await this.ledger.post(tx, {
          partyType: 'store',
          partyId: storeId,
          docType: 'stored_value_settlement',
          docId: doc.id,
          docNo: doc.number,
          docDate: to,
          dueDate: to,
          amount: doc.netAmount,
          description: `储值结算 ${doc.periodFrom}~${to}：充值 ${doc.topUpAmount}，退回卡内 ${doc.refundAmount}，本店消费 ${doc.spentAmount}`,
          meta: { topUp: doc.topUpAmount, refund: doc.refundAmount, spent: doc.spentAmount },
        });
        await this.audit.record(tx, { entityType: 'stored_value_settlement', entityId: doc.id, action: 'create', after: doc });
        out.push(withMoney(doc, ['topUpAmount', 'refundAmount', 'spentAmount', 'netAmount']));
      }
      return out;
    });
  }

  async storedValueList(ctx: RequestContext, q: StoredValueQueryDto) {
    const page = await this.repo.storedValueSettlements(ctx, q);
    return listAnswer(q, {
      title: '储值结算单 stored-value settlements',
      columns: [
        { key: 'number', zh: '结算单号', en: 'number' },
        { key: 'storeCode', zh: '门店编码', en: 'store code' },
        { key: 'storeName', zh: '门店', en: 'store' },
        { key: 'periodFrom', zh: '起始日期', en: 'from' },
        { key: 'periodTo', zh: '截止日期', en: 'to' },
        { key: 'topUpAmount', zh: '本店充值', en: 'top-ups', kind: 'money' },
        { key: 'refundAmount', zh: '退回卡内', en: 'refunded to cards', kind: 'money' },
        { key: 'spentAmount', zh: '本店消费', en: 'spent here', kind: 'money' },
        { key: 'netAmount', zh: '门店应交(负数=总部应付)', en: 'owed by the store (negative: owed by HQ)', kind: 'money' },
      ],
      ...page,
    });
  }

  async storedValueGet(ctx: RequestContext, id: string) {
    const v = await this.connection.repo(ctx, StoredValueSettlement).findOne({ where: { id } });
    if (!v || (ctx.storeId && v.storeId !== ctx.storeId)) throw notFound('stored-value settlement');
    return withMoney(v, ['topUpAmount', 'refundAmount', 'spentAmount', 'netAmount']);
  }

  /** 门店结算条件 of every store (stores without a row: no markup, due at once). */
  async termsList(ctx: RequestContext, q: StoredValueQueryDto) {
    const page = await this.repo.storeTerms(ctx, q);
    return listAnswer(q, {
      title: '门店结算条件 store terms',
      columns: [
        { key: 'storeCode', zh: '门店编码', en: 'store code' },
        { key: 'storeName', zh: '门店', en: 'store' },
        { key: 'markupPercent', zh: '加价率%', en: 'markup %', kind: 'percent' },
        { key: 'paymentTermsDays', zh: '账期天数', en: 'payment terms (days)', kind: 'int' },
      ],
      ...page,
    });
  }
}
