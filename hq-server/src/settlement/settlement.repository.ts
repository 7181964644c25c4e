import { Injectable } from '@nestjs/common';
import {
  defineSort,
  moneyText,
  orderBy,
  pageSql,
  qtyText,
  queryRows,
  ReportFormatDto,
  RequestContext,
  Row,
  scopeSql,
  type SortSpec,
  Sql,
  sqlStatements,
  TransactionalConnection,
} from '@chain-erp/shared';
import { AGEING_BUCKETS, bucketSql } from './ageing.calculator';
import type { AgeingQueryDto, ItemQueryDto, PartyTypeQueryDto, PaymentQueryDto, SalesSettlementQueryDto, StatementQueryDto, StoredValueQueryDto } from './settlement.dto';
import type { PartyType, PaymentKind } from './settlement.entity';
import type { ListRowsOf } from './settlement.lists';

/** A list or report over one FROM: the SELECT list names the output columns, sorting refers to them. */
export interface ListSpec {
  sql: Sql;
  select: string;
  from: string;
  where: string[];
  /** API sort names → SQL over the output columns (alias `f`), and the default order */
  sort: SortSpec;
  /** a SELECT list over `f` for the totals of everything selected */
  totals?: string;
}

/** A page of a list as SQL gives it: its rows, the count of all and the 合计 row. */
export interface ListRows<R extends object = Row, T extends object = Row> {
  items: R[];
  total: number;
  totals?: T;
}

/** The one statement of a list page: the count, the page's rows as JSON and the 合计 row. */
export function listSql(q: ReportFormatDto, spec: ListSpec): string {
  const where = spec.where.length ? `WHERE ${spec.where.join(' AND ')}` : '';
  return `WITH f AS (SELECT ${spec.select} FROM ${spec.from} ${where})
       SELECT (SELECT count(*)::int FROM f) AS n,
              (SELECT json_agg(x) FROM (SELECT * FROM f ORDER BY ${orderBy(q.sort, spec.sort)} ${pageSql(q)}) x) AS items,
              ${spec.totals ? `(SELECT row_to_json(t) FROM (SELECT ${spec.totals} FROM f) t)` : 'NULL::json'} AS totals`;
}

/** A list's sort over its text and numeric output columns (alias `f`). */
export function listSort(text: string[], numeric: string[], defaultSort: string): SortSpec {
  return defineSort({ ...Object.fromEntries(text.map((k) => [k, `f."${k}"`])), ...Object.fromEntries(numeric.map((k) => [k, `f."${k}"::numeric`])) }, defaultSort);
}

/** Contexts a list declaration composes its texts for: HQ (every store) and a store user (its own). */
export const DECLARE_ID = '00000000-0000-0000-0000-000000000000';
export const DECLARE_CONTEXTS = {
  hq: RequestContext.system({ id: DECLARE_ID, code: 'HQ', kind: 'hq' }),
  store: RequestContext.system({ id: DECLARE_ID, code: 'S', kind: 'store' }),
};

/** `sum(col)` of money output columns of `f`, for a 合计 row (null when nothing matched). */
export const moneySums = (keys: string[]) => keys.map((k) => `${moneyText(`sum("${k}"::numeric)`)} AS "${k}"`).join(', ');
const likeText = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

export const PAYMENT_SORT = listSort(['number', 'paidOn', 'entryDate', 'partyCode', 'status', 'createdAt'], ['amount', 'unallocatedAmount'], '-createdAt');
export const OPEN_ITEM_SORT = listSort(['docNo', 'docDate', 'entryDate', 'dueDate', 'partyCode', 'createdAt'], ['amount', 'open', 'daysOverdue'], 'entryDate,createdAt');
/** by document date there is no 未到期 (notDue) bucket */
export const AGEING_SORT = listSort(['partyCode', 'partyName'], ['total', ...AGEING_BUCKETS.filter((b) => b.key !== 'notDue').map((b) => b.key), 'unapplied'], '-total,partyCode');
export const AGEING_DUE_SORT = listSort(['partyCode', 'partyName'], ['total', ...AGEING_BUCKETS.map((b) => b.key), 'unapplied'], '-total,partyCode');
export const BALANCE_SORT = listSort(['partyCode', 'partyName', 'nextDue'], ['balance', 'overdue', 'dueSoon', 'openDebits', 'unapplied'], '-balance,partyCode');
export const DUE_SORT = listSort(['dueDate', 'docNo', 'partyCode'], ['open', 'daysOverdue'], 'dueDate,partyCode,docNo');
export const PAID_SORT = listSort(['partyCode', 'partyName', 'lastPaidOn'], ['amount', 'payments'], '-amount,partyCode');
export const STATEMENT_SORT = listSort(['number', 'partyCode', 'periodFrom', 'periodTo', 'status', 'createdAt'], ['closingBalance'], '-createdAt');
export const SUPPLIER_SETTLEMENT_SORT = listSort(['number', 'supplierCode', 'periodFrom', 'periodTo', 'status', 'createdAt'], ['payableAmount', 'salesAmount'], '-createdAt');
export const STORED_VALUE_SETTLEMENT_SORT = listSort(['number', 'storeCode', 'periodFrom', 'periodTo', 'createdAt'], ['netAmount'], '-createdAt');
export const STORE_TERMS_SORT = listSort(['storeCode', 'storeName'], ['markupPercent'], 'storeCode');

/** The party of a ledger row (item `i` or statement `s`), whichever kind it is. */
const PARTY_JOIN = (alias: string) =>
  `LEFT JOIN customer pc ON ${alias}.party_type = 'customer' AND pc.id = ${alias}.party_id
   LEFT JOIN supplier ps ON ${alias}.party_type = 'supplier' AND ps.id = ${alias}.party_id
   LEFT JOIN org_unit po ON ${alias}.party_type = 'store' AND po.id = ${alias}.party_id`;
const PARTY_CODE = 'coalesce(pc.code, ps.code, po.code)';
const PARTY_NAME = 'coalesce(pc.name, ps.name, po.name)';
const PARTY_TABLE: Record<PartyType, string> = { customer: 'customer', supplier: 'supplier', store: 'org_unit' };

/** The open amount of each item as of the end of a day: later allocations do not count yet. */
function openAsOfSql(asOf: string): string {
  return `i.amount - coalesce((SELECT sum(a.amount) FROM settlement_allocation a WHERE a.debit_item_id = i.id AND a.allocated_on <= ${asOf}::date), 0)
                  + coalesce((SELECT sum(a.amount) FROM settlement_allocation a WHERE a.credit_item_id = i.id AND a.allocated_on <= ${asOf}::date), 0)`;
}

/** The filters every ledger report has: the side, the store scope and the party. */
function ledgerFilters(ctx: RequestContext, sql: Sql, q: { partyType: PartyType; partyId?: string; storeId?: string }): string[] {
  const where = [`i.party_type = ${sql.p(q.partyType)}`, ...scopeSql(ctx, sql, 'i.store_id', q.storeId)];
  if (q.partyId) where.push(`i.party_id = ${sql.p(q.partyId)}`);
  return where;
}

type Filters<T> = Omit<T, 'page' | 'pageSize' | 'sort' | 'format'>;

function paymentList(ctx: RequestContext, kind: PaymentKind, partyType: PartyType, q: Filters<PaymentQueryDto>): ListSpec {
  const sql = new Sql();
  const where = [`p.kind = ${sql.p(kind)}`, ...scopeSql(ctx, sql, 'p.store_id', q.storeId)];
  if (q.partyId) where.push(`p.party_id = ${sql.p(q.partyId)}`);
  if (q.status) where.push(`p.status = ${sql.p(q.status)}`);
  if (q.from) where.push(`p.paid_on >= ${sql.p(q.from)}::date`);
  if (q.to) where.push(`p.paid_on <= ${sql.p(q.to)}::date`);
  if (q.search) where.push(`(p.number ILIKE ${sql.p(likeText(q.search))} OR p.reference ILIKE ${sql.p(likeText(q.search))})`);
  return {
    sql,
    select: `p.id, p.number, to_char(p.paid_on, 'YYYY-MM-DD') AS "paidOn", to_char(p.entry_date, 'YYYY-MM-DD') AS "entryDate", p.party_id AS "partyId", pt.code AS "partyCode",
             pt.name AS "partyName", p.method, p.reference, p.status, ${moneyText('p.amount')} AS amount, ${moneyText('coalesce(-i.allocated, 0)')} AS "allocatedAmount",
             ${moneyText('CASE WHEN p.reverses_id IS NULL AND i.id IS NOT NULL THEN i.allocated - i.amount ELSE 0 END')} AS "unallocatedAmount",
             p.reverses_id AS "reversesId", o.number AS "reversesNumber", p.remark, p.created_at AS "createdAt"`,
    from: `settlement_payment p JOIN ${PARTY_TABLE[partyType]} pt ON pt.id = p.party_id
           LEFT JOIN settlement_item i ON i.doc_type = p.kind AND i.doc_id = p.id LEFT JOIN settlement_payment o ON o.id = p.reverses_id`,
    where,
    sort: PAYMENT_SORT,
    totals: `${moneyText(`sum(CASE WHEN status = 'posted' AND "reversesId" IS NULL THEN amount::numeric WHEN status = 'posted' THEN -amount::numeric ELSE 0 END)`)} AS amount,
             ${moneySums(['unallocatedAmount'])}`,
  };
}

function itemList(ctx: RequestContext, q: Filters<ItemQueryDto>, today: string): ListSpec {
  const sql = new Sql();
  const where = ledgerFilters(ctx, sql, q);
  if (q.open === 'true') where.push('i.allocated <> i.amount');
  if (q.open === 'false') where.push('i.allocated = i.amount');
  if (q.from) where.push(`i.entry_date >= ${sql.p(q.from)}::date`);
  if (q.to) where.push(`i.entry_date <= ${sql.p(q.to)}::date`);
  if (q.docType) where.push(`i.doc_type = ${sql.p(q.docType)}`);
  if (q.search) where.push(`i.doc_no ILIKE ${sql.p(likeText(q.search))}`);
  const t = sql.p(today);
  return {
    sql,
    select: `i.id, i.party_id AS "partyId", ${PARTY_CODE} AS "partyCode", ${PARTY_NAME} AS "partyName", i.doc_type AS "docType", i.doc_id AS "docId", i.doc_no AS "docNo",
             to_char(i.doc_date, 'YYYY-MM-DD') AS "docDate", to_char(i.entry_date, 'YYYY-MM-DD') AS "entryDate", to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
             ${moneyText('i.amount')} AS amount, ${moneyText('i.allocated')} AS allocated, ${moneyText('i.amount - i.allocated')} AS open,
             CASE WHEN i.amount > i.allocated AND i.due_date < ${t}::date THEN (${t}::date - i.due_date) ELSE 0 END AS "daysOverdue", i.description, i.created_at AS "createdAt"`,
    from: `settlement_item i ${PARTY_JOIN('i')}`,
    where,
    sort: OPEN_ITEM_SORT,
    totals: moneySums(['amount', 'allocated', 'open']),
  };
}

function ageingList(ctx: RequestContext, q: Filters<AgeingQueryDto>, asOf: string): ListSpec {
  const sql = new Sql();
  const where = ledgerFilters(ctx, sql, q);
  const at = sql.p(asOf);
  where.push(`i.entry_date <= ${at}::date`);
  const age = q.basis === 'due' ? `(${at}::date - coalesce(it.due_date, it.doc_date))` : `(${at}::date - it.doc_date)`;
  const buckets = [...AGEING_BUCKETS.filter((b) => q.basis === 'due' || b.key !== 'notDue').map((b) => b.key), 'unapplied'];
  return {
    sql,
    select: `party_id AS "partyId", max(code) AS "partyCode", max(name) AS "partyName",
             ${buckets.map((k) => `${moneyText(`coalesce(sum(open) FILTER (WHERE bucket = '${k}'), 0)`)} AS "${k}"`).join(', ')}, ${moneyText('sum(open)')} AS total`,
    from: `(SELECT it.party_id, it.code, it.name, it.open, CASE WHEN it.open < 0 THEN 'unapplied' ELSE ${bucketSql(age)} END AS bucket
              FROM (SELECT i.party_id, ${PARTY_CODE} AS code, ${PARTY_NAME} AS name, i.doc_date, i.due_date, ${openAsOfSql(at)} AS open
                      FROM settlement_item i ${PARTY_JOIN('i')} WHERE ${where.join(' AND ')}) it
             WHERE it.open <> 0) b GROUP BY party_id`,
    where: [],
    sort: q.basis === 'due' ? AGEING_DUE_SORT : AGEING_SORT,
    totals: moneySums([...buckets, 'total']),
  };
}

function balanceList(ctx: RequestContext, q: Filters<PartyTypeQueryDto>, asOf: string, dueSoonTo: string): ListSpec {
  const sql = new Sql();
  const where = ledgerFilters(ctx, sql, q);
  const at = sql.p(asOf);
  const soon = sql.p(dueSoonTo);
  where.push(`i.entry_date <= ${at}::date`);
  return {
    sql,
    select: `party_id AS "partyId", max(code) AS "partyCode", max(name) AS "partyName", ${moneyText('sum(amount)')} AS balance,
             ${moneyText('coalesce(sum(open) FILTER (WHERE open > 0), 0)')} AS "openDebits", ${moneyText('coalesce(sum(open) FILTER (WHERE open < 0), 0)')} AS unapplied,
             ${moneyText(`coalesce(sum(open) FILTER (WHERE open > 0 AND due_date < ${at}::date), 0)`)} AS overdue,
             ${moneyText(`coalesce(sum(open) FILTER (WHERE open > 0 AND due_date BETWEEN ${at}::date AND ${soon}::date), 0)`)} AS "dueSoon",
             to_char(min(due_date) FILTER (WHERE open > 0), 'YYYY-MM-DD') AS "nextDue"`,
    from: `(SELECT i.party_id, ${PARTY_CODE} AS code, ${PARTY_NAME} AS name, i.amount, i.due_date, ${openAsOfSql(at)} AS open
              FROM settlement_item i ${PARTY_JOIN('i')} WHERE ${where.join(' AND ')}) it GROUP BY party_id`,
    where: [],
    sort: BALANCE_SORT,
    totals: moneySums(['balance', 'openDebits', 'unapplied', 'overdue', 'dueSoon']),
  };
}

function dueList(ctx: RequestContext, q: Filters<PartyTypeQueryDto>, asOf: string, dueBy: string): ListSpec {
  const sql = new Sql();
  const where = ledgerFilters(ctx, sql, q);
  const at = sql.p(asOf);
  where.push('i.amount > i.allocated', `i.due_date <= ${sql.p(dueBy)}::date`);
  return {
    sql,
    select: `i.id, i.party_id AS "partyId", ${PARTY_CODE} AS "partyCode", ${PARTY_NAME} AS "partyName", i.doc_type AS "docType", i.doc_no AS "docNo",
             to_char(i.doc_date, 'YYYY-MM-DD') AS "docDate", to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate", ${moneyText('i.amount')} AS amount,
             ${moneyText('i.amount - i.allocated')} AS open, (${at}::date - i.due_date) AS "daysOverdue"`,
    from: `settlement_item i ${PARTY_JOIN('i')}`,
    where,
    sort: DUE_SORT,
    totals: `${moneySums(['open'])}, ${moneyText(`sum(open::numeric) FILTER (WHERE "daysOverdue" > 0)`)} AS overdue`,
  };
}

function paidList(ctx: RequestContext, q: Filters<PartyTypeQueryDto>, docTypes: string[], from: string, to: string): ListSpec {
  const sql = new Sql();
  const where = ledgerFilters(ctx, sql, q);
  where.push(`i.doc_type = ANY(${sql.p(docTypes)}::varchar[])`, `i.entry_date BETWEEN ${sql.p(from)}::date AND ${sql.p(to)}::date`);
  return {
    sql,
    select: `i.party_id AS "partyId", max(${PARTY_CODE}) AS "partyCode", max(${PARTY_NAME}) AS "partyName", count(*) FILTER (WHERE i.amount < 0)::int AS payments,
             ${moneyText('-sum(i.amount)')} AS amount, to_char(max(i.doc_date), 'YYYY-MM-DD') AS "lastPaidOn"`,
    from: `settlement_item i ${PARTY_JOIN('i')} WHERE ${where.join(' AND ')} GROUP BY i.party_id`,
    where: [],
    sort: PAID_SORT,
    totals: `sum(payments)::int AS payments, ${moneySums(['amount'])}`,
  };
}

function statementList(ctx: RequestContext, q: Filters<StatementQueryDto>): ListSpec {
  const sql = new Sql();
  const where = scopeSql(ctx, sql, 's.store_id', q.storeId);
  if (q.partyType) where.push(`s.party_type = ${sql.p(q.partyType)}`);
  if (q.partyId) where.push(`s.party_id = ${sql.p(q.partyId)}`);
  if (q.status) where.push(`s.status = ${sql.p(q.status)}`);
  return {
    sql,
    select: `s.id, s.number, s.party_type AS "partyType", s.party_id AS "partyId", ${PARTY_CODE} AS "partyCode", ${PARTY_NAME} AS "partyName",
             to_char(s.period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(s.period_to, 'YYYY-MM-DD') AS "periodTo", ${moneyText('s.opening_balance')} AS "openingBalance",
             ${moneyText('s.debit_total')} AS "debitTotal", ${moneyText('s.credit_total')} AS "creditTotal", ${moneyText('s.closing_balance')} AS "closingBalance", s.status,
             s.created_at AS "createdAt"`,
    from: `settlement_statement s ${PARTY_JOIN('s')}`,
    where,
    sort: STATEMENT_SORT,
  };
}

function supplierSettlementList(ctx: RequestContext, q: Filters<SalesSettlementQueryDto>): ListSpec {
  const sql = new Sql();
  // supplier business is HQ's: a store user sees none of it
  const where: string[] = ctx.storeId ? ['false'] : [];
  if (q.supplierId) where.push(`c.supplier_id = ${sql.p(q.supplierId)}`);
  if (q.status) where.push(`c.status = ${sql.p(q.status)}`);
  return {
    sql,
    select: `c.id, c.number, c.supplier_id AS "supplierId", s.code AS "supplierCode", s.name AS "supplierName", c.mode, to_char(c.period_from, 'YYYY-MM-DD') AS "periodFrom",
             to_char(c.period_to, 'YYYY-MM-DD') AS "periodTo", c.status, ${qtyText('c.total_qty')} AS "totalQty", ${moneyText('c.sales_amount')} AS "salesAmount",
             ${moneyText('c.commission_amount')} AS "commissionAmount", ${moneyText('c.payable_amount')} AS "payableAmount", c.created_at AS "createdAt"`,
    from: 'supplier_sales_settlement c JOIN supplier s ON s.id = c.supplier_id',
    where,
    sort: SUPPLIER_SETTLEMENT_SORT,
    totals: moneySums(['salesAmount', 'commissionAmount', 'payableAmount']),
  };
}

function storedValueList(ctx: RequestContext, q: Filters<StoredValueQueryDto>): ListSpec {
  const sql = new Sql();
  return {
    sql,
    select: `v.id, v.number, v.store_id AS "storeId", o.code AS "storeCode", o.name AS "storeName", to_char(v.period_from, 'YYYY-MM-DD') AS "periodFrom",
             to_char(v.period_to, 'YYYY-MM-DD') AS "periodTo", ${moneyText('v.top_up_amount')} AS "topUpAmount", ${moneyText('v.refund_amount')} AS "refundAmount",
             ${moneyText('v.spent_amount')} AS "spentAmount", ${moneyText('v.net_amount')} AS "netAmount", v.created_at AS "createdAt"`,
    from: 'stored_value_settlement v JOIN org_unit o ON o.id = v.store_id',
    where: scopeSql(ctx, sql, 'v.store_id', q.storeId),
    sort: STORED_VALUE_SETTLEMENT_SORT,
    totals: moneySums(['topUpAmount', 'refundAmount', 'spentAmount', 'netAmount']),
  };
}

function storeTermsList(ctx: RequestContext, q: Filters<StoredValueQueryDto>): ListSpec {
  const sql = new Sql();
  return {
    sql,
    select: `o.id AS "storeId", o.code AS "storeCode", o.name AS "storeName", ${moneyText('coalesce(t.markup_percent, 0)')} AS "markupPercent",
             t.payment_terms_days AS "paymentTermsDays"`,
    from: `org_unit o LEFT JOIN store_settlement_terms t ON t.store_id = o.id`,
    where: [`o.kind = 'store'`, ...scopeSql(ctx, sql, 'o.id', q.storeId)],
    sort: STORE_TERMS_SORT,
  };
}

// The lists are composed from their filters and sort: the test prepares each with no filter and
// with every filter at once, for HQ and for a store user, so a renamed column fails there.
sqlStatements(
  'settlement.lists',
  () => {
    const id = DECLARE_ID;
    const day = '2026-01-01';
    const party = { partyType: 'customer' as const, partyId: id, storeId: id };
    const texts: Record<string, string> = {};
    for (const [scope, ctx] of Object.entries(DECLARE_CONTEXTS)) {
      const add = (name: string, spec: ListSpec, q: ReportFormatDto = {}) => (texts[`${name}.${scope}`] = listSql(q, spec));
      add('payments.plain', paymentList(ctx, 'supplier_payment', 'supplier', {}));
      add('payments.filtered', paymentList(ctx, 'store_payment', 'store', { partyId: id, status: 'posted', from: day, to: day, search: 'x', storeId: id }), { sort: 'amount' });
      add('items.plain', itemList(ctx, { partyType: 'supplier' }, day));
      add('items.filtered', itemList(ctx, { ...party, open: 'true', from: day, to: day, docType: 'wholesale_delivery', search: 'x' }, day), { format: 'xlsx' });
      add('items.settled', itemList(ctx, { ...party, open: 'false' }, day));
      add('ageing.document', ageingList(ctx, party, day), { sort: 'd90plus' });
      add('ageing.due', ageingList(ctx, { ...party, basis: 'due' }, day), { sort: 'notDue' });
      add('balances', balanceList(ctx, party, day, day), { sort: 'nextDue' });
      add('due', dueList(ctx, party, day, day));
      add('paid', paidList(ctx, party, ['customer_receipt', 'customer_receipt_reversal'], day, day));
      add('statements.plain', statementList(ctx, {}));
      add('statements.filtered', statementList(ctx, { partyType: 'store', partyId: id, status: 'sent', storeId: id }), { sort: 'closingBalance' });
      add('supplierSettlements.plain', supplierSettlementList(ctx, {}));
      add('supplierSettlements.filtered', supplierSettlementList(ctx, { supplierId: id, status: 'posted' }), { sort: 'payableAmount' });
      add('storedValue', storedValueList(ctx, { storeId: id }), { sort: 'netAmount' });
      add('storeTerms', storeTermsList(ctx, { storeId: id }), { sort: 'markupPercent' });
    }
    return texts;
  },
  ['hq'],
);

/** The settlement module's list and report SQL: one statement per page, count and totals included; money formatted in SQL. */
@Injectable()
export class SettlementRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** One page of a list (its rows as `R`, the columns `spec.select` names), the count and the 合计 row. */
  async list<R extends object = Row, T extends object = Row>(ctx: RequestContext, q: ReportFormatDto, spec: ListSpec): Promise<ListRows<R, T>> {
    const [r] = await queryRows<{ n: number; items: R[] | null; totals: T | null }>(this.connection.manager(ctx), listSql(q, spec), spec.sql.params);
    return { items: r.items ?? [], total: r.n, ...(r.totals ? { totals: r.totals } : {}) };
  }

  /** 收款单 / 门店缴款单 / 付款单 of one kind. */
  payments(ctx: RequestContext, kind: PaymentKind, partyType: PartyType, q: PaymentQueryDto): Promise<ListRowsOf<'payments'>> {
    return this.list(ctx, q, paymentList(ctx, kind, partyType, q));
  }

  /** 应收/应付明细 (days overdue counted to `today`); docTypeZh is the service's. */
  items(ctx: RequestContext, q: ItemQueryDto, today: string): Promise<ListRowsOf<'items', 'docTypeZh'>> {
    return this.list(ctx, q, itemList(ctx, q, today));
  }

  /** 账龄 as of the end of `asOf`. */
  ageing(ctx: RequestContext, q: AgeingQueryDto, asOf: string): Promise<ListRowsOf<'ageing'>> {
    return this.list(ctx, q, ageingList(ctx, q, asOf));
  }

  /** 应收/应付汇总 as of the end of `asOf`; “due soon” = due from asOf to `dueSoonTo`. */
  balances(ctx: RequestContext, q: PartyTypeQueryDto, asOf: string, dueSoonTo: string): Promise<ListRowsOf<'balances'>> {
    return this.list(ctx, q, balanceList(ctx, q, asOf, dueSoonTo));
  }

  /** 到期清单: open items due by `dueBy`, days overdue counted on `asOf`; docTypeZh is the service's. */
  due(ctx: RequestContext, q: PartyTypeQueryDto, asOf: string, dueBy: string): Promise<ListRowsOf<'due', 'docTypeZh'>> {
    return this.list(ctx, q, dueList(ctx, q, asOf, dueBy));
  }

  /** 已付款 / 已收款: items of these payment document types entered from–to, per party. */
  paid(ctx: RequestContext, q: PartyTypeQueryDto, docTypes: string[], from: string, to: string): Promise<ListRowsOf<'paid'>> {
    return this.list(ctx, q, paidList(ctx, q, docTypes, from, to));
  }

  statements(ctx: RequestContext, q: StatementQueryDto): Promise<ListRowsOf<'statements'>> {
    return this.list(ctx, q, statementList(ctx, q));
  }

  supplierSettlements(ctx: RequestContext, q: SalesSettlementQueryDto): Promise<ListRowsOf<'supplierSettlements'>> {
    return this.list(ctx, q, supplierSettlementList(ctx, q));
  }

  storedValueSettlements(ctx: RequestContext, q: StoredValueQueryDto): Promise<ListRowsOf<'storedValueSettlements'>> {
    return this.list(ctx, q, storedValueList(ctx, q));
  }

  storeTerms(ctx: RequestContext, q: StoredValueQueryDto): Promise<ListRowsOf<'storeTerms'>> {
    return this.list(ctx, q, storeTermsList(ctx, q));
  }
}
