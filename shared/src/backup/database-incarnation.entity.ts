import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { IncarnationInfo } from '../transfer/transfer.contracts';

export type IncarnationOrigin = 'created' | 'restored' | 'detected';

/**
 * One life of a server database. The migration that made this table wrote the first one
 * (`created`); `npm run restore` writes a new one (`restored`, with the backup's name and time) into
 * the database it puts in place; a store that HQ found behind writes one itself (`detected`). The
 * newest is the current incarnation: HQ names its own in every `check` answer (a store seeing it
 * change knows HQ went back in time); a store whose current incarnation is restored and not yet
 * reconciled refuses to sell or push until it has reconciled with HQ (docs/backup.md).
 */
@Entity('database_incarnation')
@Index('idx_database_incarnation_created', ['createdAt'])
export class DatabaseIncarnation {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 12 })
  origin: IncarnationOrigin;

  @Column({ name: 'backup_name', type: 'varchar', length: 120, nullable: true })
  backupName: string | null;

  @Column({ name: 'backup_created_at', type: 'timestamptz', nullable: true })
  backupCreatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** a store: when it finished reconciling with HQ after this restore (null while pending) */
  @Column({ name: 'reconciled_at', type: 'timestamptz', nullable: true })
  reconciledAt: Date | null;

  /** a store: what the reconciliation did (ReconcileSummary) */
  @Column({ type: 'jsonb', nullable: true })
  summary: Record<string, unknown> | null;
}

export const BACKUP_ENTITIES = [DatabaseIncarnation];

/** The newest incarnation first (created_at, then id: ties cannot reorder it between reads). */
export const CURRENT_INCARNATION_SQL = `SELECT id, origin, backup_name, backup_created_at, created_at, reconciled_at, summary
  FROM database_incarnation ORDER BY created_at DESC, id DESC LIMIT 1`;

export interface IncarnationRow {
  id: string;
  origin: IncarnationOrigin;
  backup_name: string | null;
  backup_created_at: Date | null;
  created_at: Date;
  reconciled_at: Date | null;
  summary: Record<string, unknown> | null;
}

export function incarnationInfo(r: IncarnationRow): IncarnationInfo {
  return { id: r.id, origin: r.origin, backupCreatedAt: r.backup_created_at?.toISOString() ?? null, createdAt: r.created_at.toISOString() };
}

/** For the migration that makes the table: the database's first incarnation. */
export const FIRST_INCARNATION_SQL = `INSERT INTO "database_incarnation" ("id", "origin") SELECT gen_random_uuid(), 'created' WHERE NOT EXISTS (SELECT 1 FROM "database_incarnation")`;
