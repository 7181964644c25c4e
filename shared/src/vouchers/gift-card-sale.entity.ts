import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { MONEY_COLUMN } from '../common/money';
import { TillDocument } from '../pos/till-document';

/**
 * 礼品卡售卡单: a gift card sold at the till for money (docs/promotions.md "Gift cards sold at the
 * till"). A document of the shift like a top-up: the till makes its UUID, it gets a number, one
 * tender goes into the drawer's expected takings, and it is pushed to HQ (stream
 * `pos.gift-card-sale`). It is stored value, not goods revenue: no sale line, no stock, never in the
 * goods sales reports. Both servers keep it (HQ: every store's copy).
 */
@Entity('pos_gift_card_sale')
@Index('uq_pos_gift_card_sale_no', ['storeId', 'saleNo'], { unique: true })
export class PosGiftCardSale extends TillDocument {
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

  @Column({ name: 'payment_method_id', type: 'uuid' })
  paymentMethodId: string;

  @Column({ name: 'method_code', type: 'varchar', length: 16 })
  methodCode: string;

  @Column({ name: 'method_name', type: 'varchar', length: 60 })
  methodName: string;

  @Column({ name: 'method_type', type: 'varchar', length: 16 })
  methodType: string;

  /** what the customer handed over (cash may be more: change) */
  @Column(MONEY_COLUMN)
  tendered: string;

  @Column({ name: 'change_amount', ...MONEY_COLUMN })
  changeAmount: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  reference: string | null;

  /** the card's balance after the sale, as HQ's ledger answered (printed on the slip) */
  @Column({ name: 'balance_after', ...MONEY_COLUMN })
  balanceAfter: string;

  @Column({ name: 'payload_hash', type: 'varchar', length: 64 })
  payloadHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const GIFT_CARD_SALE_ENTITIES = [PosGiftCardSale];
