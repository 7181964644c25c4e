import { Column, Index, PrimaryColumn } from 'typeorm';
import { PAYMENT_METHOD_TYPE_VALUES, type PaymentMethodType } from '../catalog/catalog.entity';
import { EnumTextColumn } from '../common/enum-text-column';
import { MONEY_COLUMN } from '../common/money';

/**
 * The columns every till document has (销售单, 退货单, 充值单, 礼品卡售卡单): the till's UUID, the
 * store, the shift, the till and the cashier. Not a table of its own: each document's table has them.
 */
export abstract class TillDocument {
  /** the till's UUID: idempotency key at the store and at HQ (and at the member center for value) */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'store_code', type: 'varchar', length: 32 })
  storeCode: string;

  @Index()
  @Column({ name: 'shift_id', type: 'uuid' })
  shiftId: string;

  @Column({ name: 'till_code', type: 'varchar', length: 8 })
  tillCode: string;

  @Column({ name: 'cashier_id', type: 'uuid' })
  cashierId: string;

  @Column({ name: 'cashier_name', type: 'varchar', length: 100 })
  cashierName: string;
}

/**
 * A till document that sells value for money (充值单, 礼品卡售卡单): the head columns and its one
 * money tender — the method as it was at the time, what the customer handed over and the change.
 */
export abstract class TillValueDocument extends TillDocument {
  @Column({ name: 'payment_method_id', type: 'uuid' })
  paymentMethodId: string;

  @Column({ name: 'method_code', type: 'varchar', length: 16 })
  methodCode: string;

  @Column({ name: 'method_name', type: 'varchar', length: 60 })
  methodName: string;

  @EnumTextColumn(PAYMENT_METHOD_TYPE_VALUES, { name: 'method_type', length: 16 })
  methodType: PaymentMethodType;

  /** what the customer handed over (cash may be more: change) */
  @Column(MONEY_COLUMN)
  tendered: string;

  @Column({ name: 'change_amount', ...MONEY_COLUMN })
  changeAmount: string;

  /** the tender's reference (e.g. the card terminal's slip number) */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reference: string | null;

  /** the request's hash: the same UUID with another body is refused (IDEMPOTENCY_MISMATCH) */
  @Column({ name: 'payload_hash', type: 'varchar', length: 64 })
  payloadHash: string;
}
