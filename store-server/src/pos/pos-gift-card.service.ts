import { Injectable } from '@nestjs/common';
import {
  CommonError,
  createOnce,
  DocumentNumberService,
  DomainException,
  giftCardSaleToDoc,
  localToday,
  money,
  payloadHash,
  PosError,
  PosGiftCardSale,
  PosGiftCardSaleDoc,
  RequestContext,
  TransactionalConnection,
  VoucherBalanceDto,
  VoucherError,
} from '@chain-erp/shared';
import { mayHaveLanded } from '../membership/store-member.service';
import { StoreVoucherService } from '../membership/store-voucher.service';
import { settleMoneyTender } from './pos-money-tender';
import { CreateGiftCardSaleDto } from './pos-gift-card.dto';
import { PosOutboxWriter } from './pos-outbox.writer';
import { PosSettingsService, requireStore } from './pos-settings.service';
import { PosShiftService } from './pos-shift.service';

export const GIFT_CARD_SALE_NUMBER_TYPE = 'GCS';

/**
 * 礼品卡售卡单: a gift card sold at the till for money. Stored value, not goods: no sale line, no
 * stock, not in the goods sales reports; its one tender goes into the shift's expected takings as a
 * line of its own (礼品卡售卡). HQ holds the card's value, so the card is loaded online at HQ as the
 * last step of the document's transaction (signed channel `vouchers/sell`, idempotent by the
 * document's id) — the prepare→commit pattern of a chain card's top-up: HQ unreachable → 503 and
 * nothing written (the customer keeps the money; no queue: a card sold offline could not be spent
 * until the sync anyway, and a queued sale HQ refuses later would leave money without a card).
 * Should the commit fail after HQ loaded the card — or HQ's answer be lost — the load is undone at
 * HQ (queued as `voucher.reversal` when HQ has gone away) and that id is dead there.
 */
@Injectable()
export class PosGiftCardService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: PosSettingsService,
    private readonly shifts: PosShiftService,
    private readonly numbers: DocumentNumberService,
    private readonly outbox: PosOutboxWriter,
    private readonly vouchers: StoreVoucherService,
  ) {}

  async sell(ctx: RequestContext, dto: CreateGiftCardSaleDto): Promise<PosGiftCardSaleDoc> {
    const storeId = requireStore(ctx);
    const hash = payloadHash(dto);
    const earlier = await this.replay(ctx, storeId, dto.id, hash);
    if (earlier) return earlier;
    const hq = { attempted: false, done: false };
    try {
      // the same document sent twice at once: the second waited on the first's key and answers like a retry
      return await createOnce(ctx, { key: dto.id, checkFirst: false, find: () => this.replay(ctx, storeId, dto.id, hash) }, () =>
        this.connection.withTransaction(ctx, async (tx) => {
          const shift = await this.shifts.lockOpen(tx, dto.shiftId);
          const { method, tendered, change } = settleMoneyTender(await this.settings.paymentMethods(tx, storeId), dto, {
            types: ['stored_value', 'voucher', 'gift_card'],
            code: PosError.POS_TOP_UP_TENDER_INVALID,
            message: 'a gift card is paid with money, not with stored value, a voucher or a gift card / 礼品卡须用现金、银行卡等付款',
          });
          const now = new Date();
          const saleNo = (await this.numbers.next(tx, GIFT_CARD_SALE_NUMBER_TYPE, shift.tillCode, now)).replace(/^GCS-/, `GCS-${tx.user!.orgUnitCode}-`);
          hq.attempted = true;
          const loaded = await this.vouchers.sell(tx, { saleId: dto.id, number: dto.cardNo, amount: money(dto.amount).toFixed(2), saleNo });
          hq.done = true;
          const row: PosGiftCardSale = {
            id: dto.id,
            storeId,
            storeCode: tx.user!.orgUnitCode,
            saleNo,
            shiftId: shift.id,
            tillCode: shift.tillCode,
            cashierId: tx.userId!,
            cashierName: tx.user!.username,
            businessDate: localToday(now),
            soldAt: now,
            cardNo: dto.cardNo,
            amount: money(dto.amount).toFixed(2),
            paymentMethodId: method.id,
            methodCode: method.code,
            methodName: method.name,
            methodType: method.type,
            tendered: tendered.toFixed(2),
            changeAmount: change.toFixed(2),
            reference: dto.reference ?? null,
            balanceAfter: money(loaded.balanceAfter).toFixed(2),
            payloadHash: hash,
            createdAt: now,
          };
          await this.connection.repo(tx, PosGiftCardSale).insert(row);
          const doc = giftCardSaleToDoc(row);
          await this.outbox.enqueue(tx, 'pos.gift-card-sale', row.id, doc);
          return doc;
        }),
      );
    } catch (e) {
      if (hq.attempted && (hq.done || mayHaveLanded(e)) && !(await this.connection.repo(ctx, PosGiftCardSale).existsBy({ id: dto.id }))) {
        // (maybe) loaded at HQ but not written here: take the value off again (the id is dead at HQ afterwards)
        await this.vouchers.reverse(ctx, { saleId: dto.id, number: dto.cardNo });
      }
      throw e;
    }
  }

  /** 余额查询 before a tender or a card sale (HQ online). */
  balance(ctx: RequestContext, number: string): Promise<VoucherBalanceDto> {
    requireStore(ctx);
    return this.vouchers.balance(ctx, number);
  }

  async get(ctx: RequestContext, id: string): Promise<PosGiftCardSaleDoc> {
    const storeId = requireStore(ctx);
    const row = await this.connection.repo(ctx, PosGiftCardSale).findOneBy({ id, storeId });
    if (!row) throw new DomainException(VoucherError.POS_GIFT_CARD_SALE_NOT_FOUND, 'gift-card sale not found / 售卡单不存在');
    return giftCardSaleToDoc(row);
  }

  private async replay(ctx: RequestContext, storeId: string, id: string, hash: string): Promise<PosGiftCardSaleDoc | null> {
    const row = await this.connection.repo(ctx, PosGiftCardSale).findOneBy({ id });
    if (!row) return null;
    if (row.storeId !== storeId || row.payloadHash !== hash)
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this id was already used for another gift-card sale / 该售卡单号已被使用', [
        { field: 'id', message: 'used by another document' },
      ]);
    return giftCardSaleToDoc(row);
  }
}
