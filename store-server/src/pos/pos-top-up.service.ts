import { Injectable } from '@nestjs/common';
import {
  CommonError,
  DocumentNumberService,
  DomainException,
  createOnce,
  localToday,
  MemberError,
  money,
  payloadHash,
  PosError,
  PosTopUp,
  PosTopUpDoc,
  RequestContext,
  topUpToDoc,
  TransactionalConnection,
} from '@chain-erp/shared';
import { settleMoneyTender } from './pos-money-tender';
import { CreateTopUpDto, ReverseTopUpDto } from './pos.dto';
import { PosOutboxWriter } from './pos-outbox.writer';
import { PosSettingsService, requireStore } from './pos-settings.service';
import { PosShiftService } from './pos-shift.service';
import { mayHaveLanded, SaleCard, StoreMemberService } from '../membership/store-member.service';

export const TOP_UP_NUMBER_TYPE = 'TOPUP';
export const TOP_UP_REVERSAL_NUMBER_TYPE = 'TOPUPRV';

/** Whether a chain card was (or may have been) changed at HQ inside the transaction, so a failed commit can undo it. */
interface HqChange {
  attempted: boolean;
  done: boolean;
}

/**
 * 充值单: money a customer pays at the till onto a stored-value card, as a document of the shift —
 * a number, a tender (cash goes into the drawer's expected cash), a slip, a row in the cashier
 * journal, and the push to HQ (stream `pos.top-up`). 充值冲正单: a whole top-up given back by a new
 * document pointing at it (money back by the top-up's tender), at most once.
 *
 * The card changes as the last step of the document's transaction: a 本店卡 in the local ledger, a
 * chain card online at HQ's member center (signed channel, idempotent by the document's id; HQ
 * unreachable → 503 MEMBER_CENTER_UNREACHABLE and nothing is written: a balance held at HQ is never
 * guessed). Should the commit fail after HQ credited a top-up — or HQ's answer be lost, so that it
 * may have — the credit is undone at HQ (queued when HQ has gone away; a credit arriving after its
 * undo is refused), so no money stays on a card without its document.
 */
@Injectable()
export class PosTopUpService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: PosSettingsService,
    private readonly shifts: PosShiftService,
    private readonly numbers: DocumentNumberService,
    private readonly outbox: PosOutboxWriter,
    private readonly members: StoreMemberService,
  ) {}

  async create(ctx: RequestContext, dto: CreateTopUpDto): Promise<PosTopUpDoc> {
    const storeId = requireStore(ctx);
    const hash = payloadHash(dto);
    const earlier = await this.replay(ctx, storeId, dto.id, hash);
    if (earlier) return earlier;
    // the card as the till sees it: issued, not expired, known here or at HQ (503 when neither answers)
    const card = await this.members.saleCard(ctx, dto.cardNo);
    if (!card.storedValueAllowed)
      throw new DomainException(MemberError.MEMBER_STORED_VALUE_NOT_ALLOWED, 'this card takes no stored value / 该卡不允许储值', [
        { field: 'cardNo', message: 'card type takes no stored value' },
      ]);
    const hq: HqChange = { attempted: false, done: false };
    try {
      return await this.write(ctx, storeId, dto.id, hash, async (tx) => {
        const shift = await this.shifts.lockOpen(tx, dto.shiftId);
        const { method, tendered, change } = await this.tender(tx, storeId, dto);
        const now = new Date();
        const topUpNo = await this.number(tx, TOP_UP_NUMBER_TYPE, shift.tillCode, now);
        const credit = await this.change(hq, card, () =>
          this.members.topUp(tx, card, { topUpId: dto.id, topUpNo, cardNo: card.cardNo, amount: money(dto.amount).toFixed(2), tenderCode: method.code }),
        );
        return {
          ...this.header(tx, storeId, shift, now),
          id: dto.id,
          topUpNo,
          kind: 'top_up',
          originalId: null,
          originalNo: null,
          cardNo: card.cardNo,
          cardScope: card.scope,
          amount: money(dto.amount).toFixed(2),
          paymentMethodId: method.id,
          methodCode: method.code,
          methodName: method.name,
          methodType: method.type,
          tendered: tendered.toFixed(2),
          changeAmount: change.toFixed(2),
          reference: dto.reference ?? null,
          cardBalanceAfter: money(credit.balanceAfter).toFixed(2),
          reason: null,
          payloadHash: hash,
          createdAt: now,
        };
      });
    } catch (e) {
      if (hq.attempted && (hq.done || mayHaveLanded(e)) && !(await this.connection.repo(ctx, PosTopUp).existsBy({ id: dto.id }))) {
        // (maybe) credited at HQ but not written here: take the credit back (the id is dead at HQ afterwards)
        await this.members.reverseStoredValue(ctx, { paymentId: dto.id, cardNo: card.cardNo });
      }
      throw e;
    }
  }

  /**
   * 充值冲正: the whole top-up back off the card and back to the customer by the top-up's tender,
   * as a new document of the caller's open shift. Refused when the card no longer holds it
   * (MEMBER_INSUFFICIENT_BALANCE: it has been spent), when it was reversed before, or — for a chain
   * card — while HQ is unreachable. Should the commit fail after HQ took the money off, the till's
   * retry of the same id completes it (HQ answers the first change).
   */
  async reverse(ctx: RequestContext, topUpId: string, dto: ReverseTopUpDto): Promise<PosTopUpDoc> {
    const storeId = requireStore(ctx);
    const hash = payloadHash({ ...dto, topUpId });
    const earlier = await this.replay(ctx, storeId, dto.id, hash);
    if (earlier) return earlier;
    return this.write(ctx, storeId, dto.id, hash, async (tx) => {
      const shift = await this.shifts.lockOpen(tx, dto.shiftId);
      // locked: two reversals of one top-up queue, and the second finds the first
      const original = await this.connection.repo(tx, PosTopUp).findOne({ where: { id: topUpId, storeId }, lock: { mode: 'pessimistic_write' } });
      if (!original || original.kind !== 'top_up') throw new DomainException(PosError.POS_TOP_UP_NOT_FOUND, 'top-up not found / 充值单不存在');
      if (await this.connection.repo(tx, PosTopUp).existsBy({ originalId: original.id })) {
        throw new DomainException(MemberError.MEMBER_TOP_UP_REVERSED, `${original.topUpNo} was already reversed / 该充值已冲正`, undefined, { topUpId: original.id });
      }
      const now = new Date();
      const number = await this.number(tx, TOP_UP_REVERSAL_NUMBER_TYPE, shift.tillCode, now);
      const debit = await this.members.reverseTopUp(
        tx,
        { scope: original.cardScope },
        { reversalId: dto.id, reversalNo: number, topUpId: original.id, cardNo: original.cardNo, amount: original.amount },
      );
      return {
        ...this.header(tx, storeId, shift, now),
        id: dto.id,
        topUpNo: number,
        kind: 'reversal',
        originalId: original.id,
        originalNo: original.topUpNo,
        cardNo: original.cardNo,
        cardScope: original.cardScope,
        amount: money(original.amount).toFixed(2),
        paymentMethodId: original.paymentMethodId,
        methodCode: original.methodCode,
        methodName: original.methodName,
        methodType: original.methodType,
        tendered: money(original.amount).toFixed(2),
        changeAmount: '0.00',
        reference: null,
        cardBalanceAfter: money(debit.balanceAfter).toFixed(2),
        reason: dto.reason.trim(),
        payloadHash: hash,
        createdAt: now,
      };
    });
  }

  async get(ctx: RequestContext, id: string): Promise<PosTopUpDoc> {
    const storeId = requireStore(ctx);
    const row = await this.connection.repo(ctx, PosTopUp).findOneBy({ id });
    if (!row || row.storeId !== storeId) throw new DomainException(PosError.POS_TOP_UP_NOT_FOUND, 'top-up not found / 充值单不存在');
    return topUpToDoc(row);
  }

  /** A top-up or reversal by its number (typed or scanned from the slip at the till, e.g. to reverse it). */
  async byNo(ctx: RequestContext, topUpNo: string): Promise<PosTopUpDoc> {
    const storeId = requireStore(ctx);
    const row = await this.connection.repo(ctx, PosTopUp).findOneBy({ storeId, topUpNo });
    if (!row) throw new DomainException(PosError.POS_TOP_UP_NOT_FOUND, `top-up ${topUpNo} not found / 充值单不存在`);
    return topUpToDoc(row);
  }

  /** The document and its outbox record in one transaction; a twin that committed first answers as a retry. */
  private async write(ctx: RequestContext, storeId: string, id: string, hash: string, build: (tx: RequestContext) => Promise<PosTopUp>): Promise<PosTopUpDoc> {
    // the same top-up sent twice at once: the second waited on the first's key and answers like a retry
    return createOnce(ctx, { key: id, checkFirst: false, find: () => this.replay(ctx, storeId, id, hash) }, () =>
      this.connection.withTransaction(ctx, async (tx) => {
        const row = await build(tx);
        await this.connection.repo(tx, PosTopUp).insert(row);
        const doc = topUpToDoc(row);
        await this.outbox.enqueue(tx, 'pos.top-up', row.id, doc);
        return doc;
      }),
    );
  }

  private async replay(ctx: RequestContext, storeId: string, id: string, hash: string): Promise<PosTopUpDoc | null> {
    const row = await this.connection.repo(ctx, PosTopUp).findOneBy({ id });
    if (!row) return null;
    if (row.storeId !== storeId || row.payloadHash !== hash) {
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this id was already used for another top-up / 该充值单号已被使用', [
        { field: 'id', message: 'used by another document' },
      ]);
    }
    return topUpToDoc(row);
  }

  /** A chain card's change at HQ, remembered so that a failed commit can undo it. */
  private async change<T>(hq: HqChange, card: SaleCard, call: () => Promise<T>): Promise<T> {
    hq.attempted = card.scope === 'chain';
    const result = await call();
    hq.done = hq.attempted;
    return result;
  }

  /** How the customer pays: an enabled method of the store, not stored value; cash may give change. */
  private async tender(tx: RequestContext, storeId: string, dto: CreateTopUpDto) {
    return settleMoneyTender(await this.settings.paymentMethods(tx, storeId), dto, {
      types: ['stored_value'],
      code: PosError.POS_TOP_UP_TENDER_INVALID,
      message: 'a top-up is paid with money, not with stored value / 不能用储值充值',
    });
  }

  private async number(tx: RequestContext, type: string, tillCode: string, now: Date): Promise<string> {
    return (await this.numbers.next(tx, type, tillCode, now)).replace(new RegExp(`^${type}-`), `${type}-${tx.user!.orgUnitCode}-`);
  }

  private header(tx: RequestContext, storeId: string, shift: { id: string; tillCode: string }, now: Date) {
    return {
      storeId,
      storeCode: tx.user!.orgUnitCode,
      shiftId: shift.id,
      tillCode: shift.tillCode,
      cashierId: tx.userId!,
      cashierName: tx.user!.username,
      businessDate: localToday(now),
      toppedUpAt: now,
    };
  }
}
