import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  DocumentNumberService,
  DomainException,
  docToRefundRows,
  docToSaleRows,
  docToShiftReport,
  IncarnationInfo,
  incarnationInfo,
  IncarnationRow,
  payloadHash,
  PosRefund,
  PosRefundDoc,
  PosRefundLine,
  PosRefundPayment,
  PosSale,
  PosSaleDoc,
  PosSaleLine,
  PosSalePayment,
  PosShiftReport,
  PosShiftReportDoc,
  ReconcileFinish,
  ReconcileRecord,
  ReconcileSummary,
  RECONCILE_MARGIN_MS,
  RequestContext,
  splitDocumentNumber,
  StockService,
  TransactionalConnection,
  TransferError,
} from '@chain-erp/shared';
import { PosShift } from '../pos/pos-store.entity';
import { type NumberFloor, StoreRestoreRepository } from './store-restore.repository';

/** Ledger document types of till documents (as the POS services write them). */
const SALE_DOC_TYPE = 'POS_SALE';
const REFUND_DOC_TYPE = 'POS_REFUND';

/**
 * A restored store (docs/backup.md "A restored store"). Its database went back to the backup: what
 * it made since and pushed is at HQ, not here. Until it has reconciled with HQ it sells and pushes
 * nothing (`assertMayWrite`, 423 STORE_RESTORE_UNRECONCILED). Reconciling (the sync engine's first
 * phase): it takes back the sales, refunds and shift reports HQ holds, as read-only history with their
 * stock movements (through StockService: the goods really left or came back, so balance = Σ ledger
 * still holds); closes the shifts HQ has a report of; resumes every document-number series past
 * HQ's highest number; moves its outbox position past HQ's; then it is reconciled and sells again.
 * HQ restored instead (`hqChanged`): the records sent since HQ's backup go out again and the next
 * pull takes a snapshot.
 */
@Injectable()
export class StoreRestoreService implements OnApplicationBootstrap {
  private readonly logger = new Logger('StoreRestore');
  /** the current incarnation, read at start-up and whenever it changes here (one store server per database) */
  private current: IncarnationRow | null = null;

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly stock: StockService,
    private readonly numbers: DocumentNumberService,
    private readonly repo: StoreRestoreRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh(new RequestContext(null));
    if (this.pending)
      this.logger.warn(
        { incarnation: this.current!.id, backup: this.current!.backup_name },
        'database restored from a backup: selling resumes after the store reconciled with HQ (run a sync)',
      );
  }

  private async refresh(ctx: RequestContext): Promise<void> {
    this.current = await this.repo.incarnation(ctx);
  }

  /** Restored (or found behind by HQ) and not reconciled yet. */
  get pending(): boolean {
    return !!this.current && this.current.origin !== 'created' && !this.current.reconciled_at;
  }

  info(): (IncarnationInfo & { pending: boolean }) | null {
    return this.current ? { ...incarnationInfo(this.current), pending: this.pending } : null;
  }

  /** For sync status: the current incarnation with what its reconciliation did. */
  view() {
    const c = this.current;
    if (!c) return null;
    return { ...incarnationInfo(c), pending: this.pending, backupName: c.backup_name, reconciledAt: c.reconciled_at?.toISOString() ?? null, summary: c.summary };
  }

  /** What the engine's `check` needs: the outbox's last position and HQ's incarnation as last seen. */
  async positions(ctx: RequestContext): Promise<{ outboxSeq: string; hqIncarnation: string | null }> {
    return this.repo.positions(ctx);
  }

  /** Refuses a write while the store is restored and not reconciled (the gate of every document). */
  assertMayWrite(): void {
    if (!this.pending) return;
    const c = this.current!;
    throw new DomainException(
      TransferError.STORE_RESTORE_UNRECONCILED,
      `this store's database was restored from a backup${c.backup_name ? ` (${c.backup_name})` : ''} and has not reconciled with HQ yet: run a sync (POST /api/sync or transfer-tool sync) while HQ can be reached — selling resumes as soon as it has / 门店数据已从备份恢复，尚未与总部核对：请在能连接总部时执行同步，核对完成后即可继续营业`,
      undefined,
      { incarnationId: c.id, origin: c.origin, backupName: c.backup_name, backupCreatedAt: c.backup_created_at?.toISOString() ?? null },
    );
  }

  /** HQ found the store's outbox behind what it received: the store lost records (restored without the tool, or reinstalled). */
  async begin(ctx: RequestContext, origin: 'detected'): Promise<void> {
    if (this.pending) return;
    await this.repo.begin(ctx, origin);
    await this.refresh(ctx);
    this.logger.warn({ incarnation: this.current!.id }, 'HQ holds records this store no longer has: reconciling before anything is sold or pushed');
  }

  /** Takes back a page of HQ's records; a record the store has already is left as it is. */
  async apply(ctx: RequestContext, records: ReconcileRecord[]): Promise<{ taken: number; skipped: number }> {
    const out = await this.connection.withTransaction(ctx, async (tx) => {
      let taken = 0;
      const byStream: Record<string, number> = {};
      for (const r of records) {
        const took =
          r.stream === 'pos.sale'
            ? await this.takeSale(tx, r.body as unknown as PosSaleDoc)
            : r.stream === 'pos.refund'
              ? await this.takeRefund(tx, r.body as unknown as PosRefundDoc)
              : r.stream === 'pos.shift-report'
                ? await this.takeShiftReport(tx, r.body as unknown as PosShiftReportDoc)
                : false;
        if (!took) continue;
        taken++;
        byStream[r.stream] = (byStream[r.stream] ?? 0) + 1;
      }
      // the store's outbox knows them as delivered: HQ holds each (a restored unsent copy is not pushed again)
      await this.repo.markDelivered(
        tx,
        records.map(({ id, stream, body }) => ({ id, stream, body })),
      );
      await this.tally(tx, (summary) => {
        const counts = (summary.taken ??= {}) as Record<string, number>;
        for (const [stream, n] of Object.entries(byStream)) counts[stream] = (counts[stream] ?? 0) + n;
      });
      return { taken, skipped: records.length - taken };
    });
    return out;
  }

  /**
   * Ends the reconciliation: shifts known only from their sales, numbering past HQ's marks, the
   * outbox position past HQ's, and the incarnation reconciled. Selling resumes.
   */
  async finish(ctx: RequestContext, finish: ReconcileFinish): Promise<ReconcileSummary> {
    const summary = await this.connection.withTransaction(ctx, async (tx) => {
      const link = await this.repo.link(tx);
      const storeCode = link?.store_code ?? '';
      // 1. every series resumes past the highest number HQ holds (never lowered)
      const marks = finish.highWater
        .map((h) => {
          const p = splitDocumentNumber(`${h.series}-${h.last}`);
          if (!p) return null;
          const site = p.middle.startsWith(`${storeCode}-`) && p.middle.length > storeCode.length + 1 ? p.middle.slice(storeCode.length + 1) : p.middle;
          return site.length <= 16 && p.docType.length <= 16 ? { site, docType: p.docType, day: p.day, last: h.last } : null;
        })
        .filter((x): x is NumberFloor => !!x);
      const raised = await this.repo.raiseNumbers(tx, marks);
      // 2. shifts HQ knows only from sales or refunds: open again where the till has no open shift (the cashier still holds that drawer)
      const recovered = await this.recoverShifts(tx, link?.store_id ?? null, storeCode);
      // 3. the outbox gives positions past every one HQ received
      if (finish.maxSeq) await this.repo.outboxPast(tx, finish.maxSeq);
      const tally = await this.repo.lockSummary(tx, this.current!.id);
      const result: ReconcileSummary = {
        incarnationId: this.current!.id,
        origin: this.current!.origin,
        taken: (tally?.taken as Record<string, number> | undefined) ?? {},
        shiftsClosed: Number(tally?.shiftsClosed ?? 0),
        shiftsRecovered: recovered,
        numbersRaised: raised,
        reconciledAt: new Date().toISOString(),
      };
      await this.repo.markReconciled(tx, this.current!.id, result);
      return result;
    });
    await this.refresh(ctx);
    this.logger.warn(summary, 'restored store reconciled with HQ: selling resumes');
    return summary;
  }

  /**
   * HQ's incarnation as the store sees it now. `recover` (HQ restored): everything sent since a day
   * before HQ's backup (all that is kept, when HQ's backup time is unknown) goes out again — HQ
   * stores what it lost and answers duplicate for the rest; records taken back from HQ in a
   * reconciliation too (their bodies are HQ's own) — and the pull starts over with a snapshot.
   */
  async hqChanged(ctx: RequestContext, incarnation: IncarnationInfo | null, recover: boolean): Promise<{ requeued: number }> {
    return this.connection.withTransaction(ctx, async (tx) => {
      let requeued = 0;
      if (recover) {
        const backupAt = incarnation?.backupCreatedAt ? Date.parse(incarnation.backupCreatedAt) : NaN;
        const since = Number.isFinite(backupAt) ? new Date(backupAt - RECONCILE_MARGIN_MS).toISOString() : null;
        requeued = await this.repo.requeue(tx, since);
        await this.repo.restartPull(tx);
        this.logger.warn({ hqIncarnation: incarnation?.id, requeued }, 'HQ went back in time: records sent since its backup go again, the pull starts over with a snapshot');
      }
      await this.repo.setHqIncarnation(tx, incarnation?.id ?? null);
      return { requeued };
    });
  }

  private async takeSale(tx: RequestContext, doc: PosSaleDoc): Promise<boolean> {
    if (await this.connection.repo(tx, PosSale).existsBy({ id: doc.id })) return false;
    const rows = docToSaleRows(doc, payloadHash(doc));
    const sold = doc.lines.filter((l) => !l.voided);
    // the goods left the shelf when the sale was made: the ledger says so again (negative allowed: it happened)
    if (sold.length) {
      await this.stock.post(
        tx,
        sold.map((l) => ({
          warehouseId: doc.warehouseId,
          productId: l.productId,
          quantity: `-${l.quantity}`,
          docType: SALE_DOC_TYPE,
          docId: doc.id,
          docNo: doc.receiptNo,
          docLine: l.lineNo,
          businessDate: doc.businessDate,
        })),
        { allowNegative: true },
      );
    }
    await this.connection.repo(tx, PosSale).insert(rows.sale);
    await this.connection.repo(tx, PosSaleLine).insert(rows.lines);
    if (rows.payments.length) await this.connection.repo(tx, PosSalePayment).insert(rows.payments);
    return true;
  }

  private async takeRefund(tx: RequestContext, doc: PosRefundDoc): Promise<boolean> {
    if (await this.connection.repo(tx, PosRefund).existsBy({ id: doc.id })) return false;
    const rows = docToRefundRows(doc, payloadHash(doc));
    await this.stock.post(
      tx,
      doc.lines.map((l, i) => ({
        warehouseId: doc.warehouseId,
        productId: l.productId,
        quantity: l.quantity,
        unitCost: l.unitCost ?? null,
        docType: REFUND_DOC_TYPE,
        docId: doc.id,
        docNo: doc.refundNo,
        docLine: i + 1,
        businessDate: doc.businessDate,
        reason: 'refund',
      })),
      { allowNegative: true },
    );
    await this.connection.repo(tx, PosRefund).insert(rows.refund);
    await this.connection.repo(tx, PosRefundLine).insert(rows.lines);
    if (rows.payments.length) await this.connection.repo(tx, PosRefundPayment).insert(rows.payments);
    return true;
  }

  /** HQ holds the shift's report: the shift is closed here too (restored as open, or known only now). */
  private async takeShiftReport(tx: RequestContext, doc: PosShiftReportDoc): Promise<boolean> {
    if (await this.connection.repo(tx, PosShiftReport).existsBy({ id: doc.id })) return false;
    await this.connection.repo(tx, PosShiftReport).insert(docToShiftReport(doc, payloadHash(doc)));
    const closed = await this.repo.closeShift(tx, {
      id: doc.id,
      storeId: doc.storeId,
      shiftNo: doc.shiftNo,
      tillCode: doc.tillCode,
      cashierId: doc.cashierId,
      cashierName: doc.cashierName,
      openingFloat: doc.openingFloat,
      businessDate: doc.businessDate,
      openedAt: new Date(doc.openedAt),
      closedAt: new Date(doc.closedAt),
    });
    if (closed) await this.tally(tx, (summary) => void (summary.shiftsClosed = Number(summary.shiftsClosed ?? 0) + 1));
    return true;
  }

  /** What the reconciliation did so far, kept with the incarnation (a reconciliation cut off resumes with it). */
  private async tally(tx: RequestContext, change: (summary: Record<string, unknown>) => void): Promise<void> {
    const summary = (await this.repo.lockSummary(tx, this.current!.id)) ?? {};
    change(summary);
    await this.repo.setSummary(tx, this.current!.id, summary);
  }

  /**
   * Shifts the store's sales and refunds name but it has no row of (opened after the backup, never
   * handed over): made again from their first document — open where the till has no open shift (the
   * cashier hands it over as usual; the opening float is unknown, 0), else closed — with a new number.
   */
  private async recoverShifts(tx: RequestContext, storeId: string | null, storeCode: string): Promise<number> {
    if (!storeId) return 0;
    const missing = await this.repo.missingShifts(tx);
    for (const s of missing) {
      const open = await this.repo.tillHasOpenShift(tx, storeId, s.till_code);
      const shiftNo = await this.numbers.next(tx, 'SHIFT', storeCode.slice(0, 16), s.business_date);
      await this.connection.repo(tx, PosShift).insert({
        id: s.shift_id,
        storeId,
        shiftNo,
        tillCode: s.till_code,
        cashierId: s.cashier_id,
        cashierName: s.cashier_name,
        status: open ? 'closed' : 'open',
        openingFloat: '0.00',
        businessDate: s.business_date,
        openedAt: s.opened_at,
        closedAt: open ? new Date() : null,
        closedBy: null,
      });
    }
    return missing.length;
  }
}
