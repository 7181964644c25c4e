import { Injectable } from '@nestjs/common';
import { CommonError, DomainException, FieldError, notFound } from '../common/errors';
import { dec } from '../common/money';
import { defineSort, Page, paginate } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { assertInScope, scopeQuery } from '../common/scope';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { DocumentNumberService } from '../documents/document-number.service';
import { StatusMachine } from '../documents/status-machine';
import { CountEntryLineDto, CountQueryDto, OpenCountDto } from './inventory.dto';
import { InventoryError } from './inventory.errors';
import { parseCountSheet } from './inventory-sheet';
import { localToday } from './inventory.util';
import { StockCount, StockCountLine, StockCountStatus } from './stock-document.entity';
import { StockCountRepository } from './stock-count.repository';
import { StockMovement, StockService } from './stock.service';
import { WarehouseService } from './warehouse.service';

export const STOCK_COUNT_SORT = defineSort({ number: 'c.number', createdAt: 'c.createdAt', status: 'c.status' }, '-createdAt');

const FLOW = new StatusMachine<StockCountStatus>({ counting: ['posted', 'cancelled'], posted: [], cancelled: [] }, 'stock count');

export interface CountLineView {
  productId: string;
  productCode: string;
  productName: string;
  bookQty: string;
  countedQty: string | null;
  /** book at the snapshot + movements between the snapshot and the count (or until now, uncounted) */
  expectedQty: string;
  /** counted − expected (null while uncounted) */
  varianceQty: string | null;
  countedAt: Date | null;
}

type Entry = Pick<CountEntryLineDto, 'productId' | 'barcode' | 'productCode' | 'quantity'> & { row?: number };

/**
 * 盘点. Opening snapshots the book quantities and the ledger position (after waiting for stock
 * postings in flight on those rows, so none is half in the snapshot). The store keeps selling:
 * each entered count records the ledger position at that moment, and the variance is
 * counted − (snapshot + movements between snapshot and count). Posting moves the variances.
 */
@Injectable()
export class StockCountService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly warehouses: WarehouseService,
    private readonly sql: StockCountRepository,
  ) {}

  async list(ctx: RequestContext, q: CountQueryDto): Promise<Page<StockCount>> {
    const qb = this.connection.repo(ctx, StockCount).createQueryBuilder('c');
    scopeQuery(ctx, qb, 'c.org_unit_id', q.storeId);
    if (q.warehouseId) qb.andWhere('c.warehouse_id = :w', { w: q.warehouseId });
    if (q.status) qb.andWhere('c.status = :st', { st: q.status });
    return paginate(qb, q, STOCK_COUNT_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<StockCount & { lines: CountLineView[] }> {
    const count = await this.find(ctx, id);
    return { ...count, lines: await this.lines(ctx, count) };
  }

  async open(ctx: RequestContext, dto: OpenCountDto): Promise<StockCount & { lines: CountLineView[] }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const wh = await this.warehouses.getForDocument(tx, dto.warehouseId);
      if (dto.categoryId && !(await this.sql.categoryExists(tx, dto.categoryId))) {
        throw new DomainException(CommonError.VALIDATION_FAILED, 'unknown category / 类别不存在', [{ field: 'categoryId', message: 'unknown category' }]);
      }
      if (await this.connection.repo(tx, StockCount).exists({ where: { warehouseId: wh.id, status: 'counting' } })) {
        throw new DomainException(InventoryError.STOCK_COUNT_OPEN, 'a count of this warehouse is already open / 该仓库正在盘点', [{ field: 'warehouseId', message: 'count open' }]);
      }
      // the book's rows share-locked: postings in flight end first, so the book and the seq agree
      const book = await this.sql.book(tx, wh.id, dto.categoryId ?? null);
      const seq = await this.sql.ledgerPosition(tx);
      const repo = this.connection.repo(tx, StockCount);
      const today = localToday();
      const count = await repo.save(
        repo.create({
          number: await this.numbers.next(tx, 'CNT', tx.user!.orgUnitCode, today),
          warehouseId: wh.id,
          orgUnitId: wh.orgUnitId,
          categoryId: dto.categoryId ?? null,
          status: 'counting',
          snapshotAt: new Date(),
          snapshotSeq: seq,
          businessDate: today,
          uncountedPolicy: null,
          remark: dto.remark ?? null,
          createdBy: tx.userId,
        }),
      );
      if (book.length) {
        await this.connection
          .repo(tx, StockCountLine)
          .insert(book.map((b) => ({ countId: count.id, productId: b.product_id, bookQty: b.qty, countedQty: null, countedSeq: null })));
      }
      await this.audit.record(tx, {
        entityType: 'stock_count',
        entityId: count.id,
        action: 'create',
        after: { number: count.number, warehouseId: wh.id, categoryId: count.categoryId, products: book.length },
      });
      return this.get(tx, count.id);
    });
  }

  /** Enters counted quantities (a later entry of the same product replaces the earlier one). */
  async enter(ctx: RequestContext, id: string, entries: Entry[], source = 'api'): Promise<StockCount & { lines: CountLineView[] }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const count = await this.lock(tx, id);
      FLOW.assertEditable(count.status, ['counting']);
      const productIds = await this.resolveProducts(tx, count, entries);
      const qty = new Map<string, string>();
      productIds.forEach((p, i) => qty.set(p, entries[i].quantity));
      const ids = [...qty.keys()].sort();
      // wait for sales in flight on these products, then read the ledger position they end at
      await this.sql.waitForPostings(tx, count.warehouseId, ids);
      const seq = await this.sql.ledgerPosition(tx);
      await this.sql.enter(
        tx,
        id,
        ids,
        ids.map((p) => qty.get(p)!),
        seq,
        tx.userId,
      );
      await this.audit.record(tx, { entityType: 'stock_count', entityId: id, action: 'count', reason: source, after: { products: ids.length } });
      return this.get(tx, id);
    });
  }

  /** Excel or scanner file: all rows are taken or none (errors name the rows). Duplicates in one file add up. */
  async importFile(ctx: RequestContext, id: string, file: { buffer?: Buffer; originalname?: string } | undefined): Promise<StockCount & { lines: CountLineView[] }> {
    if (!file?.buffer)
      throw new DomainException(CommonError.VALIDATION_FAILED, 'a file is required / 请上传文件', [{ field: 'file', message: 'required (multipart field "file")' }]);
    const rows = await parseCountSheet(file.buffer, file.originalname);
    const merged = new Map<string, Entry>();
    for (const r of rows) {
      const key = r.barcode ? `b:${r.barcode}` : `c:${r.productCode}`;
      const prev = merged.get(key);
      merged.set(
        key,
        prev ? { ...prev, quantity: dec(prev.quantity).plus(r.quantity).toString() } : { barcode: r.barcode, productCode: r.productCode, quantity: r.quantity, row: r.row },
      );
    }
    return this.enter(ctx, id, [...merged.values()], file.originalname?.slice(0, 100) ?? 'file');
  }

  async post(ctx: RequestContext, id: string, uncounted: 'keep' | 'zero'): Promise<StockCount & { lines: CountLineView[] }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const count = await this.lock(tx, id);
      FLOW.assertTransition(count.status, 'posted');
      await this.warehouses.getForDocument(tx, count.warehouseId);
      const lines = (await this.lines(tx, count)).filter((l) => l.countedQty !== null || uncounted === 'zero');
      const batchFor = await this.gainBatches(tx, count, lines);
      const movements: StockMovement[] = [];
      const result = lines.map((l) => {
        const counted = dec(l.countedQty ?? 0);
        const variance = counted.minus(l.expectedQty);
        if (!variance.isZero()) {
          movements.push({
            warehouseId: count.warehouseId,
            productId: l.productId,
            quantity: variance.toString(),
            batchNo: variance.gt(0) ? batchFor.get(l.productId) : null,
            docType: 'stock_count',
            docId: count.id,
            docNo: count.number,
            businessDate: localToday(),
            reason: variance.gt(0) ? 'count_gain' : 'count_loss',
          });
        }
        return { productId: l.productId, countedQty: counted.toString(), expectedQty: l.expectedQty, varianceQty: variance.toString() };
      });
      // a count states what is there: its result is taken even where it leaves the book below zero
      await this.stock.post(tx, movements, { allowNegative: true });
      for (const r of result) {
        await this.connection
          .repo(tx, StockCountLine)
          .update({ countId: id, productId: r.productId }, { countedQty: r.countedQty, expectedQty: r.expectedQty, varianceQty: r.varianceQty });
      }
      Object.assign(count, { status: 'posted', uncountedPolicy: uncounted, postedBy: tx.userId, postedAt: new Date() });
      await this.connection.repo(tx, StockCount).save(count);
      await this.audit.record(tx, {
        entityType: 'stock_count',
        entityId: id,
        action: 'post',
        before: { status: 'counting' },
        after: { status: 'posted', uncounted, movements: movements.length },
      });
      return this.get(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string): Promise<StockCount & { lines: CountLineView[] }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const count = await this.lock(tx, id);
      FLOW.assertTransition(count.status, 'cancelled');
      count.status = 'cancelled';
      await this.connection.repo(tx, StockCount).save(count);
      await this.audit.record(tx, { entityType: 'stock_count', entityId: id, action: 'cancel', before: { status: 'counting' }, after: { status: 'cancelled' } });
      return this.get(tx, id);
    });
  }

  private async lines(ctx: RequestContext, count: StockCount): Promise<CountLineView[]> {
    const rows = await this.sql.lines(ctx, count.id, count.warehouseId, count.snapshotSeq);
    return rows.map((r) => {
      const expected = r.expected_qty ?? dec(r.book_qty).plus(r.moved).toString();
      return {
        productId: r.product_id,
        productCode: r.code,
        productName: r.name,
        bookQty: dec(r.book_qty).toString(),
        countedQty: r.counted_qty === null ? null : dec(r.counted_qty).toString(),
        expectedQty: dec(expected).toString(),
        varianceQty: r.variance_qty !== null ? dec(r.variance_qty).toString() : r.counted_qty === null ? null : dec(r.counted_qty).minus(expected).toString(),
        countedAt: r.counted_at,
      };
    });
  }

  /** productId, barcode or code → product id, each inside the count's warehouse category. */
  private async resolveProducts(ctx: RequestContext, count: StockCount, entries: Entry[]): Promise<string[]> {
    const rows = await this.sql.resolveProducts(
      ctx,
      entries.map((e, i) => ({ key: String(i), kind: e.productId ? 'id' : e.barcode ? 'barcode' : 'code', value: e.productId ?? e.barcode ?? e.productCode ?? '' })),
      count.categoryId,
    );
    const found = new Map(rows.map((r) => [Number(r.key), r]));
    const fields: FieldError[] = [];
    const ids = entries.map((e, i) => {
      const r = found.get(i);
      const where =
        e.row !== undefined
          ? { field: e.barcode ? 'barcode' : 'productCode', row: e.row }
          : { field: `lines.${i}.${e.productId ? 'productId' : e.barcode ? 'barcode' : 'productCode'}` };
      if (!r) fields.push({ ...where, message: `unknown product ${e.productId ?? e.barcode ?? e.productCode} / 商品不存在` });
      else if (!r.in_scope) fields.push({ ...where, message: 'product is outside the counted category / 商品不在盘点类别内' });
      return r?.id ?? '';
    });
    if (fields.length) {
      const outside = fields.every((f) => f.message.startsWith('product is outside'));
      throw new DomainException(
        outside ? InventoryError.STOCK_COUNT_PRODUCT_OUTSIDE : InventoryError.STOCK_UNKNOWN_PRODUCT,
        `some products cannot be counted here / 部分商品无法盘点 (${fields.length})`,
        fields.slice(0, 100),
      );
    }
    return ids;
  }

  /** Batch-managed gains go to the batch expiring last (the freshest goods), or a batch named after the count. */
  private async gainBatches(ctx: RequestContext, count: StockCount, lines: CountLineView[]): Promise<Map<string, string>> {
    const rows = await this.sql.gainBatches(
      ctx,
      count.warehouseId,
      lines.map((l) => l.productId),
    );
    return new Map(rows.map((r) => [r.id, r.batch_no || count.number]));
  }

  private async find(ctx: RequestContext, id: string): Promise<StockCount> {
    const count = await this.connection.repo(ctx, StockCount).findOneBy({ id });
    if (!count) throw notFound('stock count', id);
    assertInScope(ctx, count.orgUnitId, 'stock count');
    return count;
  }

  private async lock(ctx: RequestContext, id: string): Promise<StockCount> {
    const count = await this.connection.repo(ctx, StockCount).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!count) throw notFound('stock count', id);
    assertInScope(ctx, count.orgUnitId, 'stock count');
    return count;
  }
}
