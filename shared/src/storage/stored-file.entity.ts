import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** 存储文件: a file of the PostgreSQL file store (uploaded import files), reachable from every instance. */
@Entity('stored_file')
export class StoredFile {
  /** the caller's name for it, e.g. `imports/<id>.xlsx` */
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  @Column({ type: 'bigint' })
  size: string;

  /** bytes per chunk row (the last one may be shorter) */
  @Column({ name: 'chunk_size', type: 'int' })
  chunkSize: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One piece of a stored file, in order by `n` from 0. */
@Entity('stored_file_chunk')
export class StoredFileChunk {
  @PrimaryColumn({ name: 'file_key', type: 'varchar', length: 300 })
  fileKey: string;

  @PrimaryColumn({ type: 'int' })
  n: number;

  @Column({ type: 'bytea' })
  data: Buffer;

  @ManyToOne(() => StoredFile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'file_key' })
  file?: StoredFile;
}

export const STORAGE_ENTITIES = [StoredFile, StoredFileChunk];
