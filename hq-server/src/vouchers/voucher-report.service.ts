import { Injectable } from '@nestjs/common';
import {
  answer,
  checkDate,
  checkPeriod,
  defineSort,
  DomainException,
  orderBy,
  pageSql,
  queryRows,
  ReportColumn,
  ReportError,
  RequestContext,
  Row,
  scopeSql,
  SortSpec,
  Sql,
  TransactionalConnection,
  LOCAL_TZ,
} from '@chain-erp/shared';
import {
  type VoucherAgeingQueryDto,
  type VoucherAgeingReportRow,
  type VoucherAgeingReportTotals,
  type VoucherBatchReportRow,
  type VoucherBatchReportTotals,
  type VoucherRedemptionQueryDto,
  type VoucherRedemptionReportRow,
  type VoucherRedemptionReportTotals,
  type VoucherReportQueryDto,
  type VoucherStoreReportRow,
  type VoucherStoreReportTotals,
} from './voucher-report.dto';

const TZ = LOCAL_TZ;
/** the local day of a ledger row (business days are local days) */
const DAY = `(l.at AT TIME ZONE '${TZ}')::date`;

/** What each ledger kind means for the figures: value put on (issued), used (redeemed, net), taken out of use (voided). */
const MEASURES = `
  coalesce(sum(l.delta) FILTER (WHERE l.kind IN ('issue', 'sell', 'sell_reversal')), 0) AS issued,
  coalesce(-sum(l.delta) FILTER (WHERE l.kind IN ('redeem', 'refund', 'reversal')), 0) AS redeemed,
  coalesce(-sum(l.delta) FILTER (WHERE l.kind = 'void'), 0) AS voided,
  count(*) FILTER (WHERE l.kind = 'redeem' AND l.amount > 0) AS redemptions`;

const money = (key: string, zh: string, en: string): ReportColumn => ({ key, zh, en, kind: 'money' });
const int = (key: string, zh: string, en: string): ReportColumn => ({ key, zh, en, kind: 'int' });

const BATCH_COLUMNS: ReportColumn[] = [
  { key: 'batchNo', zh: '批次号', en: 'batch' },
  { key: 'name', zh: '名称', en: 'name' },
  { key: 'kind', zh: '类型', en: 'kind' },
  money('faceValue', '面值', 'face value'),
  int('quantity', '数量', 'numbers'),
  money('issued', '发行/售出金额', 'issued (sold)'),
  money('redeemed', '已用金额', 'redeemed (net)'),
  money('voided', '作废金额', 'voided'),
  money('outstanding', '未用余额', 'outstanding'),
  int('redemptions', '核销笔数', 'redemptions'),
];
const STORE_COLUMNS: ReportColumn[] = [
  { key: 'storeCode', zh: '门店编码', en: 'store code' },
  { key: 'storeName', zh: '门店', en: 'store' },
  money('issued', '售卡金额', 'gift cards sold'),
  int('cardsSold', '售卡张数', 'cards sold'),
  money('redeemed', '核销金额', 'redeemed (net)'),
  int('redemptions', '核销笔数', 'redemptions'),
];
const REDEMPTION_COLUMNS: ReportColumn[] = [
  { key: 'day', zh: '日期', en: 'day' },
  { key: 'storeCode', zh: '门店编码', en: 'store code' },
  { key: 'storeName', zh: '门店', en: 'store' },
  int('redemptions', '核销笔数', 'redemptions'),
  money('redeemedAmount', '核销金额', 'redeemed'),
  money('refundedAmount', '退回金额', 'given back (refunds, reversals)'),
  money('netAmount', '净核销', 'net redeemed'),
];
const AGEING_COLUMNS: ReportColumn[] = [
  { key: 'ageBucket', zh: '账龄', en: 'age (days since the value was loaded)' },
  int('numbers', '张数', 'numbers'),
  money('outstanding', '未用余额', 'outstanding'),
  money('expired', '已过期', 'expired'),
  money('within30', '30天内到期', 'expires within 30 days'),
  money('within90', '31-90天到期', 'expires in 31-90 days'),
  money('later', '90天后到期', 'expires after 90 days'),
];

const sortOf = (columns: ReportColumn[], dflt: string) => defineSort(Object.fromEntries(columns.map((c) => [c.key, c.kind ? `"${c.key}"::numeric` : `"${c.key}"`])), dflt);
export const VOUCHER_BATCH_REPORT_SORT = sortOf(BATCH_COLUMNS, 'batchNo');
export const VOUCHER_STORE_REPORT_SORT = sortOf(STORE_COLUMNS, 'storeCode');
export const VOUCHER_REDEMPTION_REPORT_SORT = sortOf(REDEMPTION_COLUMNS, 'day,storeCode');
export const VOUCHER_AGEING_REPORT_SORT = defineSort({ ageBucket: 'bucket_order' }, 'ageBucket');

/**
 * 代金券 / 礼品卡 reports (docs/promotions.md "Reports"), all from HQ's voucher ledger — every change of
 * value is a row of a document, so the figures add up: per batch issued − redeemed − voided =
 * outstanding (the vouchers' balances). A store user sees only its own store's documents: the rows
 * its tills wrote (cards sold, redemptions); the chain's liability (outstanding, ageing of cards
 * loaded at HQ) is HQ's and shows only what its own tills sold.
 */
@Injectable()
export class VoucherReportService {
  constructor(private readonly connection: TransactionalConnection) {}

  /** 券批次汇总: per batch. Unscoped and without a period it is the liability: outstanding = Σ balances (else null). */
  async batches(ctx: RequestContext, q: VoucherReportQueryDto) {
    const sql = new Sql();
    const where = this.ledgerFilter(ctx, sql, q);
    // outstanding is the liability only over every document of all time; a period or a store has movements, not a balance
    const whole = !q.from && !ctx.storeId && !q.storeId;
    const [row] = await queryRows<{ n: number; items: Row[] | null; totals: Row | null }>(
      this.connection.manager(ctx),
      `WITH m AS (SELECT v.batch_id, ${MEASURES} FROM voucher_ledger l JOIN voucher v ON v.id = l.voucher_id WHERE ${where} GROUP BY v.batch_id),
       g AS (SELECT b.batch_no AS "batchNo", b.name, b.kind, b.face_value::text AS "faceValue", b.quantity,
                    sum(m.issued)::text AS issued, sum(m.redeemed)::text AS redeemed, sum(m.voided)::text AS voided,
                    CASE WHEN ${whole} THEN sum(m.issued - m.redeemed - m.voided)::text END AS outstanding, sum(m.redemptions)::int AS redemptions, GROUPING(b.id) = 1 AS grand_total
             FROM m JOIN voucher_batch b ON b.id = m.batch_id
             GROUP BY GROUPING SETS ((b.id, b.batch_no, b.name, b.kind, b.face_value, b.quantity), ()))
       ${this.page('g', q.sort, VOUCHER_BATCH_REPORT_SORT, q)}`,
      sql.params,
    );
    return answer<VoucherBatchReportRow, VoucherBatchReportTotals>(q, {
      title: '券批次汇总 voucher batches',
      columns: BATCH_COLUMNS,
      items: row.items ?? [],
      total: row.n,
      totals: row.totals ?? undefined,
    });
  }

  /** 门店汇总: per store, gift cards sold at its tills and what its tills redeemed (net of refunds and reversals). */
  async stores(ctx: RequestContext, q: VoucherReportQueryDto) {
    const sql = new Sql();
    const where = this.ledgerFilter(ctx, sql, q);
    const [row] = await queryRows<{ n: number; items: Row[] | null; totals: Row | null }>(
      this.connection.manager(ctx),
      `WITH m AS (SELECT l.store_id, ${MEASURES},
                         count(*) FILTER (WHERE l.kind = 'sell') - count(*) FILTER (WHERE l.kind = 'sell_reversal' AND l.amount > 0) AS cards_sold
                  FROM voucher_ledger l JOIN voucher v ON v.id = l.voucher_id WHERE ${where} AND l.store_id IS NOT NULL GROUP BY l.store_id),
       g AS (SELECT o.code AS "storeCode", o.name AS "storeName", sum(m.issued)::text AS issued, sum(m.cards_sold)::int AS "cardsSold",
                    sum(m.redeemed)::text AS redeemed, sum(m.redemptions)::int AS redemptions, GROUPING(o.id) = 1 AS grand_total
             FROM m JOIN org_unit o ON o.id = m.store_id GROUP BY GROUPING SETS ((o.id, o.code, o.name), ()))
       ${this.page('g', q.sort, VOUCHER_STORE_REPORT_SORT, q)}`,
      sql.params,
    );
    return answer<VoucherStoreReportRow, VoucherStoreReportTotals>(q, {
      title: '券门店汇总 vouchers by store',
      columns: STORE_COLUMNS,
      items: row.items ?? [],
      total: row.n,
      totals: row.totals ?? undefined,
    });
  }

  /** 核销日报: per store and local day, redemptions and what refunds and reversals gave back. */
  async redemptions(ctx: RequestContext, q: VoucherRedemptionQueryDto) {
    checkPeriod(q);
    const sql = new Sql();
    const where = this.ledgerFilter(ctx, sql, q);
    const [row] = await queryRows<{ n: number; items: Row[] | null; totals: Row | null }>(
      this.connection.manager(ctx),
      `WITH m AS (SELECT ${DAY} AS day, l.store_id,
                         count(*) FILTER (WHERE l.kind = 'redeem' AND l.amount > 0) AS redemptions,
                         coalesce(-sum(l.delta) FILTER (WHERE l.kind = 'redeem'), 0) AS redeemed,
                         coalesce(sum(l.delta) FILTER (WHERE l.kind IN ('refund', 'reversal')), 0) AS given_back
                  FROM voucher_ledger l JOIN voucher v ON v.id = l.voucher_id
                  WHERE ${where} AND l.kind IN ('redeem', 'refund', 'reversal') GROUP BY 1, 2),
       g AS (SELECT to_char(m.day, 'YYYY-MM-DD') AS day, o.code AS "storeCode", o.name AS "storeName", sum(m.redemptions)::int AS redemptions,
                    sum(m.redeemed)::text AS "redeemedAmount", sum(m.given_back)::text AS "refundedAmount", sum(m.redeemed - m.given_back)::text AS "netAmount",
                    GROUPING(m.day) = 1 AS grand_total
             FROM m JOIN org_unit o ON o.id = m.store_id GROUP BY GROUPING SETS ((m.day, o.id, o.code, o.name), ()))
       ${this.page('g', q.sort, VOUCHER_REDEMPTION_REPORT_SORT, q)}`,
      sql.params,
    );
    return answer<VoucherRedemptionReportRow, VoucherRedemptionReportTotals>(q, {
      title: '券核销日报 redemptions by day',
      columns: REDEMPTION_COLUMNS,
      items: row.items ?? [],
      total: row.n,
      totals: row.totals ?? undefined,
    });
  }

  /**
   * 余额账龄: the numbers holding value now, by the age of that value (days since the batch loaded it
   * or a till sold it) and how soon they expire. A store user: the cards its own tills sold.
   */
  async ageing(ctx: RequestContext, q: VoucherAgeingQueryDto) {
    const sql = new Sql();
    const conds = ['v.balance > 0', `v.state <> 'void'`];
    if (q.kind) conds.push(`v.kind = ${sql.p(q.kind)}`);
    const scope = scopeSql(ctx, sql, 'ld.store_id', q.storeId);
    conds.push(...scope);
    const [row] = await queryRows<{ n: number; items: Row[] | null; totals: Row | null }>(
      this.connection.manager(ctx),
      `WITH ld AS (SELECT DISTINCT ON (l.voucher_id) l.voucher_id, l.at, l.store_id FROM voucher_ledger l
                   WHERE l.kind IN ('issue', 'sell') AND NOT EXISTS (SELECT 1 FROM voucher_ledger r WHERE r.voucher_id = l.voucher_id AND r.ref_id = l.ref_id AND r.kind = 'sell_reversal' AND r.amount > 0)
                   ORDER BY l.voucher_id, l.at DESC),
       a AS (SELECT v.balance, v.valid_to, (now()::date - (ld.at AT TIME ZONE '${TZ}')::date) AS age FROM voucher v JOIN ld ON ld.voucher_id = v.id WHERE ${conds.join(' AND ')}),
       b AS (SELECT CASE WHEN age <= 30 THEN 1 WHEN age <= 90 THEN 2 WHEN age <= 180 THEN 3 WHEN age <= 365 THEN 4 ELSE 5 END AS bucket_order, * FROM a),
       g AS (SELECT (ARRAY['0-30', '31-90', '91-180', '181-365', '>365'])[bucket_order] AS "ageBucket", bucket_order, count(*)::int AS numbers, sum(balance)::text AS outstanding,
                    coalesce(sum(balance) FILTER (WHERE valid_to <= now()), 0)::text AS expired,
                    coalesce(sum(balance) FILTER (WHERE valid_to > now() AND valid_to <= now() + interval '30 days'), 0)::text AS within30,
                    coalesce(sum(balance) FILTER (WHERE valid_to > now() + interval '30 days' AND valid_to <= now() + interval '90 days'), 0)::text AS within90,
                    coalesce(sum(balance) FILTER (WHERE valid_to > now() + interval '90 days'), 0)::text AS later,
                    GROUPING(bucket_order) = 1 AS grand_total
             FROM b GROUP BY GROUPING SETS ((bucket_order), ()))
       ${this.page('g', q.sort, VOUCHER_AGEING_REPORT_SORT, q)}`,
      sql.params,
    );
    return answer<VoucherAgeingReportRow, VoucherAgeingReportTotals>(q, {
      title: '券余额账龄 liability ageing',
      columns: AGEING_COLUMNS,
      items: row.items ?? [],
      total: row.n,
      totals: row.totals ?? undefined,
    });
  }

  /** Ledger rows of the kind, the period (local days) and the caller's store scope. */
  private ledgerFilter(ctx: RequestContext, sql: Sql, q: { kind?: string; from?: string; to?: string; storeId?: string }): string {
    const conds = ['true'];
    if (q.kind) conds.push(`v.kind = ${sql.p(q.kind)}`);
    if ((q.from === undefined) !== (q.to === undefined))
      throw new DomainException(ReportError.REPORT_INVALID_DATE, 'give both from and to, or neither / 起止日期须同时填写', [
        { field: q.from ? 'to' : 'from', message: 'required with the other' },
      ]);
    if (q.from && q.to) {
      checkPeriod({ from: checkDate(q.from, 'from'), to: checkDate(q.to, 'to') });
      conds.push(`${DAY} BETWEEN ${sql.p(q.from)}::date AND ${sql.p(q.to)}::date`);
    }
    conds.push(...scopeSql(ctx, sql, 'l.store_id', q.storeId));
    return conds.join(' AND ');
  }

  private page(g: string, sort: string | undefined, spec: SortSpec, q: VoucherReportQueryDto | VoucherAgeingQueryDto): string {
    return `SELECT (SELECT count(*)::int FROM ${g} WHERE NOT grand_total) AS n,
              (SELECT json_agg(x) FROM (SELECT * FROM ${g} WHERE NOT grand_total ORDER BY ${orderBy(sort, spec)} ${pageSql(q)}) x) AS items,
              (SELECT row_to_json(${g}) FROM ${g} WHERE grand_total) AS totals`;
  }
}
