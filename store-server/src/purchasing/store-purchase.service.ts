import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditService,
  dec,
  defineSort,
  DocumentNumberService,
  documentTotals,
  DomainException,
  lineAmounts,
  loadStorePurchase,
  localToday,
  notFound,
  paginate,
  queryRows,
  REPLENISHMENT_STREAMS,
  ReplenishmentError,
  RequestContext,
  scopeQuery,
  StatusMachine,
  StockService,
  StorePurchase,
  StorePurchaseLine,
  StorePurchasePushBody,
  StorePurchaseView,
  StorePurchaseStatus,
  TransactionalConnection,
} from '@chain-erp/shared';
import { randomUUID } from 'node:crypto';
import { StoreOutboxService } from '../transfer/store-outbox.service';
import { CreateStorePurchaseDto, StorePurchaseQueryDto } from './store-purchase.dto';

export const STORE_PURCHASE_SORT = defineSort({ number: 'p.number', docDate: 'p.docDate', createdAt: 'p.createdAt' }, '-createdAt');

const FLOW = new StatusMachine<StorePurchaseStatus>({ draft: ['posted', 'cancelled'], posted: [], cancelled: [] }, 'store purchase');

/**
 * 门店自行采购: orders and goods receipts a store makes with its own suppliers — only while HQ's
 * setting for the store allows it (org_settings.allow_store_purchasing, synced, read live in every
 * call, so a change at HQ takes effect with the next sync, no restart). Amounts come from the same
 * calculator as HQ purchasing; a posted receipt moves stock at the net unit cost; posted documents
 * go to HQ for reporting.
 */
@Injectable()
export class StorePurchaseService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly outbox: StoreOutboxService,
  ) {}

  async assertAllowed(ctx: RequestContext): Promise<void> {
    const [s] = await queryRows<{ allow: boolean }>(this.connection.manager(ctx), `SELECT allow_store_purchasing AS allow FROM org_settings WHERE org_unit_id = $1`, [
      ctx.user!.orgUnitId,
    ]);
    if (!s?.allow) throw new DomainException(ReplenishmentError.STORE_PURCHASING_NOT_ALLOWED, 'HQ does not allow this store to purchase itself / 总部未允许本店自行采购');
  }

  async list(ctx: RequestContext, q: StorePurchaseQueryDto) {
    await this.assertAllowed(ctx);
    const qb = this.connection.repo(ctx, StorePurchase).createQueryBuilder('p');
    scopeQuery(ctx, qb, 'p.store_id', q.storeId);
    if (q.kind) qb.andWhere('p.kind = :kind', { kind: q.kind });
    return paginate(qb, q, STORE_PURCHASE_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<StorePurchaseView> {
    await this.assertAllowed(ctx);
    return this.load(ctx, id);
  }

  async create(ctx: RequestContext, dto: CreateStorePurchaseDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.assertAllowed(tx);
      const m = this.connection.manager(tx);
      const storeId = tx.user!.orgUnitId;
      const [sup] = await queryRows(m, `SELECT 1 FROM supplier WHERE id = $1 AND status = 'active'`, [dto.supplierId]);
      if (!sup)
        throw new DomainException(ReplenishmentError.STORE_PURCHASE_UNKNOWN_SUPPLIER, 'unknown supplier, or not in this store’s scope / 供应商不存在或不在本店范围', [
          { field: 'supplierId', message: 'unknown supplier' },
        ]);
      const [wh] = await queryRows<{ id: string }>(
        m,
        `SELECT id FROM warehouse WHERE org_unit_id = $1 AND kind = 'normal' AND status = 'active' AND ($2::uuid IS NULL OR id = $2) ORDER BY code LIMIT 1`,
        [storeId, dto.warehouseId ?? null],
      );
      if (!wh)
        throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_WAREHOUSE, 'not an active warehouse of this store / 仓库不存在', [
          { field: 'warehouseId', message: 'unknown warehouse' },
        ]);
      if (dto.orderId) {
        const [o] = await queryRows(m, `SELECT 1 FROM store_purchase WHERE id = $1 AND store_id = $2 AND kind = 'order' AND status = 'posted' AND supplier_id = $3`, [
          dto.orderId,
          storeId,
          dto.supplierId,
        ]);
        if (dto.kind !== 'receipt' || !o)
          throw new DomainException(ReplenishmentError.STORE_PURCHASE_UNKNOWN_ORDER, 'a receipt may name a posted order of this store and supplier / 订单无效', [
            { field: 'orderId', message: 'unknown order' },
          ]);
      }
      const products = await queryRows<{ id: string; purchase_price: string; tax_rate: string }>(
        m,
        `SELECT id, purchase_price::text, tax_rate::text FROM product WHERE id = ANY($1::uuid[]) AND status = 'active'`,
        [dto.lines.map((l) => l.productId)],
      );
      const byId = new Map(products.map((p) => [p.id, p]));
      const id = randomUUID();
      const lines = dto.lines.map((l, i) => {
        const p = byId.get(l.productId);
        if (!p)
          throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_PRODUCT, 'unknown or disabled product / 商品不存在', [
            { field: `lines.${i}.productId`, message: 'unknown product' },
          ]);
        const unitPrice = l.unitPrice ?? p.purchase_price;
        const taxRate = l.taxRate ?? p.tax_rate;
        const a = lineAmounts({ quantity: l.quantity, unitPrice, taxRate });
        return {
          id: randomUUID(),
          purchaseId: id,
          lineNo: i + 1,
          productId: l.productId,
          quantity: dec(l.quantity).toString(),
          unitPrice: dec(unitPrice).toString(),
          taxRate: dec(taxRate).toString(),
          amount: a.amount.toString(),
          taxAmount: a.taxAmount.toString(),
          unitCost: a.unitCost.toString(),
        };
      });
      const t = documentTotals(lines);
      const docDate = localToday();
      await this.connection.repo(tx, StorePurchase).insert({
        id,
        number: await this.numbers.next(tx, dto.kind === 'order' ? 'SPO' : 'SGR', tx.user!.orgUnitCode, docDate),
        kind: dto.kind,
        storeId,
        supplierId: dto.supplierId,
        warehouseId: wh.id,
        orderId: dto.orderId ?? null,
        status: 'draft',
        docDate,
        totalAmount: t.totalAmount.toString(),
        totalTax: t.totalTax.toString(),
        remark: dto.remark?.trim() || null,
        createdBy: tx.user!.username,
      });
      await this.connection.repo(tx, StorePurchaseLine).insert(lines);
      await this.audit.record(tx, { entityType: 'store_purchase', entityId: id, action: 'create', after: { kind: dto.kind } });
      return this.load(tx, id);
    });
  }

  /** Posts: a receipt moves stock at the net unit cost; either kind goes to HQ with the next sync. */
  async post(ctx: RequestContext, id: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.assertAllowed(tx);
      const p = await this.lock(tx, id);
      FLOW.assertTransition(p.status, 'posted');
      const lines = await this.connection.repo(tx, StorePurchaseLine).find({ where: { purchaseId: id }, order: { lineNo: 'ASC' } });
      if (p.kind === 'receipt') {
        await this.stock.post(
          tx,
          lines.map((l) => ({
            warehouseId: p.warehouseId,
            productId: l.productId,
            quantity: l.quantity,
            unitCost: l.unitCost,
            docType: 'store_purchase',
            docId: p.id,
            docNo: p.number,
            docLine: l.lineNo,
            businessDate: p.docDate,
          })),
        );
      }
      Object.assign(p, { status: 'posted', postedAt: new Date(), postedBy: tx.user!.username });
      await this.connection.repo(tx, StorePurchase).save(p);
      const body: StorePurchasePushBody = {
        storeCode: tx.user!.orgUnitCode,
        number: p.number,
        kind: p.kind,
        supplierId: p.supplierId,
        warehouseId: p.warehouseId,
        docDate: p.docDate,
        totalAmount: p.totalAmount,
        totalTax: p.totalTax,
        createdBy: p.createdBy,
        postedBy: p.postedBy!,
        postedAt: p.postedAt!.toISOString(),
        ...(p.orderId ? { orderId: p.orderId } : {}),
        ...(p.remark ? { remark: p.remark } : {}),
        lines: lines.map((l) => ({
          id: l.id,
          lineNo: l.lineNo,
          productId: l.productId,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          taxRate: l.taxRate,
          amount: l.amount,
          taxAmount: l.taxAmount,
          unitCost: l.unitCost,
        })),
      };
      await this.outbox.enqueue(tx, REPLENISHMENT_STREAMS.storePurchase, body as unknown as Record<string, unknown>, p.id);
      await this.audit.record(tx, { entityType: 'store_purchase', entityId: id, action: 'post' });
      return this.load(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string, reason: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.assertAllowed(tx);
      const p = await this.lock(tx, id);
      FLOW.assertTransition(p.status, 'cancelled');
      p.status = 'cancelled';
      await this.connection.repo(tx, StorePurchase).save(p);
      await this.audit.record(tx, { entityType: 'store_purchase', entityId: id, action: 'cancel', reason });
      return this.load(tx, id);
    });
  }

  private load(ctx: RequestContext, id: string): Promise<StorePurchaseView> {
    return loadStorePurchase(this.connection, ctx, id);
  }

  private async lock(ctx: RequestContext, id: string): Promise<StorePurchase> {
    const p = await this.connection.repo(ctx, StorePurchase).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
    if (!p) throw notFound('store purchase');
    assertInScope(ctx, p.storeId, 'store purchase');
    return p;
  }
}
