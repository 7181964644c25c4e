import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DomainException, FieldError } from '../common/errors';
import { dec, Dec, DecimalInput } from '../common/money';
import { RequestContext } from '../common/request-context';
import { insertRows, RowsOf } from '../common/sql';
import { TransactionalConnection } from '../common/transactional-connection';
import { Clock } from '../common/clock';
import { applyMovement, costState } from './cost.calculator';
import { InventoryError } from './inventory.errors';
import { isIsoDate, localToday } from './inventory.util';
import { BatchRow, KeyState, LedgerRow, ProductInfo, StockRepository } from './stock.repository';

/** One stock movement, as every document that moves stock describes it. */
export interface StockMovement {
  warehouseId: string;
  productId: string;
  /** signed: + into the warehouse, − out of it; up to 3 decimals; never zero */
  quantity: DecimalInput;
  /** batch-managed products: required inbound; outbound picks first-expiry-first-out when absent */
  batchNo?: string | null;
  /** expiry of a batch received for the first time */
  expiryDate?: string | null;
  /** inbound only: the document's unit cost; absent → current average (or the product's purchase price when there is none) */
  unitCost?: DecimalInput | null;
  /** document reference written on the ledger row */
  docType: string;
  docId: string;
  docNo?: string | null;
  docLine?: number | null;
  /** YYYY-MM-DD, default today; earlier dates are late entries (never later than today) */
  businessDate?: string;
  reason?: string | null;
}

export interface BatchPick {
  batchNo: string;
  expiryDate: string | null;
  /** signed quantity moved in this batch */
  quantity: string;
  ledgerId: string;
}

/** What happened to one movement (same order as the input). */
export interface MovementResult {
  warehouseId: string;
  productId: string;
  quantity: string;
  /** cost per unit the movement was valued at (outbound: the moving average; inbound: the document cost) */
  unitCost: string;
  /** signed value moved (Σ over its ledger rows) */
  amount: string;
  /** warehouse × product quantity after this movement */
  balanceAfter: string;
  ledgerIds: string[];
  /** batch-managed products: the batches taken or filled */
  batches: BatchPick[];
}

export interface PostOptions {
  /** override the org's negative-stock switch (e.g. a POS sale while offline policy allows it) */
  allowNegative?: boolean;
}

/**
 * Movements checked, valued and their balance rows locked in the caller's transaction — nothing
 * written yet (`StockService.prepare`). `results` are what the movements will do (costs, balances
 * after): a document builds its own rows from them and hands them to `StockService.commit`, which
 * writes balances, batches, ledger and those rows in one statement. Used once, in the transaction
 * that prepared it.
 */
export class StockPlan {
  private used = false;
  /** @internal */
  constructor(
    readonly results: MovementResult[],
    /** @internal the transaction's manager: commit must run in the same one */
    readonly manager: EntityManager,
    /** @internal balances and batches after the movements, by key */
    readonly state: Map<string, KeyState>,
    /** @internal one ledger row per movement and batch, in the ledger INSERT's column order */
    readonly ledger: LedgerRow[],
  ) {}

  /** @internal */
  take(manager: EntityManager): void {
    if (this.used) throw new Error('a stock plan is committed once');
    if (manager !== this.manager) throw new Error('a stock plan is committed in the transaction that prepared it (its balance rows are locked there)');
    this.used = true;
  }
}

const MAX_QTY = dec('999999999');
const keyOf = (w: string, p: string) => `${w}|${p}`;

/**
 * The one place stock changes (docs/design.md §4). `post(ctx, movements)` joins the caller's transaction,
 * locks the balance rows of all keys in one fixed order (an upsert sorted by warehouse, product —
 * so two posters never wait on each other crosswise), checks the negative-stock switch read live
 * from org_settings, values movements at moving-average cost, picks batches FEFO, then writes the
 * balances, batches and one append-only ledger row per movement and batch. Its two statements
 * (lock, write) have fixed texts and run prepared: every document pays for them.
 */
@Injectable()
export class StockService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly repo: StockRepository,
    // "today" for the no-future-dates check: the documents' clock (a till moved to tomorrow in a test posts tomorrow's sales)
    @Optional() private readonly clock?: Clock,
  ) {}

  /** Moves stock: `prepare` and `commit` in one transaction (the caller's when one is open). */
  async post(ctx: RequestContext, movements: StockMovement[], options: PostOptions = {}): Promise<MovementResult[]> {
    if (!movements.length) return [];
    return this.connection.withTransaction(ctx, async (tx) => {
      const plan = await this.prepare(tx, movements, options);
      await this.commit(tx, plan);
      return plan.results;
    });
  }

  /**
   * Step 1 of a document that writes its own rows with its stock (a POS sale: the lines carry the
   * cost and balance the movements give): checks the movements, reads warehouses and products,
   * locks the balance rows (one statement), loads batches, values each movement and picks batches.
   * Refuses (STOCK_INSUFFICIENT, unknown warehouse…) before anything is written. Needs the
   * document's open transaction: the locks are held until it ends.
   */
  async prepare(tx: RequestContext, movements: StockMovement[], options: PostOptions = {}): Promise<StockPlan> {
    if (!tx.inTransaction) throw new Error("StockService.prepare runs in the document's transaction (it locks the balance rows)");
    const manager = this.connection.manager(tx);
    if (!movements.length) return new StockPlan([], manager, new Map(), []);
    const normalised = validateMovements(movements, localToday(this.clock?.now() ?? new Date()));
    const { warehouses, products, locked } = await this.lookUpAndLock(tx, normalised);
    const state = new Map<string, KeyState>();
    for (const r of locked) state.set(keyOf(r.warehouse_id, r.product_id), { cost: costState(r), batches: null, version: r.version });
    await this.loadBatches(tx, normalised, products, state);

    const ledger: LedgerRow[] = [];
    const results: MovementResult[] = [];
    const now = new Date();
    normalised.forEach((mv, i) => {
      const wh = warehouses.get(mv.warehouseId)!;
      const product = products.get(mv.productId)!;
      const st = state.get(keyOf(mv.warehouseId, mv.productId))!;
      const allowNegative = (options.allowNegative ?? wh.allow_negative) && wh.kind !== 'in_transit';
      const parts = st.batches ? splitByBatch(mv, st.batches, allowNegative) : [{ batch: null as BatchRow | null, qty: mv.qty }];
      if (!allowNegative && mv.qty.lt(0)) {
        const available = st.batches && mv.batchNo ? (st.batches.find((b) => b.batchNo === mv.batchNo)?.qty ?? dec(0)) : st.cost.qty;
        if (available.plus(mv.qty).lt(0)) throw shortage(i, mv, product, available);
      }
      const result: MovementResult = {
        warehouseId: mv.warehouseId,
        productId: mv.productId,
        quantity: mv.qty.toString(),
        unitCost: '0',
        amount: '0',
        balanceAfter: '0',
        ledgerIds: [],
        batches: [],
      };
      let amount = dec(0);
      let inboundUnitCost = dec(0);
      for (const part of parts) {
        const inboundCost = part.qty.gt(0) ? (mv.unitCost ?? (st.cost.qty.gt(0) || !st.cost.avgCost.isZero() ? null : dec(product.purchase_price))) : null;
        const step = applyMovement(st.cost, part.qty, inboundCost);
        st.cost = step.state;
        amount = amount.plus(step.amount);
        inboundUnitCost = step.unitCost;
        const id = randomUUID();
        if (part.batch) {
          part.batch.qty = part.batch.qty.plus(part.qty);
          part.batch.dirty = true;
          result.batches.push({ batchNo: part.batch.batchNo, expiryDate: part.batch.expiryDate, quantity: part.qty.toString(), ledgerId: id });
        }
        result.ledgerIds.push(id);
        ledger.push([
          id,
          mv.warehouseId,
          mv.productId,
          part.batch?.batchNo ?? null,
          part.batch?.expiryDate ?? null,
          part.qty.toString(),
          st.cost.qty.toString(),
          part.batch ? part.batch.qty.toString() : null,
          step.unitCost.toString(),
          step.amount.toString(),
          st.cost.value.toString(),
          mv.docType,
          mv.docId,
          mv.docNo ?? null,
          mv.docLine ?? null,
          mv.reason ?? null,
          mv.businessDate,
          now,
          tx.userId,
        ]);
      }
      result.amount = amount.toString();
      result.unitCost = (mv.qty.gt(0) ? inboundUnitCost : amount.div(mv.qty)).toDecimalPlaces(6).toString();
      result.balanceAfter = st.cost.qty.toString();
      results.push(result);
    });

    return new StockPlan(results, manager, state, ledger);
  }

  /**
   * Step 2: writes the plan's balances, batches and ledger rows and the document's own rows
   * (`documentRows`, e.g. a sale's header, lines, payments and outbox record) in one statement, in
   * the transaction that prepared the plan. A plan whose balance rows were written after it was
   * prepared (another plan or post of the same keys in this transaction) is stale: the statement
   * fails in PostgreSQL — so the transaction (or the caller's savepoint) is aborted and none of its
   * ledger, batch or document rows can be committed, even by a caller that catches the error — and
   * is answered as STOCK_PLAN_STALE.
   */
  async commit(tx: RequestContext, plan: StockPlan, documentRows: RowsOf[] = []): Promise<void> {
    const manager = this.connection.manager(tx);
    plan.take(manager);
    if (!plan.results.length) {
      await insertRows(manager, documentRows);
      return;
    }
    const stale = await this.repo.write(manager, plan.state, plan.ledger, documentRows);
    if (stale.size) throw stalePlan(plan.results, stale);
  }

  /** Current balances of some products in a warehouse (no lock; for display and checks before posting). */
  async balances(ctx: RequestContext, warehouseId: string, productIds: string[]): Promise<Map<string, { qty: string; avgCost: string; value: string }>> {
    const rows = await this.repo.balances(ctx, warehouseId, productIds);
    return new Map(rows.map((r) => [r.product_id, { qty: dec(r.qty).toString(), avgCost: dec(r.avg_cost).toString(), value: dec(r.value).toString() }]));
  }

  /** Ledger rows a document wrote (to reverse it with the same batches and costs). */
  async ledgerOf(
    ctx: RequestContext,
    docType: string,
    docId: string,
  ): Promise<Array<{ warehouseId: string; productId: string; batchNo: string | null; expiryDate: string | null; delta: string; unitCost: string; docLine: number | null }>> {
    const rows = await this.repo.ledgerOf(ctx, docType, docId);
    return rows.map((r) => ({
      warehouseId: r.warehouse_id,
      productId: r.product_id,
      batchNo: r.batch_no,
      expiryDate: r.expiry_date,
      delta: r.delta,
      unitCost: r.unit_cost,
      docLine: r.doc_line,
    }));
  }

  /**
   * One round trip (StockRepository.lookUpAndLock): the warehouses, the products and the balance
   * rows of every key, locked sorted by (warehouse, product); keys of an unknown or disabled
   * warehouse or an unknown product are refused right after, before anything is written.
   */
  private async lookUpAndLock(ctx: RequestContext, mvs: NormalisedMovement[]) {
    const keys = [...new Set(mvs.map((mv) => keyOf(mv.warehouseId, mv.productId)))].sort();
    const row = await this.repo.lookUpAndLock(
      ctx,
      { warehouseIds: keys.map((k) => k.split('|')[0]), productIds: keys.map((k) => k.split('|')[1]) },
      [...new Set(mvs.map((m) => m.warehouseId))],
      [...new Set(mvs.map((m) => m.productId))],
    );
    const warehouses = new Map(row.warehouses.map((r) => [r.id, r]));
    mvs.forEach((mv, i) => {
      const w = warehouses.get(mv.warehouseId);
      if (!w)
        throw new DomainException(InventoryError.STOCK_UNKNOWN_WAREHOUSE, 'unknown warehouse / 仓库不存在', [
          { field: `movements.${i}.warehouseId`, message: 'unknown warehouse' },
        ]);
      if (w.status !== 'active')
        throw new DomainException(InventoryError.STOCK_WAREHOUSE_DISABLED, 'the warehouse is disabled / 仓库已停用', [
          { field: `movements.${i}.warehouseId`, message: 'disabled' },
        ]);
    });
    const products = new Map(row.products.map((r) => [r.id, r]));
    const missing = mvs.map((mv, i) => (products.has(mv.productId) ? null : { field: `movements.${i}.productId`, message: 'unknown product' })).filter((f): f is FieldError => !!f);
    if (missing.length) throw new DomainException(InventoryError.STOCK_UNKNOWN_PRODUCT, 'unknown product / 商品不存在', missing);
    checkBatchRules(mvs, products);
    return { warehouses, products, locked: row.locked };
  }

  private async loadBatches(ctx: RequestContext, mvs: NormalisedMovement[], products: Map<string, ProductInfo>, state: Map<string, KeyState>): Promise<void> {
    const keys = [...new Set(mvs.filter((mv) => products.get(mv.productId)!.batch_managed).map((mv) => keyOf(mv.warehouseId, mv.productId)))];
    if (!keys.length) return;
    for (const k of keys) state.get(k)!.batches = [];
    const rows = await this.repo.batches(
      ctx,
      keys.map((k) => k.split('|')[0]),
      keys.map((k) => k.split('|')[1]),
    );
    for (const r of rows) state.get(keyOf(r.warehouse_id, r.product_id))!.batches!.push({ batchNo: r.batch_no, expiryDate: r.expiry_date, qty: dec(r.qty), dirty: false });
  }
}

interface NormalisedMovement extends Omit<StockMovement, 'quantity' | 'unitCost' | 'businessDate'> {
  qty: Dec;
  unitCost: Dec | null;
  businessDate: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses malformed movements before touching the database (callers' DTOs should already have). */
function validateMovements(movements: StockMovement[], today: string): NormalisedMovement[] {
  const fields: FieldError[] = [];
  const out = movements.map((mv, i) => {
    const at = (f: string, message: string) => fields.push({ field: `movements.${i}.${f}`, message });
    let q: Dec = dec(0);
    try {
      q = dec(mv.quantity);
    } catch {
      at('quantity', 'not a number');
    }
    if (!q.isFinite() || q.isZero()) at('quantity', 'must be a non-zero number');
    else if (q.decimalPlaces() > 3) at('quantity', 'at most 3 decimals');
    else if (q.abs().greaterThan(MAX_QTY)) at('quantity', 'too large');
    let cost: Dec | null = null;
    if (mv.unitCost !== undefined && mv.unitCost !== null) {
      try {
        cost = dec(mv.unitCost);
        if (!cost.isFinite() || cost.lt(0) || cost.greaterThan(MAX_QTY)) at('unitCost', 'must be between 0 and 999999999');
      } catch {
        at('unitCost', 'not a number');
      }
    }
    for (const f of ['warehouseId', 'productId', 'docId'] as const) if (typeof mv[f] !== 'string' || !UUID.test(mv[f])) at(f, 'must be a UUID');
    if (!mv.docType || mv.docType.length > 32) at('docType', 'required, at most 32 characters');
    if (mv.batchNo !== undefined && mv.batchNo !== null && (typeof mv.batchNo !== 'string' || mv.batchNo.length > 40)) at('batchNo', 'at most 40 characters');
    if (mv.expiryDate && !isIsoDate(mv.expiryDate)) at('expiryDate', 'must be YYYY-MM-DD');
    const businessDate = mv.businessDate ?? today;
    if (!isIsoDate(businessDate)) at('businessDate', 'must be YYYY-MM-DD');
    else if (businessDate > today) at('businessDate', 'cannot be in the future');
    return { ...mv, qty: q, unitCost: cost, businessDate, batchNo: mv.batchNo || null };
  });
  if (fields.length) throw new DomainException(InventoryError.STOCK_INVALID_MOVEMENT, 'invalid stock movement / 库存变动数据有误', fields);
  return out;
}

function checkBatchRules(mvs: NormalisedMovement[], products: Map<string, ProductInfo>): void {
  mvs.forEach((mv, i) => {
    const p = products.get(mv.productId)!;
    if (!p.batch_managed && mv.batchNo) {
      throw new DomainException(InventoryError.STOCK_BATCH_NOT_MANAGED, `${p.code} is not batch-managed / 商品未启用批次管理`, [
        { field: `movements.${i}.batchNo`, message: 'product is not batch-managed' },
      ]);
    }
    if (p.batch_managed && mv.qty.gt(0) && !mv.batchNo) {
      throw new DomainException(InventoryError.STOCK_BATCH_REQUIRED, `${p.code} needs a batch number / 批次商品入库需要批号`, [
        { field: `movements.${i}.batchNo`, message: 'required for batch-managed products' },
      ]);
    }
  });
}

/**
 * Splits a batch-managed movement into per-batch parts: inbound and named batches as given;
 * outbound first-expiry-first-out over batches holding stock. With negative stock allowed, what
 * no batch covers is taken from the last batch in FEFO order (or an unnamed one).
 */
function splitByBatch(mv: NormalisedMovement, batches: BatchRow[], allowNegative: boolean): Array<{ batch: BatchRow; qty: Dec }> {
  const named = mv.batchNo ?? (mv.qty.gt(0) ? '' : null);
  if (named !== null) {
    let batch = batches.find((b) => b.batchNo === named);
    if (!batch) {
      batch = { batchNo: named, expiryDate: mv.expiryDate ?? null, qty: dec(0), dirty: true };
      batches.push(batch);
      batches.sort(fefo);
    }
    return [{ batch, qty: mv.qty }];
  }
  const parts: Array<{ batch: BatchRow; qty: Dec }> = [];
  let left = mv.qty.negated();
  for (const b of batches) {
    if (left.isZero()) break;
    if (!b.qty.gt(0)) continue;
    const take = Dec.min(left, b.qty);
    parts.push({ batch: b, qty: take.negated() });
    left = left.minus(take);
  }
  if (left.gt(0)) {
    if (!allowNegative) return parts; // the caller's shortage check refuses it
    let last = batches[batches.length - 1];
    if (!last) {
      last = { batchNo: '', expiryDate: null, qty: dec(0), dirty: true };
      batches.push(last);
    }
    const same = parts.find((p) => p.batch === last);
    if (same) same.qty = same.qty.minus(left);
    else parts.push({ batch: last, qty: left.negated() });
  }
  return parts;
}

function fefo(a: BatchRow, b: BatchRow): number {
  if (a.expiryDate !== b.expiryDate) return a.expiryDate === null ? 1 : b.expiryDate === null ? -1 : a.expiryDate < b.expiryDate ? -1 : 1;
  return a.batchNo < b.batchNo ? -1 : a.batchNo > b.batchNo ? 1 : 0;
}

function shortage(i: number, mv: NormalisedMovement, product: ProductInfo, available: Dec): DomainException {
  return new DomainException(
    InventoryError.STOCK_INSUFFICIENT,
    `not enough stock of ${product.code} ${product.name}: ${available.toString()} available / 库存不足`,
    [{ field: `movements.${i}.quantity`, message: `only ${available.toString()} available` }],
    {
      warehouseId: mv.warehouseId,
      productId: mv.productId,
      productCode: product.code,
      batchNo: mv.batchNo ?? null,
      requested: mv.qty.negated().toString(),
      available: available.toString(),
    },
  );
}

function stalePlan(results: MovementResult[], stale: Set<string>): DomainException {
  const fields = results
    .map((r, i) => (stale.has(keyOf(r.warehouseId, r.productId)) ? { field: `movements.${i}.quantity`, message: 'the balance changed after it was checked' } : null))
    .filter((f): f is FieldError => !!f);
  return new DomainException(InventoryError.STOCK_PLAN_STALE, 'the stock changed after the movement was checked; try again / 库存已变动，请重试', fields);
}
