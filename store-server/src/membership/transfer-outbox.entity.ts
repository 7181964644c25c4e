import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What this store must tell HQ, written in the same transaction as the change it reports and sent
 * later by the transfer engine (push streams). The id is the event's own UUID: HQ's idempotency key.
 */
@Entity('transfer_outbox')
@Index('idx_transfer_outbox_unsent', ['createdAt'], { where: 'sent_at IS NULL' })
export class TransferOutbox {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  stream: string;

  @Column({ type: 'jsonb' })
  body: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
