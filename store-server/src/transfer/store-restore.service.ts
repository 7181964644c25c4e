import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  CURRENT_INCARNATION_SQL,
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
  queryRows,
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
    const [row] = await queryRows<IncarnationRow>(this.connection.manager(ctx), CURRENT_INCARNATION_SQL);
    this.current = row ?? null;
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
    const [row] = await queryRows<{ seq: string; hq: string | null }>(
      this.connection.manager(ctx),
      `SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM transfer_outbox_seq_seq)::text AS seq, (SELECT hq_incarnation FROM transfer_settings WHERE id = 1) AS hq`,
    );
    return { outboxSeq: row.seq, hqIncarnation: row.hq };
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
    await this.connection.manager(ctx).query(`INSERT INTO database_incarnation (id, origin) VALUES (gen_random_uuid(), $1)`, [origin]);
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
      const m = this.connection.manager(tx);
      // the store's outbox knows them as delivered: HQ holds each (a restored unsent copy is not pushed again)
      await m.query(
        `INSERT INTO transfer_outbox (id, stream, body, sent_at, outcome) SELECT r.id, r.stream, r.body, now(), 'reconciled' FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, stream varchar, body jsonb)
         ON CONFLICT (id) DO UPDATE SET sent_at = now(), outcome = 'duplicate' WHERE transfer_outbox.sent_at IS NULL`,
        [JSON.stringify(records.map(({ id, stream, body }) => ({ id, stream, body })))],
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
      const m = this.connection.manager(tx);
      const [link] = await queryRows<{ store_code: string; store_id: string }>(m, `SELECT store_code, store_id FROM transfer_settings WHERE id = 1`);
      const storeCode = link?.store_code ?? '';
      // 1. every series resumes past the highest number HQ holds (never lowered)
      const marks = finish.highWater
        .map((h) => {
          const p = splitDocumentNumber(`${h.series}-${h.last}`);
          if (!p) return null;
          const site = p.middle.startsWith(`${storeCode}-`) && p.middle.length > storeCode.length + 1 ? p.middle.slice(storeCode.length + 1) : p.middle;
          return site.length <= 16 && p.docType.length <= 16 ? { site, docType: p.docType, day: p.day, last: h.last } : null;
        })
        .filter((x): x is { site: string; docType: string; day: string; last: number } => !!x);
      const raised = marks.length
        ? await queryRows<{ n: number }>(
            m,
            `WITH up AS (INSERT INTO document_sequence (site, doc_type, day, last_value) SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(site varchar, "docType" varchar, day varchar, last int)
               ON CONFLICT (site, doc_type, day) DO UPDATE SET last_value = EXCLUDED.last_value WHERE document_sequence.last_value < EXCLUDED.last_value RETURNING 1)
             SELECT count(*)::int AS n FROM up`,
            [JSON.stringify(marks)],
          )
        : [{ n: 0 }];
      // 2. shifts HQ knows only from sales or refunds: open again where the till has no open shift (the cashier still holds that drawer)
      const recovered = await this.recoverShifts(tx, link?.store_id ?? null, storeCode);
      // 3. the outbox gives positions past every one HQ received
      if (finish.maxSeq)
        await m.query(`SELECT setval(pg_get_serial_sequence('transfer_outbox', 'seq'), GREATEST($1::bigint, (SELECT last_value FROM transfer_outbox_seq_seq)))`, [finish.maxSeq]);
      const [inc] = await queryRows<{ summary: Record<string, unknown> | null }>(m, `SELECT summary FROM database_incarnation WHERE id = $1 FOR UPDATE`, [this.current!.id]);
      const result: ReconcileSummary = {
        incarnationId: this.current!.id,
        origin: this.current!.origin,
        taken: (inc?.summary?.taken as Record<string, number> | undefined) ?? {},
        shiftsClosed: Number(inc?.summary?.shiftsClosed ?? 0),
        shiftsRecovered: recovered,
        numbersRaised: raised[0].n,
        reconciledAt: new Date().toISOString(),
      };
      await m.query(`UPDATE database_incarnation SET reconciled_at = now(), summary = $2 WHERE id = $1`, [this.current!.id, result]);
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
      const m = this.connection.manager(tx);
      let requeued = 0;
      if (recover) {
        const backupAt = incarnation?.backupCreatedAt ? Date.parse(incarnation.backupCreatedAt) : NaN;
        const since = Number.isFinite(backupAt) ? new Date(backupAt - RECONCILE_MARGIN_MS).toISOString() : null;
        const rows = await queryRows<{ id: string }>(
          m,
          `UPDATE transfer_outbox SET sent_at = NULL, outcome = NULL WHERE sent_at IS NOT NULL AND ($1::timestamptz IS NULL OR sent_at >= $1::timestamptz) RETURNING id`,
          [since],
        );
        requeued = rows.length;
        await m.query(`UPDATE transfer_stream_state SET cursor = NULL, snapshot = NULL WHERE stream = 'pull'`);
        this.logger.warn({ hqIncarnation: incarnation?.id, requeued }, 'HQ went back in time: records sent since its backup go again, the pull starts over with a snapshot');
      }
      await m.query(`UPDATE transfer_settings SET hq_incarnation = $1 WHERE id = 1`, [incarnation?.id ?? null]);
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
    const m = this.connection.manager(tx);
    const closed = await queryRows(m, `UPDATE pos_shift SET status = 'closed', closed_at = $2, shift_no = $3, opening_float = $4 WHERE id = $1 AND status = 'open' RETURNING id`, [
      doc.id,
      new Date(doc.closedAt),
      doc.shiftNo,
      doc.openingFloat,
    ]);
    await m.query(
      `INSERT INTO pos_shift (id, store_id, shift_no, till_code, cashier_id, cashier_name, status, opening_float, business_date, opened_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'closed', $7, $8, $9, $10) ON CONFLICT (id) DO UPDATE SET shift_no = EXCLUDED.shift_no, opening_float = EXCLUDED.opening_float, status = 'closed', closed_at = EXCLUDED.closed_at`,
      [doc.id, doc.storeId, doc.shiftNo, doc.tillCode, doc.cashierId, doc.cashierName, doc.openingFloat, doc.businessDate, new Date(doc.openedAt), new Date(doc.closedAt)],
    );
    if (closed.length) await this.tally(tx, (summary) => void (summary.shiftsClosed = Number(summary.shiftsClosed ?? 0) + 1));
    return true;
  }

  /** What the reconciliation did so far, kept with the incarnation (a reconciliation cut off resumes with it). */
  private async tally(tx: RequestContext, change: (summary: Record<string, unknown>) => void): Promise<void> {
    const m = this.connection.manager(tx);
    const [row] = await queryRows<{ summary: Record<string, unknown> | null }>(m, `SELECT summary FROM database_incarnation WHERE id = $1 FOR UPDATE`, [this.current!.id]);
    const summary = row?.summary ?? {};
    change(summary);
    await m.query(`UPDATE database_incarnation SET summary = $2 WHERE id = $1`, [this.current!.id, summary]);
  }

  /**
   * Shifts the store's sales and refunds name but it has no row of (opened after the backup, never
   * handed over): made again from their first document — open where the till has no open shift (the
   * cashier hands it over as usual; the opening float is unknown, 0), else closed — with a new number.
   */
  private async recoverShifts(tx: RequestContext, storeId: string | null, storeCode: string): Promise<number> {
    if (!storeId) return 0;
    const m = this.connection.manager(tx);
    const missing = await queryRows<{ shift_id: string; till_code: string; cashier_id: string; cashier_name: string; business_date: string; opened_at: Date }>(
      m,
      `SELECT DISTINCT ON (d.shift_id) d.shift_id, d.till_code, d.cashier_id, d.cashier_name, d.business_date::text AS business_date, d.at AS opened_at
         FROM (SELECT shift_id, till_code, cashier_id, cashier_name, business_date, sold_at AS at FROM pos_sale
               UNION ALL SELECT shift_id, till_code, cashier_id, cashier_name, business_date, refunded_at FROM pos_refund) d
        WHERE NOT EXISTS (SELECT 1 FROM pos_shift s WHERE s.id = d.shift_id)
        ORDER BY d.shift_id, d.at`,
    );
    for (const s of missing) {
      const [open] = await queryRows(m, `SELECT 1 FROM pos_shift WHERE store_id = $1 AND till_code = $2 AND status = 'open'`, [storeId, s.till_code]);
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
