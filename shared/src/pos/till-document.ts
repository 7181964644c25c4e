import { Column, Index, PrimaryColumn } from 'typeorm';

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
