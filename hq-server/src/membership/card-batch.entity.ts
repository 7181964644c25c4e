import { CardScope, CheckDigitScheme } from '@chain-erp/shared';
import { Check, Column, CreateDateColumn, Entity, Exclusion, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 制卡: a run of card numbers made at HQ. Two batches with the same prefix can never share a number:
 * the exclusion constraint (btree_gist) refuses overlapping ranges whatever path the row took.
 * member_card.card_no is unique as well, for prefixes that run into each other ('A1'+'23' = 'A'+'123').
 */
@Entity('member_card_batch')
@Exclusion('xcl_member_card_batch_range', 'USING gist ("prefix" WITH =, int8range("start_no", "start_no" + "quantity") WITH &&)')
@Check('chk_member_card_batch_numbers', `start_no >= 0 AND quantity > 0 AND number_width BETWEEN 4 AND 15 AND check_digit IN ('none', 'luhn')`)
export class MemberCardBatch {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ name: 'batch_no', type: 'varchar', length: 32 })
  batchNo: string;

  @Column({ name: 'card_type_id', type: 'uuid' })
  cardTypeId: string;

  @Column({ type: 'varchar', length: 8 })
  scope: CardScope;

  @Column({ type: 'varchar', length: 8, default: '' })
  prefix: string;

  /** first number of the run (bigint: a string in TypeScript) */
  @Column({ name: 'start_no', type: 'bigint' })
  startNo: string;

  @Column({ type: 'int' })
  quantity: number;

  @Column({ name: 'number_width', type: 'int' })
  numberWidth: number;

  @Column({ name: 'check_digit', type: 'varchar', length: 8 })
  checkDigit: CheckDigitScheme;

  @Index()
  @Column({ name: 'owner_store_id', type: 'uuid', nullable: true })
  ownerStoreId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
