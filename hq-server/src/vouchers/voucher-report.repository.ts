import { Injectable } from '@nestjs/common';
import type { VoucherAgeingReportRow, VoucherAgeingReportTotals, VoucherRedemptionReportRow, VoucherRedemptionReportTotals } from './voucher-report.dto';
import { LOCAL_TZ, moneyText, queryRows, type ReportColumn, type RequestContext, type Row, scopeSql, Sql, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

const TZ = LOCAL_TZ;
/** the local day of a ledger row (business days are local days) */
const DAY = `(l.at AT TIME ZONE '${TZ}')::date`;

/** What each ledger kind means for the figures: value put on (issued), used (redeemed, net), taken out of use (voided). */
const MEASURES = `
  coalesce(sum(l.delta) FILTER (WHERE l.kind IN ('issue', 'sell', 'sell_reversal')), 0) AS issued,
  coalesce(-sum(l.delta) FILTER (WHERE l.kind IN ('redeem', 'refund', 'reversal')), 0) AS redeemed,
  coalesce(-sum(l.delta) FILTER (WHERE l.kind = 'void'), 0) AS voided,
  count(*) FILTER (WHERE l.kind = 'redeem' AND l.amount > 0) AS redemptions`;

/** Each report's columns (the Excel sheet's, and the keys of its rows in this order). */
const money = (key: string, zh: string, en: string): ReportColumn => ({ key, zh, en, kind: 'money' });
const int = (key: string, zh: string, en: string): ReportColumn => ({ key, zh, en, kind: 'int' });

export const BATCH_COLUMNS: ReportColumn[] = [
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
export const STORE_COLUMNS: ReportColumn[] = [
  { key: 'storeCode', zh: '门店编码', en: 'store code' },
  { key: 'storeName', zh: '门店', en: 'store' },
  money('issued', '售卡金额', 'gift cards sold'),
  int('cardsSold', '售卡张数', 'cards sold'),
  money('redeemed', '核销金额', 'redeemed (net)'),
  int('redemptions', '核销笔数', 'redemptions'),
];
export const REDEMPTION_COLUMNS: ReportColumn[] = [
  { key: 'day', zh: '日期', en: 'day' },
  { key: 'storeCode', zh: '门店编码', en: 'store code' },
  { key: 'storeName', zh: '门店', en: 'store' },
  int('redemptions', '核销笔数', 'redemptions'),
  money('redeemedAmount', '核销金额', 'redeemed'),
  money('refundedAmount', '退回金额', 'given back (refunds, reversals)'),
  money('netAmount', '净核销', 'net redeemed'),
];
export const AGEING_COLUMNS: ReportColumn[] = [
  { key: 'ageBucket', zh: '账龄', en: 'age (days since the value was loaded)' },
  int('numbers', '张数', 'numbers'),
  money('outstanding', '未用余额', 'outstanding'),
  money('expired', '已过期', 'expired'),
  money('within30', '30天内到期', 'expires within 30 days'),
  money('within90', '31-90天到期', 'expires in 31-90 days'),
  money('later', '90天后到期', 'expires after 90 days'),
];

/** The ledger rows a report reads: the vouchers' kind, a period of local days (validated by the service) and the store scope. */
export interface VoucherLedgerFilter {
  kind?: string;
  from?: string;
  to?: string;
  storeId?: string;
}

/** One page of a report: the rows (without the grand total), their count, and the grand total — the report's columns, as the answer shows them. */
export interface VoucherReportPage<R extends object = Row, T extends object = Row> {
  n: number;
  items: R[] | null;
  totals: T | null;
}

/** The paging of a report, as SQL the service made of the query: `orderBy` of its sort spec, and `pageSql`. */
export interface VoucherReportPaging {
  order: string;
  limit: string;
}

/**
 * The ledger summaries 券批次汇总 and 门店汇总 are one query grouped by batch or by store: what differs
 * is the group's key and columns, and what each adds to the measures (the liability per batch; the
 * cards sold per store, which only store rows have).
 */
const SUMMARY = {
  batch: {
    key: 'v.batch_id',
    rows: '',
    counts: '',
    join: 'voucher_batch b ON b.id = m.key',
    shown: BATCH_COLUMNS,
    columns: (whole: boolean) => `b.batch_no AS "batchNo", b.name, b.kind, ${moneyText('b.face_value')} AS "faceValue", b.quantity,
                    ${moneyText('sum(m.issued)')} AS issued, ${moneyText('sum(m.redeemed)')} AS redeemed, ${moneyText('sum(m.voided)')} AS voided,
                    ${moneyText(`CASE WHEN ${whole} THEN sum(m.issued - m.redeemed - m.voided) END`)} AS outstanding, sum(m.redemptions)::int AS redemptions`,
    group: 'b.id, b.batch_no, b.name, b.kind, b.face_value, b.quantity',
    id: 'b.id',
  },
  store: {
    key: 'l.store_id',
    rows: ' AND l.store_id IS NOT NULL',
    counts: `,
                         count(*) FILTER (WHERE l.kind = 'sell') - count(*) FILTER (WHERE l.kind = 'sell_reversal' AND l.amount > 0) AS cards_sold`,
    join: 'org_unit o ON o.id = m.key',
    shown: STORE_COLUMNS,
    columns: () => `o.code AS "storeCode", o.name AS "storeName", ${moneyText('sum(m.issued)')} AS issued, sum(m.cards_sold)::int AS "cardsSold",
                    ${moneyText('sum(m.redeemed)')} AS redeemed, sum(m.redemptions)::int AS redemptions`,
    group: 'o.id, o.code, o.name',
    id: 'o.id',
  },
} as const;
export type VoucherSummaryGrouping = keyof typeof SUMMARY;

/** Ledger rows of the kind, the period (local days) and the caller's store scope. */
function ledgerFilter(ctx: RequestContext, sql: Sql, q: VoucherLedgerFilter): string {
  const conds = ['true'];
  if (q.kind) conds.push(`v.kind = ${sql.p(q.kind)}`);
  if (q.from && q.to) conds.push(`${DAY} BETWEEN ${sql.p(q.from)}::date AND ${sql.p(q.to)}::date`);
  conds.push(...scopeSql(ctx, sql, 'l.store_id', q.storeId));
  return conds.join(' AND ');
}

/**
 * The count, the page and the grand total of the grouping `g` (its grand-total row flagged
 * `grand_total`): the report's columns only, in their order, as the answer shows them.
 */
function page(g: string, columns: ReportColumn[], p: VoucherReportPaging): string {
  const shown = columns.map((c) => `"${c.key}"`).join(', ');
  return `SELECT (SELECT count(*)::int FROM ${g} WHERE NOT grand_total) AS n,
              (SELECT json_agg(x) FROM (SELECT ${shown} FROM ${g} WHERE NOT grand_total ORDER BY ${p.order} ${p.limit}) x) AS items,
              (SELECT row_to_json(t) FROM (SELECT ${shown} FROM ${g} WHERE grand_total) t) AS totals`;
}

function summarySql(ctx: RequestContext, by: VoucherSummaryGrouping, q: VoucherLedgerFilter, whole: boolean, p: VoucherReportPaging): Sql & { text: string } {
  const sql = new Sql();
  const s = SUMMARY[by];
  const text = `WITH m AS (SELECT ${s.key} AS key, ${MEASURES}${s.counts}
                  FROM voucher_ledger l JOIN voucher v ON v.id = l.voucher_id WHERE ${ledgerFilter(ctx, sql, q)}${s.rows} GROUP BY ${s.key}),
       g AS (SELECT ${s.columns(whole)}, GROUPING(${s.id}) = 1 AS grand_total
             FROM m JOIN ${s.join} GROUP BY GROUPING SETS ((${s.group}), ()))
       ${page('g', s.shown, p)}`;
  return Object.assign(sql, { text });
}

function redemptionsSql(ctx: RequestContext, q: VoucherLedgerFilter, p: VoucherReportPaging): Sql & { text: string } {
  const sql = new Sql();
  const text = `WITH m AS (SELECT ${DAY} AS day, l.store_id,
                         count(*) FILTER (WHERE l.kind = 'redeem' AND l.amount > 0) AS redemptions,
                         coalesce(-sum(l.delta) FILTER (WHERE l.kind = 'redeem'), 0) AS redeemed,
                         coalesce(sum(l.delta) FILTER (WHERE l.kind IN ('refund', 'reversal')), 0) AS given_back
                  FROM voucher_ledger l JOIN voucher v ON v.id = l.voucher_id
                  WHERE ${ledgerFilter(ctx, sql, q)} AND l.kind IN ('redeem', 'refund', 'reversal') GROUP BY 1, 2),
       g AS (SELECT to_char(m.day, 'YYYY-MM-DD') AS day, o.code AS "storeCode", o.name AS "storeName", sum(m.redemptions)::int AS redemptions,
                    ${moneyText('sum(m.redeemed)')} AS "redeemedAmount", ${moneyText('sum(m.given_back)')} AS "refundedAmount", ${moneyText('sum(m.redeemed - m.given_back)')} AS "netAmount",
                    GROUPING(m.day) = 1 AS grand_total
             FROM m JOIN org_unit o ON o.id = m.store_id GROUP BY GROUPING SETS ((m.day, o.id, o.code, o.name), ()))
       ${page('g', REDEMPTION_COLUMNS, p)}`;
  return Object.assign(sql, { text });
}

function ageingSql(ctx: RequestContext, q: { kind?: string; storeId?: string }, p: VoucherReportPaging): Sql & { text: string } {
  const sql = new Sql();
  const conds = ['v.balance > 0', `v.state <> 'void'`];
  if (q.kind) conds.push(`v.kind = ${sql.p(q.kind)}`);
  conds.push(...scopeSql(ctx, sql, 'ld.store_id', q.storeId));
  const text = `WITH ld AS (SELECT DISTINCT ON (l.voucher_id) l.voucher_id, l.at, l.store_id FROM voucher_ledger l
                   WHERE l.kind IN ('issue', 'sell') AND NOT EXISTS (SELECT 1 FROM voucher_ledger r WHERE r.voucher_id = l.voucher_id AND r.ref_id = l.ref_id AND r.kind = 'sell_reversal' AND r.amount > 0)
                   ORDER BY l.voucher_id, l.at DESC),
       a AS (SELECT v.balance, v.valid_to, (now()::date - (ld.at AT TIME ZONE '${TZ}')::date) AS age FROM voucher v JOIN ld ON ld.voucher_id = v.id WHERE ${conds.join(' AND ')}),
       b AS (SELECT CASE WHEN age <= 30 THEN 1 WHEN age <= 90 THEN 2 WHEN age <= 180 THEN 3 WHEN age <= 365 THEN 4 ELSE 5 END AS bucket_order, * FROM a),
       g AS (SELECT (ARRAY['0-30', '31-90', '91-180', '181-365', '>365'])[bucket_order] AS "ageBucket", bucket_order, count(*)::int AS numbers, ${moneyText('sum(balance)')} AS outstanding,
                    ${moneyText('coalesce(sum(balance) FILTER (WHERE valid_to <= now()), 0)')} AS expired,
                    ${moneyText("coalesce(sum(balance) FILTER (WHERE valid_to > now() AND valid_to <= now() + interval '30 days'), 0)")} AS within30,
                    ${moneyText("coalesce(sum(balance) FILTER (WHERE valid_to > now() + interval '30 days' AND valid_to <= now() + interval '90 days'), 0)")} AS within90,
                    ${moneyText("coalesce(sum(balance) FILTER (WHERE valid_to > now() + interval '90 days'), 0)")} AS later,
                    GROUPING(bucket_order) = 1 AS grand_total
             FROM b GROUP BY GROUPING SETS ((bucket_order), ()))
       ${page('g', AGEING_COLUMNS, p)}`;
  return Object.assign(sql, { text });
}

// The reports are composed from their filters: the test prepares each with every filter, HQ-wide and store-scoped.
sqlStatements(
  'vouchers.report',
  () => {
    const id = '00000000-0000-0000-0000-000000000000';
    const texts: Record<string, string> = {};
    const p: VoucherReportPaging = { order: '1', limit: 'LIMIT 50 OFFSET 0' };
    for (const [name, ctx, q] of [
      ['plain', { storeId: null }, {}],
      ['filtered', { storeId: id }, { kind: 'voucher', from: '2026-01-01', to: '2026-01-31', storeId: id }],
    ] as Array<[string, Pick<RequestContext, 'storeId'>, VoucherLedgerFilter]>) {
      const c = ctx as RequestContext;
      texts[`batches.${name}`] = summarySql(c, 'batch', q, name === 'plain', p).text;
      texts[`stores.${name}`] = summarySql(c, 'store', q, false, p).text;
      texts[`redemptions.${name}`] = redemptionsSql(c, q, p).text;
      texts[`ageing.${name}`] = ageingSql(c, q, p).text;
    }
    return texts;
  },
  ['hq'],
);

/** The SQL of the 代金券 / 礼品卡 reports (VoucherReportService), all over HQ's voucher ledger. */
@Injectable()
export class VoucherReportRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Per batch (`whole`: outstanding is the liability, else null) or per store. */
  summary<R extends object, T extends object>(
    ctx: RequestContext,
    by: VoucherSummaryGrouping,
    q: VoucherLedgerFilter,
    whole: boolean,
    p: VoucherReportPaging,
  ): Promise<VoucherReportPage<R, T>> {
    return this.one(ctx, summarySql(ctx, by, q, whole, p));
  }

  /** Per store and local day. */
  redemptions(ctx: RequestContext, q: VoucherLedgerFilter, p: VoucherReportPaging): Promise<VoucherReportPage<VoucherRedemptionReportRow, VoucherRedemptionReportTotals>> {
    return this.one(ctx, redemptionsSql(ctx, q, p));
  }

  /** The numbers holding value now, by the age of that value and how soon they expire. */
  ageing(ctx: RequestContext, q: { kind?: string; storeId?: string }, p: VoucherReportPaging): Promise<VoucherReportPage<VoucherAgeingReportRow, VoucherAgeingReportTotals>> {
    return this.one(ctx, ageingSql(ctx, q, p));
  }

  private async one<R extends object, T extends object>(ctx: RequestContext, sql: Sql & { text: string }): Promise<VoucherReportPage<R, T>> {
    const [row] = await queryRows<VoucherReportPage<R, T>>(this.connection.manager(ctx), sql.text, sql.params);
    return row;
  }
}
