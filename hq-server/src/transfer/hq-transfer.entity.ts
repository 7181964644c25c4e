import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { EnumTextColumn } from '@chain-erp/shared';

export const TRANSFER_STATUS_VALUES = ['active', 'revoked'] as const;
export type TransferStatus = (typeof TRANSFER_STATUS_VALUES)[number];

/**
 * 门店传输: one row per store. Holds the key derived from the transfer password (never the password),
 * the previous key during a rotation's grace period and the sync health the store's requests leave
 * behind. Failed signatures are counted per source (TransferSourceFailure), never here: whoever
 * fails must not lock the store out.
 */
@Entity('store_transfer')
export class StoreTransfer {
  @PrimaryColumn('uuid', { name: 'store_id' })
  storeId: string;

  @EnumTextColumn(TRANSFER_STATUS_VALUES, { length: 12, default: 'active' })
  status: TransferStatus;

  @Column({ name: 'key_salt', type: 'varchar', length: 64 })
  keySalt: string;

  @Column({ type: 'bytea', select: false })
  key: Buffer;

  @Column({ name: 'previous_key', type: 'bytea', nullable: true, select: false })
  previousKey: Buffer | null;

  @Column({ name: 'previous_key_until', type: 'timestamptz', nullable: true })
  previousKeyUntil: Date | null;

  @Column({ name: 'key_changed_at', type: 'timestamptz' })
  keyChangedAt: Date;

  /** the last cursor the store has durably applied (the `from` of its latest pull) */
  @Column({ name: 'confirmed_cursor', type: 'varchar', length: 48, nullable: true })
  confirmedCursor: string | null;

  @Column({ name: 'last_contact_at', type: 'timestamptz', nullable: true })
  lastContactAt: Date | null;

  @Column({ name: 'last_pull_at', type: 'timestamptz', nullable: true })
  lastPullAt: Date | null;

  @Column({ name: 'last_push_at', type: 'timestamptz', nullable: true })
  lastPushAt: Date | null;

  /** store → HQ records waiting at the store, as it last reported */
  @Column({ name: 'outbox_backlog', type: 'int', default: 0 })
  outboxBacklog: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null;

  /**
   * The latest push HQ refused (code first: `IDEMPOTENCY_MISMATCH: …`, `VALIDATION_FAILED: …`): kept
   * apart from `last_error`, which each pull rewrites, so 门店传输管理 shows it until a push of that
   * stream goes through again.
   */
  @Column({ name: 'push_error', type: 'varchar', length: 500, nullable: true })
  pushError: string | null;

  @Column({ name: 'push_error_stream', type: 'varchar', length: 64, nullable: true })
  pushErrorStream: string | null;

  @Column({ name: 'push_error_at', type: 'timestamptz', nullable: true })
  pushErrorAt: Date | null;

  /** the last time this store reconciled after a restore of its database (transfer API `reconcile`) */
  @Column({ name: 'reconciled_at', type: 'timestamptz', nullable: true })
  reconciledAt: Date | null;

  @Column({ name: 'setup_token_id', type: 'varchar', length: 64, nullable: true })
  setupTokenId: string | null;

  @Column({ name: 'setup_wrapped_key', type: 'varchar', length: 200, nullable: true, select: false })
  setupWrappedKey: string | null;

  @Column({ name: 'setup_expires_at', type: 'timestamptz', nullable: true })
  setupExpiresAt: Date | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * Failed transfer signatures of one source: a client address claiming one store code, or (store
 * code '*') the address across every code it tried. Shared by every HQ instance (PostgreSQL). The
 * policy: source-lockout.ts; the view: 门店传输管理 (`GET /api/stores/transfer/sources`).
 */
@Entity('transfer_source_failure')
export class TransferSourceFailure {
  /** the client address (req.ip, see TRUST_PROXY) */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  source: string;

  /** the store code the requests claimed, or '*' for the address across codes */
  @Index()
  @PrimaryColumn({ name: 'store_code', type: 'varchar', length: 16 })
  storeCode: string;

  /** failures in the current window (since the last lock ended or an hour's quiet) */
  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ name: 'total_failures', type: 'int', default: 0 })
  totalFailures: number;

  /** locks so far (each doubles the next one; a quiet day resets it) */
  @Column({ name: 'lock_count', type: 'int', default: 0 })
  lockCount: number;

  @Column({ name: 'first_failed_at', type: 'timestamptz' })
  firstFailedAt: Date;

  @Column({ name: 'last_failed_at', type: 'timestamptz' })
  lastFailedAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_reason', type: 'varchar', length: 32 })
  lastReason: string;
}

/** 门店基础资料: which base data a store may see. A change bumps `version`, which re-syncs the store. */
@Entity('store_data_scope')
export class StoreDataScope {
  @PrimaryColumn('uuid', { name: 'store_id' })
  storeId: string;

  @Column({ name: 'all_categories', type: 'boolean', default: true })
  allCategories: boolean;

  /** selected categories, each with its whole subtree */
  @Column({ name: 'category_ids', type: 'uuid', array: true, default: () => "'{}'" })
  categoryIds: string[];

  @Column({ name: 'all_suppliers', type: 'boolean', default: true })
  allSuppliers: boolean;

  @Column({ name: 'supplier_ids', type: 'uuid', array: true, default: () => "'{}'" })
  supplierIds: string[];

  @Column({ name: 'all_customers', type: 'boolean', default: true })
  allCustomers: boolean;

  @Column({ name: 'customer_ids', type: 'uuid', array: true, default: () => "'{}'" })
  customerIds: string[];

  /** all of the store's own users */
  @Column({ name: 'all_users', type: 'boolean', default: true })
  allUsers: boolean;

  /** further users who may sign in at the store (its own, or HQ staff such as area managers) */
  @Column({ name: 'user_ids', type: 'uuid', array: true, default: () => "'{}'" })
  userIds: string[];

  @Column({ type: 'int', default: 1 })
  version: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Nonces seen in the replay window; a second use is refused. */
@Entity('transfer_nonce')
export class TransferNonce {
  @PrimaryColumn('uuid', { name: 'store_id' })
  storeId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  nonce: string;

  @Index()
  @CreateDateColumn({ name: 'seen_at', type: 'timestamptz' })
  seenAt: Date;
}

/** `discarded`: a failed record staff decided not to apply (audited, with their reason). */
export const INBOX_STATUS_VALUES = ['received', 'processed', 'failed', 'discarded'] as const;
export type InboxStatus = (typeof INBOX_STATUS_VALUES)[number];

/** Store records received by push: stored once per id (the idempotency key), processed by a job. */
@Entity('transfer_inbox')
// partial indexes of the few rows that are looked for, so a push and its processing write fewer
// index entries: the inbox job's next batch of one store in arrival order, each push in the store's own
// order (only what still waits),
// and each store's failed records (门店传输管理's count and latest)
@Index('idx_transfer_inbox_received', ['storeId', 'receivedAt', 'storeSeq', 'id'], { where: `"status" = 'received'` })
@Index('idx_transfer_inbox_failed', ['storeId', 'receivedAt'], { where: `"status" = 'failed'` })
// a store's outbox positions: the highest tells whether the store's database went back (check)
@Index('idx_transfer_inbox_store_seq', ['storeId', 'storeSeq'], { where: `"store_seq" IS NOT NULL` })
export class TransferInbox {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ type: 'varchar', length: 64 })
  stream: string;

  @Column({ type: 'jsonb' })
  body: Record<string, unknown>;

  @Column({ name: 'body_hash', type: 'varchar', length: 64 })
  bodyHash: string;

  /** the record's position in the store's outbox, as the store sent it (older stores: null) */
  @Column({ name: 'store_seq', type: 'bigint', nullable: true })
  storeSeq: string | null;

  @EnumTextColumn(INBOX_STATUS_VALUES, { length: 12, default: 'received' })
  status: InboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}

export const CONFLICT_STATUS_VALUES = ['failed', 'discarded', 'superseded'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUS_VALUES)[number];

/**
 * A pushed record whose id HQ had already received from the same store with another body (a shift
 * handed over again after a restore, a document changed under a known id). HQ keeps the first and
 * this one here, refused: it counts among the store's failed records in 门店传输管理 until staff
 * discard it (the first stands) or let it supersede the first (only while the first is not applied).
 * The store's stream goes on (the push answers `conflict`).
 */
@Entity('transfer_conflict')
@Index('uq_transfer_conflict_body', ['recordId', 'bodyHash'], { unique: true })
@Index('idx_transfer_conflict_failed', ['storeId', 'receivedAt'], { where: `"status" = 'failed'` })
export class TransferConflict {
  @PrimaryColumn('uuid')
  id: string;

  /** the id HQ had received before (transfer_inbox.id) */
  @Column({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ type: 'varchar', length: 64 })
  stream: string;

  @Column({ type: 'jsonb' })
  body: Record<string, unknown>;

  @Column({ name: 'body_hash', type: 'varchar', length: 64 })
  bodyHash: string;

  @EnumTextColumn(CONFLICT_STATUS_VALUES, { length: 12, default: 'failed' })
  status: ConflictStatus;

  @Column({ type: 'varchar', length: 500 })
  error: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}

/** 门店日志 at HQ: events the stores pushed (the first push stream). */
@Entity('store_event')
@Index(['storeId', 'occurredAt'])
export class StoreEvent {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 8 })
  level: 'info' | 'warn' | 'error';

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: 'varchar', length: 500 })
  message: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

/** One row per opening-wizard request: a retry with the same key answers the first result. */
@Entity('store_opening')
export class StoreOpening {
  @PrimaryColumn('uuid', { name: 'idempotency_key' })
  idempotencyKey: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'opened_by', type: 'uuid', nullable: true })
  openedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const HQ_TRANSFER_ENTITIES = [StoreTransfer, StoreDataScope, TransferNonce, TransferInbox, TransferConflict, StoreEvent, StoreOpening, TransferSourceFailure];
