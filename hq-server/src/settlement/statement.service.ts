import { Injectable, StreamableFile } from '@nestjs/common';
import {
  addDays,
  assertInScope,
  AuditLog,
  AuditService,
  CommonError,
  dec,
  DocumentNumberService,
  DomainException,
  htmlDocument,
  localToday,
  notFound,
  OutputColumn,
  RequestContext,
  StatusMachine,
  TransactionalConnection,
  xlsxFile,
} from '@chain-erp/shared';
import { ItemRow, LedgerRepository } from './ledger.repository';
import { LedgerService, Party, PARTY_ZH } from './ledger.service';
import { listAnswer, withMoney } from './list-output';
import { ConfirmStatementDto, CreateStatementDto, StatementPreviewDto, StatementQueryDto } from './settlement.dto';
import { PartyType, type SettlementDocType, SettlementStatement, SettlementStatementLine, StatementStatus } from './settlement.entity';
import { SettlementError } from './settlement.errors';
import { SettlementRepository } from './settlement.repository';
import { SettlementDocumentsRepository } from './settlement-documents.repository';
import { assertHq, pastOrToday, period, requireReason } from './settlement-support';
import { buildStatement } from './statement.calculator';

export const STATEMENT_FLOW = new StatusMachine<StatementStatus>(
  {
    draft: ['sent', 'cancelled'],
    sent: ['confirmed', 'disputed', 'cancelled'],
    // a dispute is answered by correcting documents and cancelling; or, explained, the statement is sent again
    disputed: ['sent', 'cancelled'],
    confirmed: [],
    cancelled: [],
  },
  'statement',
);

/** Labels of the documents a statement lists. */
export const DOC_TYPE_ZH: Record<SettlementDocType, string> = {
  wholesale_delivery: '批发出库',
  wholesale_return: '批发退货',
  customer_receipt: '收款',
  customer_receipt_reversal: '收款冲销',
  goods_receipt: '验收入库',
  goods_receipt_correction: '验收更正',
  purchase_return: '采购退货',
  supplier_sales_settlement: '代销/联营结算',
  supplier_payment: '付款',
  supplier_payment_reversal: '付款冲销',
  transfer_shipment: '调拨出库',
  transfer_variance: '调拨差异',
  store_payment: '门店缴款',
  store_payment_reversal: '缴款冲销',
  stored_value_settlement: '储值结算',
};

const STATUS_ZH: Record<StatementStatus, string> = { draft: '草稿', sent: '已发送', confirmed: '已确认', disputed: '有异议', cancelled: '已作废' };

const LINE_COLUMNS: OutputColumn[] = [
  { key: 'entryDate', zh: '入账日期' },
  { key: 'docDate', zh: '单据日期' },
  { key: 'docTypeZh', zh: '业务类型' },
  { key: 'docNo', zh: '单号' },
  { key: 'description', zh: '摘要' },
  { key: 'dueDate', zh: '到期日' },
  { key: 'debit', zh: '借方(增加)', kind: 'decimal' },
  { key: 'credit', zh: '贷方(减少)', kind: 'decimal' },
  { key: 'balance', zh: '余额', kind: 'decimal' },
];

const LIST_COLUMNS = [
  { key: 'number', zh: '对账单号', en: 'number' },
  { key: 'partyType', zh: '类型', en: 'party type' },
  { key: 'partyCode', zh: '往来单位编码', en: 'party code' },
  { key: 'partyName', zh: '往来单位', en: 'party' },
  { key: 'periodFrom', zh: '起始日期', en: 'from' },
  { key: 'periodTo', zh: '截止日期', en: 'to' },
  { key: 'openingBalance', zh: '期初余额', en: 'opening', kind: 'money' as const },
  { key: 'debitTotal', zh: '本期增加', en: 'debits', kind: 'money' as const },
  { key: 'creditTotal', zh: '本期减少', en: 'credits', kind: 'money' as const },
  { key: 'closingBalance', zh: '期末余额', en: 'closing', kind: 'money' as const },
  { key: 'status', zh: '状态', en: 'status' },
];

/** A store user reads its own store's settlement only; anything else answers 404 like a missing id. */
export function assertPartyInScope(ctx: RequestContext, partyType: PartyType, partyId: string): void {
  if (ctx.storeId && (partyType !== 'store' || partyId !== ctx.storeId)) throw notFound(PARTY_ZH[partyType]);
}

export interface StatementLineView extends Record<string, unknown> {
  itemId: string;
  entryDate: string;
  docDate: string;
  dueDate: string | null;
  docType: SettlementDocType;
  docTypeZh: string;
  docNo: string;
  description: string | null;
  debit: string;
  credit: string;
  balance: string;
}

/**
 * 对账单: a live view of any period (by the day items entered the books, so a past period always
 * reads the same), and statement documents that freeze the items, are sent to the party and come
 * back confirmed or disputed.
 */
@Injectable()
export class StatementService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly ledgerRepo: LedgerRepository,
    private readonly repo: SettlementRepository,
    private readonly docs: SettlementDocumentsRepository,
  ) {}

  /** The statement of a period as it stands now: JSON, Excel or printable HTML. */
  async preview(ctx: RequestContext, q: StatementPreviewDto) {
    assertPartyInScope(ctx, q.partyType, q.partyId);
    const { from, to } = period(q.from, q.to);
    const party = await this.ledger.party(ctx, q.partyType, q.partyId);
    const rows = await this.ledgerRepo.statementRows(ctx, q.partyType, q.partyId, from, to);
    const f = buildStatement(rows.opening, rows.items);
    const view = {
      partyType: q.partyType,
      party: { id: party.id, code: party.code, name: party.name },
      from,
      to,
      openingBalance: f.opening.toFixed(2),
      debitTotal: f.debitTotal.toFixed(2),
      creditTotal: f.creditTotal.toFixed(2),
      closingBalance: f.closing.toFixed(2),
      lines: f.lines.map((l) => this.lineView(l.item, l.debit, l.credit, l.balance)),
    };
    if (q.format === 'xlsx' || q.format === 'html') return this.output(q.format, { number: null, status: null, ...view, periodFrom: from, periodTo: to });
    return view;
  }

  async list(ctx: RequestContext, q: StatementQueryDto) {
    const page = await this.repo.statements(ctx, q);
    return listAnswer(q, { title: '对账单 statements', columns: LIST_COLUMNS, ...page });
  }

  async get(ctx: RequestContext, id: string) {
    const s = await this.connection.repo(ctx, SettlementStatement).findOne({ where: { id } });
    if (!s) throw notFound('statement');
    assertInScope(ctx, s.storeId, 'statement');
    const party = await this.ledger.party(ctx, s.partyType, s.partyId);
    const lines = await this.connection.repo(ctx, SettlementStatementLine).find({ where: { statementId: id }, order: { lineNo: 'ASC' } });
    return {
      ...withMoney(s, ['openingBalance', 'debitTotal', 'creditTotal', 'closingBalance']),
      party: { id: party.id, code: party.code, name: party.name },
      lines: lines.map((l) => ({
        ...l,
        docTypeZh: DOC_TYPE_ZH[l.docType] ?? l.docType,
        debit: dec(l.debit).toFixed(2),
        credit: dec(l.credit).toFixed(2),
        balance: dec(l.balance).toFixed(2),
      })),
    };
  }

  /**
   * A statement document: every item of the party not on an earlier statement, entered up to `to`,
   * frozen. The opening balance is what the earlier statements closed at.
   */
  async create(ctx: RequestContext, dto: CreateStatementDto) {
    assertHq(ctx);
    const to = pastOrToday(dto.to, 'to');
    return this.connection.withTransaction(ctx, async (tx) => {
      const party = await this.ledger.party(tx, dto.partyType, dto.partyId);
      await this.ledger.lockParty(tx, dto.partyType, dto.partyId);
      const open = await this.docs.latestStatement(tx, dto.partyType, dto.partyId);
      const draft = await this.connection.repo(tx, SettlementStatement).findOne({ where: { partyType: dto.partyType, partyId: dto.partyId, status: 'draft' } });
      if (draft)
        throw new DomainException(SettlementError.SETTLEMENT_STATEMENT_OVERLAP, `statement ${draft.number} is still a draft: send or cancel it first / 上一张对账单尚未发出`, [
          { field: 'partyId', message: `draft ${draft.number}` },
        ]);
      if (open && to <= open.periodTo) {
        throw new DomainException(
          SettlementError.SETTLEMENT_STATEMENT_OVERLAP,
          `statement ${open.number} already covers up to ${open.periodTo} / 该期间已对账`,
          [{ field: 'to', message: `after ${open.periodTo}` }],
          { statement: open.number },
        );
      }
      const items = await this.docs.unstatedItems(tx, dto.partyType, dto.partyId, to);
      const opening = await this.docs.statedBalance(tx, dto.partyType, dto.partyId);
      if (!items.length && dec(opening).isZero()) {
        throw new DomainException(
          SettlementError.SETTLEMENT_STATEMENT_EMPTY,
          `nothing to state for ${party.code}: no documents up to ${to} and nothing owed / 该期间没有业务，也没有余额`,
          [{ field: 'to', message: 'no items and a zero balance' }],
        );
      }
      const f = buildStatement(opening, items);
      const from = open ? addDays(open.periodTo, 1) : items.length ? items[0].entryDate : to;
      const repo = this.connection.repo(tx, SettlementStatement);
      const s = repo.create({
        number: await this.numbers.next(tx, 'STM', tx.user!.orgUnitCode, localToday()),
        partyType: dto.partyType,
        partyId: dto.partyId,
        storeId: dto.partyType === 'store' ? dto.partyId : null,
        periodFrom: from < to ? from : to,
        periodTo: to,
        openingBalance: f.opening.toFixed(2),
        debitTotal: f.debitTotal.toFixed(2),
        creditTotal: f.creditTotal.toFixed(2),
        closingBalance: f.closing.toFixed(2),
        status: 'draft',
        remark: dto.remark?.trim() || null,
        createdBy: tx.userId,
      });
      await repo.save(s);
      if (f.lines.length) {
        await this.connection.repo(tx, SettlementStatementLine).insert(
          f.lines.map((l, i) => ({
            statementId: s.id,
            lineNo: i + 1,
            itemId: l.item.id,
            entryDate: l.item.entryDate,
            docDate: l.item.docDate,
            dueDate: l.item.dueDate,
            docType: l.item.docType,
            docNo: l.item.docNo,
            description: l.item.description,
            debit: l.debit.toFixed(2),
            credit: l.credit.toFixed(2),
            balance: l.balance.toFixed(2),
            active: true,
          })),
        );
      }
      await this.audit.record(tx, { entityType: 'settlement_statement', entityId: s.id, action: 'create', after: { ...s, lines: f.lines.length } });
      return this.get(tx, s.id);
    });
  }

  async send(ctx: RequestContext, id: string) {
    assertHq(ctx);
    return this.transition(ctx, id, 'sent', (tx, s) => {
      Object.assign(s, { sentBy: tx.userId, sentAt: new Date() });
    });
  }

  /** 确认: the party agrees (HQ records it; a store confirms its own statement itself). */
  async confirm(ctx: RequestContext, id: string, dto: ConfirmStatementDto) {
    return this.transition(ctx, id, 'confirmed', (tx, s) => {
      this.assertMayAnswer(tx, s);
      Object.assign(s, { confirmedBy: tx.userId, confirmedAt: new Date(), confirmNote: dto.note?.trim() || null });
    });
  }

  /** 异议: the party does not agree; the reason says with what. */
  async dispute(ctx: RequestContext, id: string, reason: string) {
    const why = requireReason(reason);
    return this.transition(
      ctx,
      id,
      'disputed',
      (tx, s) => {
        this.assertMayAnswer(tx, s);
        Object.assign(s, { disputedBy: tx.userId, disputedAt: new Date(), disputeReason: why });
      },
      why,
    );
  }

  /** 作废: only the party's latest statement; its items go back to the next one. */
  async cancel(ctx: RequestContext, id: string, reason: string) {
    assertHq(ctx);
    const why = requireReason(reason);
    return this.transition(
      ctx,
      id,
      'cancelled',
      async (tx, s) => {
        const later = await this.docs.laterStatement(tx, s);
        if (later) throw new DomainException(CommonError.CONFLICT, `cancel the later statement ${later} first / 请先作废之后的对账单`, undefined, { statement: later });
        Object.assign(s, { cancelledBy: tx.userId, cancelledAt: new Date(), cancelReason: why });
        await this.connection.repo(tx, SettlementStatementLine).update({ statementId: s.id }, { active: false });
      },
      why,
    );
  }

  async auditTrail(ctx: RequestContext, id: string): Promise<AuditLog[]> {
    await this.get(ctx, id);
    return this.connection.repo(ctx, AuditLog).find({ where: { entityType: 'settlement_statement', entityId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  async document(ctx: RequestContext, id: string, format: 'xlsx' | 'html' = 'html'): Promise<StreamableFile> {
    const s = await this.get(ctx, id);
    return this.output(format, s);
  }

  private assertMayAnswer(ctx: RequestContext, s: SettlementStatement): void {
    if (ctx.can('settlement.statement.write') && ctx.isHq) return;
    if (s.partyType === 'store' && ctx.can('settlement.store.confirm')) return; // scope was checked by the lock
    throw new DomainException(
      CommonError.PERMISSION_DENIED,
      "only the store answers its own statement; HQ records other parties' answers with settlement.statement.write / 无权确认该对账单",
      undefined,
      {
        permission: ['settlement.statement.write', 'settlement.store.confirm'],
      },
    );
  }

  private async transition(ctx: RequestContext, id: string, to: StatementStatus, apply: (tx: RequestContext, s: SettlementStatement) => void | Promise<void>, reason?: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const s = await this.connection.repo(tx, SettlementStatement).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
      if (!s) throw notFound('statement');
      assertInScope(tx, s.storeId, 'statement');
      STATEMENT_FLOW.assertTransition(s.status, to);
      const before = { status: s.status };
      await apply(tx, s);
      s.status = to;
      await this.connection.repo(tx, SettlementStatement).save(s);
      await this.audit.record(tx, {
        entityType: 'settlement_statement',
        entityId: id,
        action: { sent: 'send', confirmed: 'confirm', disputed: 'dispute', cancelled: 'cancel', draft: 'draft' }[to],
        before,
        after: { status: to },
        reason: reason ?? null,
      });
      return this.get(tx, id);
    });
  }

  private lineView(i: ItemRow, debit: { toFixed(n: number): string }, credit: { toFixed(n: number): string }, balance: { toFixed(n: number): string }): StatementLineView {
    return {
      itemId: i.id,
      entryDate: i.entryDate,
      docDate: i.docDate,
      dueDate: i.dueDate,
      docType: i.docType,
      docTypeZh: DOC_TYPE_ZH[i.docType] ?? i.docType,
      docNo: i.docNo,
      description: i.description,
      debit: debit.toFixed(2),
      credit: credit.toFixed(2),
      balance: balance.toFixed(2),
    };
  }

  private async output(
    format: 'xlsx' | 'html',
    s: {
      number: string | null;
      status: StatementStatus | null;
      partyType: PartyType;
      party: Pick<Party, 'code' | 'name'>;
      periodFrom: string;
      periodTo: string;
      openingBalance: string;
      debitTotal: string;
      creditTotal: string;
      closingBalance: string;
      lines: Array<Record<string, unknown>>;
      confirmNote?: string | null;
      disputeReason?: string | null;
    },
  ): Promise<StreamableFile> {
    const side = s.partyType === 'supplier' ? '应付' : '应收';
    const info: Array<[string, unknown]> = [
      ['对账单号', s.number ?? '（预览 preview）'],
      ['状态', s.status ? STATUS_ZH[s.status] : ''],
      [PARTY_ZH[s.partyType], `${s.party.code} ${s.party.name}`],
      ['对账期间', `${s.periodFrom} 至 ${s.periodTo}`],
      ['期初余额', s.openingBalance],
      ['对方确认', s.confirmNote ?? ''],
      ['异议', s.disputeReason ?? ''],
    ];
    const totals: Array<[string, unknown]> = [
      ['本期增加', s.debitTotal],
      ['本期减少', s.creditTotal],
      [`期末${side}余额`, s.closingBalance],
    ];
    const title = `${PARTY_ZH[s.partyType]}对账单`;
    if (format === 'html') return htmlDocument(title, info, LINE_COLUMNS, s.lines, totals, ['制表', '审核', `${PARTY_ZH[s.partyType]}确认（签章）`]);
    return xlsxFile(`${title}-${s.party.code}-${s.periodTo}.xlsx`, title, LINE_COLUMNS, s.lines, [...info, ...totals]);
  }
}
