import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** 门店系统初始化: the store's link to HQ (one row). The key is derived from the transfer password. */
@Entity('transfer_settings')
export class TransferSettings {
  @PrimaryColumn({ type: 'int', default: 1 })
  id: number;

  @Column({ name: 'hq_url', type: 'varchar', length: 300 })
  hqUrl: string;

  @Column({ name: 'store_code', type: 'varchar', length: 16 })
  storeCode: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'warehouse_code', type: 'varchar', length: 32 })
  warehouseCode: string;

  @Column({ name: 'key_salt', type: 'varchar', length: 64 })
  keySalt: string;

  @Column({ type: 'bytea', select: false })
  key: Buffer;

  @Column({ name: 'initialised_at', type: 'timestamptz' })
  initialisedAt: Date;

  /** HQ's database incarnation as this store last saw it (transfer `check`): a new one means HQ was restored */
  @Column({ name: 'hq_incarnation', type: 'uuid', nullable: true })
  hqIncarnation: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Per stream: the pull cursor (one for the feed, stream 'pull'), snapshot progress, health. */
@Entity('transfer_stream_state')
export class TransferStreamState {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  stream: string;

  @Column({ type: 'varchar', length: 48, nullable: true })
  cursor: string | null;

  @Column({ name: 'scope_version', type: 'int', nullable: true })
  scopeVersion: number | null;

  /** snapshot in progress: where it continues */
  @Column({ type: 'jsonb', nullable: true })
  snapshot: Record<string, unknown> | null;

  @Column({ name: 'rows_applied', type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  rowsApplied: number;

  @Column({ name: 'last_contact_at', type: 'timestamptz', nullable: true })
  lastContactAt: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'blocked_record_id', type: 'uuid', nullable: true })
  blockedRecordId: string | null;

  /** HQ refused this store's address after failed signatures, until then (its TRANSFER_LOCKED answer) */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}

/** Store records waiting for HQ. The id is the record's UUID, HQ's idempotency key. */
@Entity('transfer_outbox')
// the next unsent records of a stream in order; a sent record leaves it (it is not kept for sent ones)
@Index('idx_transfer_outbox_unsent', ['stream', 'seq'], { where: `"sent_at" IS NULL` })
export class TransferOutbox {
  @PrimaryColumn('uuid')
  id: string;

  /** keeps a stream's records in the order they were written */
  @Column({ type: 'bigint', generated: 'increment' })
  seq: string;

  @Column({ type: 'varchar', length: 64 })
  stream: string;

  @Column({ type: 'jsonb' })
  body: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  outcome: string | null;
}

/** Keys received during a snapshot, to find rows HQ no longer shows the store (swept at the end). */
@Entity('transfer_snapshot_seen')
export class TransferSnapshotSeen {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  stream: string;

  @PrimaryColumn({ name: 'row_key', type: 'varchar', length: 200 })
  rowKey: string;
}

export const STORE_TRANSFER_ENTITIES = [TransferSettings, TransferStreamState, TransferOutbox, TransferSnapshotSeen];
