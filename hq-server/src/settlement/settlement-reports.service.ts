import { Injectable } from '@nestjs/common';
import { addDays, DomainException, isIsoDate, localToday, ReportColumn, RequestContext, scopeSql, Sql } from '@chain-erp/shared';
import { AGEING_BUCKETS, bucketSql } from './ageing.calculator';
import { listAnswer } from './list-output';
import { AgeingQueryDto, BalanceQueryDto, DueQueryDto, ItemQueryDto, PaidReportDto } from './settlement.dto';
import { PartyType, type SettlementDocType } from './settlement.entity';
import { listSort, SettlementRepository } from './settlement.repository';
import { pastOrToday, period } from './settlement-support';
import { SettlementError } from './settlement.errors';
import { DOC_TYPE_ZH, PARTY_CODE, PARTY_JOIN, PARTY_NAME } from './statement.service';

export const OPEN_ITEM_SORT = listSort(['docNo', 'docDate', 'entryDate', 'dueDate', 'partyCode', 'createdAt'], ['amount', 'open', 'daysOverdue'], 'entryDate,createdAt');
/** by document date there is no 未到期 (notDue) bucket */
export const AGEING_SORT = listSort(['partyCode', 'partyName'], ['total', ...AGEING_BUCKETS.filter((b) => b.key !== 'notDue').map((b) => b.key), 'unapplied'], '-total,partyCode');
export const AGEING_DUE_SORT = listSort(['partyCode', 'partyName'], ['total', ...AGEING_BUCKETS.map((b) => b.key), 'unapplied'], '-total,partyCode');
export const BALANCE_SORT = listSort(['partyCode', 'partyName', 'nextDue'], ['balance', 'overdue', 'dueSoon', 'openDebits', 'unapplied'], '-balance,partyCode');
export const DUE_SORT = listSort(['dueDate', 'docNo', 'partyCode'], ['open', 'daysOverdue'], 'dueDate,partyCode,docNo');
export const PAID_SORT = listSort(['partyCode', 'partyName', 'lastPaidOn'], ['amount', 'payments'], '-amount,partyCode');

const SIDE: Record<PartyType, { zh: string; en: string; payments: string[] }> = {
  customer: { zh: '应收', en: 'receivables', payments: ['customer_receipt', 'customer_receipt_reversal'] },
  supplier: { zh: '应付', en: 'payables', payments: ['supplier_payment', 'supplier_payment_reversal'] },
  store: { zh: '门店应收', en: 'store receivables', payments: ['store_payment', 'store_payment_reversal'] },
};

const PARTY_COLUMNS: ReportColumn[] = [
  { key: 'partyCode', zh: '编码', en: 'code' },
  { key: 'partyName', zh: '名称', en: 'name' },
];

/** The open amount of each item as of the end of a day: later allocations do not count yet. */
function openAsOfSql(asOf: string): string {
  return `i.amount - coalesce((SELECT sum(a.amount) FROM settlement_allocation a WHERE a.debit_item_id = i.id AND a.allocated_on <= ${asOf}::date), 0)
                  + coalesce((SELECT sum(a.amount) FROM settlement_allocation a WHERE a.credit_item_id = i.id AND a.allocated_on <= ${asOf}::date), 0)`;
}

function asOfDate(value: string | undefined): string {
  const v = value ?? localToday();
  if (!isIsoDate(v))
    throw new DomainException(SettlementError.SETTLEMENT_DATE_INVALID, `${v} is not a date / 日期无效`, [{ field: 'asOf', message: 'must be a real date YYYY-MM-DD' }]);
  return v;
}

/**
 * 应收/应付 reports over the ledger: items (明细), balances by party (汇总), ageing (账龄), the due
 * list (到期), and what was paid (已付/已收). All scoped: a store user sees its own store only.
 */
@Injectable()
export class SettlementReportsService {
  constructor(private readonly repo: SettlementRepository) {}

  private base(ctx: RequestContext, sql: Sql, q: { partyType: PartyType; partyId?: string; storeId?: string }): string[] {
    const where = [`i.party_type = ${sql.p(q.partyType)}`, ...scopeSql(ctx, sql, 'i.store_id', q.storeId)];
    if (q.partyId) where.push(`i.party_id = ${sql.p(q.partyId)}`);
    return where;
  }

  /** 应收/应付明细: the items with what is still open on them. */
  async items(ctx: RequestContext, q: ItemQueryDto) {
    const sql = new Sql();
    const where = this.base(ctx, sql, q);
    if (q.open === 'true') where.push('i.allocated <> i.amount');
    if (q.open === 'false') where.push('i.allocated = i.amount');
    if (q.from) where.push(`i.entry_date >= ${sql.p(q.from)}::date`);
    if (q.to) where.push(`i.entry_date <= ${sql.p(q.to)}::date`);
    if (q.docType) where.push(`i.doc_type = ${sql.p(q.docType)}`);
    if (q.search) where.push(`i.doc_no ILIKE ${sql.p(`%${q.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`)}`);
    const today = sql.p(localToday());
    const page = await this.repo.list(ctx, q, {
      sql,
      select: `i.id, i.party_id AS "partyId", ${PARTY_CODE} AS "partyCode", ${PARTY_NAME} AS "partyName", i.doc_type AS "docType", i.doc_id AS "docId", i.doc_no AS "docNo",
               to_char(i.doc_date, 'YYYY-MM-DD') AS "docDate", to_char(i.entry_date, 'YYYY-MM-DD') AS "entryDate", to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate",
               i.amount::text AS amount, i.allocated::text AS allocated, (i.amount - i.allocated)::text AS open,
               CASE WHEN i.amount > i.allocated AND i.due_date < ${today}::date THEN (${today}::date - i.due_date) ELSE 0 END AS "daysOverdue", i.description, i.created_at AS "createdAt"`,
      from: `settlement_item i ${PARTY_JOIN('i')}`,
      where,
      sort: OPEN_ITEM_SORT,
      totals: `sum(amount::numeric)::text AS amount, sum(allocated::numeric)::text AS allocated, sum(open::numeric)::text AS open`,
    });
    page.items.forEach((r) => (r.docTypeZh = DOC_TYPE_ZH[r.docType as SettlementDocType] ?? r.docType));
    return listAnswer(q, {
      title: `${SIDE[q.partyType].zh}明细 ${SIDE[q.partyType].en}`,
      columns: [
        ...PARTY_COLUMNS,
        { key: 'docTypeZh', zh: '业务类型', en: 'document type' },
        { key: 'docNo', zh: '单号', en: 'number' },
        { key: 'docDate', zh: '单据日期', en: 'document date' },
        { key: 'entryDate', zh: '入账日期', en: 'entered' },
        { key: 'dueDate', zh: '到期日', en: 'due' },
        { key: 'amount', zh: '金额', en: 'amount', kind: 'money' },
        { key: 'allocated', zh: '已核销', en: 'allocated', kind: 'money' },
        { key: 'open', zh: '未结金额', en: 'open', kind: 'money' },
        { key: 'daysOverdue', zh: '逾期天数', en: 'days overdue', kind: 'int' },
        { key: 'description', zh: '摘要', en: 'description' },
      ],
      ...page,
    });
  }

  /** 账龄: open amounts per party by age, as of the end of a day; unmatched payments and credits apart; total = balance. */
  async ageing(ctx: RequestContext, q: AgeingQueryDto) {
    const asOf = asOfDate(q.asOf);
    const sql = new Sql();
    const where = this.base(ctx, sql, q);
    const at = sql.p(asOf);
    where.push(`i.entry_date <= ${at}::date`);
    const age = q.basis === 'due' ? `(${at}::date - coalesce(it.due_date, it.doc_date))` : `(${at}::date - it.doc_date)`;
    const buckets = AGEING_BUCKETS.filter((b) => q.basis === 'due' || b.key !== 'notDue');
    const sumOf = (k: string) => `coalesce(sum(open) FILTER (WHERE bucket = '${k}'), 0)::text AS "${k}"`;
    const page = await this.repo.list(ctx, q, {
      sql,
      select: `party_id AS "partyId", max(code) AS "partyCode", max(name) AS "partyName", ${buckets.map((b) => sumOf(b.key)).join(', ')}, ${sumOf('unapplied')},
               sum(open)::text AS total`,
      from: `(SELECT it.party_id, it.code, it.name, it.open, CASE WHEN it.open < 0 THEN 'unapplied' ELSE ${bucketSql(age)} END AS bucket
                FROM (SELECT i.party_id, ${PARTY_CODE} AS code, ${PARTY_NAME} AS name, i.doc_date, i.due_date, ${openAsOfSql(at)} AS open
                        FROM settlement_item i ${PARTY_JOIN('i')} WHERE ${where.join(' AND ')}) it
               WHERE it.open <> 0) b GROUP BY party_id`,
      where: [],
      sort: q.basis === 'due' ? AGEING_DUE_SORT : AGEING_SORT,
      totals: [...buckets.map((b) => `sum("${b.key}"::numeric)::text AS "${b.key}"`), `sum(unapplied::numeric)::text AS unapplied`, `sum(total::numeric)::text AS total`].join(
        ', ',
      ),
    });
    return listAnswer(q, {
      title: `${SIDE[q.partyType].zh}账龄 ageing ${asOf}`,
      columns: [
        ...PARTY_COLUMNS,
        ...buckets.map((b) => ({ key: b.key, zh: b.zh, en: b.en, kind: 'money' as const })),
        { key: 'unapplied', zh: q.partyType === 'supplier' ? '预付/红字未核销' : '预收/红字未核销', en: 'unapplied credits', kind: 'money' },
        { key: 'total', zh: '余额', en: 'balance', kind: 'money' },
      ],
      ...page,
    });
  }

  /** 应收/应付汇总 (payables by supplier …): balance, what is overdue and what falls due soon, per party. */
  async balances(ctx: RequestContext, q: BalanceQueryDto) {
    const asOf = asOfDate(q.asOf);
    const sql = new Sql();
    const where = this.base(ctx, sql, q);
    const at = sql.p(asOf);
    const soon = sql.p(addDays(asOf, q.dueDays ?? 7));
    where.push(`i.entry_date <= ${at}::date`);
    const page = await this.repo.list(ctx, q, {
      sql,
      select: `party_id AS "partyId", max(code) AS "partyCode", max(name) AS "partyName", sum(amount)::text AS balance,
               coalesce(sum(open) FILTER (WHERE open > 0), 0)::text AS "openDebits", coalesce(sum(open) FILTER (WHERE open < 0), 0)::text AS unapplied,
               coalesce(sum(open) FILTER (WHERE open > 0 AND due_date < ${at}::date), 0)::text AS overdue,
               coalesce(sum(open) FILTER (WHERE open > 0 AND due_date BETWEEN ${at}::date AND ${soon}::date), 0)::text AS "dueSoon",
               min(due_date) FILTER (WHERE open > 0) AS "nextDue"`,
      from: `(SELECT i.party_id, ${PARTY_CODE} AS code, ${PARTY_NAME} AS name, i.amount, i.due_date, ${openAsOfSql(at)} AS open
                FROM settlement_item i ${PARTY_JOIN('i')} WHERE ${where.join(' AND ')}) it GROUP BY party_id`,
      where: [],
      sort: BALANCE_SORT,
      totals: ['balance', 'openDebits', 'unapplied', 'overdue', 'dueSoon'].map((k) => `sum("${k}"::numeric)::text AS "${k}"`).join(', '),
    });
    page.items.forEach((r) => (r.nextDue = typeof r.nextDue === 'string' ? r.nextDue.slice(0, 10) : r.nextDue));
    return listAnswer(q, {
      title: `${SIDE[q.partyType].zh}汇总 ${SIDE[q.partyType].en} ${asOf}`,
      columns: [
        ...PARTY_COLUMNS,
        { key: 'balance', zh: '余额', en: 'balance', kind: 'money' },
        { key: 'openDebits', zh: '未结单据', en: 'open items', kind: 'money' },
        { key: 'unapplied', zh: '未核销款项', en: 'unapplied credits', kind: 'money' },
        { key: 'overdue', zh: '已逾期', en: 'overdue', kind: 'money' },
        { key: 'dueSoon', zh: `${q.dueDays ?? 7}天内到期`, en: `due within ${q.dueDays ?? 7} days`, kind: 'money' },
        { key: 'nextDue', zh: '最近到期日', en: 'next due' },
      ],
      ...page,
    });
  }

  /** 到期清单: open items due by asOf + dueDays (overdue ones first), for planning payments. */
  async due(ctx: RequestContext, q: DueQueryDto) {
    const asOf = asOfDate(q.asOf);
    const sql = new Sql();
    const where = this.base(ctx, sql, q);
    const at = sql.p(asOf);
    where.push('i.amount > i.allocated', `i.due_date <= ${sql.p(addDays(asOf, q.dueDays ?? 7))}::date`);
    const page = await this.repo.list(ctx, q, {
      sql,
      select: `i.id, i.party_id AS "partyId", ${PARTY_CODE} AS "partyCode", ${PARTY_NAME} AS "partyName", i.doc_type AS "docType", i.doc_no AS "docNo",
               to_char(i.doc_date, 'YYYY-MM-DD') AS "docDate", to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate", i.amount::text AS amount, (i.amount - i.allocated)::text AS open,
               (${at}::date - i.due_date) AS "daysOverdue"`,
      from: `settlement_item i ${PARTY_JOIN('i')}`,
      where,
      sort: DUE_SORT,
      totals: `sum(open::numeric)::text AS open, sum(open::numeric) FILTER (WHERE "daysOverdue" > 0)::text AS overdue`,
    });
    page.items.forEach((r) => (r.docTypeZh = DOC_TYPE_ZH[r.docType as SettlementDocType] ?? r.docType));
    return listAnswer(q, {
      title: `到期${SIDE[q.partyType].zh} due ${asOf}`,
      columns: [
        ...PARTY_COLUMNS,
        { key: 'docTypeZh', zh: '业务类型', en: 'document type' },
        { key: 'docNo', zh: '单号', en: 'number' },
        { key: 'docDate', zh: '单据日期', en: 'document date' },
        { key: 'dueDate', zh: '到期日', en: 'due' },
        { key: 'amount', zh: '金额', en: 'amount', kind: 'money' },
        { key: 'open', zh: '未结金额', en: 'open', kind: 'money' },
        { key: 'daysOverdue', zh: '逾期天数(负数=未到期)', en: 'days overdue (negative: not yet due)', kind: 'int' },
      ],
      ...page,
    });
  }

  /** 已付款 / 已收款: money paid or received per party in a period (reversals subtracted). */
  async paid(ctx: RequestContext, q: PaidReportDto) {
    const { from, to } = period(q.from, q.to);
    pastOrToday(from, 'from');
    const sql = new Sql();
    const where = this.base(ctx, sql, q);
    where.push(`i.doc_type = ANY(${sql.p(SIDE[q.partyType].payments)}::varchar[])`, `i.entry_date BETWEEN ${sql.p(from)}::date AND ${sql.p(to)}::date`);
    const page = await this.repo.list(ctx, q, {
      sql,
      select: `i.party_id AS "partyId", max(${PARTY_CODE}) AS "partyCode", max(${PARTY_NAME}) AS "partyName", count(*) FILTER (WHERE i.amount < 0)::int AS payments,
               (-sum(i.amount))::text AS amount, to_char(max(i.doc_date), 'YYYY-MM-DD') AS "lastPaidOn"`,
      from: `settlement_item i ${PARTY_JOIN('i')} WHERE ${where.join(' AND ')} GROUP BY i.party_id`,
      where: [],
      sort: PAID_SORT,
      totals: `sum(payments)::int AS payments, sum(amount::numeric)::text AS amount`,
    });
    return listAnswer(q, {
      title: `${q.partyType === 'supplier' ? '已付款 paid' : '已收款 received'} ${from}~${to}`,
      columns: [
        ...PARTY_COLUMNS,
        { key: 'payments', zh: '笔数', en: 'payments', kind: 'int' },
        { key: 'amount', zh: '金额', en: 'amount', kind: 'money' },
        { key: 'lastPaidOn', zh: '最近付款日', en: 'last paid on' },
      ],
      ...page,
    });
  }
}
