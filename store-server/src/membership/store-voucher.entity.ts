import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MONEY_COLUMN, VoucherTerms } from '@chain-erp/shared';

/**
 * The store's replica of the 代金券 allocated to it (pull stream `voucher.voucher`; HQ's row without
 * its number — the number's sha256 instead). HQ's truth: balance and state follow HQ's ledger
 * with each pull. Read only while HQ cannot be reached (docs/promotions.md).
 */
@Entity('voucher')
export class VoucherReplica extends VoucherTerms {
  @PrimaryColumn('uuid')
  id: string;

  @Index('uq_voucher_number_hash', { unique: true })
  @Column({ name: 'number_hash', type: 'varchar', length: 64 })
  numberHash: string;

  @Column({ name: 'row_version', type: 'int' })
  rowVersion: number;
}

/**
 * 本店用券记录: every use of a replicated voucher at this store, online or offline, written in the
 * sale's transaction — so the store refuses a second use offline even before HQ's answer comes back
 * by the next pull (one row per voucher: `uq_voucher_redemption_voucher`).
 */
@Entity('voucher_redemption')
// one use not given back per voucher
@Index('uq_voucher_redemption_voucher', ['voucherId'], { unique: true, where: '"returned_at" IS NULL' })
export class VoucherRedemption {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'voucher_id', type: 'uuid' })
  voucherId: string;

  @Index('IDX_voucher_redemption_sale')
  @Column({ name: 'sale_id', type: 'uuid' })
  saleId: string;

  @Column({ ...MONEY_COLUMN })
  amount: string;

  /** redeemed against the replica (HQ away), carried to HQ by push stream `voucher.redemption` */
  @Column({ type: 'boolean' })
  offline: boolean;

  @Column({ name: 'redeemed_at', type: 'timestamptz' })
  redeemedAt: Date;

  /** given back by a refund (online, or offline at this store): usable here again */
  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt?: Date | null;

  /** the refund that gave it back */
  @Column({ name: 'returned_by', type: 'uuid', nullable: true })
  returnedBy?: string | null;
}

export const STORE_VOUCHER_ENTITIES = [VoucherReplica, VoucherRedemption];
