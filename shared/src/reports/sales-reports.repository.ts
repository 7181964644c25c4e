import { type RequestContext } from '../common/request-context';
import { LOCAL_TZ, orderBy, pageSql, type ReportColumn, scopeSql, Sql } from './report-output';
import { composedReport, DECLARATION_ID, DECLARATION_PERIOD, grouping, type ReportGrouping, type ReportSql } from './report.repository';
import { type ReportPeriodDto, SALES_DIMENSIONS, type SalesDimension } from './reports.dto';
import { defineSort, type SortSpec } from '../common/pagination';

/** Business hours are local: the server's time zone, as for business dates (localToday). */
const TZ = LOCAL_TZ;

export const DIMENSIONS: Record<SalesDimension, ReportGrouping> = {
  store: grouping([{ key: 'storeCode', zh: '门店', en: 'store' }], { select: 'f.store_id AS "storeId", f.store_code AS "storeCode"', group: 'f.store_id, f.store_code' }),
  product: grouping(
    [
      { key: 'productCode', zh: '商品编码', en: 'product code' },
      { key: 'productName', zh: '商品名称', en: 'product name' },
    ],
    { perLine: true, select: 'f.product_id AS "productId", min(f.product_code) AS "productCode", min(f.product_name) AS "productName"', group: 'f.product_id' },
  ),
  category: grouping(
    [
      { key: 'categoryCode', zh: '类别编码', en: 'category code' },
      { key: 'categoryName', zh: '类别', en: 'category' },
    ],
    {
      perLine: true,
      select: `c.id AS "categoryId", c.code AS "categoryCode", coalesce(c.name, '未分类') AS "categoryName"`,
      group: 'c.id, c.code, c.name',
      join: 'LEFT JOIN product p ON p.id = f.product_id LEFT JOIN category c ON c.id = p.category_id',
    },
  ),
  cashier: grouping([{ key: 'cashierName', zh: '收银员', en: 'cashier' }], { select: 'f.cashier_id AS "cashierId", min(f.cashier_name) AS "cashierName"', group: 'f.cashier_id' }),
  hour: grouping([{ key: 'hour', zh: '时段(时)', en: 'hour', kind: 'int' }], { select: 'f.hour_of_day AS hour', group: 'f.hour_of_day' }),
  day: grouping([{ key: 'day', zh: '营业日', en: 'business day' }], { select: `to_char(f.business_date, 'YYYY-MM-DD') AS day`, group: 'f.business_date' }),
};

export interface Measure extends ReportColumn {
  sql: string;
}

const m = (key: string, zh: string, en: string, kind: Measure['kind'], sql: string): Measure => ({ key, zh, en, kind, sql });
const AMOUNT = m('amount', '净销售额', 'net sales', 'money', 'coalesce(sum(f.amount), 0)');
const RECEIPTS = m('receipts', '小票数', 'receipts', 'int', '{receipts}');
const COSTED = 'coalesce(sum(f.costed), 0)';
const COST = 'round(coalesce(sum(f.cost), 0), 2)';
const MEMBER_AMOUNT = 'coalesce(sum(f.amount) FILTER (WHERE f.member), 0)';

export const SALES_MEASURES: Measure[] = [
  m('qty', '净数量', 'net quantity', 'qty', 'coalesce(sum(f.qty), 0)'),
  AMOUNT,
  m('discount', '优惠', 'discount', 'money', 'coalesce(sum(f.discount), 0)'),
  RECEIPTS,
  m('refunds', '退货单数', 'refunds', 'int', '{refunds}'),
  m('avgBasket', '客单价', 'average basket', 'money', 'round(coalesce(sum(f.amount), 0) / nullif({receipts}, 0), 2)'),
];

export const MARGIN_MEASURES: Measure[] = [
  m('qty', '净数量', 'net quantity', 'qty', 'coalesce(sum(f.qty), 0)'),
  AMOUNT,
  m('costedAmount', '有成本的销售额', 'sales with cost', 'money', COSTED),
  m('cost', '销售成本', 'cost of sales', 'money', COST),
  m('margin', '毛利', 'gross margin', 'money', `${COSTED} - ${COST}`),
  m('marginPercent', '毛利率%', 'margin %', 'percent', `round(100 * (${COSTED} - ${COST}) / nullif(${COSTED}, 0), 2)`),
  m('uncostedAmount', '无成本的销售额', 'sales without cost', 'money', `coalesce(sum(f.amount), 0) - ${COSTED}`),
];

export const MEMBER_MEASURES: Measure[] = [
  RECEIPTS,
  m('memberReceipts', '会员小票数', 'member receipts', 'int', '{memberReceipts}'),
  AMOUNT,
  m('memberAmount', '会员净销售额', 'member net sales', 'money', MEMBER_AMOUNT),
  m('memberShare', '会员占比%', 'member share %', 'percent', `round(100 * ${MEMBER_AMOUNT} / nullif(coalesce(sum(f.amount), 0), 0), 2)`),
];

/** A grouping's sort: its dimensions' columns and the measures; by product, category or cashier the biggest first. */
function salesSort(dims: readonly SalesDimension[], measures: Measure[]): SortSpec {
  const ds = dims.map((d) => DIMENSIONS[d]);
  const columns: Record<string, string> = Object.fromEntries([
    ...ds.flatMap((d) => Object.entries(d.sort)),
    ...measures.map((x): [string, string] => [x.key, `"${x.key}"::numeric`]),
  ]);
  const fallback = ds.map((d) => Object.keys(d.sort)[0]).join(',');
  return defineSort(columns, ['product', 'category', 'cashier'].includes(dims[0]) ? `-amount,${fallback}` : fallback);
}

/** Every key the lists can sort by (their documents' `sort` enum); the grouping decides which apply. */
export const SALES_SORT = salesSort(SALES_DIMENSIONS, SALES_MEASURES);
export const MARGIN_SORT = salesSort(SALES_DIMENSIONS, MARGIN_MEASURES);
export const MEMBER_SALES_SORT = salesSort(['store', 'day'], MEMBER_MEASURES);
export const SALES_SORT_NOTE = 'the keys depend on the grouping (its columns and the measures); default: the grouping’s columns (by product, category or cashier `-amount` first)';

export interface FactFilter {
  productId?: string;
  categoryId?: string;
  cashierId?: string;
}

/** What a sales report is asked: the period (store, page), the grouping, the measures and the filter; `member` marks member sales. */
export interface SalesAsk {
  q: ReportPeriodDto;
  dims: SalesDimension[];
  measures: Measure[];
  filter: FactFilter;
  member?: boolean;
}

function composeSales(ctx: RequestContext, { q, dims, measures, filter, member = false }: SalesAsk): ReportSql {
  const sql = new Sql();
  const ds = dims.map((d) => DIMENSIONS[d]);
  const headers = !ds.some((d) => d.perLine) && !filter.productId && !filter.categoryId;
  const counts = headers
    ? { receipts: 'coalesce(sum(f.receipt), 0)', refunds: 'coalesce(sum(f.refund), 0)', memberReceipts: 'coalesce(sum(f.receipt) FILTER (WHERE f.member), 0)' }
    : { receipts: 'count(DISTINCT f.sale_id)', refunds: 'count(DISTINCT f.refund_id)', memberReceipts: 'count(DISTINCT f.sale_id) FILTER (WHERE f.member)' };
  const measureSql = (x: Measure) => x.sql.replace(/\{(\w+)\}/g, (_, k: keyof typeof counts) => counts[k]);
  const fact = salesFact(ctx, sql, q, filter, { member, hour: dims.includes('hour'), byHeader: headers ? dims : undefined });
  const sort = salesSort(dims, measures);
  const values = measures.map((x) => `(${measureSql(x)})::text AS "${x.key}"`).join(', ');
  const groups = ds.map((d) => d.group).join(', ');
  // one pass: the groups and the grand total (grouping set ()) — count(DISTINCT) totals cannot be summed from groups
  return {
    with: `WITH g AS (SELECT ${ds.map((d) => d.select).join(', ')}, ${values}, GROUPING(${ds[0].group.split(',')[0]}) = 1 AS grand_total
                  FROM (${fact}) f ${ds.map((d) => d.join ?? '').join(' ')} GROUP BY GROUPING SETS ((${groups}), ()))`,
    rows: `SELECT * FROM g WHERE NOT grand_total ORDER BY ${orderBy(q.sort, sort)} ${pageSql(q)}`,
    count: 'SELECT count(*)::int FROM g WHERE NOT grand_total',
    totals: 'SELECT * FROM g WHERE grand_total',
    params: sql.params,
  };
}

/** Document columns a document-level dimension needs, per branch (h: header alias, at: its time column). */
const HEADER_COLUMNS: Partial<Record<SalesDimension, (h: string, at: string) => string[]>> = {
  store: (h) => [`${h}.store_id`, `${h}.store_code`],
  day: (h) => [`${h}.business_date`],
  cashier: (h) => [`${h}.cashier_id`, `${h}.cashier_name`],
  hour: (h, at) => [`extract(hour FROM ${h}.${at} AT TIME ZONE '${TZ}')::int AS hour_of_day`],
};

/**
 * Sold lines (voided ones excluded) and refunded lines, refunds negative, each on its own business
 * day, store and cashier. `costed` is the line's amount when it carries a unit cost (else 0), `cost`
 * quantity × that cost; `member` marks a sale with a member card (a refund inherits its sale's).
 * With `byHeader` (document-level dimensions only) each branch is summed by those dimensions, and
 * two more branches count the documents (`receipt`, `refund`). Every filter sits in every branch
 * so the (store_id, business_date) / (business_date) indexes bound the scan.
 */
export function salesFact(
  ctx: RequestContext,
  sql: Sql,
  q: ReportPeriodDto,
  filter: FactFilter,
  options: { member?: boolean; hour?: boolean; byHeader?: SalesDimension[] } = {},
): string {
  const where = (h: string, l: string | null) => {
    const w = [...scopeSql(ctx, sql, `${h}.store_id`, q.storeId), `${h}.business_date BETWEEN ${sql.p(q.from)}::date AND ${sql.p(q.to)}::date`];
    if (filter.cashierId) w.push(`${h}.cashier_id = ${sql.p(filter.cashierId)}`);
    if (l && filter.productId) w.push(`${l}.product_id = ${sql.p(filter.productId)}`);
    if (l && filter.categoryId)
      w.push(`${l}.product_id IN (SELECT p.id FROM product p JOIN category c ON c.id = p.category_id WHERE ${sql.p(filter.categoryId)}::uuid = ANY(c.path))`);
    return w.join(' AND ');
  };
  const saleMember = options.member ? 's.member_ref IS NOT NULL' : 'false';
  const refundMember = options.member ? 'coalesce((SELECT os.member_ref IS NOT NULL FROM pos_sale os WHERE os.id = r.sale_id), false)' : 'false';
  const saleLines = 'pos_sale s JOIN pos_sale_line l ON l.sale_id = s.id AND NOT l.voided';
  const refundLines = 'pos_refund r JOIN pos_refund_line l ON l.refund_id = r.id';
  const amounts = (sign: '' | '-', agg: (e: string) => string) =>
    `${agg(`${sign}l.quantity`)} AS qty, ${agg(`${sign}l.amount`)} AS amount, ${sign ? '0' : agg('l.line_discount + l.sale_discount')} AS discount,
     ${agg(`CASE WHEN l.unit_cost IS NULL THEN 0 ELSE ${sign}l.amount END`)} AS costed, ${agg(`${sign}coalesce(l.quantity * l.unit_cost, 0)`)} AS cost`;
  if (options.byHeader) {
    const dims = options.byHeader;
    const cols = (h: string, at: string) => dims.flatMap((d) => HEADER_COLUMNS[d]!(h, at));
    const groupBy = `GROUP BY ${Array.from({ length: cols('s', 'sold_at').length + 1 }, (_, i) => i + 1).join(', ')}`;
    const sum = (e: string) => `sum(${e})`;
    return [
      `SELECT ${cols('s', 'sold_at').join(', ')}, ${saleMember} AS member, ${amounts('', sum)}, 0 AS receipt, 0 AS refund FROM ${saleLines} WHERE ${where('s', 'l')} ${groupBy}`,
      `SELECT ${cols('r', 'refunded_at').join(', ')}, ${refundMember}, ${amounts('-', sum)}, 0, 0 FROM ${refundLines} WHERE ${where('r', 'l')} ${groupBy}`,
      `SELECT ${cols('s', 'sold_at').join(', ')}, ${saleMember}, 0, 0, 0, 0, 0, count(*), 0 FROM pos_sale s WHERE ${where('s', null)} ${groupBy}`,
      `SELECT ${cols('r', 'refunded_at').join(', ')}, ${refundMember}, 0, 0, 0, 0, 0, 0, count(*) FROM pos_refund r WHERE ${where('r', null)} ${groupBy}`,
    ].join('\nUNION ALL\n');
  }
  const hour = (h: string, at: string) => (options.hour ? HEADER_COLUMNS.hour!(h, at)[0] : 'NULL::int AS hour_of_day');
  const asIs = (e: string) => e;
  return `SELECT s.store_id, s.store_code, s.business_date, ${hour('s', 'sold_at')}, s.cashier_id, s.cashier_name, l.product_id, l.product_code, l.product_name,
                 s.id AS sale_id, NULL::uuid AS refund_id, ${amounts('', asIs)}, ${saleMember} AS member
          FROM ${saleLines} WHERE ${where('s', 'l')}
          UNION ALL
          SELECT r.store_id, r.store_code, r.business_date, ${hour('r', 'refunded_at')}, r.cashier_id, r.cashier_name, l.product_id, l.product_code, l.product_name,
                 NULL, r.id, ${amounts('-', asIs)}, ${refundMember}
          FROM ${refundLines} WHERE ${where('r', 'l')}`;
}

// Every grouping the lists offer, by header (document dimensions) and by line, each filter: the
// texts the reports compose, prepared by the test.
const PERIOD = DECLARATION_PERIOD;
const SALES_ASKS: Record<string, SalesAsk> = {
  ...Object.fromEntries(
    SALES_DIMENSIONS.flatMap((d): Array<[string, SalesAsk]> => [
      [`sales.${d}`, { q: { ...PERIOD, storeId: DECLARATION_ID }, dims: [d], measures: SALES_MEASURES, filter: {} }],
      [`margin.${d}`, { q: { ...PERIOD, format: 'xlsx' }, dims: [d], measures: MARGIN_MEASURES, filter: { cashierId: DECLARATION_ID } }],
    ]),
  ),
  'sales.store,day,hour,cashier': { q: PERIOD, dims: ['store', 'day', 'hour', 'cashier'], measures: SALES_MEASURES, filter: {} },
  'sales.product.filtered': {
    q: PERIOD,
    dims: ['product', 'category'],
    measures: SALES_MEASURES,
    filter: { productId: DECLARATION_ID, categoryId: DECLARATION_ID, cashierId: DECLARATION_ID },
  },
  'members.store': { q: PERIOD, dims: ['store'], measures: MEMBER_MEASURES, filter: {}, member: true },
  'members.day': { q: PERIOD, dims: ['day'], measures: MEMBER_MEASURES, filter: {}, member: true },
};

/**
 * A sales report's SQL: the fact grouped by `dims` (with a grand-total grouping set) and `measures`.
 * Grouped by document properties only (store, day, cashier, hour) and not narrowed to some products,
 * each branch is aggregated on its own tables first (few groups, hash aggregation, good estimates)
 * and receipts are counted from the headers: no count(DISTINCT) and its sort of every line.
 */
export const salesSql = composedReport('reports.sales', composeSales, SALES_ASKS);
