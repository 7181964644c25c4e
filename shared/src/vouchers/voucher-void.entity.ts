import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money';

/**
 * 作废单 of vouchers and gift cards (HQ): takes a whole unused batch or one unused number out of use,
 * with a reason. Numbered VV-HQ-…, audited, never edited; in its transaction each number goes to
 * state `void` with a `void` ledger row taking what was left. A number redeemed (or sold at a till)
 * is never voided: its value belongs to a customer.
 */
@Entity('voucher_void')
export class VoucherVoid {
  /** the client's UUID: a retry answers the first document */
  @PrimaryColumn('uuid')
  id: string;

  @Index('uq_voucher_void_no', { unique: true })
  @Column({ name: 'void_no', type: 'varchar', length: 40 })
  voidNo: string;

  @Index()
  @Column({ name: 'batch_id', type: 'uuid' })
  batchId: string;

  /** one number; null = the whole batch */
  @Column({ type: 'varchar', length: 32, nullable: true })
  number: string | null;

  /** how many numbers it voided */
  @Column({ type: 'int' })
  count: number;

  /** the value it took out of use (Σ balances; 0 for unsold gift cards) */
  @Column(MONEY_COLUMN)
  amount: string;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const VOUCHER_VOID_ENTITIES = [VoucherVoid];
