import { Injectable } from '@nestjs/common';
import {
  CommonError,
  dec,
  defineSort,
  docToRefundRows,
  docToSaleRows,
  docToShiftReport,
  docToTopUp,
  DomainException,
  FieldError,
  isUniqueViolation,
  MemberError,
  paginate,
  payloadHash,
  PosError,
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
  PosTopUp,
  PosTopUpDoc,
  PosGiftCardSale,
  PosGiftCardSaleDoc,
  VoucherError,
  queryRows,
  RequestContext,
  scopeQuery,
  shiftReportToDoc,
  TransactionalConnection,
} from '@chain-erp/shared';
import { ShiftReportQueryDto } from './pos-inbox.dto';

export const SHIFT_REPORT_SORT = defineSort({ closedAt: 'r.closed_at', businessDate: 'r.business_date', storeCode: 'r.store_code' }, '-closedAt');

/** What HQ answers for a pushed POS document; a repeat gets the same answer with `duplicate: true`. */
export interface PosInboxResult {
  id: string;
  number: string;
  receivedAt: string;
  duplicate: boolean;
}

class LostRace extends Error {}

const sumOf = (xs: Array<{ amount: string }>) => xs.reduce((a, x) => a.plus(x.amount), dec(0));

/** A sale's lines (not voided) and payments each add up to its total (exact decimals). */
function saleFaults(doc: PosSaleDoc): FieldError[] {
  const fields: FieldError[] = [];
  if (!sumOf(doc.lines.filter((l) => !l.voided)).equals(doc.totalAmount)) fields.push({ field: 'lines', message: `line amounts do not add up to ${doc.totalAmount}` });
  if (!sumOf(doc.payments).equals(doc.totalAmount)) fields.push({ field: 'payments', message: `payments do not add up to ${doc.totalAmount}` });
  return fields;
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * HQ's receiving side of the store → HQ POS streams (pos.sale, pos.refund, pos.top-up, pos.shift-report).
 * The bodies come typed and checked against their DTO once, when the push was received (before the
 * inbox stored them; `TransferApiService.validateRecords`); here only what a DTO cannot say is
 * checked — the amounts add up, the store is the sender's, the id and number are new.
 * Each document is stored once, keyed by the store-born UUID, in one transaction with its lines and
 * payments; a repeat (the store resending after a lost acknowledgement) changes nothing and answers
 * as the first time; the same UUID with another body is refused (422 IDEMPOTENCY_MISMATCH).
 */
@Injectable()
export class PosInboxService {
  constructor(private readonly connection: TransactionalConnection) {}

  async applySale(ctx: RequestContext, storeId: string, doc: PosSaleDoc): Promise<PosInboxResult> {
    const fields = saleFaults(doc);
    return this.store(ctx, storeId, doc, fields, PosSale, doc.receiptNo, async (tx, hash) => {
      const rows = docToSaleRows(doc, hash);
      if (!(await this.insertHeader(tx, PosSale, rows.sale))) return false;
      await this.connection.repo(tx, PosSaleLine).insert(rows.lines);
      if (rows.payments.length) await this.connection.repo(tx, PosSalePayment).insert(rows.payments);
      return true;
    });
  }

  async applyRefund(ctx: RequestContext, storeId: string, doc: PosRefundDoc): Promise<PosInboxResult> {
    const fields: FieldError[] = [];
    if (!sumOf(doc.lines).equals(doc.totalAmount)) fields.push({ field: 'lines', message: `line amounts do not add up to ${doc.totalAmount}` });
    if (!sumOf(doc.payments).equals(doc.totalAmount)) fields.push({ field: 'payments', message: `payments do not add up to ${doc.totalAmount}` });
    if (!doc.withoutReceipt && !doc.saleId) fields.push({ field: 'saleId', message: 'required for a refund with a receipt' });
    return this.store(ctx, storeId, doc, fields, PosRefund, doc.refundNo, async (tx, hash) => {
      const rows = docToRefundRows(doc, hash);
      if (!(await this.insertHeader(tx, PosRefund, rows.refund))) return false;
      await this.connection.repo(tx, PosRefundLine).insert(rows.lines);
      if (rows.payments.length) await this.connection.repo(tx, PosRefundPayment).insert(rows.payments);
      return true;
    });
  }

  /**
   * A top-up (充值单) or its reversal (充值冲正单). A chain card's balance changed online at HQ's
   * member center when the document was made, so the document must match that ledger row — the
   * same id, card, amount and store, and a top-up not undone since — or it is refused with
   * MEMBER_TOP_UP_UNMATCHED (the record fails, visible in 门店传输管理). A 本店卡's balance lives at
   * its store: HQ keeps the document for the journal.
   */
  async applyTopUp(ctx: RequestContext, storeId: string, doc: PosTopUpDoc): Promise<PosInboxResult> {
    const fields: FieldError[] = [];
    if (!dec(doc.tendered).minus(doc.changeAmount).equals(doc.amount)) fields.push({ field: 'tendered', message: `tendered less change is not ${doc.amount}` });
    if ((doc.kind === 'reversal') !== !!doc.originalId) fields.push({ field: 'originalId', message: 'a reversal, and only a reversal, names its top-up' });
    return this.store(ctx, storeId, doc, fields, PosTopUp, doc.topUpNo, async (tx, hash) => {
      if (doc.cardScope === 'chain') await this.assertCredited(tx, storeId, doc);
      return this.insertHeader(tx, PosTopUp, docToTopUp(doc, hash));
    });
  }

  /**
   * 礼品卡售卡单: stored value sold for money, not goods. HQ loaded the card online when the
   * document was made, so it must match the voucher ledger's `sell` row — same id, number, amount
   * and store, not undone — or the record fails with VOUCHER_SALE_UNMATCHED (门店传输管理).
   */
  async applyGiftCardSale(ctx: RequestContext, storeId: string, doc: PosGiftCardSaleDoc): Promise<PosInboxResult> {
    const fields: FieldError[] = [];
    if (!dec(doc.tendered).minus(doc.changeAmount).equals(doc.amount)) fields.push({ field: 'tendered', message: `tendered less change is not ${doc.amount}` });
    return this.store(ctx, storeId, doc, fields, PosGiftCardSale, doc.saleNo, async (tx, hash) => {
      const [row] = await queryRows<{ amount: string; store_id: string | null; undone: boolean }>(
        this.connection.manager(tx),
        `SELECT l.amount::text, l.store_id, EXISTS (SELECT 1 FROM voucher_ledger r WHERE r.voucher_id = l.voucher_id AND r.ref_id = l.ref_id AND r.kind = 'sell_reversal') AS undone
           FROM voucher_ledger l JOIN voucher v ON v.id = l.voucher_id WHERE l.ref_id = $1 AND l.kind = 'sell' AND v.number = $2`,
        [doc.id, doc.cardNo],
      );
      if (!row || row.store_id !== storeId || !dec(row.amount).equals(doc.amount) || row.undone)
        throw new DomainException(
          VoucherError.VOUCHER_SALE_UNMATCHED,
          `${doc.saleNo}: HQ's voucher ledger holds no matching sale of card ${doc.cardNo} / 券流水中没有与该售卡单一致的记录`,
          [{ field: 'id', message: 'no matching gift-card sale' }],
          { cardNo: doc.cardNo, amount: doc.amount, ledger: row ? { amount: dec(row.amount).toFixed(2), undone: row.undone } : null },
        );
      return this.insertHeader(tx, PosGiftCardSale, { ...doc, soldAt: new Date(doc.soldAt), payloadHash: hash });
    });
  }

  private async assertCredited(tx: RequestContext, storeId: string, doc: PosTopUpDoc): Promise<void> {
    const kind = doc.kind === 'top_up' ? 'top_up' : 'top_up_reversal';
    const [row] = await queryRows<{ amount: string; store_id: string | null; card_no: string; undone: boolean }>(
      this.connection.manager(tx),
      `SELECT l.amount::text, l.store_id, c.card_no,
              EXISTS (SELECT 1 FROM member_ledger r WHERE r.ref_id = l.ref_id AND r.kind = 'reversal' AND r.account = 'stored_value') AS undone
         FROM member_ledger l JOIN member_card c ON c.id = l.card_id
        WHERE l.ref_id = $1 AND l.kind = $2 AND l.account = 'stored_value'`,
      [doc.id, kind],
    );
    if (!row || row.store_id !== storeId || row.card_no !== doc.cardNo || !dec(row.amount).equals(doc.amount) || row.undone) {
      throw new DomainException(
        MemberError.MEMBER_TOP_UP_UNMATCHED,
        `${doc.topUpNo}: the member center holds no matching change of card ${doc.cardNo} / 会员中心没有与该充值单一致的储值记录`,
        [{ field: 'id', message: 'no matching stored-value change' }],
        {
          cardNo: doc.cardNo,
          amount: doc.amount,
          ledger: row ? { amount: dec(row.amount).toFixed(2), cardNo: row.card_no, undone: row.undone } : null,
        },
      );
    }
  }

  async applyShiftReport(ctx: RequestContext, storeId: string, doc: PosShiftReportDoc): Promise<PosInboxResult> {
    const fields: FieldError[] = doc.shiftId !== doc.id ? [{ field: 'shiftId', message: 'a shift report has the id of its shift' }] : [];
    return this.store(ctx, storeId, doc, fields, PosShiftReport, doc.shiftNo, async (tx, hash) => {
      return this.insertHeader(tx, PosShiftReport, docToShiftReport(doc, hash));
    });
  }

  /**
   * Several pushed sales at once (the inbox job's batch of one store): the same rows as applySale for
   * each, with a few set-based statements instead of ~6 per sale. Anything applySale would not take
   * as a first arrival or an identical repeat (a body that does not add up, another store, another
   * body under a known id, a receipt number taken, a twin committing meanwhile) throws: the job then
   * rolls the batch back and runs the sales one by one, so that one is named and the others go on.
   */
  async applySales(ctx: RequestContext, storeId: string, docs: PosSaleDoc[]): Promise<void> {
    const hashes = new Map<string, string>();
    for (const doc of docs) {
      this.assertTakes(doc, saleFaults(doc), storeId);
      if (hashes.has(doc.id)) throw new DomainException(CommonError.DUPLICATE, `sale ${doc.id} twice in one batch / 同一批次中重复`);
      hashes.set(doc.id, payloadHash(doc));
    }
    await this.connection.withTransaction(ctx, async (tx) => {
      const m = this.connection.manager(tx);
      const [store] = await queryRows(m, `SELECT 1 FROM org_unit WHERE id = $1 AND kind = 'store'`, [storeId]);
      if (!store) throw new DomainException(CommonError.NOT_FOUND, 'unknown store / 门店不存在');
      const known = await queryRows<{ id: string; store_id: string; payload_hash: string }>(m, `SELECT id, store_id, payload_hash FROM pos_sale WHERE id = ANY($1::uuid[])`, [
        [...hashes.keys()],
      ]);
      for (const k of known) {
        if (k.store_id !== storeId || k.payload_hash !== hashes.get(k.id))
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this id was already received with another content / 单据编号已存在且内容不同', [
            { field: 'id', message: 'received before with another body' },
          ]);
      }
      const repeats = new Set(known.map((k) => k.id));
      const rows = docs.filter((d) => !repeats.has(d.id)).map((d) => docToSaleRows(d, hashes.get(d.id)!));
      if (!rows.length) return;
      for (const part of chunks(
        rows.map((r) => r.sale),
        500,
      )) {
        const r = await m.createQueryBuilder().insert().into(PosSale).values(part).orIgnore().returning('id').execute();
        // fewer than asked: a twin committed first while we waited on its key — one by one answers it
        if ((r.raw as unknown[]).length !== part.length) throw new LostRace();
      }
      for (const part of chunks(
        rows.flatMap((r) => r.lines),
        1000,
      ))
        await this.connection.repo(tx, PosSaleLine).insert(part);
      for (const part of chunks(
        rows.flatMap((r) => r.payments),
        1000,
      ))
        await this.connection.repo(tx, PosSalePayment).insert(part);
    });
  }

  private assertTakes(doc: { storeId: string }, fields: FieldError[], storeId: string): void {
    if (fields.length) throw new DomainException(PosError.POS_BODY_INVALID, 'the document does not add up / 单据金额不一致', fields);
    if (doc.storeId !== storeId)
      throw new DomainException(PosError.POS_STORE_MISMATCH, 'a store can only send its own documents / 只能上传本店单据', [{ field: 'storeId', message: 'another store' }]);
  }

  private async store(
    ctx: RequestContext,
    storeId: string,
    doc: { id: string; storeId: string },
    fields: FieldError[],
    entity: typeof PosSale | typeof PosRefund | typeof PosTopUp | typeof PosShiftReport | typeof PosGiftCardSale,
    number: string,
    insert: (tx: RequestContext, hash: string) => Promise<boolean>,
  ): Promise<PosInboxResult> {
    this.assertTakes(doc, fields, storeId);
    const hash = payloadHash(doc);
    const existing = async (tx: RequestContext) => {
      const row = (await this.connection.repo(tx, entity).findOne({ where: { id: doc.id }, select: { id: true, storeId: true, payloadHash: true, createdAt: true } })) as {
        storeId: string;
        payloadHash: string;
        createdAt: Date;
      } | null;
      if (!row) return null;
      if (row.storeId !== storeId || row.payloadHash !== hash)
        throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this id was already received with another content / 单据编号已存在且内容不同', [
          { field: 'id', message: 'received before with another body' },
        ]);
      return { id: doc.id, number, receivedAt: row.createdAt.toISOString(), duplicate: true };
    };
    const first = await existing(ctx);
    if (first) return first;
    try {
      return await this.connection.withTransaction(ctx, async (tx) => {
        const [store] = await queryRows(this.connection.manager(tx), `SELECT 1 FROM org_unit WHERE id = $1 AND kind = 'store'`, [storeId]);
        if (!store) throw new DomainException(CommonError.NOT_FOUND, 'unknown store / 门店不存在');
        // false: a twin of this document committed first while we waited on its key
        if (!(await insert(tx, hash))) throw new LostRace();
        const [{ created_at }] = await queryRows<{ created_at: Date }>(
          this.connection.manager(tx),
          `SELECT created_at FROM ${this.connection.dataSource.getMetadata(entity).tableName} WHERE id = $1`,
          [doc.id],
        );
        return { id: doc.id, number, receivedAt: created_at.toISOString(), duplicate: false };
      });
    } catch (e) {
      if (e instanceof LostRace || isUniqueViolation(e)) {
        // the same document arriving twice at once: the loser answers like a repeat
        const again = await existing(ctx);
        if (again) return again;
        throw new DomainException(CommonError.DUPLICATE, `${number} was already received under another id / 单号重复`, [{ field: 'id', message: 'number taken' }]);
      }
      throw e;
    }
  }

  /** INSERT … ON CONFLICT (id) DO NOTHING: false when the id is already there. */
  private async insertHeader(
    tx: RequestContext,
    entity: typeof PosSale | typeof PosRefund | typeof PosTopUp | typeof PosShiftReport | typeof PosGiftCardSale,
    row: object,
  ): Promise<boolean> {
    const r = await this.connection.manager(tx).createQueryBuilder().insert().into(entity).values(row).orIgnore().returning('id').execute();
    return (r.raw as unknown[]).length > 0;
  }

  /** HQ's list of shift reports (交班报表) across stores; a store user only its own. */
  async shiftReports(ctx: RequestContext, q: ShiftReportQueryDto) {
    const qb = this.connection.repo(ctx, PosShiftReport).createQueryBuilder('r');
    scopeQuery(ctx, qb, 'r.store_id', q.storeId);
    if (q.from) qb.andWhere('r.business_date >= :from', { from: q.from });
    if (q.to) qb.andWhere('r.business_date <= :to', { to: q.to });
    if (q.tillCode) qb.andWhere('r.till_code = :till', { till: q.tillCode.toUpperCase() });
    const page = await paginate(qb, q, SHIFT_REPORT_SORT);
    return { ...page, items: page.items.map(shiftReportToDoc) };
  }
}
