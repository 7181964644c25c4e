import { Injectable } from '@nestjs/common';
import {
  DomainException,
  giftCardSaleToDoc,
  money,
  PosError,
  PosGiftCardSale,
  PosGiftCardSaleDoc,
  RequestContext,
  TransactionalConnection,
  VoucherBalanceDto,
  VoucherError,
} from '@chain-erp/shared';
import { StoreVoucherService } from '../membership/store-voucher.service';
import { CreateGiftCardSaleDto } from './pos-gift-card.dto';
import { requireStore } from './pos-settings.service';
import { TillValueDocumentWriter, type TillValueKind } from './till-value-document.writer';

export const GIFT_CARD_SALE_NUMBER_TYPE = 'GCS';

const GIFT_CARD_SALE: TillValueKind<PosGiftCardSale, PosGiftCardSaleDoc> = {
  entity: PosGiftCardSale,
  stream: 'pos.gift-card-sale',
  toDoc: giftCardSaleToDoc,
  mismatch: 'this id was already used for another gift-card sale / 该售卡单号已被使用',
};

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
    private readonly writer: TillValueDocumentWriter,
    private readonly vouchers: StoreVoucherService,
  ) {}

  sell(ctx: RequestContext, dto: CreateGiftCardSaleDto): Promise<PosGiftCardSaleDoc> {
    const amount = money(dto.amount).toFixed(2);
    return this.writer.sell(ctx, GIFT_CARD_SALE, dto, {
      refused: {
        types: ['stored_value', 'voucher', 'gift_card'],
        code: PosError.POS_TOP_UP_TENDER_INVALID,
        message: 'a gift card is paid with money, not with stored value, a voucher or a gift card / 礼品卡须用现金、银行卡等付款',
      },
      numberType: GIFT_CARD_SALE_NUMBER_TYPE,
      charge: (tx, _, { number: saleNo }) => ({ atHq: true, call: () => this.vouchers.sell(tx, { saleId: dto.id, number: dto.cardNo, amount, saleNo }) }),
      row: ({ head, now, number, tender, charged }): PosGiftCardSale => ({
        ...head,
        soldAt: now,
        saleNo: number,
        cardNo: dto.cardNo,
        amount,
        ...tender,
        reference: dto.reference ?? null,
        balanceAfter: money(charged.balanceAfter).toFixed(2),
      }),
      undo: () => this.vouchers.reverse(ctx, { saleId: dto.id, number: dto.cardNo }),
    });
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
}
