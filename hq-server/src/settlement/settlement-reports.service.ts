import { Injectable } from '@nestjs/common';
import { addDays, DomainException, isIsoDate, localToday, ReportColumn, RequestContext } from '@chain-erp/shared';
import { AGEING_BUCKETS } from './ageing.calculator';
import { listAnswer } from './list-output';
import { AgeingQueryDto, BalanceQueryDto, DueQueryDto, ItemQueryDto, PaidReportDto } from './settlement.dto';
import { PartyType } from './settlement.entity';
import { SettlementRepository } from './settlement.repository';
import { pastOrToday, period } from './settlement-support';
import { SettlementError } from './settlement.errors';
import { DOC_TYPE_ZH } from './statement.service';

const SIDE: Record<PartyType, { zh: string; en: string; payments: string[] }> = {
  customer: { zh: '应收', en: 'receivables', payments: ['customer_receipt', 'customer_receipt_reversal'] },
  supplier: { zh: '应付', en: 'payables', payments: ['supplier_payment', 'supplier_payment_reversal'] },
  store: { zh: '门店应收', en: 'store receivables', payments: ['store_payment', 'store_payment_reversal'] },
};

const PARTY_COLUMNS: ReportColumn[] = [
  { key: 'partyCode', zh: '编码', en: 'code' },
  { key: 'partyName', zh: '名称', en: 'name' },
];

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

  /** 应收/应付明细: the items with what is still open on them. */
  async items(ctx: RequestContext, q: ItemQueryDto) {
    const page = await this.repo.items(ctx, q, localToday());
    const items = page.items.map((r) => ({ ...r, docTypeZh: DOC_TYPE_ZH[r.docType] ?? r.docType }));
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
      items,
    });
  }

  /** 账龄: open amounts per party by age, as of the end of a day; unmatched payments and credits apart; total = balance. */
  async ageing(ctx: RequestContext, q: AgeingQueryDto) {
    const asOf = asOfDate(q.asOf);
    const buckets = AGEING_BUCKETS.filter((b) => q.basis === 'due' || b.key !== 'notDue');
    const page = await this.repo.ageing(ctx, q, asOf);
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
    const page = await this.repo.balances(ctx, q, asOf, addDays(asOf, q.dueDays ?? 7));
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
    const page = await this.repo.due(ctx, q, asOf, addDays(asOf, q.dueDays ?? 7));
    const items = page.items.map((r) => ({ ...r, docTypeZh: DOC_TYPE_ZH[r.docType] ?? r.docType }));
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
      items,
    });
  }

  /** 已付款 / 已收款: money paid or received per party in a period (reversals subtracted). */
  async paid(ctx: RequestContext, q: PaidReportDto) {
    const { from, to } = period(q.from, q.to);
    pastOrToday(from, 'from');
    const page = await this.repo.paid(ctx, q, SIDE[q.partyType].payments, from, to);
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
