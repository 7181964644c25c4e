import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ImportState = 'queued' | 'running' | 'validated' | 'committed' | 'rejected' | 'failed';

/** 导入任务: one uploaded base-data file and how far its job got. HQ only (not replicated). */
@Entity('catalog_import')
@Index(['entity', 'createdAt'])
export class CatalogImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  entity: string;

  /** validate | commit | commit-valid */
  @Column({ type: 'varchar', length: 16 })
  mode: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  state: ImportState;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  /** the key of the stored upload in the file store, `imports/<id>.<ext>` (kept for the annotated error workbook); before the storage port a path under DATA_DIR/imports */
  @Column({ name: 'file_path', type: 'varchar', length: 1000 })
  filePath: string;

  @Column({ name: 'file_size', type: 'bigint' })
  fileSize: string;

  /** xlsx | csv */
  @Column({ type: 'varchar', length: 8 })
  format: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  encoding: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  delimiter: string | null;

  /** the row holding the headers (title rows may sit above it) */
  @Column({ name: 'header_row', type: 'int', default: 1 })
  headerRow: number;

  /** the last row of the header (the template's English row under the Chinese one) */
  @Column({ name: 'header_rows', type: 'int', default: 1 })
  headerRows: number;

  @Column({ name: 'rows_read', type: 'int', default: 0 })
  rowsRead: number;

  @Column({ name: 'rows_valid', type: 'int', default: 0 })
  rowsValid: number;

  @Column({ name: 'rows_failed', type: 'int', default: 0 })
  rowsFailed: number;

  @Column({ type: 'int', default: 0 })
  created: number;

  @Column({ type: 'int', default: 0 })
  updated: number;

  @Column({ type: 'int', default: 0 })
  unchanged: number;

  /** headers nobody knows (ignored) */
  @Column({ name: 'ignored_headers', type: 'jsonb', default: () => "'[]'" })
  ignoredHeaders: string[];

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_by_name', type: 'varchar', length: 64, nullable: true })
  createdByName: string | null;

  @Column({ name: 'org_unit_id', type: 'uuid', nullable: true })
  orgUnitId: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** 导入错误: one problem of one sheet row. */
@Entity('catalog_import_error')
@Index(['importId', 'row'])
export class CatalogImportError {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'import_id', type: 'uuid' })
  importId: string;

  @Column({ type: 'int' })
  row: number;

  @Column({ type: 'varchar', length: 64 })
  column: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'text' })
  message: string;
}

/** An import as the API shows it: the server's own path of the stored file stays inside. */
export type CatalogImportView = Omit<CatalogImport, 'filePath'>;

export function importView(row: CatalogImport): CatalogImportView {
  const { filePath: _filePath, ...view } = row;
  return view;
}

export const CATALOG_IMPORT_ENTITIES = [CatalogImport, CatalogImportError];
