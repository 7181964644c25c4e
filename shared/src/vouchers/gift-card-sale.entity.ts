import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { MONEY_COLUMN } from '../common/money';
import { TillValueDocument } from '../pos/till-document';

/**
 * 礼品卡售卡单: a gift card sold at the till for money (docs/promotions.md "Gift cards sold at the
 * till"). A document of the shift like a top-up: the till makes its UUID, it gets a number, one
 * tender goes into the drawer's expected takings, and it is pushed to HQ (stream
 * `pos.gift-card-sale`). It is stored value, not goods revenue: no sale line, no stock, never in the
 * goods sales reports. Both servers keep it (HQ: every store's copy).
 */
@Entity('pos_gift_card_sale')
@Index('uq_pos_gift_card_sale_no', ['storeId', 'saleNo'], { unique: true })
export class PosGiftCardSale extends TillValueDocument {
  /** GCS-S001-01-20261207-0001 */
  @Column({ name: 'sale_no', type: 'varchar', length: 64 })
  saleNo: string;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  @Column({ name: 'sold_at', type: 'timestamptz' })
  soldAt: Date;

  /** the gift card's 16-digit number */
  @Index()
  @Column({ name: 'card_no', type: 'varchar', length: 32 })
  cardNo: string;

  /** the value loaded onto the card (its face value) = what the customer pays */
  @Column(MONEY_COLUMN)
  amount: string;

  /** the card's balance after the sale, as HQ's ledger answered (printed on the slip) */
  @Column({ name: 'balance_after', ...MONEY_COLUMN })
  balanceAfter: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const GIFT_CARD_SALE_ENTITIES = [PosGiftCardSale];
