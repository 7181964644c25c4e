import { LedgerAccount, MONEY_COLUMN } from '@chain-erp/shared';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * 会员余额调整单: a manual change of a chain card's points or stored value at HQ — a document with a
 * number, a reason and the person who made it, posted once (its ledger row, kind `adjustment`, and
 * an audit entry commit with it). Never edited: a wrong adjustment is corrected by another one.
 */
@Entity('member_adjustment')
@Check('chk_member_adjustment_delta', `delta <> 0 AND account IN ('points', 'stored_value')`)
export class MemberAdjustment {
  /** the caller's UUID: a retry with the same id answers the first adjustment */
  @PrimaryColumn('uuid')
  id: string;

  /** MADJ-HQ-20261123-0001 */
  @Index('uq_member_adjustment_no', { unique: true })
  @Column({ name: 'adjustment_no', type: 'varchar', length: 64 })
  adjustmentNo: string;

  @Index()
  @Column({ name: 'card_id', type: 'uuid' })
  cardId: string;

  @Column({ name: 'card_no', type: 'varchar', length: 40 })
  cardNo: string;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  /** the store holding the card (for scoped lists); null for a card not given to a store */
  @Index()
  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId: string | null;

  @Column({ type: 'varchar', length: 16 })
  account: LedgerAccount;

  /** signed: positive adds, negative takes off */
  @Column(MONEY_COLUMN)
  delta: string;

  @Column({ name: 'balance_before', ...MONEY_COLUMN })
  balanceBefore: string;

  @Column({ name: 'balance_after', ...MONEY_COLUMN })
  balanceAfter: string;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'created_by_name', type: 'varchar', length: 64 })
  createdByName: string;

  /** sha-256 of the request: the same id with another request is refused */
  @Column({ name: 'payload_hash', type: 'varchar', length: 64 })
  payloadHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
