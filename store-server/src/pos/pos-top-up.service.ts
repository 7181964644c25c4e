import { Injectable } from '@nestjs/common';
import { DomainException, MemberError, money, payloadHash, PosError, PosTopUp, PosTopUpDoc, RequestContext, topUpToDoc, TransactionalConnection } from '@chain-erp/shared';
import { CreateTopUpDto, ReverseTopUpDto } from './pos.dto';
import { requireStore } from './pos-settings.service';
import { tenderBack, TillValueDocumentWriter, type TillValueKind } from './till-value-document.writer';
import { StoreMemberService } from '../membership/store-member.service';

export const TOP_UP_NUMBER_TYPE = 'TOPUP';
export const TOP_UP_REVERSAL_NUMBER_TYPE = 'TOPUPRV';

const TOP_UP: TillValueKind<PosTopUp, PosTopUpDoc> = {
  entity: PosTopUp,
  stream: 'pos.top-up',
  toDoc: topUpToDoc,
  mismatch: 'this id was already used for another top-up / 该充值单号已被使用',
};

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
    private readonly writer: TillValueDocumentWriter,
    private readonly members: StoreMemberService,
  ) {}

  create(ctx: RequestContext, dto: CreateTopUpDto): Promise<PosTopUpDoc> {
    const amount = money(dto.amount).toFixed(2);
    return this.writer.sell(ctx, TOP_UP, dto, {
      // how the customer pays: an enabled method of the store, not stored value; cash may give change
      refused: { types: ['stored_value'], code: PosError.POS_TOP_UP_TENDER_INVALID, message: 'a top-up is paid with money, not with stored value / 不能用储值充值' },
      numberType: TOP_UP_NUMBER_TYPE,
      prepare: async () => {
        // the card as the till sees it: issued, not expired, known here or at HQ (503 when neither answers)
        const card = await this.members.saleCard(ctx, dto.cardNo);
        if (!card.storedValueAllowed)
          throw new DomainException(MemberError.MEMBER_STORED_VALUE_NOT_ALLOWED, 'this card takes no stored value / 该卡不允许储值', [
            { field: 'cardNo', message: 'card type takes no stored value' },
          ]);
        return card;
      },
      // a chain card is credited at HQ (the last step); a 本店卡 in the local ledger, inside the transaction
      charge: (tx, card, { number: topUpNo, tender }) => ({
        atHq: card.scope === 'chain',
        call: () => this.members.topUp(tx, card, { topUpId: dto.id, topUpNo, cardNo: card.cardNo, amount, tenderCode: tender.methodCode }),
      }),
      row: ({ head, now, prepared: card, number, tender, charged }): PosTopUp => ({
        ...head,
        toppedUpAt: now,
        topUpNo: number,
        kind: 'top_up',
        originalId: null,
        originalNo: null,
        cardNo: card.cardNo,
        cardScope: card.scope,
        amount,
        ...tender,
        reference: dto.reference ?? null,
        cardBalanceAfter: money(charged.balanceAfter).toFixed(2),
        reason: null,
      }),
      undo: (card) => this.members.reverseStoredValue(ctx, { paymentId: dto.id, cardNo: card.cardNo }),
    });
  }

  /**
   * 充值冲正: the whole top-up back off the card and back to the customer by the top-up's tender,
   * as a new document of the caller's open shift. Refused when the card no longer holds it
   * (MEMBER_INSUFFICIENT_BALANCE: it has been spent), when it was reversed before, or — for a chain
   * card — while HQ is unreachable. Should the commit fail after HQ took the money off, the till's
   * retry of the same id completes it (HQ answers the first change): no undo.
   */
  async reverse(ctx: RequestContext, topUpId: string, dto: ReverseTopUpDto): Promise<PosTopUpDoc> {
    const storeId = requireStore(ctx);
    const hash = payloadHash({ ...dto, topUpId });
    return this.writer.write(
      ctx,
      TOP_UP,
      { storeId, id: dto.id, hash, shiftId: dto.shiftId },
      {
        build: async (tx, { shift, head, now }): Promise<PosTopUp> => {
          // locked: two reversals of one top-up queue, and the second finds the first
          const original = await this.connection.repo(tx, PosTopUp).findOne({ where: { id: topUpId, storeId }, lock: { mode: 'pessimistic_write' } });
          if (!original || original.kind !== 'top_up') throw new DomainException(PosError.POS_TOP_UP_NOT_FOUND, 'top-up not found / 充值单不存在');
          if (await this.connection.repo(tx, PosTopUp).existsBy({ originalId: original.id })) {
            throw new DomainException(MemberError.MEMBER_TOP_UP_REVERSED, `${original.topUpNo} was already reversed / 该充值已冲正`, undefined, { topUpId: original.id });
          }
          const number = await this.writer.number(tx, TOP_UP_REVERSAL_NUMBER_TYPE, shift.tillCode, now);
          const debit = await this.members.reverseTopUp(
            tx,
            { scope: original.cardScope },
            { reversalId: dto.id, reversalNo: number, topUpId: original.id, cardNo: original.cardNo, amount: original.amount },
          );
          return {
            ...head,
            toppedUpAt: now,
            topUpNo: number,
            kind: 'reversal',
            originalId: original.id,
            originalNo: original.topUpNo,
            cardNo: original.cardNo,
            cardScope: original.cardScope,
            amount: money(original.amount).toFixed(2),
            // money back by the top-up's tender
            ...tenderBack(original, money(original.amount).toFixed(2)),
            cardBalanceAfter: money(debit.balanceAfter).toFixed(2),
            reason: dto.reason.trim(),
          };
        },
      },
    );
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
}
