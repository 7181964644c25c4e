import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Last number issued per site, document type and day (for numbers like PO-HQ-20261123-0001). */
@Entity('document_sequence')
export class DocumentSequence {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  site: string;

  @PrimaryColumn({ name: 'doc_type', type: 'varchar', length: 16 })
  docType: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  day: string;

  @Column({ name: 'last_value', type: 'int' })
  lastValue: number;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** 审计记录: every change of a master record or document, with field-level before/after. */
@Entity('audit_log')
@Index(['entityType', 'entityId', 'at'])
@Index(['at'])
export class AuditLog {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid', nullable: true })
  orgUnitId: string | null;

  @Column({ name: 'entity_type', type: 'varchar', length: 64 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId: string;

  /** create, update, disable, submit, approve, post, cancel, … */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  changes: FieldChange[];

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;
}

/** 操作日志: every mutating request (who, what, when, result). */
@Entity('operation_log')
@Index(['at'])
export class OperationLog {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Index()
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid', nullable: true })
  orgUnitId: string | null;

  @Column({ type: 'varchar', length: 8 })
  method: string;

  @Column({ type: 'varchar', length: 300 })
  path: string;

  /** the route pattern, e.g. /api/users/:id */
  @Column({ type: 'varchar', length: 200, nullable: true })
  route: string | null;

  @Column({ name: 'status_code', type: 'int' })
  statusCode: number;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;
}

export const DOCUMENT_ENTITIES = [DocumentSequence, AuditLog, OperationLog];
