import { Injectable } from '@nestjs/common';
import { Writable } from 'node:stream';
import { dec } from '../common/money';
import { defineSort, sortTerms } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { TransactionalConnection } from '../common/transactional-connection';
import { XlsxStreamWriter } from '../excel/sheet-writer';
import { JournalKind, PosJournalQueryDto } from './pos-journal.dto';

export const POS_JOURNAL_SORT = defineSort({ at: 'at', amount: 'amount', docNo: 'doc_no', businessDate: 'business_date', tillCode: 'till_code' }, '-at');
const EXPORT_LIMIT = 200_000;
/** a top-up's amount as money taken: a reversal gives it back */
const SIGNED_TOP_UP = `CASE WHEN t.kind = 'reversal' THEN -t.amount ELSE t.amount END`;
const KIND_LABEL: Record<JournalKind, (r: { amount: string }) => string> = {
  sale: () => '销售',
  refund: () => '退货',
  'top-up': (r) => (r.amount.startsWith('-') ? '充值冲正' : '充值'),
};

interface JournalRow {
  kind: JournalKind;
  id: string;
  storeId: string;
  storeCode: string;
  docNo: string;
  businessDate: string;
  at: Date;
  tillCode: string;
  cashierId: string;
  cashierName: string;
  /** signed: refunds and top-up reversals negative */
  amount: string;
  discount: string;
  memberRef: string | null;
  reason: string | null;
  originalNo: string | null;
  payments: string | null;
}

/**
 * 收银查询: sales, refunds and top-ups (充值, 充值冲正) with their payments, by period, store, till,
 * cashier and payment method, with totals per kind and per payment method, and an Excel export.
 * Top-ups are money taken, not sales: `net` is sales less refunds, `takings` adds the top-ups. The same service runs
 * at a store (its own documents) and at HQ (every store's pushed copies); scope decides.
 */
@Injectable()
export class PosJournalService {
  constructor(private readonly connection: TransactionalConnection) {}

  /** The filter as SQL over one branch (alias t = pos_sale, pos_refund or pos_top_up) and its parameters. */
  private filter(ctx: RequestContext, q: PosJournalQueryDto, kind: JournalKind, params: unknown[]): string {
    const where: string[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const own = ctx.storeId;
    if (own) {
      where.push(`t.store_id = ${p(own)}`);
      // another store's journal is simply empty, as for lists everywhere (scope rule)
      if (q.storeId && q.storeId !== own) where.push('false');
    } else if (q.storeId) where.push(`t.store_id = ${p(q.storeId)}`);
    if (q.from) where.push(`t.business_date >= ${p(q.from)}::date`);
    if (q.to) where.push(`t.business_date <= ${p(q.to)}::date`);
    if (q.tillCode) where.push(`t.till_code = ${p(q.tillCode.toUpperCase())}`);
    if (q.cashierId) where.push(`t.cashier_id = ${p(q.cashierId)}`);
    if (q.shiftId) where.push(`t.shift_id = ${p(q.shiftId)}`);
    if (q.kind && q.kind !== kind) where.push('false');
    if (q.paymentMethodId) {
      const method = p(q.paymentMethodId);
      if (kind === 'sale') where.push(`EXISTS (SELECT 1 FROM pos_sale_payment x WHERE x.sale_id = t.id AND x.payment_method_id = ${method})`);
      else if (kind === 'refund') where.push(`EXISTS (SELECT 1 FROM pos_refund_payment x WHERE x.refund_id = t.id AND x.payment_method_id = ${method})`);
      else where.push(`t.payment_method_id = ${method}`);
    }
    return where.length ? where.join(' AND ') : 'true';
  }

  private docsSql(ctx: RequestContext, q: PosJournalQueryDto, params: unknown[]): string {
    return `SELECT 'sale' AS kind, t.id, t.store_id, t.store_code, t.receipt_no AS doc_no, t.business_date, t.sold_at AS at, t.till_code, t.cashier_id, t.cashier_name,
                   t.total_amount AS amount, t.discount_amount AS discount, t.member_ref, NULL::varchar AS reason, NULL::varchar AS original_no
            FROM pos_sale t WHERE ${this.filter(ctx, q, 'sale', params)}
            UNION ALL
            SELECT 'refund', t.id, t.store_id, t.store_code, t.refund_no, t.business_date, t.refunded_at, t.till_code, t.cashier_id, t.cashier_name,
                   -t.total_amount, 0, NULL, t.reason, t.sale_receipt_no
            FROM pos_refund t WHERE ${this.filter(ctx, q, 'refund', params)}
            UNION ALL
            SELECT 'top-up', t.id, t.store_id, t.store_code, t.top_up_no, t.business_date, t.topped_up_at, t.till_code, t.cashier_id, t.cashier_name,
                   ${SIGNED_TOP_UP}, 0, t.card_no, t.reason, t.original_no
            FROM pos_top_up t WHERE ${this.filter(ctx, q, 'top-up', params)}`;
  }

  private order(sort: string | undefined): string {
    const parts = sortTerms(sort ?? POS_JOURNAL_SORT.defaultSort, POS_JOURNAL_SORT.columns).map(({ column, desc }) => `${column} ${desc ? 'DESC' : 'ASC'}`);
    return [...parts, 'id'].join(', ');
  }

  private async rows(ctx: RequestContext, q: PosJournalQueryDto, limit: number, offset: number): Promise<JournalRow[]> {
    const params: unknown[] = [];
    const docs = this.docsSql(ctx, q, params);
    return queryRows<JournalRow>(
      this.connection.manager(ctx),
      `SELECT d.kind, d.id, d.store_id AS "storeId", d.store_code AS "storeCode", d.doc_no AS "docNo", to_char(d.business_date, 'YYYY-MM-DD') AS "businessDate", d.at,
              d.till_code AS "tillCode", d.cashier_id AS "cashierId", d.cashier_name AS "cashierName", d.amount::text, d.discount::text, d.member_ref AS "memberRef", d.reason, d.original_no AS "originalNo",
              CASE d.kind
                WHEN 'sale' THEN (SELECT string_agg(p.method_name || ' ' || p.amount::text, '; ' ORDER BY p.line_no) FROM pos_sale_payment p WHERE p.sale_id = d.id)
                WHEN 'refund' THEN (SELECT string_agg(p.method_name || ' -' || p.amount::text, '; ' ORDER BY p.line_no) FROM pos_refund_payment p WHERE p.refund_id = d.id)
                ELSE (SELECT p.method_name || ' ' || CASE WHEN p.kind = 'reversal' THEN '-' ELSE '' END || p.amount::text FROM pos_top_up p WHERE p.id = d.id) END AS payments
       FROM (${docs}) d ORDER BY ${this.order(q.sort)} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
  }

  async list(ctx: RequestContext, q: PosJournalQueryDto) {
    const pageSize = q.pageSize ?? 50;
    const [items, summary] = await Promise.all([this.rows(ctx, q, pageSize, ((q.page ?? 1) - 1) * pageSize), this.totals(ctx, q)]);
    return {
      items: items.map((r) => ({ ...r, amount: dec(r.amount).toFixed(2), discount: dec(r.discount).toFixed(2) })),
      total: summary.count,
      totals: summary.totals,
      byMethod: summary.byMethod,
    };
  }

  /** Totals over everything the filter selects (not just the page). */
  async totals(ctx: RequestContext, q: PosJournalQueryDto) {
    const params: unknown[] = [];
    const docs = this.docsSql(ctx, q, params);
    const m = this.connection.manager(ctx);
    const [t] = await queryRows<{
      n: number;
      sales: number;
      sales_total: string;
      refunds: number;
      refunds_total: string;
      top_ups: number;
      top_ups_total: string;
      discount: string;
    }>(
      m,
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE kind = 'sale')::int AS sales, coalesce(sum(amount) FILTER (WHERE kind = 'sale'), 0)::text AS sales_total,
              count(*) FILTER (WHERE kind = 'refund')::int AS refunds, coalesce(-sum(amount) FILTER (WHERE kind = 'refund'), 0)::text AS refunds_total,
              count(*) FILTER (WHERE kind = 'top-up')::int AS top_ups, coalesce(sum(amount) FILTER (WHERE kind = 'top-up'), 0)::text AS top_ups_total,
              coalesce(sum(discount), 0)::text AS discount
       FROM (${docs}) d`,
      params,
    );
    // each tender table joined to its own documents under the same filter: a CTE over both kinds
    // was materialised and misestimated into 200,000 index probes (bench/BENCHMARKS.md, reports)
    const mp: unknown[] = [];
    const byMethod = await queryRows<{ payment_method_id: string; method_code: string; method_name: string; sales: string; refunds: string; top_ups: string }>(
      m,
      `SELECT payment_method_id, min(method_code) AS method_code, min(method_name) AS method_name, sum(sales)::text AS sales, sum(refunds)::text AS refunds, sum(top_ups)::text AS top_ups FROM (
         SELECT p.payment_method_id, p.method_code, p.method_name, p.amount AS sales, 0 AS refunds, 0 AS top_ups FROM pos_sale_payment p JOIN pos_sale t ON t.id = p.sale_id WHERE ${this.filter(ctx, q, 'sale', mp)}
         UNION ALL
         SELECT p.payment_method_id, p.method_code, p.method_name, 0, p.amount, 0 FROM pos_refund_payment p JOIN pos_refund t ON t.id = p.refund_id WHERE ${this.filter(ctx, q, 'refund', mp)}
         UNION ALL
         SELECT t.payment_method_id, t.method_code, t.method_name, 0, 0, ${SIGNED_TOP_UP} FROM pos_top_up t WHERE ${this.filter(ctx, q, 'top-up', mp)}
       ) x GROUP BY payment_method_id ORDER BY min(method_code)`,
      mp,
    );
    return {
      count: t.n,
      totals: {
        salesCount: t.sales,
        salesTotal: dec(t.sales_total).toFixed(2),
        refundsCount: t.refunds,
        refundsTotal: dec(t.refunds_total).toFixed(2),
        net: dec(t.sales_total).minus(t.refunds_total).toFixed(2),
        discount: dec(t.discount).toFixed(2),
        topUpsCount: t.top_ups,
        topUpsTotal: dec(t.top_ups_total).toFixed(2),
        takings: dec(t.sales_total).minus(t.refunds_total).plus(t.top_ups_total).toFixed(2),
      },
      byMethod: byMethod.map((r) => {
        const net = dec(r.sales).minus(r.refunds);
        return {
          paymentMethodId: r.payment_method_id,
          methodCode: r.method_code,
          methodName: r.method_name,
          sales: dec(r.sales).toFixed(2),
          refunds: dec(r.refunds).toFixed(2),
          net: net.toFixed(2),
          topUps: dec(r.top_ups).toFixed(2),
          takings: net.plus(r.top_ups).toFixed(2),
        };
      }),
    };
  }

  /** Excel: the documents (Chinese headers), then the totals per payment method. */
  async export(ctx: RequestContext, q: PosJournalQueryDto, out: Writable): Promise<void> {
    const [rows, summary] = await Promise.all([this.rows(ctx, q, EXPORT_LIMIT, 0), this.totals(ctx, q)]);
    const book = new XlsxStreamWriter(out);
    const ws = book.sheet('收银流水');
    const head = ws.addRow(['类型', '门店', '单号', '营业日', '时间', '收银机', '收银员', '金额', '优惠', '付款', '会员', '原单', '退货原因']);
    head.font = { bold: true };
    head.commit();
    ws.columns = [8, 8, 30, 12, 20, 8, 12, 12, 10, 36, 14, 30, 20].map((width) => ({ width }));
    for (const r of rows) {
      ws.addRow([
        KIND_LABEL[r.kind](r),
        r.storeCode,
        r.docNo,
        r.businessDate,
        new Date(r.at).toISOString().replace('T', ' ').slice(0, 19),
        r.tillCode,
        r.cashierName,
        dec(r.amount).toFixed(2),
        dec(r.discount).toFixed(2),
        r.payments ?? '',
        r.memberRef ?? '',
        r.originalNo ?? '',
        r.reason ?? '',
      ]).commit();
    }
    const sums = book.sheet('汇总');
    const h2 = sums.addRow(['付款方式', '销售', '退款', '净额', '充值', '实收']);
    h2.font = { bold: true };
    h2.commit();
    for (const b of summary.byMethod) sums.addRow([b.methodName, b.sales, b.refunds, b.net, b.topUps, b.takings]).commit();
    const t = summary.totals;
    sums.addRow(['合计', t.salesTotal, t.refundsTotal, t.net, t.topUpsTotal, t.takings]).commit();
    sums.addRow([`销售 ${t.salesCount} 笔, 退货 ${t.refundsCount} 笔, 充值 ${t.topUpsCount} 笔, 优惠 ${t.discount}`]).commit();
    await book.commit();
  }
}
